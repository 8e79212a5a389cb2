/**
 * Weekly availability in UTC. People give slots in their own local time
 * ("tue 09:00–11:00" in Europe/Berlin); two people can meet when those slots
 * overlap on the real clock, which depends on both zones' UTC offsets — and
 * those change with daylight saving time. So slots are placed on the concrete
 * dates of the week that starts at the match date (in each person's own
 * calendar) and converted with the offset Intl reports for that instant.
 *
 * Result: a sorted list of disjoint [start, end) minute intervals of a UTC
 * week (0 = Monday 00:00 UTC, 10080 = the next Monday), cheap to intersect.
 */
import { DAYS, type AvailabilitySlot, type Day } from '../signup-schema';
import { dateFormat } from '../../lib/date-format';

export const MINUTES_PER_DAY = 1440;
export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
/** 1970-01-05 was a Monday: week minutes count from a Monday 00:00 UTC. */
const MONDAY_EPOCH_MS = Date.UTC(1970, 0, 5);

const formatterFor = (timeZone: string): Intl.DateTimeFormat =>
  dateFormat({ timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }, 'en-US');

/** The zone's UTC offset in minutes (east positive) at an instant, straight from Intl. */
export function intlOffsetMinutes(timeZone: string, ms: number): number {
  const atMinute = Math.floor(ms / MS_PER_MINUTE) * MS_PER_MINUTE;
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(atMinute))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const wall = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0);
  return Math.round((wall - atMinute) / MS_PER_MINUTE);
}

/**
 * A zone's offsets over a short window around the match date, as segments
 * `[fromMs, offset]`. Asking Intl for every slot endpoint of 10,000 people is
 * slow; a zone changes offset at most once or twice in a fortnight, so sample
 * every 6 h and bisect to the minute where two samples differ.
 */
export class ZoneTimeline {
  private readonly starts: number[] = [];
  private readonly offsets: number[] = [];

  constructor(
    readonly timeZone: string,
    fromMs: number,
    toMs: number,
  ) {
    const step = 6 * 60 * MS_PER_MINUTE;
    let prevMs = Math.floor(fromMs / MS_PER_MINUTE) * MS_PER_MINUTE;
    let prev = intlOffsetMinutes(timeZone, prevMs);
    this.starts.push(-Infinity);
    this.offsets.push(prev);
    for (let t = prevMs + step; t < toMs + step; t += step) {
      const off = intlOffsetMinutes(timeZone, t);
      if (off !== prev) {
        // Find the first minute in (prevMs, t] that has the new offset.
        let lo = prevMs;
        let hi = t;
        while (hi - lo > MS_PER_MINUTE) {
          const mid = lo + Math.floor((hi - lo) / MS_PER_MINUTE / 2) * MS_PER_MINUTE;
          if (intlOffsetMinutes(timeZone, mid) === prev) lo = mid;
          else hi = mid;
        }
        this.starts.push(hi);
        this.offsets.push(off);
        prev = off;
      }
      prevMs = t;
    }
  }

  offsetAt(ms: number): number {
    let i = this.starts.length - 1;
    while (i > 0 && (this.starts[i] as number) > ms) i--;
    return this.offsets[i] as number;
  }

  /**
   * The UTC instant of a wall-clock time (given as "wall ms": the local time
   * read as if it were UTC). Times skipped by a spring-forward jump land after
   * the jump; repeated times take the earlier instant.
   */
  wallToUtc(wallMs: number): number {
    const o1 = this.offsetAt(wallMs);
    let guess = wallMs - o1 * MS_PER_MINUTE;
    const o2 = this.offsetAt(guess);
    if (o1 === o2) return guess;
    guess -= (o2 - o1) * MS_PER_MINUTE;
    const o3 = this.offsetAt(guess);
    if (o2 === o3) return guess;
    return wallMs - Math.min(o2, o3) * MS_PER_MINUTE;
  }
}

const sharedTimelines = new Map<string, ZoneTimeline>();
/** Bounds the memo below (a program has a few dozen zones; rounds share windows). */
const SHARED_TIMELINES_MAX = 512;

/**
 * A zone's timeline covering at least [fromMs, toMs], shared between callers: the window
 * is widened to whole UTC days, so the pairs of one round (which search the same weeks)
 * build each zone's timeline once instead of once per member (measured: a 10,000-person
 * round spent 24 s of its 60 in Intl before this). Timelines are immutable, so sharing is safe.
 */
export function zoneTimeline(timeZone: string, fromMs: number, toMs: number): ZoneTimeline {
  const from = Math.floor(fromMs / MS_PER_DAY) * MS_PER_DAY;
  const to = Math.ceil(toMs / MS_PER_DAY) * MS_PER_DAY;
  const key = `${timeZone}|${from}|${to}`;
  let timeline = sharedTimelines.get(key);
  if (!timeline) {
    if (sharedTimelines.size >= SHARED_TIMELINES_MAX) sharedTimelines.clear();
    timeline = new ZoneTimeline(timeZone, from, to);
    sharedTimelines.set(key, timeline);
  }
  return timeline;
}

/** Builds and shares zone timelines for one match date. */
export class ZoneClock {
  private readonly zones = new Map<string, ZoneTimeline>();
  readonly matchMs: number;

  constructor(matchDate: Date | number) {
    this.matchMs = typeof matchDate === 'number' ? matchDate : matchDate.getTime();
    if (!Number.isFinite(this.matchMs)) throw new RangeError('The match date is not a valid date');
  }

