import { describe, expect, it } from 'vitest';
import { checkIn } from '../../functions/app/use-cases/check-in';
import { deleteMyData } from '../../functions/app/use-cases/delete-data';
import { submitFeedback } from '../../functions/app/use-cases/feedback';
import { signedLink } from '../../functions/app/support/links';
import { runFollowUp } from '../../functions/app/use-cases/run-follow-up';
import { runMatching } from '../../functions/app/use-cases/run-matching';
import { scheduleName } from '../../functions/domain/pair';
import { FixedClock } from '../support/fakes';
import { inbox, integrationDeps } from '../support/local-services';
import { mentee, mentor } from '../support/people';

const AT = new Date('2026-11-30T09:00:00Z');

async function pairedProgram() {
  const clock = new FixedClock(AT);
  const env = await integrationDeps(clock);
  const grace = await mentor(env.deps, 'Grace Hopper');
  const ada = await mentee(env.deps, 'Ada Lovelace');
  await runMatching(env.deps, AT);
  const [pair] = await env.deps.pairs.pairsOf(ada.id);
  return { ...env, clock, grace, ada, pair: pair! };
}

const templatesIn = async (address: string) => (await inbox(address)).map((m) => m.subject);

describe('follow-up steps on DynamoDB Local + SES emulator', () => {
  it.each(['icebreakers', 'starters', 'checkin-1', 'end'] as const)('sends %s once when the step fires twice at the same time', async (step) => {
    const { deps, pair, ada, grace, clock } = await pairedProgram();
    // Steps fire after the first meeting (the end step would also withdraw an invitation still ahead).
    clock.current = new Date(Date.parse(pair.firstMeeting!.end) + 60_000);
    const before = (await inbox(ada.email)).length;
    await Promise.all([runFollowUp(deps, { pairId: pair.id, step }), runFollowUp(deps, { pairId: pair.id, step })]);
    await runFollowUp(deps, { pairId: pair.id, step });
    expect((await inbox(ada.email)).length - before).toBe(1);
    expect((await inbox(grace.email)).length - before).toBe(1);
  });

  it('nudges once per ladder level even when firings race, and not after activity', async () => {
    const { deps, pair, ada, clock } = await pairedProgram();
    const basis = AT.toISOString();
    clock.current = new Date('2026-12-15T09:00:00Z');
    const outcomes = await Promise.all([
      runFollowUp(deps, { pairId: pair.id, step: 'nudge-1', basis }),
      runFollowUp(deps, { pairId: pair.id, step: 'nudge-1', basis }),
    ]);
    expect(outcomes.filter((o) => o === 'nudge').length).toBeGreaterThanOrEqual(1);
    expect((await templatesIn(ada.email)).filter((s) => s.startsWith('Time to catch up'))).toHaveLength(1);
    // EventBridge deletes a schedule once it has fired; fired by hand here, so delete it by hand.
    await deps.scheduler.cancel(scheduleName(pair.id, 'nudge-1', basis));

    // A check-in click restarts the ladder: the second nudge of the old ladder does nothing.
    await runFollowUp(deps, { pairId: pair.id, step: 'checkin-1' });
    const token = /\/checkin\/([^\s?]+)/.exec((await inbox(ada.email)).find((m) => m.subject.startsWith('Did you'))!.body.text!)![1]!;
    clock.current = new Date('2026-12-16T09:00:00Z');
    await checkIn(deps, token, 'met');
    clock.current = new Date('2026-12-29T09:00:00Z');
    expect(await runFollowUp(deps, { pairId: pair.id, step: 'nudge-2', basis })).toBe('skip_stale');
    const stored = await deps.pairs.get(pair.id);
    expect(stored).toMatchObject({ meetingsLogged: 1, nudgeLevel: 0, lastActivityAt: '2026-12-16T09:00:00.000Z' });
    // The old ladder's pending nudge-2 was cancelled; a new ladder starts from the check-in.
    const due = await deps.scheduler.due('2027-12-31T00:00:00Z');
    expect(due.filter((s) => s.payload.step.startsWith('nudge-')).map((s) => [s.payload.step, s.payload.basis])).toEqual([
      ['nudge-1', '2026-12-16T09:00:00.000Z'],
    ]);
  });

  it('counts a check-in clicked many times at once as one meeting', async () => {
    const { deps, pair, ada } = await pairedProgram();
    await runFollowUp(deps, { pairId: pair.id, step: 'checkin-1' });
    const token = /\/checkin\/([^\s?]+)/.exec((await inbox(ada.email)).find((m) => m.subject.startsWith('Did you'))!.body.text!)![1]!;
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => checkIn(deps, token, 'met').then((r) => r.outcome)));
    expect(outcomes.filter((o) => o === 'recorded')).toHaveLength(1);
    expect((await deps.pairs.get(pair.id))?.meetingsLogged).toBe(1);
    expect(await deps.pairs.activities(pair.id)).toHaveLength(1);
  });

  it('counts one meeting per check-in period when both members report it at once, by link and by form', async () => {
    const { deps, pair, ada, grace, clock } = await pairedProgram();
    clock.current = new Date('2026-12-14T10:00:00Z');
    const link = async (purpose: 'checkin' | 'feedback', who: { id: string }, extra = '') =>
      (await signedLink(deps, purpose, pair.id, `${who.id}${extra}`)).split('/').pop()!;
    const [adaCheckin, graceCheckin, adaFeedback, graceFeedback] = await Promise.all([
      link('checkin', ada, '.1'),
      link('checkin', grace, '.1'),
      link('feedback', ada),
      link('feedback', grace),
    ]);
    const outcomes = await Promise.all([
      checkIn(deps, adaCheckin, 'met'),
      checkIn(deps, graceCheckin, 'met'),
      ...Array.from({ length: 3 }, () => submitFeedback(deps, adaFeedback, { met: 'yes', timesMet: 50 })),
      submitFeedback(deps, graceFeedback, { met: 'yes', timesMet: 9 }),
    ]);
    expect(outcomes.map((o) => o.outcome).filter((o) => o === 'recorded')).toHaveLength(4);
    expect(await deps.pairs.get(pair.id)).toMatchObject({ meetingsLogged: 1, lastMeetingPeriod: 1 });

    // The next period may count one more.
    clock.current = new Date('2026-12-28T10:00:00Z');
    await checkIn(deps, await link('checkin', ada, '.2'), 'met');
    await submitFeedback(deps, adaFeedback, { met: 'yes', timesMet: 2 });
    expect(await deps.pairs.get(pair.id)).toMatchObject({ meetingsLogged: 2, lastMeetingPeriod: 2 });
    expect((await deps.participants.get(ada.id))?.incentiveEligibleAt).toBeUndefined();
  });
});

