import { evaluateGoals, type GoalMetric, type MetricHistory } from '../goals';
import type { DigestKpis, KpiConfig, TrendPoint } from '../types';
import type { KpiWindow } from '../window';
import { matchOf, onTrackOf } from './matching';
import { ratingsOf } from './satisfaction';

/** Progress against each SMART goal, from each goal metric's value now and its weekly history in the trend. */
export function goalProgress({ gauges, weeks, sum, nowMs }: KpiWindow, config: KpiConfig, trend: readonly TrendPoint[]): DigestKpis['goals'] {
  const histories: Record<GoalMetric, MetricHistory> = {
    match_rate: { current: matchOf(gauges).rate, weekly: trend.map((t) => ({ week: t.week, value: t.matchRate })) },
    avg_satisfaction: { current: ratingsOf(sum).average(weeks), weekly: trend.map((t) => ({ week: t.week, value: t.avgRating })) },
    pairs_on_cadence: { current: onTrackOf(gauges), weekly: trend.map((t) => ({ week: t.week, value: t.shareOnTrack })) },
  };
  return evaluateGoals(config.goals, histories, nowMs);
}
