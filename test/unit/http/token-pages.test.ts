/**
 * Links in emails are opened by mail scanners and link previews (GET, HEAD) and
 * some of those run the page's JavaScript: no token page changes state on GET or
 * HEAD, none submits itself, and the state change is the POST of a button.
 */
import { describe, expect, it } from 'vitest';
import { runFollowUp } from '../../../functions/app/use-cases/run-follow-up';
import { requestSignIn } from '../../../functions/app/use-cases/admin/sign-in';
import { createApp } from '../../../functions/http/app';
import { memoryDeps, signupRecord } from '../../support/fakes';
import { pairedInMemory } from '../../support/people';

const ORIGIN = 'http://localhost:3000';
const AT = new Date('2026-11-30T09:00:00Z');

function appFor(env: ReturnType<typeof memoryDeps>) {
  const app = createApp(env.deps, { clientAddress: () => '203.0.113.9' });
  const post = (url: string, fields: Record<string, string>, headers: Record<string, string> = { origin: ORIGIN }) =>
    app.request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields) });
  return { app, post };
}

const linkIn = (text: string, route: string) => new RegExp(`http://localhost:3000(/${route}/[^\\s?]+)`).exec(text)![1]!;

/** A page a person acts on: a POST form with a submit button, and no script at all. */
function expectButtonPageWithoutScript(html: string, action: string) {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/\son[a-z]+=/i);
  expect(html).not.toMatch(/http-equiv="?refresh/i);
  expect(html).toContain(`<form method="post" action="${action}"`);
  expect(html).toMatch(/<button class="button[^"]*" type="submit"/);
}

async function signedUp() {
  const env = memoryDeps();
  const { app, post } = appFor(env);
  const res = await app.request('/api/signups', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(signupRecord({ email: 'scan.me@example.com' })),
  });
  expect(res.status).toBe(202);
  const link = linkIn(env.mailer.sent[0]!.text, 'confirm');
  const status = () => [...env.participants.byId.values()][0]?.status;
  return { ...env, app, post, link, status };
}

