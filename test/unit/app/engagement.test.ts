import { describe, expect, it } from 'vitest';
import { checkIn } from '../../../functions/app/use-cases/check-in';
import { runFollowUp } from '../../../functions/app/use-cases/run-follow-up';
import { submitFeedback } from '../../../functions/app/use-cases/feedback';
import { introIceBreaker } from '../../../functions/domain/catalogue-pick';
import { pairedInMemory } from '../../support/people';

const AT = new Date('2026-11-30T09:00:00Z');

async function pairedProgram() {
  const { grace, ada, pair, ...env } = await pairedInMemory(AT);
  env.mailer.sent.length = 0;
  const at = (iso: string) => (env.clock.current = new Date(iso));
  const fire = async (step: string, basis?: string) => {
    const due = [...env.scheduler.schedules.values()].find((s) => s.payload.step === step && (basis === undefined || s.payload.basis === basis));
    return runFollowUp(env.deps, due ? due.payload : { pairId: pair!.id, step: step as 'icebreakers', basis });
  };
  const sentTo = (p: { email: string }) => env.mailer.sent.filter((m) => m.to.includes(p.email));
  const linkIn = (text: string, route: string) => new RegExp(`/${route}/([^\\s?]+)`).exec(text)![1]!;
  return { ...env, grace, ada, pair: pair!, at, fire, sentTo, linkIn };
}

