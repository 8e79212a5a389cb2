import { describe, expect, it } from 'vitest';
import { RESEND_LIMIT } from '../../../functions/app/use-cases/resend-confirmation';
import { createApp } from '../../../functions/http/app';
import { memoryDeps, signupForm, signupRecord } from '../../support/fakes';

const ORIGIN = 'http://localhost:3000';

function setup() {
  const env = memoryDeps();
  const app = createApp(env.deps, { clientAddress: () => '203.0.113.7' });
  const postJson = (body: unknown, headers: Record<string, string> = {}) =>
    app.request('/api/signups', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const postForm = (fields: Record<string, string | string[]>, headers: Record<string, string> = { origin: ORIGIN }) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
    return app.request('/signup', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
  };
  return { ...env, app, postJson, postForm };
}

const validForm = signupForm;

describe('GET /health and /', () => {
  it('answers health', async () => {
    const { app } = setup();
    const res = await app.request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('serves the sign-up form with labels for every field and a strict CSP', async () => {
    const { app } = setup();
    const res = await app.request('/');
    const html = await res.text();
    expect(res.status).toBe(200);
    for (const id of ['f-name', 'f-email', 'f-timezone', 'f-skills', 'f-goals', 'f-languages', 'f-capacity']) {
      expect(html).toContain(`for="${id}"`);
    }
    expect(html).toContain('name="website"');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html).toMatch(/<link rel="icon" href="data:,"\s*\/?>/); // no request for /favicon.ico
  });
});

describe('POST /api/signups', () => {
  it('accepts a valid record with 202, stores it pending and sends one confirmation', async () => {
    const { postJson, participants, mailer } = setup();
    const res = await postJson(signupRecord({ email: 'new@example.com' }));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'pending_confirmation' });
    const [stored] = participants.byId.values();
    expect(stored?.status).toBe('pending');
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]?.to).toEqual(['new@example.com']);
    expect(mailer.sent[0]?.text).toContain('http://localhost:3000/confirm/');
  });

  it('answers a repeated address the same way and sends "already registered" instead', async () => {
    const { postJson, participants, mailer } = setup();
    await postJson(signupRecord({ email: 'twice@example.com' }));
    const again = await postJson(signupRecord({ email: 'Twice@Example.com', name: 'Someone Else' }));
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ status: 'pending_confirmation' });
    expect(participants.byId.size).toBe(1);
    expect(mailer.sent.map((m) => m.tags.template)).toEqual(['confirm', 'already-registered']);
  });

  it('rejects invalid input with 400 naming each field, and writes nothing', async () => {
    const { postJson, participants, mailer } = setup();
    const res = await postJson(signupRecord({ email: 'nope', availability: [] }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; issues: { path: string; message: string }[] };
    expect(body.error).toBe('invalid_signup');
    expect(body.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['email', 'availability']));
    expect(participants.byId.size).toBe(0);
    expect(mailer.sent).toHaveLength(0);
  });

  it('names a missing field plainly', async () => {
    const { postJson } = setup();
    const record = signupRecord();
    delete record.role;
    const body = (await (await postJson(record)).json()) as { issues: { path: string; message: string }[] };
    expect(body.issues).toEqual([{ path: 'role', message: 'role is required' }]);
  });

  it('answers malformed JSON with 400, a wrong content type with 415, a big body with 413', async () => {
    const { postJson, app } = setup();
    const malformed = await postJson('{"name": ');
    expect(malformed.status).toBe(400);
    const wrongType = await app.request('/api/signups', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(wrongType.status).toBe(415);
    const big = await postJson(signupRecord({ goals: 'x'.repeat(40 * 1024) }));
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({ error: 'payload_too_large' });
  });

  it('pretends success for a filled honeypot but stores and sends nothing', async () => {
    const { postJson, participants, mailer } = setup();
    const res = await postJson({ ...signupRecord(), website: 'http://spam.example' });
    expect(res.status).toBe(202);
    expect(participants.byId.size).toBe(0);
    expect(mailer.sent).toHaveLength(0);
  });

  it('lets 200 colleagues behind one office address sign up, and rate limits a client only far above that', async () => {
    const { postJson, mailer, participants, deps } = setup();
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) statuses.push((await postJson(signupRecord({ email: `colleague${i}@example.com` }))).status);
    expect(statuses.every((s) => s === 202)).toBe(true);
    expect(participants.byId.size).toBe(200);
    expect(mailer.sent).toHaveLength(200);

    deps.rateLimiter = {
      ...deps.rateLimiter,
      hit: async () => ({ allowed: false, retryAfterSeconds: 120 }),
      hitSliding: deps.rateLimiter.hitSliding.bind(deps.rateLimiter),
    };
    const refused = await postJson(signupRecord());
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('120');
    expect(participants.byId.size).toBe(200);
    expect(mailer.sent).toHaveLength(200);
  });

  it('answers as always for an address past its 24-hour email cap, and sends it nothing more', async () => {
    const { postJson, app, mailer, clock } = setup();
    const resend = async () => {
      const res = await app.request('/confirm/resend', {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email: 'bombed@example.com' }),
      });
      return [res.status, (await res.text()).replace(/nonce="[^"]*"/g, '')] as const;
    };
    expect((await postJson(signupRecord({ email: 'bombed@example.com' }))).status).toBe(202);
    expect((await postJson(signupRecord({ email: 'bombed@example.com' }))).status).toBe(202);
    clock.current = new Date(clock.current.getTime() + 3_600_000);
    const [status, page] = await resend();
    expect(mailer.sent.map((m) => m.tags.template)).toEqual(['confirm', 'already-registered', 'confirm']);

    // Another hour, another day: the same answers, and nothing more for that inbox.
    clock.current = new Date(clock.current.getTime() + 15 * 3_600_000);
    expect(await resend()).toEqual([status, page]);
    expect((await postJson(signupRecord({ email: 'bombed@example.com' }))).status).toBe(202);
    expect(mailer.sent).toHaveLength(3);
  });

  it('limits resend requests per client (429 past the limit)', async () => {
    const { app } = setup();
    const statuses: number[] = [];
    for (let i = 0; i < RESEND_LIMIT.max + 1; i++) {
      const res = await app.request('/confirm/resend', {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email: `someone${i}@example.com` }),
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, RESEND_LIMIT.max).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('refuses an address outside ALLOWED_EMAIL_DOMAINS with 400 naming the email field, storing and sending nothing', async () => {
    const { postJson, participants, mailer, deps } = setup();
    deps.config = { ...deps.config, allowedEmailDomains: ['acme.com'] };
    const res = await postJson(signupRecord({ email: 'ada@gmail.com' }));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'invalid_signup', issues: [{ path: 'email', message: expect.stringContaining('@acme.com') }] });
    expect(participants.byId.size).toBe(0);
    expect(mailer.sent).toHaveLength(0);
    expect((await postJson(signupRecord({ email: 'ada@acme.com' }))).status).toBe(202);
  });
});

