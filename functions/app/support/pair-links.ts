import type { Pair } from '../../domain/pair';
import type { Participant } from '../../domain/participant';
import type { TokenPurpose } from '../../domain/tokens';
import type { JobDeps } from './deps';
import { InvalidToken, NotFound } from './errors';
import { readToken } from './links';

export interface PairContext {
  pair: Pair;
  me: Participant;
  partner: Participant;
  /** Extra claim after the participant id (e.g. the check-in's meeting number). */
  detail?: string;
}

/** Reads a pair member's link (`s` = pair, `x` = "<participantId>[.<detail>]") and loads both members. */
export async function pairLinkContext(deps: JobDeps, token: string, purpose: Extract<TokenPurpose, 'checkin' | 'feedback'>): Promise<PairContext> {
  const claims = await readToken(deps, token, purpose);
  const [participantId, detail] = (claims.x ?? '').split('.');
  if (!participantId) throw new InvalidToken('malformed');
  const pair = await deps.pairs.get(claims.s);
  if (!pair || (pair.mentorId !== participantId && pair.menteeId !== participantId)) throw new NotFound('pair not found');
  const [me, partner] = await Promise.all([
    deps.participants.get(participantId),
    deps.participants.get(pair.mentorId === participantId ? pair.menteeId : pair.mentorId),
  ]);
  if (!me || !partner) throw new NotFound('pair member not found');
  return { pair, me, partner, detail };
}
