import { computeKpis, type DigestKpis } from '../../domain/kpi/kpis';
import { wording } from '../../email-rendering/wording';
import type { AppDeps } from '../support/deps';
import { deliverToAdmins, type DeliveryOutcome } from '../support/deliver-email';
import { digestVars } from '../support/digest-email';
import { consoleLink } from '../support/links';
import { loadDigestInputs } from '../support/load-digest-inputs';

export interface DigestRun {
  kpis: DigestKpis;
  outcome: DeliveryOutcome;
}

/**
 * The weekly KPI digest (DESIGN §1.5): reads the aggregates (a bounded number
 * of items), computes the KPIs and goal progress, keeps this week's gauge
 * snapshot for future trends, and emails the admins once per report week.
 */
export async function sendDigest(deps: AppDeps, at: Date): Promise<DigestRun> {
  const inputs = await loadDigestInputs(deps, at.getTime());
  const kpis = computeKpis(inputs, deps.config, at.getTime());
  await deps.stats.saveSnapshot(deps.config.id, kpis.reportWeek, inputs.gauges);
  const vars = digestVars(kpis, deps.config, { exportUrl: consoleLink(deps, '/admin/export.csv'), dashboardUrl: consoleLink(deps, '/admin/dashboard') });
  const outcome = await deliverToAdmins(deps, {
    key: `digest#${kpis.reportWeek}`,
    template: 'digest',
    vars: { ...vars, preheader: wording.digest.preheader(vars.weekLabel, vars.headline) },
  });
  deps.log?.('digest', { week: kpis.reportWeek, outcome });
  return { kpis, outcome };
}
