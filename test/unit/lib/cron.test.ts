import { describe, expect, it } from 'vitest';
import { CronError, nextFiring, parseCron } from '../../../functions/lib/cron';

const next = (expr: string, after: string) => {
  const t = nextFiring(parseCron(expr), Date.parse(after));
  return t === undefined ? undefined : new Date(t).toISOString();
};

describe('EventBridge cron expressions', () => {
  it('fires the weekly matching run on Mondays at 09:00 UTC', () => {
    expect(next('cron(0 9 ? * MON *)', '2026-11-28T12:00:00Z')).toBe('2026-11-30T09:00:00.000Z');
    expect(next('cron(0 9 ? * MON *)', '2026-11-30T09:00:00Z')).toBe('2026-12-07T09:00:00.000Z');
    expect(next('cron(0 9 ? * MON *)', '2026-11-30T08:59:59Z')).toBe('2026-11-30T09:00:00.000Z');
  });

  it('numbers days of the week from Sunday = 1, like AWS', () => {
    expect(next('cron(0 8 ? * 2 *)', '2026-11-28T00:00:00Z')).toBe('2026-11-30T08:00:00.000Z');
    expect(next('cron(30 6 ? * SAT,SUN *)', '2026-11-27T00:00:00Z')).toBe('2026-11-28T06:30:00.000Z');
  });

  it('handles lists, ranges, steps, month names and years', () => {
    expect(next('cron(0/15 * * * ? *)', '2026-11-28T10:07:00Z')).toBe('2026-11-28T10:15:00.000Z');
    expect(next('cron(0 12 1 JAN,JUL ? *)', '2026-11-28T00:00:00Z')).toBe('2027-01-01T12:00:00.000Z');
    expect(next('cron(0 9-17/4 ? * MON-FRI *)', '2026-11-30T09:30:00Z')).toBe('2026-11-30T13:00:00.000Z');
    expect(next('cron(0 0 29 2 ? 2028)', '2026-01-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
    expect(next('cron(0 0 1 1 ? 2020)', '2026-01-01T00:00:00Z')).toBeUndefined();
  });

  it('refuses malformed and unsupported expressions with a message', () => {
    for (const bad of [
      'rate(1 day)',
      'cron(0 9 * * MON *)',
      'cron(0 9 ? * MON)',
      'cron(61 9 ? * MON *)',
      'cron(0 9 L * ? *)',
      'cron(0 9 ? * 2#1 *)',
      'cron(0 9 ? * FOO *)',
    ]) {
      expect(() => parseCron(bad)).toThrow(CronError);
    }
  });
});
