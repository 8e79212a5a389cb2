import type { DigestKpis } from '../types';
import type { KpiWindow } from '../window';

/** The fit check's answers (issue 12): counted when given, one per member, round and answer (stats-delta `fit_*`). */
export function fitCheck({ weeks, report, c, sum }: KpiWindow): DigestKpis['fitCheck'] {
  return {
    thisWeek: { good: c(report, 'fit_good'), deciding: c(report, 'fit_deciding'), not: c(report, 'fit_not') },
    eightWeeks: { good: sum(weeks, 'fit_good'), deciding: sum(weeks, 'fit_deciding'), not: sum(weeks, 'fit_not') },
  };
}
