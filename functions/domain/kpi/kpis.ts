/**
 * The weekly digest's KPIs: one pure function per section of the digest
 * (sections/), over the 8-week window read once from the stored aggregates
 * (window.ts). What each number means is written on its field in types.ts.
 */
import { activity } from './sections/activity';
import { atRisk } from './sections/at-risk';
import { deliverability } from './sections/deliverability';
import { firstMeetings } from './sections/first-meetings';
import { fitCheck } from './sections/fit-check';
import { goalProgress } from './sections/goal-progress';
import { headlines } from './sections/headlines';
import { incentives } from './sections/incentives';
import { matching } from './sections/matching';
import { participants } from './sections/participants';
import { retention } from './sections/retention';
import { satisfaction } from './sections/satisfaction';
import { trend, weeklySeries } from './sections/trend';
import type { DigestKpis, KpiConfig, KpiInputs } from './types';
import { kpiWindow } from './window';

// Consumers import the KPI types and number helpers from here, next to computeKpis.
export * from './types';
export { changeOf, medianOfHistogram, ratio, share } from './numbers';

/** Computes every KPI for the last complete week before `nowMs` (see `lastCompleteWeek`). Weeks are matched by id, so missing or extra weeks in the inputs are harmless. */
export function computeKpis(inputs: KpiInputs, config: KpiConfig, nowMs: number): DigestKpis {
  const win = kpiWindow(inputs, nowMs);
  const series = weeklySeries(win);
  const weeks = trend(win, series);
  return {
    reportWeek: win.reportWeek,
    weekStartsAt: new Date(win.from).toISOString(),
    weekEndsAt: new Date(win.to).toISOString(),
    generatedAt: new Date(nowMs).toISOString(),
    participants: participants(win),
    matching: matching(win),
    firstMeetings: firstMeetings(win),
    activity: activity(win, config),
    retention: retention(win),
    satisfaction: satisfaction(win),
    atRisk: atRisk(win),
    incentives: incentives(win),
    deliverability: deliverability(win),
    fitCheck: fitCheck(win),
    headlines: headlines(win, series),
    trend: weeks,
    goals: goalProgress(win, config, weeks),
  };
}
