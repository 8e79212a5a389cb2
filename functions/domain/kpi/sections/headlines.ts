import { changeOf } from '../numbers';
import type { DigestKpis } from '../types';
import type { KpiWindow } from '../window';
import type { WeeklySeries } from './trend';

/** The numbers at the top of the digest: the report week against the week before. */
export function headlines({ last }: KpiWindow, s: WeeklySeries): DigestKpis['headlines'] {
  const change = (series: readonly (number | null)[]) => changeOf(series[last] ?? null, series[last - 1] ?? null);
  return {
    newSignups: change(s.signups),
    newPairs: change(s.newPairs),
    activePairs: change(s.activePairs),
    meetings: change(s.meetings),
    checkinAnswers: change(s.checkinAnswers),
    avgRating: change(s.avgRatings),
    matchRate: change(s.matchRates),
    shareOnTrack: change(s.onTrack),
    atRiskPairs: change(s.atRiskCounts),
    unsubscribes: change(s.unsubscribes),
  };
}
