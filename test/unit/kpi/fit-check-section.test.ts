/** The digest's fit-check numbers: read from the weekly `fit_*` counters the answers write (issue 12). */
import { describe, expect, it } from 'vitest';
import type { DigestInputs } from '../../../functions/domain/kpi/aggregates';
import { computeKpis } from '../../../functions/domain/kpi/kpis';
import { counted } from '../../../functions/domain/kpi/stats-delta';
import { defaultGoals } from '../../../functions/domain/program';

const now = Date.parse('2026-11-30T08:00:00Z'); // report week: 2026-W48
const config = { meetingCadenceDays: 14, goals: defaultGoals(2026) };
const empty: DigestInputs = { weeks: [], gauges: {}, cohorts: [], atRisk: [], incentives: [] };

describe('fit-check KPIs', () => {
  it('counts the report week and the last 8 weeks by answer', () => {
    const kpis = computeKpis(
      {
        ...empty,
        weeks: [
          { week: '2026-W40', counts: { fit_not: 9 } }, // outside the window
          { week: '2026-W46', counts: { fit_good: 2, fit_not: 1 } },
          { week: '2026-W48', counts: { fit_good: 3, fit_deciding: 2 } },
        ],
      },
      config,
      now,
    );
    expect(kpis.fitCheck).toEqual({ thisWeek: { good: 3, deciding: 2, not: 0 }, eightWeeks: { good: 5, deciding: 2, not: 1 } });
  });

  it('are what an answer writes: one counter in the week it was given', () => {
    expect(counted('fit_not', '2026-11-25T10:00:00Z')).toEqual({ week: { week: '2026-W48', counts: { fit_not: 1 } } });
  });
});
