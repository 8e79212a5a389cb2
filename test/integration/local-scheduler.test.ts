import { describe, expect, it } from 'vitest';
import { startLocalScheduler } from '../../scripts/local/local-scheduler';
import { waitFor } from '../../scripts/local/ports';
import { FixedClock } from '../support/fakes';
import { integrationDeps } from '../support/local-services';
import { mentee, mentor } from '../support/people';

describe('the local scheduler on the real clock', () => {
  it('runs matching once when the settings make it due (a heartbeat, not a timer per cron) and fires the one-time schedules that are due', async () => {
    // One second before the weekly "Monday 09:00 UTC" run.
    const clock = new FixedClock(new Date('2026-11-30T08:59:59Z'));
    const { deps } = await integrationDeps(clock);
    await mentor(deps, 'Grace Hopper');
    await mentee(deps, 'Ada Lovelace');
    const lines: string[] = [];
    const scheduler = startLocalScheduler(deps, (line) => lines.push(line), 50);
    try {
      expect((await scheduler.next()).matching?.toISOString()).toBe('2026-11-30T09:00:00.000Z');
      clock.current = new Date('2026-11-30T09:00:01Z');
      await waitFor(async () => lines.some((l) => l.startsWith('matching run:')), 'the matching run', 5000);
      expect(lines.find((l) => l.startsWith('matching run:'))).toContain('"pairsCreated":1');
      expect((await scheduler.next()).matching?.toISOString()).toBe('2026-12-07T09:00:00.000Z');
      // Further ticks of the same hour do not run it again.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(lines.filter((l) => l.startsWith('matching run:'))).toHaveLength(1);

      clock.current = new Date('2026-12-02T09:00:01Z');
      await waitFor(async () => lines.some((l) => l.startsWith('follow-ups:')), 'the ice-breakers to fire', 5000);
      expect(lines.find((l) => l.startsWith('follow-ups:'))).toContain('"fired":1');
    } finally {
      await scheduler.stop();
    }
  });
});
