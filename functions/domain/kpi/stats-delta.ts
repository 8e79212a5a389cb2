/**
 * How each event changes the program's aggregates. Pure: adapters add the
 * resulting counters to the same DynamoDB transaction as the event itself, so
 * the numbers can never drift from the data.
 */
import type { ActivityKind, ActivitySource } from '../activity';
import type { Participant, ParticipantStatus } from '../participant';
import type { Role } from '../signup-schema';
import { isoWeekOf } from './iso-week';
import { MATCH_DAY_BUCKETS, type Gauge, type IsoWeek, type WeeklyCounter } from './aggregates';

export interface StatsDelta {
  week?: { week: IsoWeek; counts: Partial<Record<WeeklyCounter, number>> };
  gauges?: Partial<Record<Gauge, number>>;
  cohort?: { week: IsoWeek; counts: Partial<Record<string, number>> };
}

const DAY_MS = 86_400_000;
const week = (iso: string) => isoWeekOf(Date.parse(iso));
const statusGauge = (status: ParticipantStatus, role: Role) => `participants_${status}_${role}` as Gauge;

export function merge(...deltas: (StatsDelta | undefined)[]): StatsDelta {
  const out: StatsDelta = {};
  for (const d of deltas) {
    if (!d) continue;
    if (d.week) {
      out.week ??= { week: d.week.week, counts: {} };
      for (const [k, v] of Object.entries(d.week.counts)) out.week.counts[k as WeeklyCounter] = (out.week.counts[k as WeeklyCounter] ?? 0) + (v ?? 0);
    }
    if (d.gauges) {
      out.gauges ??= {};
      for (const [k, v] of Object.entries(d.gauges)) out.gauges[k as Gauge] = (out.gauges[k as Gauge] ?? 0) + (v ?? 0);
    }
    if (d.cohort) {
      out.cohort ??= { week: d.cohort.week, counts: {} };
      for (const [k, v] of Object.entries(d.cohort.counts)) out.cohort.counts[k] = (out.cohort.counts[k] ?? 0) + (v ?? 0);
    }
  }
  return out;
}

export function signedUp(p: Pick<Participant, 'role' | 'createdAt'>): StatsDelta {
  return { week: { week: week(p.createdAt), counts: { [`signups_${p.role}`]: 1 } }, gauges: { [statusGauge('pending', p.role)]: 1 } };
}

/** A status change: the gauges move, and confirmations, unsubscribes and deletions are counted in the week they happen. */
export function statusChanged(role: Role, from: ParticipantStatus, to: ParticipantStatus, at: string): StatsDelta {
  if (from === to) return {};
  const counts: Partial<Record<WeeklyCounter, number>> = {};
  if (from === 'pending' && (to === 'waiting' || to === 'awaiting_approval')) counts[`confirmed_${role}`] = 1;
  if (to === 'unsubscribed') counts.unsubscribes = 1;
  if (to === 'deleted') counts.deletions = 1;
  return { week: { week: week(at), counts }, gauges: { [statusGauge(from, role)]: -1, [statusGauge(to, role)]: 1 } };
}

/** A new pair: counted in its week and in its cohort; the mentee's wait goes into the days-to-match histogram. */
export function pairCreated(createdAt: string, menteeWaitingSince: string | undefined): StatsDelta {
  const counts: Partial<Record<WeeklyCounter, number>> = { pairs_created: 1 };
  if (menteeWaitingSince) {
    const days = Math.max(0, Math.floor((Date.parse(createdAt) - Date.parse(menteeWaitingSince)) / DAY_MS));
    counts[`match_days_${Math.min(days, MATCH_DAY_BUCKETS - 1)}`] = 1;
  }
  return { week: { week: week(createdAt), counts }, gauges: { pairs_active: 1 }, cohort: { week: week(createdAt), counts: { pairs: 1 } } };
}

/**
 * A pair ends. A completed mentorship retains both members; a re-match (admin,
 * or a member leaving) counts as an early drop-out for the members who left,
 * in every 30/60/90-day window the pair had not yet reached.
 */
export function pairEnded(pair: { createdAt: string; status: 'active' | 'at_risk' | 'ended'; nudgeLevel?: number }, at: string, dropped: Role[]): StatsDelta {
  const gauges: Partial<Record<Gauge, number>> = { pairs_active: -1 };
  if (pair.status === 'at_risk') gauges.pairs_at_risk = -1;
  if ((pair.nudgeLevel ?? 0) > 0) gauges.pairs_quiet = -1;
  const age = (Date.parse(at) - Date.parse(pair.createdAt)) / DAY_MS;
  const cohort: Record<string, number> = {};
  for (const role of dropped) for (const window of [30, 60, 90]) if (age < window) cohort[`dropped_${role}_${window}`] = 1;
  return { week: { week: week(at), counts: { pairs_ended: 1 } }, gauges, cohort: { week: week(pair.createdAt), counts: cohort } };
}

/** An activity: what it was, and, if the pair had been nudged or flagged, that it is back on track. */
export function activityRecorded(
  activity: { kind: ActivityKind; source: ActivitySource; at: string; rating?: number },
  meetingsAdded: number,
  pair: { status: string; nudgeLevel?: number },
): StatsDelta {
  const counts: Partial<Record<WeeklyCounter, number>> = {};
  if (meetingsAdded > 0) counts.meetings = meetingsAdded;
  if (activity.source === 'link' && (activity.kind === 'met' || activity.kind === 'not_yet')) counts.checkin_answers = 1;
  if (activity.source === 'reply') counts.replies = 1;
  if (activity.kind === 'feedback') counts.feedback = 1;
  if (activity.rating && activity.rating >= 1 && activity.rating <= 5) counts[`ratings_${activity.rating}` as WeeklyCounter] = 1;
  const gauges: Partial<Record<Gauge, number>> = {};
  if (pair.status !== 'ended' && (pair.nudgeLevel ?? 0) > 0) gauges.pairs_quiet = -1;
  if (pair.status === 'at_risk') gauges.pairs_at_risk = -1;
  return { week: { week: week(activity.at), counts }, gauges };
}

export const counted = (counter: WeeklyCounter, at: string, by = 1): StatsDelta => ({ week: { week: week(at), counts: { [counter]: by } } });
export const gauge = (name: Gauge, by: number): StatsDelta => ({ gauges: { [name]: by } });
