/**
 * EventBridge Scheduler `cron(minutes hours day-of-month month day-of-week year)`
 * expressions, evaluated in UTC, so the local stack fires recurring jobs on the
 * same expressions AWS uses. Supports numbers, names, `*`, `?`, lists, ranges
 * and steps; the rarely used `L`, `W` and `#` are refused with a clear error.
 */
import { accepts } from './accepts';

export class CronError extends Error {
  override name = 'CronError' as const;
}

interface Field {
  values: Set<number>;
  any: boolean;
}

export interface Cron {
  minutes: Field;
  hours: Field;
  daysOfMonth: Field;
  months: Field;
  /** 1 = Sunday … 7 = Saturday, as in AWS. */
  daysOfWeek: Field;
  years: Field;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function parseField(text: string, min: number, max: number, label: string, names: string[] = [], nameBase = 1): Field {
  if (text === '*' || text === '?') return { values: new Set(), any: true };
  if (text.includes('#') || text.split(',').some((t) => /^(\d*L|\d+W|LW)$/i.test(t))) {
    throw new CronError(`${label}: "${text}" uses L, W or #, which the local scheduler does not support`);
  }
  const value = (token: string) => {
    const named = names.indexOf(token.toUpperCase());
    const n = named >= 0 ? named + nameBase : Number(token);
    if (!Number.isInteger(n) || n < min || n > max) throw new CronError(`${label}: "${token}" is not between ${min} and ${max}`);
    return n;
  };
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new CronError(`${label}: bad step in "${part}"`);
    let [from, to] = [min, max];
    if (range !== '*') {
      const [a = '', b] = range.split('-');
      from = value(a);
      to = b === undefined ? (stepText === undefined ? from : max) : value(b);
    }
    if (to < from) throw new CronError(`${label}: "${part}" runs backwards`);
    for (let n = from; n <= to; n += step) values.add(n);
  }
  return { values, any: false };
}

export function parseCron(expression: string): Cron {
  const inner = /^cron\((.*)\)$/.exec(expression.trim())?.[1];
  if (inner === undefined) throw new CronError(`"${expression}" is not a cron(...) expression`);
  const fields = inner.trim().split(/\s+/);
  if (fields.length !== 6) throw new CronError(`"${expression}" needs 6 fields: minutes hours day-of-month month day-of-week year`);
  const [mi = '', h = '', dom = '', mo = '', dow = '', y = ''] = fields;
  if ((dom === '?') === (dow === '?')) throw new CronError(`"${expression}": exactly one of day-of-month and day-of-week must be "?"`);
  return {
    minutes: parseField(mi, 0, 59, 'minutes'),
    hours: parseField(h, 0, 23, 'hours'),
    daysOfMonth: parseField(dom, 1, 31, 'day-of-month'),
    months: parseField(mo, 1, 12, 'month', MONTHS),
    daysOfWeek: parseField(dow, 1, 7, 'day-of-week', DAYS),
    years: parseField(y, 1970, 2199, 'year'),
  };
}

const has = (f: Field, n: number) => f.any || f.values.has(n);
const sorted = (f: Field, min: number, max: number) => (f.any ? Array.from({ length: max - min + 1 }, (_, i) => min + i) : [...f.values].sort((a, b) => a - b));
const DAY_MS = 86_400_000;

/** Whether an expression is a cron(...) this module (and so the local scheduler) can evaluate. */
export function isCronExpression(expression: string): boolean {
  return accepts(parseCron, expression);
}

/** The first firing strictly after `afterMs`, or undefined if none within five years. */
export function nextFiring(cron: Cron, afterMs: number): number | undefined {
  for (const t of firings(cron, afterMs, 1)) if (t > afterMs) return t;
  return undefined;
}

/** The last firing at or before `atMs`, or undefined if none within five years. */
export function previousFiring(cron: Cron, atMs: number): number | undefined {
  for (const t of firings(cron, atMs, -1)) if (t <= atMs) return t;
  return undefined;
}

/** The firings from the day of `ms` on, for five years: forwards in time (1) or backwards (-1). */
function* firings(cron: Cron, ms: number, direction: 1 | -1): Generator<number> {
  const hours = sorted(cron.hours, 0, 23);
  const minutes = sorted(cron.minutes, 0, 59);
  if (direction < 0) {
    hours.reverse();
    minutes.reverse();
  }
  const firstDay = Math.floor(ms / DAY_MS) * DAY_MS;
  for (let i = 0; i < 5 * 366; i++) {
    const day = firstDay + direction * i * DAY_MS;
    const d = new Date(day);
    if (!has(cron.years, d.getUTCFullYear()) || !has(cron.months, d.getUTCMonth() + 1)) continue;
    if (!has(cron.daysOfMonth, d.getUTCDate()) || !has(cron.daysOfWeek, d.getUTCDay() + 1)) continue;
    for (const h of hours) for (const m of minutes) yield day + h * 3_600_000 + m * 60_000;
  }
}
