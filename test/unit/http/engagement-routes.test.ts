import { describe, expect, it } from 'vitest';
import { runFollowUp } from '../../../functions/app/use-cases/run-follow-up';
import { rematchPair } from '../../../functions/app/use-cases/rematch';
import { createApp } from '../../../functions/http/app';
import { pairedInMemory } from '../../support/people';

const ORIGIN = 'http://localhost:3000';
const AT = new Date('2026-11-30T09:00:00Z');

async function setup() {
  const { grace, ada, pair, ...env } = await pairedInMemory(AT, 'Ada <b>Lovelace</b>');
  const app = createApp(env.deps, { clientAddress: () => '203.0.113.9' });
  const path = (text: string, route: string) => new RegExp(`http://localhost:3000(/${route}/[^\\s?]+)`).exec(text)![1]!;
  const post = (url: string, fields: Record<string, string>, headers: Record<string, string> = { origin: ORIGIN }) =>
    app.request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields) });
  return { ...env, grace, ada, pair, app, path, post };
}

describe('check-in links', () => {
  it('never act on GET (mail scanners open links), and record the answer on POST', async () => {
    const { deps, pair, ada, app, path, post, lastTo, pairs } = await setup();
    await runFollowUp(deps, { pairId: pair.id, step: 'checkin-1' });
    const checkin = path(lastTo(ada).text, 'checkin');
    const page = await app.request(`${checkin}?answer=met`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('name="answer" value="met"');
    // No script: scanners that run JavaScript must not be able to submit it.
    expect(html).not.toMatch(/<script/);
    expect(html).toContain('Save my answer');
    expect(pairs.activityLog).toHaveLength(0);

    const saved = await post(checkin, { answer: 'met' });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain('Great: you met Grace');
    expect(pairs.byId.get(pair.id)?.meetingsLogged).toBe(1);
    expect((await post(checkin, { answer: 'met' }, {})).status).toBe(403);
    expect((await post(checkin, { answer: 'maybe' })).status).toBe(422);
    expect((await app.request(`${checkin.slice(0, -4)}abcd?answer=met`)).status).toBe(400);
  });
});

describe('feedback form', () => {
  it('shows field errors with 422 and records a valid answer once', async () => {
    const { deps, pair, ada, app, path, post, lastTo, pairs } = await setup();
    await runFollowUp(deps, { pairId: pair.id, step: 'checkin-1' });
    const feedback = path(lastTo(ada).text, 'feedback');
    const form = await (await app.request(feedback)).text();
    expect(form).toContain('How is it going with Grace?');

    const invalid = await post(feedback, { satisfaction: '9', wentWell: '<script>x</script>' });
    expect(invalid.status).toBe(422);
    const errorPage = await invalid.text();
    expect(errorPage).toContain('Tell us whether you have met');
    expect(errorPage).toContain('&lt;script&gt;x&lt;/script&gt;');

    const fields = { met: 'yes', timesMet: '2', satisfaction: '4', wentWell: 'Great questions' };
    expect((await post(feedback, fields)).status).toBe(200);
    const again = await post(feedback, { ...fields, submission: 'client-chosen-id', timesMet: '50' });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('We already have your feedback');
    expect(pairs.activityLog.filter((a) => a.kind === 'feedback')).toHaveLength(1);
    expect(pairs.byId.get(pair.id)?.meetingsLogged).toBe(1);
  });
});

describe('manage page behind the unsubscribe link', () => {
  it('offers pause, unsubscribe and delete; pause sets 30 days', async () => {
    const { ada, app, path, post, lastTo, participants } = await setup();
    const manage = path(lastTo(ada).text, 'unsubscribe');
    const page = await (await app.request(manage)).text();
    for (const choice of ['pause', 'unsubscribe', 'delete']) expect(page).toContain(`value="${choice}"`);
    expect(page).not.toContain('<b>Lovelace</b>');
    await post(manage, { choice: 'pause' });
    expect(participants.byId.get(ada.id)?.pausedUntil).toBe('2026-12-30T09:00:00.000Z');
  });

  it('deletes personal data on request, ends the pair and returns the partner to the pool', async () => {
    const { ada, grace, pair, app, path, post, lastTo, participants, pairs } = await setup();
    const manage = path(lastTo(ada).text, 'unsubscribe');
    expect((await post(manage, { choice: 'delete' })).status).toBe(200);
    expect(participants.byId.get(ada.id)?.status).not.toBe('deleted');
    expect((await post(manage, { choice: 'delete-confirmed' })).status).toBe(200);
    const erased = participants.byId.get(ada.id)!;
    expect(erased.status).toBe('deleted');
    expect(erased.email).toBeUndefined();
    expect(erased.name).toBeUndefined();
    expect(pairs.byId.get(pair.id)?.status).toBe('ended');
    expect(participants.byId.get(grace.id)?.status).toBe('waiting');
    expect(await (await app.request(manage)).text()).toContain('Your data has been deleted');
  });
});

describe('escalation and rejoin links', () => {
  it('links the escalation to the pair in the console (no bearer link); ending it there frees both and blocks the pair', async () => {
    const { deps, pair, ada, grace, app, mailer, pairs, participants, clock } = await setup();
    clock.current = new Date('2027-01-12T09:00:00Z');
    await deps.pairs.setLadder(pair, { nudgeLevel: 2 });
    await runFollowUp(deps, { pairId: pair.id, step: 'nudge-3', basis: AT.toISOString() });
    const escalation = mailer.sent.find((m) => m.tags.template === 'escalation')!;
    const link = /http:\/\/localhost:3000(\/admin\/\S+)/.exec(escalation.text)![1]!;
    expect(link).toBe(`/admin/pairs/${pair.id}`);
    // Without a session, the console sends the admin to sign in first, then back to the pair.
    const signedOut = await app.request(link);
    expect([302, 303]).toContain(signedOut.status);
    expect(signedOut.headers.get('location')).toBe(`/admin?next=${encodeURIComponent(link)}`);
    expect(pairs.byId.get(pair.id)?.status).toBe('at_risk');
    expect((await rematchPair(deps, pair.id)).outcome).toBe('ended');
    expect(pairs.byId.get(pair.id)?.status).toBe('ended');
    expect(participants.byId.get(ada.id)?.status).toBe('waiting');
    expect(participants.byId.get(grace.id)?.status).toBe('waiting');
    expect(pairs.blockedPairs).toEqual([{ mentorId: grace.id, menteeId: ada.id }]);
  });

  it('puts an alumni member back into the pool from the closing email', async () => {
    const { deps, pair, ada, app, path, post, mailer, participants } = await setup();
    await runFollowUp(deps, { pairId: pair.id, step: 'end' });
    // Ending the pair also withdraws its first-meeting invitation, still ahead on this test's clock.
    const closing = mailer.sent.find((m) => m.to.includes(ada.email) && m.tags.template === 'closing-survey')!;
    const rejoin = path(closing.text, 'rejoin');
    expect(participants.byId.get(ada.id)?.status).toBe('alumni');
    expect((await app.request(rejoin)).status).toBe(200);
    expect(participants.byId.get(ada.id)?.status).toBe('alumni');
    await post(rejoin, {});
    expect(participants.byId.get(ada.id)?.status).toBe('waiting');
  });
});