  zone(timeZone: string): ZoneTimeline {
    let z = this.zones.get(timeZone);
    if (!z) {
      // Local calendars are at most ~1 day away from UTC; slots reach 8 days ahead.
      z = zoneTimeline(timeZone, this.matchMs - 2 * MS_PER_DAY, this.matchMs + 9 * MS_PER_DAY);
      this.zones.set(timeZone, z);
    }
    return z;
  }
}

/** One slot placed on the UTC week, remembering its local day and start (to describe overlaps). */
export interface PlacedSlot {
  utcStart: number;
  length: number;
  localDay: number;
  localFrom: number;
}

export interface WeeklyAvailability {
  timeZone: string;
  /** Sorted, disjoint, non-adjacent [start, end) pairs of UTC week minutes, flattened. */
  intervals: Int32Array;
  slots: PlacedSlot[];
}

const hhmmToMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export const dayIndex = (day: Day): number => DAYS.indexOf(day);

export function weekMinuteOf(utcMs: number): number {
  const m = Math.floor((utcMs - MONDAY_EPOCH_MS) / MS_PER_MINUTE) % MINUTES_PER_WEEK;
  return m < 0 ? m + MINUTES_PER_WEEK : m;
}

/** Merges [start, end) pairs (flattened, any order) into sorted disjoint intervals. */
export function mergeIntervals(pairs: number[]): Int32Array {
  const idx: number[] = [];
  for (let i = 0; i < pairs.length; i += 2) idx.push(i);
  idx.sort((a, b) => (pairs[a] as number) - (pairs[b] as number) || (pairs[a + 1] as number) - (pairs[b + 1] as number));
  const out: number[] = [];
  for (const i of idx) {
    const s = pairs[i] as number;
    const e = pairs[i + 1] as number;
    if (e <= s) continue;
    const last = out.length - 1;
    if (last > 0 && s <= (out[last] as number)) out[last] = Math.max(out[last] as number, e);
    else out.push(s, e);
  }
  return Int32Array.from(out);
}

/**
 * Places a person's weekly local slots on the UTC week. Each weekday is the
 * next occurrence of that day on or after the match date in the person's own
 * calendar, so DST transitions inside that week are honoured per day.
 */
export function weeklyAvailability(slots: readonly AvailabilitySlot[], timeZone: string, clock: ZoneClock): WeeklyAvailability {
  const zone = clock.zone(timeZone);
  const localNow = clock.matchMs + zone.offsetAt(clock.matchMs) * MS_PER_MINUTE;
  const localMidnight = Math.floor(localNow / MS_PER_DAY) * MS_PER_DAY;
  const todayIdx = (new Date(localMidnight).getUTCDay() + 6) % 7;
  const pairs: number[] = [];
  const placed: PlacedSlot[] = [];
  for (const slot of slots) {
    const day = dayIndex(slot.day);
    const dateWall = localMidnight + ((day - todayIdx + 7) % 7) * MS_PER_DAY;
    const from = hhmmToMinutes(slot.from);
    const to = hhmmToMinutes(slot.to);
    const startUtc = zone.wallToUtc(dateWall + from * MS_PER_MINUTE);
    const endUtc = zone.wallToUtc(dateWall + to * MS_PER_MINUTE);
    const length = Math.round((endUtc - startUtc) / MS_PER_MINUTE);
    if (length <= 0) continue; // e.g. a slot entirely inside a spring-forward gap
    const start = weekMinuteOf(startUtc);
    placed.push({ utcStart: start, length, localDay: day, localFrom: from });
    if (start + length <= MINUTES_PER_WEEK) pairs.push(start, start + length);
    else pairs.push(start, MINUTES_PER_WEEK, 0, start + length - MINUTES_PER_WEEK);
  }
  return { timeZone, intervals: mergeIntervals(pairs), slots: placed };
}

/** Minutes both sorted interval lists cover. */
export function overlapMinutes(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let total = 0;
  while (i < a.length && j < b.length) {
    const as = a[i] as number;
    const ae = a[i + 1] as number;
    const bs = b[j] as number;
    const be = b[j + 1] as number;
    const s = as > bs ? as : bs;
    const e = ae < be ? ae : be;
    if (e > s) total += e - s;
    if (ae < be) i += 2;
    else j += 2;
  }
  return total;
}

/** The intervals both lists cover, as flattened [start, end) pairs. */
export function overlapIntervals(a: Int32Array, b: Int32Array): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const s = Math.max(a[i] as number, b[j] as number);
    const e = Math.min(a[i + 1] as number, b[j + 1] as number);
    if (e > s) out.push(s, e);
    if ((a[i + 1] as number) < (b[j + 1] as number)) i += 2;
    else j += 2;
  }
  return out;
}

/** Where a UTC week minute falls in a person's local week (day 0 = Monday), if inside one of their slots. */
export function localWeekMinute(availability: WeeklyAvailability, weekMinute: number): { localMinute: number; slotEnd: number } | undefined {
  for (const slot of availability.slots) {
    const delta = (((weekMinute - slot.utcStart) % MINUTES_PER_WEEK) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
    if (delta < slot.length) {
      return { localMinute: slot.localDay * MINUTES_PER_DAY + slot.localFrom + delta, slotEnd: weekMinute + (slot.length - delta) };
    }
  }
  return undefined;
}
