import { describe, expect, it } from 'vitest';
import { MAX_FIRING_ATTEMPTS, TableScheduler } from '../../functions/adapters/local/table-scheduler';
import { freshTable } from '../support/local-services';

const schedule = (name: string, at: string) => ({ name, at, payload: { pairId: name.split('-')[0]!, step: 'icebreakers' as const } });

describe('TableScheduler (the local EventBridge Scheduler)', () => {
  it('fires what is due, in time order, once, and ignores a repeated create', async () => {
    const { db, tableName } = await freshTable();
    const scheduler = new TableScheduler(db, tableName, 'prog');
    await scheduler.scheduleOnce(schedule('b-icebreakers', '2026-12-03T09:00:00.000Z'));
    await scheduler.scheduleOnce(schedule('a-icebreakers', '2026-12-02T09:00:00.000Z'));
    await scheduler.scheduleOnce(schedule('a-icebreakers', '2026-12-02T09:00:00.000Z'));
    await scheduler.scheduleOnce(schedule('c-icebreakers', '2026-12-20T09:00:00.000Z'));

    const fired: string[] = [];
    const summary = await scheduler.fireDue('2026-12-03T09:00:00.000Z', async (s) => void fired.push(s.name));
    expect(fired).toEqual(['a-icebreakers', 'b-icebreakers']);
    expect(summary).toEqual({ fired: 2, failed: 0, deadLettered: 0 });
    expect((await scheduler.fireDue('2026-12-03T09:00:00.000Z', async (s) => void fired.push(s.name))).fired).toBe(0);
    await scheduler.cancel('c-icebreakers');
    expect(await scheduler.due('2027-01-01T00:00:00.000Z')).toEqual([]);
  });

  it('retries a failing firing, then dead-letters it', async () => {
    const { db, tableName } = await freshTable();
    const scheduler = new TableScheduler(db, tableName, 'prog');
    await scheduler.scheduleOnce(schedule('x-icebreakers', '2026-12-02T09:00:00.000Z'));
    const failing = async () => {
      throw new Error('boom');
    };
    for (let i = 1; i < MAX_FIRING_ATTEMPTS; i++)
      expect(await scheduler.fireDue('2026-12-05T00:00:00.000Z', failing)).toEqual({ fired: 0, failed: 1, deadLettered: 0 });
    expect(await scheduler.fireDue('2026-12-05T00:00:00.000Z', failing)).toEqual({ fired: 0, failed: 1, deadLettered: 1 });
    expect(await scheduler.due('2026-12-05T00:00:00.000Z')).toEqual([]);
  });
});

describe('TableScheduler chains', () => {
  it('also fires schedules that firings create, when they fall due in the same window', async () => {
    const { db, tableName } = await freshTable();
    const scheduler = new TableScheduler(db, tableName, 'prog');
    await scheduler.scheduleOnce(schedule('p-nudge-1', '2026-12-15T09:00:00.000Z'));
    const fired: string[] = [];
    const summary = await scheduler.fireDue('2027-01-31T00:00:00.000Z', async (s) => {
      fired.push(s.name);
      if (s.name === 'p-nudge-1') await scheduler.scheduleOnce(schedule('p-nudge-2', '2026-12-29T09:00:00.000Z'));
      if (s.name === 'p-nudge-2') await scheduler.scheduleOnce(schedule('p-nudge-3', '2027-02-12T09:00:00.000Z'));
    });
    expect(fired).toEqual(['p-nudge-1', 'p-nudge-2']);
    expect(summary.fired).toBe(2);
    expect((await scheduler.due('2027-12-31T00:00:00.000Z')).map((s) => s.name)).toEqual(['p-nudge-3']);
  });
});
