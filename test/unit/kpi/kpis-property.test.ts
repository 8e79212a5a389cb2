import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WEEKLY_COUNTERS, type Cohort, type Gauge, type WeekStats } from '../../../functions/domain/kpi/aggregates';
import { previousWeeks } from '../../../functions/domain/kpi/iso-week';
import { computeKpis, type DigestKpis, type GaugeSnapshot, type KpiInputs } from '../../../functions/domain/kpi/kpis';
import { defaultGoals } from '../../../functions/domain/program';

const now = Date.parse('2026-11-30T08:00:00Z');
// The window and the cohorts' 13 weeks before it, plus the running week.
const weeks = previousWeeks('2026-W49', 22);
const GAUGES: Gauge[] = [
  ...(['pending', 'waiting', 'matched', 'alumni', 'unsubscribed', 'deleted'] as const).flatMap((s) => [
    `participants_${s}_mentor` as const,
    `participants_${s}_mentee` as const,
  ]),
  'pairs_active',
  'pairs_at_risk',
  'pairs_quiet',
  'suppressed',
];

// Counts are usually small (often 0, so denominators hit zero), sometimes large; gauges may drift below zero.
const count = fc.oneof(fc.constant(0), fc.nat(5), fc.nat(100_000));
const gauge = fc.oneof(count, fc.integer({ min: -3, max: -1 }));
const counts = fc.dictionary(
  fc.oneof(
    fc.constantFrom(...WEEKLY_COUNTERS),
    fc.nat(80).map((d) => `match_days_${d}`),
  ),
  count,
  { maxKeys: 12 },
);
const gauges = fc.dictionary(fc.constantFrom(...GAUGES), gauge, { maxKeys: GAUGES.length });
const weekStats: fc.Arbitrary<WeekStats> = fc.record({ week: fc.constantFrom(...weeks), counts });
const cohort: fc.Arbitrary<Cohort> = fc.record({
  week: fc.constantFrom(...weeks),
  counts: fc.dictionary(fc.constantFrom('pairs', ...(['mentor', 'mentee'] as const).flatMap((r) => [30, 60, 90].map((d) => `dropped_${r}_${d}`))), count, {
    maxKeys: 7,
  }) as fc.Arbitrary<Cohort['counts']>,
});
const instant = fc.integer({ min: Date.parse('2026-06-01T00:00:00Z'), max: Date.parse('2026-12-31T00:00:00Z') }).map((ms) => new Date(ms).toISOString());
const inputs: fc.Arbitrary<KpiInputs> = fc.record({
  weeks: fc.array(weekStats, { maxLength: 12 }),
  gauges,
  cohorts: fc.array(cohort, { maxLength: 15 }),
  atRisk: fc.array(fc.record({ pairId: fc.uuid(), mentorName: fc.string(), menteeName: fc.string(), lastActivityAt: instant, pairedAt: instant }), {
    maxLength: 4,
  }),
  incentives: fc.array(
    fc.record({
      participantId: fc.uuid(),
      name: fc.string(),
      email: fc.constant('a@x.example'),
      role: fc.constantFrom('mentor' as const, 'mentee' as const),
      at: instant,
    }),
    { maxLength: 4 },
  ),
  snapshots: fc.array(fc.record({ week: fc.constantFrom(...weeks), gauges }) as fc.Arbitrary<GaugeSnapshot>, { maxLength: 8 }),
});
const config = fc.record({
  meetingCadenceDays: fc.oneof(fc.constant(14), fc.constant(0), fc.integer({ min: 1, max: 60 })),
  goals: fc.constant(defaultGoals(2026)),
});

function numbers(value: unknown, path = ''): [string, number][] {
  if (typeof value === 'number') return [[path, value]];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => numbers(v, `${path}.${k}`));
  return [];
}

function shares(k: DigestKpis): (number | null)[] {
  return [
    k.matching.matchRate,
    k.activity.shareOnTrack,
    k.satisfaction.responseRateThisWeek,
    k.satisfaction.responseRate8Weeks,
    ...k.retention.windows.flatMap((w) => [w.mentors, w.mentees]),
    ...k.trend.flatMap((t) => [t.matchRate, t.shareOnTrack]),
    k.headlines.matchRate.value,
    k.headlines.shareOnTrack.value,
    ...k.goals.filter((g) => g.metric !== 'avg_satisfaction').flatMap((g) => [g.current, g.projected]),
  ];
}

// CPU-bound (a hundred random programs each): a loaded CI machine needs more than the default 5 s.
describe('KPIs on arbitrary aggregates (property)', { timeout: 60_000 }, () => {
  it('every number is finite; every share is within 0…1 or null; ratings 1–5; medians 0–60', () => {
    fc.assert(
      fc.property(inputs, config, (input, cfg) => {
        const k = computeKpis(input, cfg, now);
        for (const [path, n] of numbers(k)) expect(Number.isFinite(n), path).toBe(true);
        for (const s of shares(k)) if (s !== null) expect(s >= 0 && s <= 1, String(s)).toBe(true);
        for (const r of [k.satisfaction.avgRatingThisWeek, k.satisfaction.avgRating8Weeks, ...k.trend.map((t) => t.avgRating), k.goals[1]?.projected ?? null]) {
          if (r !== null) expect(r >= 1 && r <= 5, String(r)).toBe(true);
        }
        for (const m of [k.matching.medianDaysToMatchThisWeek, k.matching.medianDaysToMatch8Weeks]) if (m !== null) expect(m >= 0 && m <= 60).toBe(true);
        for (const n of [
          k.activity.meetingsPerPairPerMonth,
          k.activity.repliesPerPairPerMonth,
          k.activity.meetingsVsExpected,
          ...k.trend.map((t) => t.activePairs),
        ])
          if (n !== null) expect(n).toBeGreaterThanOrEqual(0);
        for (const h of Object.values(k.headlines)) {
          expect(h.delta === null).toBe(h.value === null || h.previous === null);
          expect(h.direction).toBe(h.delta === null ? null : Math.abs(h.delta) < 1e-9 ? 'flat' : h.delta > 0 ? 'up' : 'down');
        }
        expect(k.trend).toHaveLength(8);
        expect(k.goals.every((g) => ['met', 'on_track', 'at_risk', 'missed'].includes(g.status))).toBe(true);
        expect(k.atRisk.pairs.every((p, i, all) => i === 0 || (all[i - 1]?.daysQuiet ?? 0) >= p.daysQuiet)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('is pure: the same inputs give the same KPIs, and the inputs are left untouched', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const before = structuredClone(input);
        const first = computeKpis(input, { meetingCadenceDays: 14, goals: defaultGoals(2026) }, now);
        expect(input).toEqual(before);
        expect(computeKpis(input, { meetingCadenceDays: 14, goals: defaultGoals(2026) }, now)).toEqual(first);
      }),
      { numRuns: 100 },
    );
  });
});
