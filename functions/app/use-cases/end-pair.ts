import type { Pair, PairEndReason } from '../../domain/pair';
import { afterPairEnds } from '../../domain/membership';
import type { Participant } from '../../domain/participant';
import type { Role } from '../../domain/signup-schema';
import type { MemberChange } from '../../ports';
import type { JobDeps } from '../support/deps';
import { cancelFirstMeeting } from './first-meeting/cancel';

const END_PAIR_ATTEMPTS = 8;

/**
 * Ends a pair and frees its members. After a completed mentorship a member with
 * no other pair becomes `alumni` (the closing email offers a new round); after
 * an admin's re-match both go straight back to the pool, and the pair is blocked
 * so the matcher never puts them together again; so after a "not a good fit" (`not_fit`). `dropped`: the roles that left
 * early, for the retention KPI.
 */
export async function endPair(deps: JobDeps, pair: Pair, reason: PairEndReason, dropped: Role[]): Promise<'ended' | 'conflict'> {
  const at = deps.clock.now().toISOString();
  const next = (p: Participant | undefined): MemberChange[] =>
    p
      ? [{ id: p.id, role: p.role, from: p.status, ...afterPairEnds(p, reason === 'completed' ? 'completed' : 'rematched'), fromActivePairs: p.activePairs }]
      : [];
  // The members' new state is computed from what was read; if either changed before the write (another of
  // the mentor's pairs ending at the same moment, a new pair), nothing is written: read again and retry.
  // Before the end is written: an ended pair's first meeting can no longer be changed.
  if (pair.status !== 'ended') await cancelFirstMeeting(deps, pair);
  let outcome: 'ended' | 'conflict' | 'stale' = 'stale';
  for (let attempt = 1; outcome === 'stale'; attempt++) {
    if (attempt > END_PAIR_ATTEMPTS) throw new Error(`pair ${pair.id}: its members kept changing while it was being ended`);
    const [mentor, mentee] = await Promise.all([deps.participants.get(pair.mentorId), deps.participants.get(pair.menteeId)]);
    outcome = await deps.pairs.endPair(pair, reason, at, [...next(mentor), ...next(mentee)], dropped);
  }
  // Any early end (a re-match, a mentor's decline, not a fit) means: never these two again.
  if (outcome === 'ended' && reason !== 'completed') await deps.pairs.block(pair.programId, { mentorId: pair.mentorId, menteeId: pair.menteeId }, at);
  if (outcome === 'ended' && pair.nudgeSchedule) await deps.scheduler.cancel(pair.nudgeSchedule);
  deps.log?.('pair_ended', { reason });
  return outcome;
}
