import type { Pair } from '../domain/pair';
import type { Participant, ParticipantStatus } from '../domain/participant';
import type { Role } from '../domain/signup-schema';
import type { JobDeps } from './deps';

/**
 * Ends a pair and frees its members. After a completed mentorship a member with
 * no other pair becomes `alumni` (the closing email offers a new round); after
 * an admin's re-match both go straight back to the pool, and the pair is blocked
 * so the matcher never puts them together again. `dropped`: the roles that left
 * early, for the retention KPI.
 */
export async function endPair(deps: JobDeps, pair: Pair, reason: 'completed' | 'rematched', dropped: Role[]): Promise<'ended' | 'conflict'> {
  const at = deps.clock.now().toISOString();
  const [mentor, mentee] = await Promise.all([deps.participants.get(pair.mentorId), deps.participants.get(pair.menteeId)]);
  const next = (p: Participant | undefined) => {
    if (!p) return [];
    const activePairs = Math.max(0, (p.activePairs ?? 1) - 1);
    const capacity = p.role === 'mentor' ? (p.capacity ?? 1) : 1;
    let status: ParticipantStatus = p.status;
    if (p.status === 'waiting' || p.status === 'matched') {
      if (activePairs > 0) status = activePairs >= capacity ? 'matched' : 'waiting';
      else status = reason === 'completed' ? 'alumni' : 'waiting';
    }
    return [{ id: p.id, role: p.role, from: p.status, status, activePairs }];
  };
  const outcome = await deps.pairs.endPair(pair, reason, at, [...next(mentor), ...next(mentee)], dropped);
  if (outcome === 'ended' && reason === 'rematched') await deps.pairs.block(pair.programId, { mentorId: pair.mentorId, menteeId: pair.menteeId }, at);
  if (outcome === 'ended' && pair.nudgeSchedule) await deps.scheduler.cancel(pair.nudgeSchedule);
  deps.log?.('pair_ended', { reason });
  return outcome;
}
