import type { Pair } from '../../domain/pair';
import type { Participant } from '../../domain/participant';
import type { JobDeps } from '../support/deps';
import { NotFound } from '../support/errors';
import { endPair } from './end-pair';

export interface RematchTarget {
  pair: Pair;
  mentor?: Participant;
  mentee?: Participant;
}

/** A pair and its two members, as an admin sees them before ending it. */
export async function rematchTarget(deps: JobDeps, pairId: string): Promise<RematchTarget> {
  const pair = await deps.pairs.get(pairId);
  if (!pair || pair.programId !== deps.config.id) throw new NotFound('pair not found');
  const [mentor, mentee] = await Promise.all([deps.participants.get(pair.mentorId), deps.participants.get(pair.menteeId)]);
  return { pair, mentor, mentee };
}

/** "End and re-match" (from the admin console): the pair ends, both go back to the pool (never to be paired together again). */
export async function rematchPair(deps: JobDeps, pairId: string): Promise<RematchTarget & { outcome: 'ended' | 'conflict' }> {
  const target = await rematchTarget(deps, pairId);
  // An admin ends a stalled pair: for retention, both count as dropped out.
  const outcome = await endPair(deps, target.pair, 'rematched', ['mentor', 'mentee']);
  return { ...target, outcome };
}
