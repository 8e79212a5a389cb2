import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInPeriod, meetingClaim, reportsMeeting } from '../../functions/domain/activity';

const CREATED = '2026-11-30T09:00:00.000Z';

describe('check-in periods', () => {
  it('are 0 until the first check-in, then one per cadence', () => {
    expect(checkInPeriod(CREATED, '2026-11-30T09:00:00.000Z', 14)).toBe(0);
    expect(checkInPeriod(CREATED, '2026-12-14T08:59:59.999Z', 14)).toBe(0);
    expect(checkInPeriod(CREATED, '2026-12-14T09:00:00.000Z', 14)).toBe(1);
    expect(checkInPeriod(CREATED, '2027-01-11T09:00:00.000Z', 14)).toBe(3);
    // A clock slightly behind the pair's creation never gives a negative period.
    expect(checkInPeriod(CREATED, '2026-11-30T08:00:00.000Z', 14)).toBe(0);
  });

  it('never decrease as time goes on', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 * 86_400_000 }),
        fc.integer({ min: 0, max: 86_400_000 * 30 }),
        fc.integer({ min: 1, max: 60 }),
        (offset, step, cadence) => {
          const at = (ms: number) => new Date(Date.parse(CREATED) + ms).toISOString();
          expect(checkInPeriod(CREATED, at(offset + step), cadence)).toBeGreaterThanOrEqual(checkInPeriod(CREATED, at(offset), cadence));
        },
      ),
    );
  });
});

describe('meeting claims', () => {
  it('come from "we met" and from feedback that says they met, whatever count it claims', () => {
    expect(reportsMeeting({ kind: 'met' })).toBe(true);
    expect(reportsMeeting({ kind: 'feedback', feedback: { met: 'yes', timesMet: 50 } })).toBe(true);
    expect(reportsMeeting({ kind: 'feedback', feedback: { met: 'no' } })).toBe(false);
    for (const kind of ['not_yet', 'rating', 'message', 'pause', 'stop'] as const) expect(reportsMeeting({ kind })).toBe(false);
    expect(meetingClaim({ kind: 'feedback', feedback: { met: 'yes', timesMet: 50 } }, CREATED, '2026-12-20T00:00:00.000Z', 14)).toEqual({ period: 1 });
    expect(meetingClaim({ kind: 'message' }, CREATED, '2026-12-20T00:00:00.000Z', 14)).toBeUndefined();
  });
});
