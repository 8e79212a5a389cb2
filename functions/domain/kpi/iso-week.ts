/**
 * ISO-8601 week ids ("2026-W48") in UTC: weeks start on Monday 00:00 UTC and
 * week 1 is the week holding the year's first Thursday, so a year has 52 or 53
 * weeks and the first/last days of a calendar year may belong to the
 * neighbouring ISO year. Counters are keyed by these ids, so every event is
 * counted in the UTC week of its instant, whatever the participant's time zone.
 */
import type { IsoWeek } from './aggregates';
import { accepts } from '../../lib/accepts';

export type { IsoWeek } from './aggregates';

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

const ISO_WEEK = /^(\d{4})-W(\d{2})$/;

/** The ISO week holding the instant `ms` (UTC). */
export function isoWeekOf(ms: number): IsoWeek {
  if (!Number.isFinite(ms)) throw new RangeError(`Not a time: ${ms}`);
  const midnight = Math.floor(ms / DAY_MS) * DAY_MS;
  const weekday = (new Date(midnight).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  // The Thursday of the same week decides the ISO year.
  const thursday = midnight + (3 - weekday) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / WEEK_MS) + 1;
  return formatWeek(year, week);
}

/** Monday 00:00 UTC of week 1 of the ISO year `year`. */
function firstMonday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4); // always in week 1
  const weekday = (new Date(jan4).getUTCDay() + 6) % 7;
  return jan4 - weekday * DAY_MS;
}

/** 52 or 53. */
export function weeksInYear(year: number): number {
  return Math.round((firstMonday(year + 1) - firstMonday(year)) / WEEK_MS);
}

/** Splits "2026-W48" into its year and week number; throws on anything else (including "2025-W53", which does not exist). */
export function parseIsoWeek(week: IsoWeek): { year: number; week: number } {
  const m = ISO_WEEK.exec(week);
  const year = Number(m?.[1]);
  const num = Number(m?.[2]);
  if (!m || num < 1 || num > weeksInYear(year)) throw new RangeError(`Not an ISO week: ${week}`);
  return { year, week: num };
}

export function isIsoWeek(value: string): boolean {
  return accepts(parseIsoWeek, value);
}

/** Monday 00:00 UTC of the week, in ms. */
export function weekStart(week: IsoWeek): number {
  const { year, week: num } = parseIsoWeek(week);
  return firstMonday(year) + (num - 1) * WEEK_MS;
}

/** The end of the week (the next Monday 00:00 UTC, exclusive), in ms. */
export function weekEnd(week: IsoWeek): number {
  return weekStart(week) + WEEK_MS;
}

/** The week `n` weeks after `week` (negative: before). */
export function addWeeks(week: IsoWeek, n: number): IsoWeek {
  return isoWeekOf(weekStart(week) + n * WEEK_MS);
}

/** The `n` weeks ending with `week`, oldest first. */
export function previousWeeks(week: IsoWeek, n: number): IsoWeek[] {
  const start = weekStart(week);
  const count = Math.max(0, Math.floor(n));
  return Array.from({ length: count }, (_, i) => isoWeekOf(start - (count - 1 - i) * WEEK_MS));
}

/** The last week that has fully ended at `nowMs` (the week before the current one). */
export function lastCompleteWeek(nowMs: number): IsoWeek {
  return isoWeekOf(weekStart(isoWeekOf(nowMs)) - WEEK_MS);
}

function formatWeek(year: number, week: number): IsoWeek {
  return `${String(year).padStart(4, '0')}-W${String(week).padStart(2, '0')}`;
}
