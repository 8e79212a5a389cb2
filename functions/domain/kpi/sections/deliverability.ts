import type { DigestKpis } from '../types';
import type { KpiWindow } from '../window';

export function deliverability({ inputs, report, c, g }: KpiWindow): DigestKpis['deliverability'] {
  return {
    bouncesThisWeek: c(report, 'bounces'),
    complaintsThisWeek: c(report, 'complaints'),
    suppressedAddresses: g('suppressed'),
    emailsUnknown: inputs.emailsUnknown ?? 0,
  };
}
