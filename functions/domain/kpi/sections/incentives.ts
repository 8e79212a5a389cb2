import type { DigestKpis } from '../types';
import type { KpiWindow } from '../window';

export function incentives({ inputs, report, from, to, c }: KpiWindow): DigestKpis['incentives'] {
  return {
    count: c(report, 'incentives'),
    earners: inputs.incentives
      .filter((e) => {
        const at = Date.parse(e.at);
        return at >= from && at < to;
      })
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at)),
  };
}
