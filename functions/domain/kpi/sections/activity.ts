import type { WeeklyCounter } from '../aggregates';
import { ratio } from '../numbers';
import { ACTIVITY_WEEKS, MONTH_DAYS, type DigestKpis, type KpiConfig } from '../types';
import type { KpiWindow } from '../window';
import { onTrackOf } from './matching';

/** This week's activity, and per-pair monthly rates over the last 4 weeks counted in pair-weeks. */
export function activity({ weeks, activePairs, report, gauges, c, sum, g }: KpiWindow, config: KpiConfig): DigestKpis['activity'] {
  const recent = weeks.slice(-ACTIVITY_WEEKS);
  const pairWeeks = activePairs.slice(-ACTIVITY_WEEKS).reduce<number>((s, a) => s + (a ?? 0), 0);
  const perPairPerMonth = (k: WeeklyCounter) => ratio(sum(recent, k) * MONTH_DAYS, pairWeeks * 7);
  const cadence = config.meetingCadenceDays;
  const expected = Number.isFinite(cadence) && cadence > 0 ? MONTH_DAYS / cadence : null;
  const meetingsPerPairPerMonth = perPairPerMonth('meetings');
  return {
    meetingsThisWeek: c(report, 'meetings'),
    checkinAnswersThisWeek: c(report, 'checkin_answers'),
    repliesThisWeek: c(report, 'replies'),
    meetingsPerPairPerMonth,
    checkinAnswersPerPairPerMonth: perPairPerMonth('checkin_answers'),
    repliesPerPairPerMonth: perPairPerMonth('replies'),
    expectedMeetingsPerPairPerMonth: expected,
    meetingsVsExpected: meetingsPerPairPerMonth === null || expected === null ? null : meetingsPerPairPerMonth / expected,
    quietPairs: Math.min(g('pairs_quiet'), g('pairs_active')),
    shareOnTrack: onTrackOf(gauges),
  };
}
