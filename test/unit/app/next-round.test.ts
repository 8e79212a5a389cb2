import { describe, expect, it } from 'vitest';
import { nextRound, runMatching } from '../../../functions/app/use-cases/run-matching';
import { memoryDeps, testConfig } from '../../support/fakes';
import { mentee } from '../../support/people';

describe('"not this round": the next round comes from the matching schedule', () => {
  it("names the next firing of the program's matching cron, in the participant's time zone", async () => {
    const env = memoryDeps({ config: testConfig({ matchingCron: 'cron(0 9 ? * WED *)' }) });
    const ada = await mentee(env.deps, 'Ada Lovelace', { timezone: 'Pacific/Auckland' });
    await runMatching(env.deps, env.clock.now()); // Monday 30 November 2026, 09:00 UTC
    const [notice] = env.mailer.sent.filter((m) => m.to.includes(ada.email));
    expect(notice?.tags.template).toBe('not-this-round');
    // Wednesday 09:00 UTC is Wednesday 22:00 in Auckland.
    expect(notice?.text).toContain('Wednesday 2 December');
  });

  it('is the first firing strictly after now, and a week later if the schedule never fires again', () => {
    const monday = new Date('2026-11-30T09:00:00Z');
    expect(nextRound('cron(0 9 ? * MON *)', monday).toISOString()).toBe('2026-12-07T09:00:00.000Z');
    expect(nextRound('cron(0 9 1 1 ? 2020)', monday).toISOString()).toBe('2026-12-07T09:00:00.000Z');
  });
});
