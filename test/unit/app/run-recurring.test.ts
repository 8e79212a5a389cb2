import { describe, expect, it } from 'vitest';
import { currentSettings } from '../../../functions/app/support/current-config';
import { dueTime, runIfDue } from '../../../functions/app/use-cases/run-recurring';
import { previousFiring, parseCron } from '../../../functions/lib/cron';
import { memoryDeps } from '../../support/fakes';

const ms = (iso: string) => Date.parse(iso);
const MONDAY_9 = 'cron(0 9 ? * MON *)';

describe('previousFiring', () => {
  it('is the last firing at or before the instant, in UTC', () => {
    const cron = parseCron(MONDAY_9);
    expect(new Date(previousFiring(cron, ms('2026-11-30T09:00:00Z'))!).toISOString()).toBe('2026-11-30T09:00:00.000Z');
    expect(new Date(previousFiring(cron, ms('2026-11-30T08:59:59Z'))!).toISOString()).toBe('2026-11-23T09:00:00.000Z');
    expect(new Date(previousFiring(parseCron('cron(30 7,19 ? * MON-FRI *)'), ms('2026-12-05T12:00:00Z'))!).toISOString()).toBe('2026-12-04T19:30:00.000Z');
    expect(previousFiring(parseCron('cron(0 9 1 1 ? 2020)'), ms('2026-12-05T12:00:00Z'))).toBeUndefined();
  });
});

describe('dueTime: the heartbeat decision', () => {
  it('is the last scheduled time once it has come, for a day; before it, and long after it, nothing is due', () => {
    expect(dueTime(MONDAY_9, ms('2026-11-30T08:00:00Z'))).toBeUndefined();
    expect(dueTime(MONDAY_9, ms('2026-11-30T09:00:00Z'))).toBe('2026-11-30T09:00:00.000Z');
    // A missed heartbeat: the 10:00 one still runs the 09:00 round.
    expect(dueTime(MONDAY_9, ms('2026-11-30T11:00:00Z'))).toBe('2026-11-30T09:00:00.000Z');
    expect(dueTime(MONDAY_9, ms('2026-12-01T09:00:00Z'))).toBe('2026-11-30T09:00:00.000Z');
    // A schedule moved to a day already past is not run days late.
    expect(dueTime(MONDAY_9, ms('2026-12-02T09:00:00Z'))).toBeUndefined();
  });

  it('is in UTC whatever the clocks of a time zone do: 09:00 UTC before and after the European change to winter time', () => {
    expect(dueTime(MONDAY_9, ms('2026-10-19T09:00:00Z'))).toBe('2026-10-19T09:00:00.000Z');
    expect(dueTime(MONDAY_9, ms('2026-10-26T09:00:00Z'))).toBe('2026-10-26T09:00:00.000Z');
    expect(dueTime(MONDAY_9, ms('2026-10-26T08:00:00Z'))).toBeUndefined();
  });
});

describe('runIfDue', () => {
  it('runs a due job once however often the heartbeat fires, and the next scheduled time again', async () => {
    const env = memoryDeps();
    let runs = 0;
    const job = async () => ++runs;
    const at = (iso: string) => runIfDue(env.deps, 'match', new Date(iso), job);

    expect(await at('2026-11-30T08:00:00Z')).toEqual({ ran: false, reason: 'not_due' });
    expect(await at('2026-11-30T09:00:00Z')).toEqual({ ran: true, scheduledFor: '2026-11-30T09:00:00.000Z', result: 1 });
    expect(await at('2026-11-30T09:00:00Z')).toEqual({ ran: false, reason: 'already_run', scheduledFor: '2026-11-30T09:00:00.000Z' });
    expect(await at('2026-11-30T10:00:00Z')).toMatchObject({ ran: false, reason: 'already_run' });
    expect(await at('2026-12-07T09:00:00Z')).toMatchObject({ ran: true, scheduledFor: '2026-12-07T09:00:00.000Z' });
    expect(runs).toBe(2);
    expect(await env.deps.jobRuns.lastFinished(env.deps.config.id, 'match')).toBe('2026-12-07T09:00:00.000Z');
  });

  it('lets a retry run a job that failed, and hands the job the current settings', async () => {
    const env = memoryDeps();
    const failing = async () => {
      throw new Error('boom');
    };
    await expect(runIfDue(env.deps, 'digest', new Date('2026-11-30T08:00:00Z'), failing)).rejects.toThrow('boom');
    const seen: number[] = [];
    const outcome = await runIfDue(env.deps, 'digest', new Date('2026-11-30T08:01:00Z'), async (live) => seen.push(live.config.meetingCadenceDays));
    expect(outcome).toMatchObject({ ran: true, scheduledFor: '2026-11-30T08:00:00.000Z' });
    expect(seen).toEqual([14]);
  });

  it('follows the schedule in the settings data: an admin moving the digest to Friday makes Monday not due', async () => {
    const env = memoryDeps();
    const current = await currentSettings(env.deps);
    await env.deps.settingsStore.write(env.deps.config.id, {
      version: 2,
      updatedAt: '2026-11-29T00:00:00.000Z',
      updatedBy: 'adm_1',
      settings: { ...current.settings, digestCron: 'cron(0 7 ? * FRI *)' },
    });
    const job = async () => 'sent';
    expect(await runIfDue(env.deps, 'digest', new Date('2026-11-30T08:00:00Z'), job)).toEqual({ ran: false, reason: 'not_due' });
    expect(await runIfDue(env.deps, 'digest', new Date('2026-12-04T07:00:00Z'), job)).toMatchObject({ ran: true, scheduledFor: '2026-12-04T07:00:00.000Z' });
  });
});
