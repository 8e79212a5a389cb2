import { describe, expect, it } from 'vitest';
import { deadlineMs, evaluateGoal, evaluateGoals, linearFit, type MetricHistory } from '../../../functions/domain/kpi/goals';
import type { SmartGoal } from '../../../functions/domain/program';

// The report week is 2026-W48 (ends Monday 2026-11-30 00:00 UTC); weekly values count at their week's end.
const now = Date.parse('2026-11-30T08:00:00Z');
const weeks = ['2026-W45', '2026-W46', '2026-W47', '2026-W48'];
const history = (values: (number | null)[], current = values.at(-1) ?? null): MetricHistory => ({
  current,
  weekly: values.map((value, i) => ({ week: weeks[i] as string, value })),
});
const goal = (over: Partial<SmartGoal> = {}): SmartGoal => ({
  id: 'match-rate',
  metric: 'match_rate',
  target: 0.8,
  deadline: '2027-03-31',
  description: '80% of confirmed mentees matched',
  ...over,
});

describe('linear fit', () => {
  it('fits a straight line by least squares', () => {
    expect(
      linearFit([
        { x: 0, y: 1 },
        { x: 1, y: 3 },
        { x: 2, y: 5 },
      ]),
    ).toEqual({ slope: 2, intercept: 1 });
    const fit = linearFit([
      { x: 0, y: 0 },
      { x: 1, y: 1 },
      { x: 2, y: 1 },
      { x: 3, y: 3 },
    ]);
    // slope = Σ(x−1.5)(y−1.25) / Σ(x−1.5)² = 4.5 / 5
    expect(fit?.slope).toBeCloseTo(0.9, 12);
    expect(fit?.intercept).toBeCloseTo(-0.1, 12);
  });

  it('has no line through fewer than two distinct points', () => {
    expect(linearFit([])).toBeNull();
    expect(linearFit([{ x: 3, y: 1 }])).toBeNull();
    expect(
      linearFit([
        { x: 3, y: 1 },
        { x: 3, y: 2 },
      ]),
    ).toBeNull();
  });

  it('a date-only deadline includes that whole day (UTC)', () => {
    expect(new Date(deadlineMs('2027-03-31')).toISOString()).toBe('2027-04-01T00:00:00.000Z');
    expect(new Date(deadlineMs('2027-03-31T12:00:00Z')).toISOString()).toBe('2027-03-31T12:00:00.000Z');
  });
});

