/**
 * When a new pair's first meeting is proposed: the earliest slot of the meeting's length
 * inside both members' stated weekly availability, each read in the member's own IANA zone,
 * on the real dates ahead (so a daylight-saving change between now and the meeting moves
 * the slot exactly as the members' clocks move). Pure: every time comes in as data.
 *
 * The weekly slots are placed on each concrete local date of the search window with the
 * zone's offset on that date (ZoneTimeline from matching/availability.ts, which the matcher
 * and the intro's overlap summary use too), then the two members' intervals are intersected.
 * Starts lie on a 15-minute grid of UTC, which is a 15-minute grid in every zone in use
 * (offsets are whole quarter hours: +05:30, +05:45, +12:45).
 */
import { dayIndex, mergeIntervals, overlapIntervals, zoneTimeline } from '../matching/availability';
import type { AvailabilitySlot } from '../signup-schema';
import { dateFormat } from '../../lib/date-format';

export interface MemberSchedule {
  timezone: string;
  availability: readonly AvailabilitySlot[];
}

export interface Slot {
  /** ISO 8601 instants. */
  start: string;
  end: string;
}

export interface SlotRequest {
  /** The earliest start (ms): pairing + 48 h for the first proposal, now + 48 h for a new one. */
  notBefore: number;
  minutes: number;
  /** Slots already proposed: the next one lies in a different shared window than each of them. */
  tried?: readonly Slot[];
  /** Meetings either member already has (their other pairs' first meetings): never double-booked. */
  busy?: readonly Slot[];
  /** How far ahead to look: bounded work per pair. */
  weeks?: number;
}

export const FIRST_MEETING_LEAD_HOURS = 48;
export const SEARCH_WEEKS = 6;
export const SLOT_GRID_MINUTES = 15;
const MINUTE = 60_000;
const DAY = 86_400_000;

const hhmm = (value: string) => Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5));

/**
 * One member's free time between `from` and `to` (ms), as flattened sorted [start, end)
 * minutes counted from `from`. Local dates reach a day past each end (zones are at most
 * 14 h from UTC), and each slot is converted with the offset of its own date.
 */
export function freeIntervals(member: MemberSchedule, from: number, to: number): Int32Array {
  const zone = zoneTimeline(member.timezone, from - 2 * DAY, to + 2 * DAY);
  const pairs: number[] = [];
  const firstDate = Math.floor(from / DAY) * DAY - DAY;
  for (let date = firstDate; date <= to + DAY; date += DAY) {
    const weekday = (new Date(date).getUTCDay() + 6) % 7;
    for (const slot of member.availability) {
      if (dayIndex(slot.day) !== weekday) continue;
      const start = Math.max(zone.wallToUtc(date + hhmm(slot.from) * MINUTE), from);
      const end = Math.min(zone.wallToUtc(date + hhmm(slot.to) * MINUTE), to);
      // Empty when outside the window or wholly inside a spring-forward gap.
      if (end > start) pairs.push(Math.floor((start - from) / MINUTE), Math.floor((end - from) / MINUTE));
    }
  }
  return mergeIntervals(pairs);
}

/** Every window both members are free in, as absolute [start, end) ms, earliest first. */
export function sharedWindows(a: MemberSchedule, b: MemberSchedule, from: number, to: number): [number, number][] {
  const flat = overlapIntervals(freeIntervals(a, from, to), freeIntervals(b, from, to));
  const out: [number, number][] = [];
  for (let i = 0; i < flat.length; i += 2) out.push([from + (flat[i] as number) * MINUTE, from + (flat[i + 1] as number) * MINUTE]);
  return out;
}

/**
 * The earliest slot that fits, or undefined when the two share no window long enough in
 * the search (then the pair agrees a time by reply). A slot already tried was declined
 * (or "another time"): the window it lay in is skipped altogether, since a person who
 * cannot make Tuesday 09:00 can seldom make Tuesday 09:30.
 */
export function meetingSlot(a: MemberSchedule, b: MemberSchedule, request: SlotRequest): Slot | undefined {
  const grid = SLOT_GRID_MINUTES * MINUTE;
  const length = request.minutes * MINUTE;
  if (!(length > 0)) return undefined;
  const from = Math.ceil(request.notBefore / grid) * grid;
  const to = from + (request.weeks ?? SEARCH_WEEKS) * 7 * DAY;
  const tried = (request.tried ?? []).map((t) => [Date.parse(t.start), Date.parse(t.end)] as const);
  const busy = (request.busy ?? []).map((t) => [Date.parse(t.start), Date.parse(t.end)] as const);
  for (const [start, end] of sharedWindows(a, b, from, to)) {
    // Touching counts: a window cut short at a tried slot's end is still that slot's window.
    if (tried.some(([ts, te]) => ts <= end && te >= start)) continue;
    let first = Math.ceil(start / grid) * grid;
    // Past each meeting a member already has in this window (a mentor with two new mentees meets them one after the other).
    for (let clash = busy.find(([bs, be]) => bs < first + length && be > first); clash; clash = busy.find(([bs, be]) => bs < first + length && be > first)) {
      first = Math.ceil(clash[1] / grid) * grid;
    }
    if (first + length <= end) return { start: new Date(first).toISOString(), end: new Date(first + length).toISOString() };
  }
  return undefined;
}

/** The first proposal's earliest start: 48 hours after pairing. */
export const firstProposalFrom = (pairedAt: string) => Date.parse(pairedAt) + FIRST_MEETING_LEAD_HOURS * 3_600_000;

/** "Tue 8 Dec, 09:00 CET": a slot's start as the reader's own clock shows it. */
export function slotInZone(at: string, timeZone: string): string {
  const parts = dateFormat({
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
    timeZoneName: 'short',
  }).formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('weekday')} ${get('day')} ${get('month')}, ${get('hour')}:${get('minute')} ${get('timeZoneName')}`;
}