describe('delete my data on DynamoDB Local', () => {
  it('erases the participant and their feedback text, frees the partner, and lets the address sign up afresh', async () => {
    const { deps, pair, ada, grace } = await pairedProgram();
    const feedbackToken = (await signedLink(deps, 'feedback', pair.id, ada.id)).split('/').pop()!;
    await submitFeedback(deps, feedbackToken, { met: 'yes', timesMet: 1, satisfaction: 4, comments: 'My manager is Bob Smith' });
    await deleteMyData(deps, (await signedLink(deps, 'unsubscribe', ada.id)).split('/').pop()!);

    const erased = await deps.participants.get(ada.id);
    expect(erased).toMatchObject({ id: ada.id, status: 'deleted', role: 'mentee' });
    expect(JSON.stringify(erased)).not.toContain(ada.email);
    expect(erased).not.toHaveProperty('name');
    expect(await deps.participants.findByEmail(deps.config.id, ada.email)).toBeUndefined();
    const [activity] = await deps.pairs.activities(pair.id);
    expect(activity?.feedback).toEqual({ met: 'yes', timesMet: 1, satisfaction: 4 });
    expect((await deps.pairs.get(pair.id))?.status).toBe('ended');
    expect((await deps.participants.get(grace.id))?.status).toBe('waiting');
  });
});
