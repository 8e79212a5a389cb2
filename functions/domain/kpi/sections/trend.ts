import { weekStart } from '../iso-week';
import { count } from '../numbers';
import type { TrendPoint } from '../types';
import type { KpiWindow } from '../window';
import { atRiskNow } from './at-risk';
import { matchOf, onTrackOf } from './matching';
import { ratingsOf } from './satisfaction';

/** Each headline and trend number for every week of the window (null before the program started, or when it cannot be known). */
export type WeeklySeries = ReturnType<typeof weeklySeries>;

export function weeklySeries(win: KpiWindow) {
  const { weeks, snapshots, started, last, c, sum, perWeek } = win;
  const { ratingsIn, average } = ratingsOf(sum);
  return {
    signups: perWeek((w) => c(w, 'signups_mentor') + c(w, 'signups_mentee')),
    newPairs: perWeek('pairs_created'),
    activePairs: win.activePairs,
    meetings: perWeek('meetings'),
    checkinAnswers: perWeek('checkin_answers'),
    replies: perWeek('replies'),
    ratings: weeks.map((w, i) => (started[i] ? ratingsIn([w]) : null)),
    avgRatings: weeks.map((w, i) => (started[i] ? average([w]) : null)),
    matchRates: snapshots.map((s) => (s ? matchOf(s).rate : null)),
    onTrack: snapshots.map((s) => (s ? onTrackOf(s) : null)),
    atRiskCounts: snapshots.map((s, i) => (i === last ? atRiskNow(win) : s ? count(s.pairs_at_risk) : null)),
    unsubscribes: perWeek('unsubscribes'),
  };
}

/** The last 8 weeks, oldest first, for the trend chart. */
export function trend({ weeks }: KpiWindow, s: WeeklySeries): TrendPoint[] {
  return weeks.map((w, i) => ({
    week: w.week,
    weekStartsAt: new Date(weekStart(w.week)).toISOString(),
    signups: s.signups[i] ?? null,
    newPairs: s.newPairs[i] ?? null,
    meetings: s.meetings[i] ?? null,
    checkinAnswers: s.checkinAnswers[i] ?? null,
    replies: s.replies[i] ?? null,
    ratings: s.ratings[i] ?? null,
    avgRating: s.avgRatings[i] ?? null,
    activePairs: s.activePairs[i] ?? null,
    matchRate: s.matchRates[i] ?? null,
    shareOnTrack: s.onTrack[i] ?? null,
  }));
}
