import type { Cohort, Gauge, Gauges, IsoWeek, WeekStats, WeeklyCounter } from './aggregates';
import { isIsoWeek, lastCompleteWeek, previousWeeks, weekEnd, weekStart } from './iso-week';
import { count } from './numbers';
import { WINDOW_WEEKS, type GaugeSnapshot, type KpiInputs } from './types';

/**
 * The digest's 8-week window, read once from the inputs and shared by every KPI section:
 * the weeks in order (missing ones empty), the gauges at the end of each, and which weeks
 * belong to the program. Weeks are matched by id, so missing or extra weeks in the inputs are harmless.
 */
export interface KpiWindow {
  inputs: KpiInputs;
  nowMs: number;
  reportWeek: IsoWeek;
  /** Start (inclusive) and end (exclusive) of the report week, epoch ms. */
  from: number;
  to: number;
  /** Index of the report week in the per-week arrays. */
  last: number;
  weeks: WeekStats[];
  report: WeekStats;
  /** Gauges at the end of each week: the stored snapshot, and for the report week now. */
  snapshots: (Gauges | undefined)[];
  started: boolean[];
  gauges: Gauges;
  /** Active pairs at the end of each week (null before the program started). */
  activePairs: (number | null)[];
  /** A week's counter as a usable count. */
  c(w: WeekStats, k: WeeklyCounter): number;
  sum(ws: readonly WeekStats[], k: WeeklyCounter): number;
  /** A value per week of the window, null for weeks before the program started. */
  perWeek(k: WeeklyCounter | ((w: WeekStats) => number)): (number | null)[];
  /** A gauge now, as a usable count. */
  g(name: Gauge): number;
}

export function kpiWindow(inputs: KpiInputs, nowMs: number): KpiWindow {
  const reportWeek = lastCompleteWeek(nowMs);
  const weekIds = previousWeeks(reportWeek, WINDOW_WEEKS);
  const last = WINDOW_WEEKS - 1;
  const byWeek = new Map(inputs.weeks.map((w) => [w.week, w]));
  const weeks = weekIds.map((id) => byWeek.get(id) ?? { week: id, counts: {} });
  const snapshotByWeek = new Map((inputs.snapshots ?? []).map((s) => [s.week, s.gauges]));
  const snapshots = weekIds.map((id, i) => (i === last ? inputs.gauges : snapshotByWeek.get(id)));
  const started = programStarted(weekIds, weeks, inputs.cohorts, inputs.snapshots ?? []);
  const gauges = inputs.gauges;
  const c = (w: WeekStats, k: WeeklyCounter) => count(w.counts[k]);
  const g = (name: Gauge) => count(gauges[name]);
  return {
    inputs,
    nowMs,
    reportWeek,
    from: weekStart(reportWeek),
    to: weekEnd(reportWeek),
    last,
    weeks,
    report: weeks[last] as WeekStats,
    snapshots,
    started,
    gauges,
    activePairs: activePairsPerWeek(weeks, snapshots, started, g('pairs_active'), c),
    c,
    sum: (ws, k) => ws.reduce((s, w) => s + c(w, k), 0),
    perWeek: (k) => weeks.map((w, i) => (started[i] ? (typeof k === 'function' ? k(w) : c(w, k)) : null)),
    g,
  };
}

/** Active pairs per week: anchored on now (or a week's snapshot) and worked back with pairs formed and ended. */
function activePairsPerWeek(
  weeks: readonly WeekStats[],
  snapshots: readonly (Gauges | undefined)[],
  started: readonly boolean[],
  now: number,
  c: (w: WeekStats, k: WeeklyCounter) => number,
): (number | null)[] {
  const last = WINDOW_WEEKS - 1;
  const activePairs: (number | null)[] = new Array<number | null>(WINDOW_WEEKS).fill(null);
  let anchor = now;
  for (let i = last; i >= 0; i--) {
    const snap = snapshots[i];
    if (snap && i !== last) anchor = count(snap.pairs_active);
    activePairs[i] = started[i] ? anchor : null;
    const w = weeks[i] as WeekStats;
    anchor = Math.max(0, anchor - c(w, 'pairs_created') + c(w, 'pairs_ended'));
  }
  return activePairs;
}

/**
 * Which weeks of the window belong to the program: from the first week with any
 * recorded event, snapshot or pairing cohort on. Earlier weeks have no values
 * (rather than zeros), so a first week shows no change instead of "up from 0".
 */
function programStarted(weekIds: readonly IsoWeek[], weeks: readonly WeekStats[], cohorts: readonly Cohort[], snapshots: readonly GaugeSnapshot[]): boolean[] {
  const hasEvents = (w: WeekStats) => Object.values(w.counts).some((v) => count(v) > 0);
  const marks = [
    ...weeks.filter(hasEvents).map((w) => w.week),
    ...cohorts.filter((c) => count(c.counts.pairs) > 0).map((c) => c.week),
    ...snapshots.filter((s) => Object.values(s.gauges).some((v) => count(v) > 0)).map((s) => s.week),
  ].filter(isIsoWeek);
  const first = marks.reduce<IsoWeek | null>((min, w) => (min === null || w < min ? w : min), null);
  const lastIndex = weekIds.length - 1;
  return weekIds.map((id, i) => i === lastIndex || (first !== null && id >= first));
}