describe('follow-up steps', () => {
  it('sends each member three different ice-breakers, none of them the intro one, once', async () => {
    const { deps, pair, fire, sentTo, grace, ada } = await pairedProgram();
    await Promise.all([fire('icebreakers'), fire('icebreakers')]);
    const [toGrace, toAda] = [sentTo(grace), sentTo(ada)];
    expect(toGrace).toHaveLength(1);
    expect(toAda).toHaveLength(1);
    const questions = (m: { text: string }) =>
      m.text
        .split('\n')
        .filter((l) => l.startsWith('- '))
        .map((l) => l.slice(2));
    const all = [...questions(toGrace[0]!), ...questions(toAda[0]!)];
    expect(all).toHaveLength(6);
    expect(new Set(all).size).toBe(6);
    expect(all).not.toContain(introIceBreaker(deps.config.iceBreakers, pair.id));
    // Each copy carries its recipient's own reply address (replies by email: handle-reply.test.ts).
    expect(toGrace[0]!.replyTo).toEqual([expect.stringMatching(/^reply\+mentor-/), ada.email]);
    expect(toAda[0]!.replyTo).toEqual([expect.stringMatching(/^reply\+mentee-/), grace.email]);
  });

  it('check-in links record a meeting once and restart the nudge ladder', async () => {
    const { deps, pairs, pair, fire, sentTo, ada, linkIn, scheduler, at } = await pairedProgram();
    at('2026-12-14T09:00:00Z');
    await fire('checkin-1');
    const email = sentTo(ada)[0]!;
    const token = linkIn(email.text, 'checkin');
    expect(email.text).toContain(`/checkin/${token}?answer=met`);
    at('2026-12-14T18:00:00Z');
    await checkIn(deps, token, 'met');
    await checkIn(deps, token, 'met');
    expect(pairs.byId.get(pair.id)).toMatchObject({ meetingsLogged: 1, lastActivityAt: '2026-12-14T18:00:00.000Z', nudgeLevel: 0 });
    const nudges = [...scheduler.schedules.values()].filter((s) => s.payload.step === 'nudge-1');
    expect(nudges.map((n) => n.payload.basis)).toEqual(['2026-12-14T18:00:00.000Z']);
    // The old ladder's nudge, if it still fired, would do nothing.
    expect(await runFollowUp(deps, { pairId: pair.id, step: 'nudge-1', basis: AT.toISOString() })).toBe('skip_stale');
  });

  it('nudges a quiet pair, then nudges again, then escalates to the admins with a re-match link', async () => {
    const { deps, pair, fire, sentTo, grace, mailer, at } = await pairedProgram();
    const basis = AT.toISOString();
    at('2026-12-15T09:00:00Z');
    expect(await fire('nudge-1', basis)).toBe('nudge');
    expect(sentTo(grace).map((m) => m.tags.template)).toEqual(['nudge']);
    at('2026-12-29T09:00:00Z');
    expect(await fire('nudge-2', basis)).toBe('nudge');
    at('2027-01-12T09:00:00Z');
    expect(await fire('nudge-3', basis)).toBe('escalate');
    expect(await fire('nudge-3', basis)).toBe('skip_done');
    const escalations = mailer.sent.filter((m) => m.tags.template === 'escalation');
    expect(escalations).toHaveLength(1);
    expect(escalations[0]!.to).toEqual(deps.config.admins);
    expect(escalations[0]!.text).toContain(`http://localhost:3000/admin/pairs/${pair.id}\n`);
    expect(escalations[0]!.headers).toEqual([]);
    expect((await deps.pairs.get(pair.id))?.status).toBe('at_risk');
  });

  it('keeps paused members out of reminders, and waits with the ladder until the pause ends', async () => {
    const { deps, fire, sentTo, grace, ada, at, linkIn, scheduler } = await pairedProgram();
    // Grace pauses from the manage page behind her unsubscribe link.
    await deps.participants.setFlags(grace, { pausedUntil: '2026-12-20T00:00:00.000Z' }, AT.toISOString());
    at('2026-12-02T09:00:00Z');
    await fire('icebreakers');
    expect(sentTo(grace)).toHaveLength(0);
    expect(sentTo(ada)).toHaveLength(1);
    at('2026-12-15T09:00:00Z');
    expect(await fire('nudge-1', AT.toISOString())).toBe('wait');
    expect([...scheduler.schedules.values()].some((s) => s.at === '2026-12-20T00:00:00.000Z' && s.payload.step === 'nudge-1')).toBe(true);
    expect(linkIn).toBeDefined();
  });

  it('closes the pair at the end: closing survey to both, members become alumni who may rejoin', async () => {
    const { deps, pair, fire, sentTo, grace, ada, at } = await pairedProgram();
    at('2027-02-22T09:00:00Z');
    await fire('end');
    expect(sentTo(ada).map((m) => m.tags.template)).toEqual(['closing-survey']);
    expect((await deps.pairs.get(pair.id))?.status).toBe('ended');
    expect(await deps.participants.get(ada.id)).toMatchObject({ status: 'alumni', activePairs: 0 });
    expect(await deps.participants.get(grace.id)).toMatchObject({ status: 'alumni', activePairs: 0 });
    expect(await fire('checkin-5')).toBe('pair_ended');
  });

  it('counts one feedback per member and check-in period, and at most one meeting per pair and period', async () => {
    const { deps, pair, fire, sentTo, ada, grace, linkIn, at } = await pairedProgram();
    at('2026-12-14T09:00:00Z');
    await fire('checkin-1');
    const adaFeedback = linkIn(sentTo(ada)[0]!.text, 'feedback');
    const graceFeedback = linkIn(sentTo(grace)[0]!.text, 'feedback');
    // The replayed form of the issue: five submissions claiming 50 meetings.
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push((await submitFeedback(deps, adaFeedback, { met: 'yes', timesMet: 50, satisfaction: 5 })).outcome);
    expect(outcomes).toEqual(['recorded', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
    // The partner's answer is kept, but the period's meeting is already counted.
    expect((await submitFeedback(deps, graceFeedback, { met: 'yes', timesMet: 2 })).outcome).toBe('recorded');
    expect((await deps.pairs.get(pair.id))?.meetingsLogged).toBe(1);
    expect((await deps.participants.get(ada.id))?.incentiveEligibleAt).toBeUndefined();
  });

  it('makes both members incentive-eligible when meetings in three check-in periods reach the threshold', async () => {
    const { deps, pair, fire, sentTo, ada, grace, linkIn, at } = await pairedProgram();
    const meetingIn = async (iso: string, step: string) => {
      at(iso);
      await fire(step);
      await checkIn(deps, linkIn(sentTo(ada).at(-1)!.text, 'checkin'), 'met');
      await checkIn(deps, linkIn(sentTo(grace).at(-1)!.text, 'checkin'), 'met');
    };
    await meetingIn('2026-12-14T09:00:00Z', 'checkin-1');
    await meetingIn('2026-12-28T09:00:00Z', 'checkin-2');
    expect((await deps.participants.get(ada.id))?.incentiveEligibleAt).toBeUndefined();
    await meetingIn('2027-01-11T09:00:00Z', 'checkin-3');
    expect((await deps.pairs.get(pair.id))?.meetingsLogged).toBe(3);
    expect((await deps.participants.get(grace.id))?.incentiveEligibleAt).toBe('2027-01-11T09:00:00.000Z');
    expect((await deps.participants.get(ada.id))?.incentiveEligibleAt).toBe('2027-01-11T09:00:00.000Z');
    // The week's digest lists both as earners.
    const earners = await deps.stats.incentiveEarners(deps.config.id, '2027-W02');
    expect(earners.map((e) => e.participantId).sort()).toEqual([ada.id, grace.id].sort());
  });
});
