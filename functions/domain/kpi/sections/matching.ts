import type { Gauge, Gauges } from '../aggregates';
import { count, histogram, medianOfHistogram, share } from '../numbers';
import type { DigestKpis } from '../types';
import type { KpiWindow } from '../window';
import { CONFIRMED_STATUSES } from './participants';

/** The match rate from a set of gauges (now, or a past week's snapshot for the trend). */
export function matchOf(gs: Gauges) {
  const at = (name: Gauge) => count(gs[name]);
  const matched = at('participants_matched_mentee') + at('participants_alumni_mentee');
  const confirmed = CONFIRMED_STATUSES.reduce((s, st) => s + at(`participants_${st}_mentee`), 0);
  return { matched, confirmed, rate: share(matched, confirmed) };
}

/** Share of active pairs not nudged since their last activity, from a set of gauges. */
export const onTrackOf = (gs: Gauges) => share(count(gs.pairs_active) - count(gs.pairs_quiet), count(gs.pairs_active));

export function matching({ gauges, report, weeks, c, g }: KpiWindow): DigestKpis['matching'] {
  const match = matchOf(gauges);
  return {
    matchRate: match.rate,
    matchedMentees: match.matched,
    confirmedMentees: match.confirmed,
    menteesMatchedThisWeek: histogram([report]).reduce((s, n) => s + n, 0),
    medianDaysToMatchThisWeek: medianOfHistogram(histogram([report])),
    medianDaysToMatch8Weeks: medianOfHistogram(histogram(weeks)),
    newPairsThisWeek: c(report, 'pairs_created'),
    activePairs: g('pairs_active'),
  };
}
