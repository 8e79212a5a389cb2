/**
 * Malformed form bodies (a file where text is expected, a truncated or garbled
 * multipart body) get a clear 4xx on every form route, never a 5xx, and
 * nothing is written or sent.
 */
import { describe, expect, it } from 'vitest';
import { signedLink } from '../../../functions/app/support/links';
import { runFollowUp } from '../../../functions/app/use-cases/run-follow-up';
import { createApp } from '../../../functions/http/app';
import { signupRecord } from '../../support/fakes';
import { mentee, pairedInMemory } from '../../support/people';

const ORIGIN = 'http://localhost:3000';
const AT = new Date('2026-11-30T09:00:00Z');
const BOUNDARY = '----mentoringTestBoundary7MA4YWxkTrZu0gW';

/** What the text fields of each form hold when it is valid. */
const VALID_SIGNUP: Record<string, string> = {
  name: 'Ada Lovelace',
  email: 'ada.form@example.com',
  role: 'mentee',
  timezone: 'Europe/London',
  languages: 'en',
  skills: 'maths',
  goals: 'Publish my notes',
  preferredTools: 'zoom',
  avail_tue_from: '09:00',
  avail_tue_to: '11:00',
  consent: 'yes',
};

async function setup() {
  const { grace, ada, pair, ...env } = await pairedInMemory(AT);
  await runFollowUp(env.deps, { pairId: pair.id, step: 'checkin-1' });
  // An alumni member, so a rejoin would change something.
  const lin = await mentee(env.deps, 'Lin Wu', { timezone: 'Asia/Tokyo', skills: ['design'] });
  await env.deps.participants.transition(lin.id, ['waiting'], 'alumni', AT.toISOString());
  const pending = await mentee(env.deps, 'Pat Pending');
  await env.deps.participants.transition(pending.id, ['waiting'], 'pending', AT.toISOString());

  const app = createApp(env.deps, { clientAddress: () => '203.0.113.9' });
  const local = (url: string) => url.replace('http://localhost:3000', '');
  const text = env.mailer.sent.filter((m) => m.to.includes(ada.email)).at(-1)!.text;
  const link = (route: string) => new RegExp(`http://localhost:3000(/${route}/[^\\s?]+)`).exec(text)![1]!;
  const routes: Record<string, { url: string; textField: string }> = {
    '/signup': { url: '/signup', textField: 'goals' },
    '/confirm/resend': { url: '/confirm/resend', textField: 'email' },
    '/confirm/:token': { url: local(await signedLink(env.deps, 'confirm', pending.id)), textField: 'confirm' },
    '/checkin/:token': { url: link('checkin'), textField: 'answer' },
    '/feedback/:token': { url: link('feedback'), textField: 'met' },
    '/unsubscribe/:token': { url: link('unsubscribe'), textField: 'choice' },
    '/rejoin/:token': { url: local(await signedLink(env.deps, 'rejoin', lin.id)), textField: 'rejoin' },
  };
  /** Everything a request could write or send. */
  const state = () =>
    JSON.stringify({
      participants: [...env.participants.byId.values()],
      pairs: [...env.pairs.byId.values()],
      activities: env.pairs.activityLog,
      sent: env.mailer.sent.length,
      log: [...env.emailLog.entries],
      schedules: [...env.scheduler.schedules.keys()],
      stats: env.stats.deltas,
    });
  return { ...env, app, routes, state, grace, ada };
}

const fileIn = (fields: Record<string, string>, fileField: string) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) if (k !== fileField) form.append(k, v);
  form.append(fileField, new File(['%PDF-1.4 not really text'], 'cv.pdf', { type: 'application/pdf' }));
  return form;
};