describe('goal status', () => {
  it('met: the current value reaches the target (float noise tolerated)', () => {
    expect(evaluateGoal(goal(), history([0.7, 0.75, 0.8, 0.82]), now)).toMatchObject({ status: 'met', current: 0.82, target: 0.8, projected: null });
    expect(evaluateGoal(goal(), history([0.1 + 0.7]), now).status).toBe('met');
    // Met even after the deadline.
    expect(evaluateGoal(goal({ deadline: '2026-01-01' }), history([0.9]), now).status).toBe('met');
  });

  it('missed: the deadline day has passed without reaching the target', () => {
    expect(evaluateGoal(goal({ deadline: '2026-11-29' }), history([0.5, 0.6, 0.7, 0.75]), now)).toMatchObject({
      status: 'missed',
      current: 0.75,
      projected: null,
    });
    // The deadline day itself still counts.
    expect(evaluateGoal(goal({ deadline: '2026-11-30' }), history([0.5, 0.6, 0.7, 0.75]), now).status).not.toBe('missed');
    expect(evaluateGoal(goal({ deadline: '2026-11-01' }), history([null, null, null, null], null), now).status).toBe('missed');
  });

  it('on track: +0.05 a week from 0.65 reaches 0.80 three weeks later, exactly at the end of 2026-12-20', () => {
    const rising = history([0.5, 0.55, 0.6, 0.65]);
    const onTrack = evaluateGoal(goal({ deadline: '2026-12-20' }), rising, now);
    expect(onTrack.status).toBe('on_track');
    expect(onTrack.projected).toBeCloseTo(0.8, 9);
    expect(onTrack.weeksOfData).toBe(4);
    // One day earlier the line is at 0.65 + 20 × 0.05/7 ≈ 0.793: not enough.
    const atRisk = evaluateGoal(goal({ deadline: '2026-12-19' }), rising, now);
    expect(atRisk.status).toBe('at_risk');
    expect(atRisk.projected).toBeCloseTo(0.65 + (20 * 0.05) / 7, 9);
  });

  it('at risk: a falling trend, and a flat trend below the target', () => {
    // −0.02 a week from 0.64 at 2026-11-30, for the 122 days to the end of 2027-03-31.
    const falling = evaluateGoal(goal(), history([0.7, 0.68, 0.66, 0.64]), now);
    expect(falling.status).toBe('at_risk');
    expect(falling.projected).toBeCloseTo(0.64 - (122 * 0.02) / 7, 9);
    const flat = evaluateGoal(goal(), history([0.6, 0.6, 0.6, 0.6]), now);
    expect(flat.status).toBe('at_risk');
    expect(flat.projected).toBeCloseTo(0.6, 12);
  });

  it('one data point: compare now with the target, at risk unless met, no projection', () => {
    expect(evaluateGoal(goal(), history([null, null, null, 0.6]), now)).toMatchObject({
      status: 'at_risk',
      current: 0.6,
      projected: null,
      weeksOfData: 1,
      note: 'Not enough weekly history for a trend yet.',
    });
    expect(evaluateGoal(goal(), history([null, null, null, 0.85]), now)).toMatchObject({ status: 'met', weeksOfData: 1 });
  });

  it('skips weeks without a value when fitting', () => {
    // 0.5 at W45 and 0.6 at W47: +0.05 a week, so 0.65 at W48's end and 0.8 three weeks on.
    const gaps = evaluateGoal(goal({ deadline: '2026-12-20' }), history([0.5, null, 0.6, null], 0.62), now);
    expect(gaps).toMatchObject({ status: 'on_track', weeksOfData: 2 });
    expect(gaps.projected).toBeCloseTo(0.8, 9);
  });

  it('keeps projections within the metric range (a share ≤ 1, a rating 1–5)', () => {
    expect(evaluateGoal(goal({ target: 0.95 }), history([0.3, 0.5, 0.7, 0.9]), now)).toMatchObject({ status: 'on_track', projected: 1 });
    expect(evaluateGoal(goal({ metric: 'avg_satisfaction', target: 4.2 }), history([4, 3.5, 3, 2.5]), now)).toMatchObject({ status: 'at_risk', projected: 1 });
  });

  it('no data yet: at risk with a note', () => {
    expect(evaluateGoal(goal(), history([null, null, null, null], null), now)).toMatchObject({
      status: 'at_risk',
      current: null,
      projected: null,
      note: 'No data yet.',
    });
    expect(evaluateGoal(goal(), undefined, now)).toMatchObject({ status: 'at_risk', current: null, note: 'No data yet.' });
  });

  it('unknown metric: at risk, no value, a note naming the known metrics', () => {
    const result = evaluateGoal(goal({ id: 'x', metric: 'retention_90' }), history([0.9]), now);
    expect(result).toMatchObject({ id: 'x', metric: 'retention_90', status: 'at_risk', current: null, projected: null });
    expect(result.note).toContain('Unknown metric "retention_90"');
    expect(result.note).toContain('match_rate, avg_satisfaction, pairs_on_cadence');
  });

  it('evaluates every goal in the configured order with its own metric history', () => {
    const results = evaluateGoals(
      [goal(), goal({ id: 'sat', metric: 'avg_satisfaction', target: 4.2 }), goal({ id: 'odd', metric: 'nps' })],
      { match_rate: history([0.9]), avg_satisfaction: history([4.0, 4.0, 4.0, 4.0]) },
      now,
    );
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['match-rate', 'met'],
      ['sat', 'at_risk'],
      ['odd', 'at_risk'],
    ]);
  });
});
