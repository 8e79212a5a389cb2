/**
 * The console's dashboard: the weekly digest's KPIs, computed exactly as the
 * digest does (the same inputs, the same computeKpis), as of now. Reading it
 * stores nothing (the digest job keeps the weekly snapshots).
 */
import { computeKpis, type AtRiskPairKpi, type DigestKpis } from '../../../domain/kpi/kpis';
import type { AdminDeps } from '../../support/deps';
import { loadDigestInputs } from '../../support/load-digest-inputs';

/** An at-risk pair as the console shows it: linked to its page, never to an emailed bearer link. */
export type ConsoleAtRiskPair = Omit<AtRiskPairKpi, 'rematchUrl'> & { pairUrl: string };
export type ConsoleKpis = Omit<DigestKpis, 'atRisk'> & { atRisk: { count: number; pairs: ConsoleAtRiskPair[] } };

export async function dashboardKpis(deps: AdminDeps): Promise<ConsoleKpis> {
  const nowMs = deps.clock.now().getTime();
  const kpis = computeKpis(await loadDigestInputs(deps, nowMs), deps.config, nowMs);
  return {
    ...kpis,
    atRisk: {
      count: kpis.atRisk.count,
      pairs: kpis.atRisk.pairs.map(({ rematchUrl: _bearer, ...pair }) => ({ ...pair, pairUrl: `/admin/pairs/${encodeURIComponent(pair.pairId)}` })),
    },
  };
}