describe('confirmation links', () => {
  it('GET and HEAD only show a page with a "Confirm my address" button: the sign-up stays pending', async () => {
    const { app, link, status } = await signedUp();
    const page = await app.request(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h1>Confirm your address</h1>');
    expect(html).toContain('Confirm my address');
    expectButtonPageWithoutScript(html, link);
    expect(status()).toBe('pending');

    const head = await app.request(link, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(status()).toBe('pending');
    // A preview bot fetching it again still sees the button, not "already confirmed".
    expect(await (await app.request(link)).text()).toContain('Confirm my address');
    expect(status()).toBe('pending');
  });

  it('POST /confirm/:token (the button) confirms, once; GET afterwards says so', async () => {
    const { app, post, link, status } = await signedUp();
    const first = await post(link, {});
    expect(first.status).toBe(200);
    const html = await first.text();
    expect(html).toContain('You&#39;re in: we&#39;ll introduce you to your match soon.');
    expect(html).toContain('Thanks for confirming your address.');
    expect(status()).toBe('waiting');
    expect(await (await post(link, {})).text()).toContain('already confirmed');
    const after = await (await app.request(link)).text();
    expect(after).toContain('already confirmed');
    expect(after).not.toContain('Confirm my address');
  });

  it('refuses a cross-site POST (no Origin of ours) and leaves the sign-up pending', async () => {
    const { post, link, status } = await signedUp();
    expect((await post(link, {}, {})).status).toBe(403);
    expect((await post(link, {}, { origin: 'https://evil.example' })).status).toBe(403);
    expect(status()).toBe('pending');
  });

  it('shows the friendly expired-link page with the resend form on GET and on POST', async () => {
    const { app, post, link, clock, status } = await signedUp();
    const forged = await app.request(link.slice(0, -3) + 'abc');
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('action="/confirm/resend"');
    clock.advanceDays(8);
    for (const res of [await app.request(link), await post(link, {})]) {
      expect(res.status).toBe(410);
      const html = await res.text();
      expect(html).toContain('This link has expired');
      expect(html).toContain('action="/confirm/resend"');
    }
    expect(status()).toBe('pending');
  });

  it('still routes POST /confirm/resend to the resend form, not to a token', async () => {
    const { post, mailer } = await signedUp();
    const res = await post('/confirm/resend', { email: 'scan.me@example.com' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Check your inbox');
    expect(mailer.sent.map((m) => m.tags.template)).toEqual(['confirm', 'confirm']);
  });
});

async function paired() {
  const env = await pairedInMemory(AT);
  return { ...env, ...appFor(env) };
}

describe('no token page submits itself', () => {
  it('check-in: GET with an answer shows a "Save my answer" button and records nothing', async () => {
    const { deps, app, pair, ada, lastTo, pairs } = await paired();
    await runFollowUp(deps, { pairId: pair.id, step: 'checkin-1' });
    const checkin = linkIn(lastTo(ada).text, 'checkin');
    for (const answer of ['met', 'not_yet', '4']) {
      const res = await app.request(`${checkin}?answer=${answer}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expectButtonPageWithoutScript(html, checkin);
      expect(html).toContain(`name="answer" value="${answer}"`);
      expect(html).toContain('Save my answer');
      expect((await app.request(`${checkin}?answer=${answer}`, { method: 'HEAD' })).status).toBe(200);
    }
    expectButtonPageWithoutScript(await (await app.request(checkin)).text(), checkin);
    expect(pairs.activityLog).toHaveLength(0);
    expect(pairs.byId.get(pair.id)?.meetingsLogged ?? 0).toBe(0);
  });

  it('rejoin: GET shows the button and leaves the member alumni; the POST rejoins', async () => {
    const { deps, app, post, pair, ada, mailer, participants } = await paired();
    await runFollowUp(deps, { pairId: pair.id, step: 'end' });
    // Ending the pair also withdraws its first-meeting invitation, still ahead on this test's clock.
    const rejoin = linkIn(mailer.sent.find((m) => m.to.includes(ada.email) && m.tags.template === 'closing-survey')!.text, 'rejoin');
    const res = await app.request(rejoin);
    expectButtonPageWithoutScript(await res.text(), rejoin);
    await app.request(rejoin, { method: 'HEAD' });
    expect(participants.byId.get(ada.id)?.status).toBe('alumni');
    expect((await post(rejoin, {})).status).toBe(200);
    expect(participants.byId.get(ada.id)?.status).toBe('waiting');
  });

  it('feedback, manage and admin sign-in pages carry no script either', async () => {
    const { deps, app, pair, ada, lastTo, mailer } = await paired();
    await runFollowUp(deps, { pairId: pair.id, step: 'checkin-1' });
    const feedback = linkIn(lastTo(ada).text, 'feedback');
    expect(await (await app.request(feedback)).text()).not.toMatch(/<script/i);
    const manage = linkIn(lastTo(ada).text, 'unsubscribe');
    expect(await (await app.request(manage)).text()).not.toMatch(/<script/i);

    await requestSignIn(deps, { email: deps.config.admins[0] }, { key: 'client-1' });
    const signIn = /http:\/\/localhost:3000(\/admin\/sign-in\/\S+)/.exec(mailer.sent.find((m) => m.tags.template === 'admin-sign-in')!.text)![1]!;
    expectButtonPageWithoutScript(await (await app.request(signIn)).text(), signIn);
    await app.request(signIn, { method: 'HEAD' });
    // Reading the link twice used nothing up.
    expect((await app.request(signIn)).status).toBe(200);
  });
});

describe('deleting my data takes a second, explicit confirmation', () => {
  it('the first POST only explains what goes; the second button deletes', async () => {
    const { post, app, ada, grace, pair, lastTo, participants, pairs } = await paired();
    const manage = linkIn(lastTo(ada).text, 'unsubscribe');

    const ask = await post(manage, { choice: 'delete' });
    expect(ask.status).toBe(200);
    const html = await ask.text();
    expect(html).toContain('<h1>Delete your data?</h1>');
    expect(html).toContain('What we delete');
    expect(html).toContain('name="choice" value="delete-confirmed"');
    expect(html).toContain('Yes, delete my data');
    expect(html).toContain(`href="${manage}"`);
    expect(html).not.toMatch(/<script/i);
    expect(participants.byId.get(ada.id)?.status).toBe('matched');
    expect(participants.byId.get(ada.id)?.email).toBe(ada.email);
    expect(pairs.byId.get(pair.id)?.status).not.toBe('ended');

    const done = await post(manage, { choice: 'delete-confirmed' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Your data has been deleted');
    expect(participants.byId.get(ada.id)?.status).toBe('deleted');
    expect(participants.byId.get(ada.id)?.email).toBeUndefined();
    expect(pairs.byId.get(pair.id)?.status).toBe('ended');
    expect(participants.byId.get(grace.id)?.status).toBe('waiting');
    // Asking again once deleted just says so.
    expect(await (await post(manage, { choice: 'delete' })).text()).toContain('Your data has been deleted');
    expect(await (await app.request(manage)).text()).toContain('Your data has been deleted');
  });

  it('the deleting POST and the page choices must come from this site', async () => {
    const { post, ada, lastTo, participants } = await paired();
    const manage = linkIn(lastTo(ada).text, 'unsubscribe');
    for (const choice of ['delete-confirmed', 'delete', 'pause']) {
      expect((await post(manage, { choice }, {})).status).toBe(403);
      expect((await post(manage, { choice }, { origin: 'https://evil.example' })).status).toBe(403);
    }
    expect((await post(manage, { choice: 'delete-confirmed' }, { 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect(participants.byId.get(ada.id)?.status).toBe('deleted');
  });

  it('RFC 8058 one-click POST still unsubscribes without Origin, and never deletes', async () => {
    const { post, ada, lastTo, participants } = await paired();
    const manage = linkIn(lastTo(ada).text, 'unsubscribe');
    const res = await post(manage, { 'List-Unsubscribe': 'One-Click' }, {});
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('Unsubscribed');
    expect(participants.byId.get(ada.id)?.status).toBe('unsubscribed');
    expect(participants.byId.get(ada.id)?.email).toBe(ada.email);
  });
});