describe('POST /signup (form)', () => {
  it('shows the form again with 422 and a field error on email for an address outside ALLOWED_EMAIL_DOMAINS, values kept, nothing stored', async () => {
    const { postForm, participants, mailer, deps } = setup();
    deps.config = { ...deps.config, allowedEmailDomains: ['acme.com', 'acme.co.uk'] };
    const res = await postForm(validForm({ email: 'ada@eu.acme.com' }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('href="#f-email"');
    expect(html).toContain('id="e-email"');
    expect(html).toContain('@acme.com, @acme.co.uk');
    expect(html).toContain('value="ada@eu.acme.com"');
    expect(participants.byId.size).toBe(0);
    expect(mailer.sent).toHaveLength(0);
    expect((await postForm(validForm({ email: 'ada@Acme.CO.UK' }))).status).toBe(303);
  });

  it('redirects 303 to the thank-you page on success', async () => {
    const { postForm, participants, app } = setup();
    const res = await postForm(validForm());
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/thanks');
    const [stored] = participants.byId.values();
    expect(stored).toMatchObject({
      role: 'mentee',
      languages: ['en', 'fr'],
      preferredTools: ['zoom', 'meet'],
      availability: [{ day: 'tue', from: '09:00', to: '11:00' }],
    });
    expect(stored?.capacity).toBeUndefined();
    expect((await app.request('/thanks')).status).toBe(200);
  });

  it('shows the form again with 422, an error summary, field errors and the values kept', async () => {
    const { postForm, participants } = setup();
    const res = await postForm(validForm({ email: 'bad', consent: [], avail_tue_to: '08:00', name: '<b>Ada</b>' }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('class="error-summary"');
    expect(html).toContain('href="#f-email"');
    expect(html).toContain('id="e-email"');
    expect(html).toContain('Tuesday: end time must be after the start time');
    expect(html).toContain('value="&lt;b&gt;Ada&lt;/b&gt;"');
    expect(html).not.toContain('<b>Ada</b>');
    expect(participants.byId.size).toBe(0);
  });

  it('refuses a cross-site post (CSRF)', async () => {
    const { postForm, participants } = setup();
    const res = await postForm(validForm(), { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(participants.byId.size).toBe(0);
  });
});

describe('GET|POST /confirm/:token', () => {
  it('GET shows a button and confirms nothing; its POST moves the participant to the matching pool, once', async () => {
    const { postJson, mailer, participants, app } = setup();
    await postJson(signupRecord({ email: 'confirm.me@example.com' }));
    const link = /http:\/\/localhost:3000(\/confirm\/\S+)/.exec(mailer.sent[0]!.text)![1]!;
    const shown = await app.request(link);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('Confirm my address');
    expect([...participants.byId.values()][0]?.status).toBe('pending');
    const press = () => app.request(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN }, body: '' });
    const first = await press();
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('You&#39;re in: we&#39;ll introduce you to your match soon.');
    expect([...participants.byId.values()][0]?.status).toBe('waiting');
    const second = await press();
    expect(await second.text()).toContain('already confirmed');
  });

  it('shows a clear page with a resend form for forged and expired links', async () => {
    const { postJson, mailer, clock, app } = setup();
    await postJson(signupRecord());
    const link = /http:\/\/localhost:3000(\/confirm\/\S+)/.exec(mailer.sent[0]!.text)![1]!;
    const forged = await app.request(link.slice(0, -3) + 'abc');
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('action="/confirm/resend"');
    clock.advanceDays(8);
    const expired = await app.request(link);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('This link has expired');
  });

  it('resends a link to a pending address, and answers the same for unknown ones', async () => {
    const { postJson, mailer, app } = setup();
    await postJson(signupRecord({ email: 'slow@example.com' }));
    const resend = (email: string) =>
      app.request('/confirm/resend', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
        body: new URLSearchParams({ email }),
      });
    const known = await resend('slow@example.com');
    const unknown = await resend('nobody@example.com');
    expect(known.status).toBe(200);
    const withoutNonce = async (r: Response) => (await r.text()).replace(/nonce="[^"]+"/g, '');
    expect(await withoutNonce(unknown)).toBe(await withoutNonce(known));
    expect(mailer.sent.map((m) => m.tags.template)).toEqual(['confirm', 'confirm']);
  });
});

describe('unsubscribe', () => {
  it('supports RFC 8058 one-click POST without cookies or origin', async () => {
    const { postJson, mailer, participants, app } = setup();
    await postJson(signupRecord());
    const header = mailer.sent[0]!.headers.find((h) => h.name === 'List-Unsubscribe')!.value;
    expect(mailer.sent[0]!.headers).toContainEqual({ name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' });
    const url = new URL(header.slice(1, -1));
    const res = await app.request(url.pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect([...participants.byId.values()][0]?.status).toBe('unsubscribed');
  });
});

describe('unknown routes', () => {
  it('answers 404 pages, never 5xx', async () => {
    const { app } = setup();
    expect((await app.request('/nope')).status).toBe(404);
    expect((await app.request('/unsubscribe/garbage')).status).toBe(400);
  });
});
