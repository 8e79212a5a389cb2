/**
 * Progress against the program's SMART goals: each goal's metric, read from
 * the KPIs, compared with its target now and — through a straight line fitted
 * to the weekly values — at its deadline.
 */
import type { SmartGoal } from '../program';
import { DAY_MS, weekEnd, type IsoWeek } from './iso-week';

/** The metrics a goal can name, with the range their values live in (projections are clipped to it). */
export const GOAL_METRICS = {
  /** Share of confirmed mentees who are or have been in a pair (0–1). */
  match_rate: { min: 0, max: 1 },
  /** Average 1–5 rating over the last 8 weeks. */
  avg_satisfaction: { min: 1, max: 5 },
  /** Share of active pairs on track with the meeting cadence (0–1). */
  pairs_on_cadence: { min: 0, max: 1 },
} as const;
export type GoalMetric = keyof typeof GOAL_METRICS;

export function isGoalMetric(metric: string): metric is GoalMetric {
  return Object.hasOwn(GOAL_METRICS, metric);
}

/** A metric's value now and per week (oldest first; null where the week has no value). */
export interface MetricHistory {
  current: number | null;
  weekly: { week: IsoWeek; value: number | null }[];
}

export type GoalStatus = 'met' | 'on_track' | 'at_risk' | 'missed';

export interface GoalProgress {
  id: string;
  metric: string;
  description: string;
  target: number;
  /** As configured: the date (UTC) the target should be reached by, inclusive. */
  deadline: string;
  /** The metric's value now; null when there is nothing to measure yet (or the metric is unknown). */
  current: number | null;
  /** Where the weekly trend line reaches at the deadline (kept within the metric's range); null with fewer than two weeks of values or once the deadline has passed. */
  projected: number | null;
  /**
   * met: the value has reached the target. missed: the deadline has passed without reaching it.
   * on_track: the trend of the last weeks reaches the target by the deadline. at_risk: it does not
   * (or there is not enough history yet to tell).
   */
  status: GoalStatus;
  /** How many weekly values the trend was fitted on. */
  weeksOfData: number;
  /** Why a status needs explaining (unknown metric, no data, too little history). */
  note?: string;
}

/** A tolerance for float comparisons: 0.1 + 0.7 should reach a target of 0.8. */
const EPSILON = 1e-9;

/** Ordinary least squares y = intercept + slope·x; null with fewer than two distinct x. */
export function linearFit(points: readonly { x: number; y: number }[]): { slope: number; intercept: number } | null {
  const n = points.length;
  if (n < 2) return null;
  const meanX = points.reduce((s, p) => s + p.x, 0) / n;
  const meanY = points.reduce((s, p) => s + p.y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.x - meanX) ** 2;
    sxy += (p.x - meanX) * (p.y - meanY);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { slope, intercept: meanY - slope * meanX };
}

/** The end of the deadline day (UTC) in ms: a deadline "2027-03-31" includes that whole day. A full timestamp is taken as is. */
export function deadlineMs(deadline: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(deadline) ? Date.parse(`${deadline}T00:00:00.000Z`) + DAY_MS : Date.parse(deadline);
}

/**
 * One goal's progress. Weekly values count as measured at the end of their
 * week; the line is fitted in days so the slope reads "change per day".
 */
export function evaluateGoal(goal: SmartGoal, history: MetricHistory | undefined, nowMs: number): GoalProgress {
  const base = { id: goal.id, metric: goal.metric, description: goal.description, target: goal.target, deadline: goal.deadline };
  if (!isGoalMetric(goal.metric)) {
    return {
      ...base,
      current: null,
      projected: null,
      status: 'at_risk',
      weeksOfData: 0,
      note: `Unknown metric "${goal.metric}": known metrics are ${Object.keys(GOAL_METRICS).join(', ')}.`,
    };
  }
  const range = GOAL_METRICS[goal.metric];
  const due = deadlineMs(goal.deadline);
  const current = finiteOrNull(history?.current ?? null);
  const points = (history?.weekly ?? []).flatMap((p) => (p.value !== null && Number.isFinite(p.value) ? [{ x: weekEnd(p.week) / DAY_MS, y: p.value }] : []));
  const weeksOfData = points.length;
  const passed = !Number.isFinite(due) || nowMs >= due;

  if (current !== null && current >= goal.target - EPSILON) return { ...base, current, projected: null, status: 'met', weeksOfData };
  if (passed) {
    const note = Number.isFinite(due) ? undefined : `Deadline "${goal.deadline}" is not a date.`;
    return { ...base, current, projected: null, status: 'missed', weeksOfData, ...(note ? { note } : {}) };
  }
  if (current === null) return { ...base, current, projected: null, status: 'at_risk', weeksOfData, note: 'No data yet.' };

  const fit = linearFit(points);
  if (!fit) return { ...base, current, projected: null, status: 'at_risk', weeksOfData, note: 'Not enough weekly history for a trend yet.' };
  const raw = fit.intercept + fit.slope * (due / DAY_MS);
  const projected = Math.min(range.max, Math.max(range.min, raw));
  return { ...base, current, projected, status: raw >= goal.target - EPSILON ? 'on_track' : 'at_risk', weeksOfData };
}

/** Every goal's progress, in the configured order. */
export function evaluateGoals(goals: readonly SmartGoal[], histories: Partial<Record<GoalMetric, MetricHistory>>, nowMs: number): GoalProgress[] {
  return goals.map((goal) => evaluateGoal(goal, isGoalMetric(goal.metric) ? histories[goal.metric] : undefined, nowMs));
}

function finiteOrNull(v: number | null): number | null {
  return v !== null && Number.isFinite(v) ? v : null;
}
