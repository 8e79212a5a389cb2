import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWeeks,
  isIsoWeek,
  isoWeekOf,
  lastCompleteWeek,
  parseIsoWeek,
  previousWeeks,
  weekEnd,
  weekStart,
  weeksInYear,
} from '../../../functions/domain/kpi/iso-week';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('ISO weeks (UTC)', () => {
  it('names the week of an instant and finds its Monday', () => {
    expect(isoWeekOf(at('2026-11-23T00:00:00Z'))).toBe('2026-W48');
    expect(isoWeekOf(at('2026-11-29T23:59:59.999Z'))).toBe('2026-W48');
    expect(isoWeekOf(at('2026-11-30T00:00:00Z'))).toBe('2026-W49');
    expect(iso(weekStart('2026-W48'))).toBe('2026-11-23T00:00:00.000Z');
    expect(iso(weekEnd('2026-W48'))).toBe('2026-11-30T00:00:00.000Z');
    expect(iso(weekStart('2026-W01'))).toBe('2025-12-29T00:00:00.000Z');
  });

  it('2026 has 53 weeks: its last days and the first days of 2027 are 2026-W53', () => {
    expect(weeksInYear(2026)).toBe(53);
    expect(weeksInYear(2025)).toBe(52);
    expect(weeksInYear(2027)).toBe(52);
    expect(weeksInYear(2020)).toBe(53);
    expect(isoWeekOf(at('2026-12-27T12:00:00Z'))).toBe('2026-W52');
    expect(isoWeekOf(at('2026-12-28T00:00:00Z'))).toBe('2026-W53');
    expect(isoWeekOf(at('2026-12-31T23:59:59Z'))).toBe('2026-W53');
    expect(isoWeekOf(at('2027-01-03T23:59:59.999Z'))).toBe('2026-W53');
    expect(isoWeekOf(at('2027-01-04T00:00:00Z'))).toBe('2027-W01');
    expect(iso(weekStart('2026-W53'))).toBe('2026-12-28T00:00:00.000Z');
    expect(iso(weekEnd('2026-W53'))).toBe('2027-01-04T00:00:00.000Z');
  });

  it('puts the first days of a January in the previous ISO year when the week starts in December', () => {
    expect(isoWeekOf(at('2025-12-29T00:00:00Z'))).toBe('2026-W01');
    expect(isoWeekOf(at('2025-12-28T23:59:59Z'))).toBe('2025-W52');
    expect(isoWeekOf(at('2021-01-01T00:00:00Z'))).toBe('2020-W53');
    expect(isoWeekOf(at('2024-12-30T00:00:00Z'))).toBe('2025-W01');
  });

  it('lists the n weeks ending with a week across the year boundary, oldest first', () => {
    expect(previousWeeks('2027-W02', 4)).toEqual(['2026-W52', '2026-W53', '2027-W01', '2027-W02']);
    expect(previousWeeks('2026-W48', 1)).toEqual(['2026-W48']);
    expect(previousWeeks('2026-W48', 0)).toEqual([]);
    expect(addWeeks('2026-W53', 1)).toBe('2027-W01');
    expect(addWeeks('2027-W01', -2)).toBe('2026-W52');
  });

  it('the last complete week is the one before the current week', () => {
    expect(lastCompleteWeek(at('2026-11-30T08:00:00Z'))).toBe('2026-W48');
    expect(lastCompleteWeek(at('2026-11-30T00:00:00Z'))).toBe('2026-W48');
    expect(lastCompleteWeek(at('2026-11-29T23:59:59.999Z'))).toBe('2026-W47');
    expect(lastCompleteWeek(at('2027-01-04T00:00:00Z'))).toBe('2026-W53');
    expect(lastCompleteWeek(at('2027-01-11T06:00:00Z'))).toBe('2027-W01');
  });

  it('rejects week ids that do not exist', () => {
    expect(() => parseIsoWeek('2025-W53')).toThrow(RangeError);
    expect(() => weekStart('2026-W00')).toThrow(RangeError);
    expect(() => weekStart('2026-48')).toThrow(RangeError);
    expect(isIsoWeek('2026-W53')).toBe(true);
    expect(isIsoWeek('2027-W53')).toBe(false);
    expect(() => isoWeekOf(Number.NaN)).toThrow(RangeError);
  });

  describe('DST weeks: counters are UTC, so local wall-clock time does not move an event', () => {
    const berlin = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false });

    it('spring forward (Sunday 2026-03-29): Sunday 23:30 in Berlin is 21:30 UTC, still 2026-W13', () => {
      const ms = at('2026-03-29T23:30:00+02:00');
      expect(berlin.format(ms)).toBe('Sun 23:30');
      expect(iso(ms)).toBe('2026-03-29T21:30:00.000Z');
      expect(isoWeekOf(ms)).toBe('2026-W13');
      expect(isoWeekOf(at('2026-03-29T01:30:00+01:00'))).toBe('2026-W13'); // just before the clocks jump
    });

    it('fall back (Sunday 2026-10-25): Sunday 23:30 in Berlin is 22:30 UTC, still 2026-W43', () => {
      const ms = at('2026-10-25T23:30:00+01:00');
      expect(berlin.format(ms)).toBe('Sun 23:30');
      expect(isoWeekOf(ms)).toBe('2026-W43');
    });

    it('Monday 00:30 in Berlin is still Sunday in UTC, so it counts in the UTC week before', () => {
      const spring = at('2026-03-30T00:30:00+02:00');
      expect(berlin.format(spring)).toBe('Mon 00:30');
      expect(isoWeekOf(spring)).toBe('2026-W13');
      const autumn = at('2026-10-26T00:30:00+01:00');
      expect(berlin.format(autumn)).toBe('Mon 00:30');
      expect(isoWeekOf(autumn)).toBe('2026-W43');
      expect(isoWeekOf(at('2026-10-26T01:00:00+01:00'))).toBe('2026-W44');
    });

    it('the DST week is 7 × 24 hours long in UTC', () => {
      expect(weekEnd('2026-W13') - weekStart('2026-W13')).toBe(7 * 86_400_000);
      expect(weekEnd('2026-W43') - weekStart('2026-W43')).toBe(7 * 86_400_000);
    });
  });

  it('property: every instant lies in its week, which starts on a Monday and round-trips', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2199, 11, 31) }), (ms) => {
        const week = isoWeekOf(ms);
        const start = weekStart(week);
        expect(start).toBeLessThanOrEqual(ms);
        expect(ms).toBeLessThan(weekEnd(week));
        expect(new Date(start).getUTCDay()).toBe(1);
        expect(isoWeekOf(start)).toBe(week);
        // Week 1 holds the ISO year's first Thursday; the week's Thursday is in its ISO year.
        expect(new Date(start + 3 * 86_400_000).getUTCFullYear()).toBe(parseIsoWeek(week).year);
        expect(previousWeeks(week, 3).map(weekStart)).toEqual([start - 14 * 86_400_000, start - 7 * 86_400_000, start]);
      }),
      { numRuns: 500 },
    );
  });
});
