import type { Pair } from '../../domain/pair';
import type { Participant } from '../../domain/participant';
import type { JobDeps } from '../support/deps';
import { InvalidToken, NotFound } from '../support/errors';
import { endPair } from './end-pair';
import { readToken } from '../support/links';

export interface RematchTarget {
  pair: Pair;
  mentor?: Participant;
  mentee?: Participant;
}

/** The escalation email's admin link: which pair it is about. */
export async function rematchTarget(deps: JobDeps, token: string): Promise<RematchTarget> {
  const claims = await readToken(deps, token, 'admin');
  if (claims.x !== 'rematch') throw new InvalidToken('wrong_purpose');
  const pair = await deps.pairs.get(claims.s);
  if (!pair) throw new NotFound('pair not found');
  const [mentor, mentee] = await Promise.all([deps.participants.get(pair.mentorId), deps.participants.get(pair.menteeId)]);
  return { pair, mentor, mentee };
}

/** "End and re-match": the pair ends, both go back to the pool (never to be paired together again). */
export async function rematchPair(deps: JobDeps, token: string): Promise<RematchTarget & { outcome: 'ended' | 'conflict' }> {
  const target = await rematchTarget(deps, token);
  // An admin ends a stalled pair: for retention, both count as dropped out.
  const outcome = await endPair(deps, target.pair, 'rematched', ['mentor', 'mentee']);
  return { ...target, outcome };
}
