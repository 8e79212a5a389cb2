import { meetingClaim, type Activity } from '../../domain/activity';
import { nudgeAt } from '../../domain/nudge-ladder';
import { scheduleName, type Pair } from '../../domain/pair';
import type { JobDeps } from '../support/deps';
import { scheduleFitCheck } from '../support/follow-up/fit-check-schedule';

export type RecordOutcome = 'recorded' | 'duplicate';

/**
 * Records what a pair member did (check-in, rating, feedback, reply). Once per
 * key, however often a link is clicked or a reply delivered. Any activity
 * restarts the nudge ladder: the pending nudge is cancelled and the first
 * nudge is scheduled one cadence from now. A reported meeting counts at most
 * once per pair and check-in period, whoever reports it. Reaching the meeting
 * threshold makes both members incentive-eligible.
 */
export async function recordActivity(deps: JobDeps, pair: Pair, activity: Omit<Activity, 'at' | 'pairId'>): Promise<RecordOutcome> {
  const at = deps.clock.now().toISOString();
  const full: Activity = { ...activity, pairId: pair.id, at };
  const meeting = meetingClaim(full, pair.createdAt, at, deps.config.meetingCadenceDays);
  const { outcome, meetingCounted } = await deps.pairs.recordActivity(full, meeting, pair);
  if (outcome === 'duplicate' || pair.status === 'ended') return outcome;

  if (pair.nudgeSchedule) await deps.scheduler.cancel(pair.nudgeSchedule);
  const nudge = scheduleName(pair.id, 'nudge-1', at);
  await deps.scheduler.scheduleOnce({
    name: nudge,
    at: nudgeAt(at, 1, deps.config.meetingCadenceDays),
    payload: { pairId: pair.id, step: 'nudge-1', basis: at },
  });
  await deps.pairs.setLadder(pair, { nudgeSchedule: nudge });

  const threshold = deps.config.incentiveMeetings;
  if (meetingCounted && (pair.meetingsLogged ?? 0) + 1 === threshold) {
    await Promise.all([deps.participants.markIncentiveEligible(pair.mentorId, at), deps.participants.markIncentiveEligible(pair.menteeId, at)]);
  }
  // The first meeting reported ("met" by link or reply, feedback saying met): the fit check a day later, unless one was asked.
  if (meetingCounted && (pair.meetingsLogged ?? 0) === 0 && !pair.fitCheck) await scheduleFitCheck(deps, pair.id, 1, at);
  deps.log?.('activity', { kind: activity.kind, source: activity.source });
  return outcome;
}
