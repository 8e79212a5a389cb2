import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MINUTES_PER_WEEK,
  ZoneClock,
  intlOffsetMinutes,
  mergeIntervals,
  overlapMinutes,
  weeklyAvailability,
  zoneTimeline,
} from '../../../functions/domain/matching/availability';
import type { AvailabilitySlot, Day } from '../../../functions/domain/signup-schema';

const at = (iso: string) => new ZoneClock(new Date(iso));
const slot = (day: Day, from: string, to: string): AvailabilitySlot => ({ day, from, to });
const overlap = (a: AvailabilitySlot[], tzA: string, b: AvailabilitySlot[], tzB: string, clock: ZoneClock) =>
  overlapMinutes(weeklyAvailability(a, tzA, clock).intervals, weeklyAvailability(b, tzB, clock).intervals);

describe('weekly availability in UTC', () => {
  it('places local slots on the UTC week with the offset of the match date', () => {
    // 2025-01-06 is a Monday; Berlin is UTC+1 in winter, UTC+2 in summer.
    expect(Array.from(weeklyAvailability([slot('mon', '09:00', '10:00')], 'Europe/Berlin', at('2025-01-06T12:00:00Z')).intervals)).toEqual([480, 540]);
    expect(Array.from(weeklyAvailability([slot('mon', '09:00', '10:00')], 'Europe/Berlin', at('2025-07-07T12:00:00Z')).intervals)).toEqual([420, 480]);
    // Kathmandu is UTC+5:45.
    expect(Array.from(weeklyAvailability([slot('tue', '06:00', '07:00')], 'Asia/Kathmandu', at('2025-01-06T12:00:00Z')).intervals)).toEqual([
      1440 + 15,
      1440 + 75,
    ]);
  });

  it('wraps slots around the end of the UTC week', () => {
    // Monday 00:00–02:00 in Tokyo (UTC+9) is Sunday 15:00–17:00 UTC.
    const tokyo = weeklyAvailability([slot('mon', '00:00', '02:00')], 'Asia/Tokyo', at('2025-01-08T00:00:00Z'));
    expect(Array.from(tokyo.intervals)).toEqual([MINUTES_PER_WEEK - 540, MINUTES_PER_WEEK - 420]);
    // Sunday 20:00–24:00 in Los Angeles (UTC−8) is Monday 04:00–08:00 UTC.
    const la = weeklyAvailability([slot('sun', '20:00', '24:00')], 'America/Los_Angeles', at('2025-01-08T00:00:00Z'));
    expect(Array.from(la.intervals)).toEqual([240, 480]);
    // Sunday 23:00 – 24:00 UTC+0 and Monday 00:00–01:00 become one interval across the week end.
    const london = weeklyAvailability([slot('sun', '23:00', '24:00'), slot('mon', '00:00', '01:00')], 'Europe/London', at('2025-01-08T00:00:00Z'));
    expect(Array.from(london.intervals)).toEqual([0, 60, MINUTES_PER_WEEK - 60, MINUTES_PER_WEEK]);
  });

  it('merges overlapping and adjacent slots', () => {
    expect(Array.from(mergeIntervals([10, 20, 15, 30, 30, 40, 50, 60, 5, 8]))).toEqual([5, 8, 10, 40, 50, 60]);
  });

  it('uses each day of the coming week: a Monday after the spring change is in summer time', () => {
    // Match date Saturday 2025-03-29: Sunday 30 is the EU change, so Monday 31 is CEST (UTC+2)…
    const avail = weeklyAvailability([slot('sat', '09:00', '10:00'), slot('mon', '09:00', '10:00')], 'Europe/Berlin', at('2025-03-29T06:00:00Z'));
    // …while Saturday 29 itself is still CET (UTC+1).
    expect(Array.from(avail.intervals)).toEqual([420, 480, 5 * 1440 + 480, 5 * 1440 + 540]);
  });

  it('drops a slot that lies entirely inside the spring-forward gap', () => {
    const avail = weeklyAvailability([slot('sun', '02:00', '03:00')], 'Europe/Berlin', at('2025-03-29T06:00:00Z'));
    expect(avail.intervals.length).toBe(0);
  });

  describe('DST: overlap depends on the match date', () => {
    // Berlin mentor Mon 09–10 local; Singapore (no DST, UTC+8) mentee Mon 15–16 local = 07–08 UTC.
    const berlin = [slot('mon', '09:00', '10:00')];
    const singapore = [slot('mon', '15:00', '16:00')];
    it('Berlin–Singapore overlaps only in (European) summer', () => {
      expect(overlap(berlin, 'Europe/Berlin', singapore, 'Asia/Singapore', at('2025-07-07T00:00:00Z'))).toBe(60);
      expect(overlap(berlin, 'Europe/Berlin', singapore, 'Asia/Singapore', at('2025-01-06T00:00:00Z'))).toBe(0);
    });

    // Berlin Mon 17–18 local; New York Mon 12–13 local. The gap between the US (9 March 2025)
    // and EU (30 March 2025) changes makes them 5 h apart instead of 6 h.
    const ber = [slot('mon', '17:00', '18:00')];
    const nyc = [slot('mon', '12:00', '13:00')];
    it('Berlin–New York overlaps only in the March gap between the two DST changes', () => {
      expect(overlap(ber, 'Europe/Berlin', nyc, 'America/New_York', at('2025-03-17T00:00:00Z'))).toBe(60);
      expect(overlap(ber, 'Europe/Berlin', nyc, 'America/New_York', at('2025-03-23T12:00:00Z'))).toBe(60);
      expect(overlap(ber, 'Europe/Berlin', nyc, 'America/New_York', at('2025-03-29T12:00:00Z'))).toBe(0); // Monday is the 31st
      expect(overlap(ber, 'Europe/Berlin', nyc, 'America/New_York', at('2025-03-03T00:00:00Z'))).toBe(0);
      expect(overlap(ber, 'Europe/Berlin', nyc, 'America/New_York', at('2025-07-07T00:00:00Z'))).toBe(0);
    });
  });

  /**
   * Oracle: walk the real clock in 15-minute steps through the person's next
   * seven local days, ask Intl for the local wall time, and mark the UTC
   * quarter-hours of the week at which they are available.
   */
  const wallCache = new Map<string, { day: number; date: string; minute: number }>();
  const formats = new Map<string, Intl.DateTimeFormat>();
  function wall(tz: string, ms: number) {
    const key = `${tz}@${ms}`;
    let w = wallCache.get(key);
    if (!w) {
      let f = formats.get(tz);
      if (!f) {
        f = new Intl.DateTimeFormat('en-US', {
          timeZone: tz,
          hourCycle: 'h23',
          weekday: 'short',
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
        });
        formats.set(tz, f);
      }
      const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
      w = {
        day: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday!),
        date: `${parts.year}-${parts.month}-${parts.day}`,
        minute: Number(parts.hour) * 60 + Number(parts.minute),
      };
      wallCache.set(key, w);
    }
    return w;
  }
  const DAYS: Day[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  function oracleQuarters(slots: AvailabilitySlot[], tz: string, matchMs: number): Set<number> {
    const q = 15 * 60_000;
    const startDate = wall(tz, matchMs).date;
    const dates: string[] = [];
    const marked = new Set<number>();
    for (let t = Math.floor(matchMs / q) * q - 2 * 86_400_000; t < matchMs + 9 * 86_400_000; t += q) {
      const w = wall(tz, t);
      if (w.date < startDate) continue;
      if (!dates.includes(w.date)) dates.push(w.date);
      if (dates.indexOf(w.date) > 6) break;
      const hm = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
      if (slots.some((s) => DAYS.indexOf(s.day) === w.day && hm(s.from) <= w.minute && w.minute < hm(s.to))) {
        const weekMinute = ((((t - Date.UTC(1970, 0, 5)) / 60_000) % MINUTES_PER_WEEK) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
        marked.add(weekMinute / 15);
      }
    }
    return marked;
  }

  it('agrees with a minute-by-minute walk of the real clock (random slots, zones and dates)', () => {
    // Zones change offset at night, and slots stay between 06:00 and 24:00, so no slot straddles a jump.
    const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Singapore', 'Australia/Sydney', 'Asia/Kolkata', 'America/Sao_Paulo', 'Pacific/Auckland'];
    const time = (lo: number, hi: number) =>
      fc.integer({ min: lo * 2, max: hi * 2 }).map((h) => `${String(Math.floor(h / 2)).padStart(2, '0')}:${h % 2 ? '30' : '00'}`);
    const slotArb = fc.record({ day: fc.constantFrom(...DAYS), from: time(6, 20), len: fc.integer({ min: 1, max: 6 }) }).map(({ day, from, len }) => {
      const start = Number(from.slice(0, 2)) * 60 + Number(from.slice(3));
      const end = Math.min(start + len * 30, 1440);
      return slot(day, from, `${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`);
    });
    const person = fc.record({ tz: fc.constantFrom(...zones), slots: fc.array(slotArb, { minLength: 1, maxLength: 4 }) });
    // Dates in 2025 at quarter hours, dense around the March and October/November changes.
    const date = fc.oneof(
      fc.integer({ min: 0, max: 364 * 96 }).map((q) => Date.UTC(2025, 0, 1) + q * 900_000),
      fc.integer({ min: 0, max: 40 * 96 }).map((q) => Date.UTC(2025, 2, 1) + q * 900_000),
      fc.integer({ min: 0, max: 40 * 96 }).map((q) => Date.UTC(2025, 9, 20) + q * 900_000),
    );
    fc.assert(
      fc.property(person, person, date, (a, b, ms) => {
        const clock = new ZoneClock(ms);
        const qa = oracleQuarters(a.slots, a.tz, ms);
        const qb = oracleQuarters(b.slots, b.tz, ms);
        const expected = [...qa].filter((q) => qb.has(q)).length * 15;
        expect(overlap(a.slots, a.tz, b.slots, b.tz, clock)).toBe(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('reads offsets from Intl', () => {
    expect(intlOffsetMinutes('Asia/Kolkata', Date.UTC(2025, 0, 1))).toBe(330);
    expect(intlOffsetMinutes('America/New_York', Date.UTC(2025, 6, 1))).toBe(-240);
    expect(intlOffsetMinutes('UTC', Date.UTC(2025, 6, 1))).toBe(0);
  });
});

describe('shared zone timelines', () => {
  it('are built once per zone and day-aligned window, and agree with Intl to the minute across a DST change', () => {
    const from = Date.parse('2027-03-27T09:13:00Z');
    const a = zoneTimeline('Europe/Berlin', from, from + 3 * 86_400_000);
    const b = zoneTimeline('Europe/Berlin', from + 3_600_000, from + 3 * 86_400_000 - 60_000);
    expect(b).toBe(a);
    expect(zoneTimeline('America/New_York', from, from + 3 * 86_400_000)).not.toBe(a);
    // Berlin moves to CEST at 01:00 UTC on 28 March 2027.
    for (const iso of ['2027-03-28T00:59:00Z', '2027-03-28T01:00:00Z', '2027-03-29T12:00:00Z']) {
      expect(a.offsetAt(Date.parse(iso)), iso).toBe(intlOffsetMinutes('Europe/Berlin', Date.parse(iso)));
    }
    expect([a.offsetAt(Date.parse('2027-03-28T00:59:00Z')), a.offsetAt(Date.parse('2027-03-28T01:00:00Z'))]).toEqual([60, 120]);
  });
});