/** A multipart body cut off in the middle of a field, as a dropped connection leaves it. */
const truncated = (fields: Record<string, string>) => {
  const parts = Object.entries(fields).map(([k, v]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  return `${parts.join('')}--${BOUNDARY}\r\nContent-Disposition: form-data; name="goals"\r\n\r\nHalf a sent`;
};

const routeNames = ['/signup', '/confirm/resend', '/confirm/:token', '/checkin/:token', '/feedback/:token', '/unsubscribe/:token', '/rejoin/:token'];

describe('malformed form bodies on every form route', () => {
  it.each(routeNames)('%s: a file where text is expected → 422 naming the field, nothing written or sent', async (name) => {
    const { app, routes, state } = await setup();
    const { url, textField } = routes[name]!;
    const before = state();
    const res = await app.request(url, {
      method: 'POST',
      headers: { origin: ORIGIN },
      body: fileIn(name === '/signup' ? VALID_SIGNUP : { answer: 'met', met: 'yes', choice: 'unsubscribe' }, textField),
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('A file was sent where text was expected');
    expect(html).toContain(`The field “${textField}” must be text, not a file.`);
    expect(state()).toBe(before);
  });

  it.each(routeNames)('%s: a truncated multipart body → 400, nothing written or sent', async (name) => {
    const { app, routes, state } = await setup();
    const before = state();
    const res = await app.request(routes[name]!.url, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      body: truncated(name === '/signup' ? VALID_SIGNUP : { answer: 'met', met: 'yes', choice: 'unsubscribe', email: 'ada.form@example.com' }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('We could not read that form');
    expect(state()).toBe(before);
  });

  it.each(routeNames)('%s: multipart without a boundary, or not multipart at all → 400', async (name) => {
    const { app, routes, state } = await setup();
    const before = state();
    for (const contentType of ['multipart/form-data', `multipart/form-data; boundary=${BOUNDARY}`]) {
      const res = await app.request(routes[name]!.url, {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': contentType },
        body: 'name=Ada&answer=met&choice=unsubscribe',
      });
      expect(res.status).toBe(400);
    }
    expect(state()).toBe(before);
  });

  it('a file in any sign-up text field is refused by name, e.g. name and skills', async () => {
    const { app, state, participants } = await setup();
    const before = state();
    const count = participants.byId.size;
    for (const field of ['name', 'skills', 'department']) {
      const res = await app.request('/signup', { method: 'POST', headers: { origin: ORIGIN }, body: fileIn(VALID_SIGNUP, field) });
      expect(res.status).toBe(422);
      expect(await res.text()).toContain(`The field “${field}” must be text`);
    }
    expect(participants.byId.size).toBe(count);
    expect(state()).toBe(before);
  });

  it('a repeated field that hides a file behind text is refused too', async () => {
    const { app, routes, state } = await setup();
    const before = state();
    const form = new FormData();
    form.append('answer', new File(['x'], 'x.txt'));
    form.append('answer', 'met');
    const res = await app.request(routes['/checkin/:token']!.url, { method: 'POST', headers: { origin: ORIGIN }, body: form });
    expect(res.status).toBe(422);
    expect(state()).toBe(before);
  });

  it('answers JSON callers with JSON naming the field', async () => {
    const { app } = await setup();
    const res = await app.request('/signup', { method: 'POST', headers: { origin: ORIGIN, accept: 'application/json' }, body: fileIn(VALID_SIGNUP, 'goals') });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: 'file_not_allowed', issues: [{ path: 'goals', message: 'The field “goals” must be text, not a file.' }] });
    const cut = await app.request('/signup', {
      method: 'POST',
      headers: { origin: ORIGIN, accept: 'application/json', 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      body: truncated(VALID_SIGNUP),
    });
    expect(cut.status).toBe(400);
    expect(((await cut.json()) as { error: string }).error).toBe('malformed_form');
  });

  it('a well-formed multipart sign-up still works', async () => {
    const { app, participants } = await setup();
    const form = new FormData();
    for (const [k, v] of Object.entries({ ...VALID_SIGNUP, email: 'multi.part@example.com' })) form.append(k, v);
    const res = await app.request('/signup', { method: 'POST', headers: { origin: ORIGIN }, body: form });
    expect(res.status).toBe(303);
    expect([...participants.byId.values()].some((p) => p.email === 'multi.part@example.com')).toBe(true);
  });

  it('the JSON sign-up API keeps answering JSON errors', async () => {
    const { app } = await setup();
    const res = await app.request('/api/signups', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(signupRecord({ name: 42 })),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_signup');
  });
});
