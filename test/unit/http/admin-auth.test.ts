/**
 * The admin console's authorization: signing in by emailed link, sessions and their cookie,
 * the Origin rule, API keys, and a table-driven check that EVERY /admin route registered on
 * the app (other than the sign-in routes) refuses a request without valid credentials.
 */
import { describe, expect, it } from 'vitest';
import { fromOwnOrigin, isSignInPath } from '../../../functions/http/admin/auth';
import { SIGN_IN_CLIENT_LIMIT } from '../../../functions/app/use-cases/admin/sign-in';
import { createApp } from '../../../functions/http/app';
import { memoryDeps, testConfig } from '../../support/fakes';

const ORIGIN = 'http://localhost:3000';
const ADMIN = 'admin@example.com';
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = 'application/x-www-form-urlencoded';

function setup(publicUrl = ORIGIN) {
  const env = memoryDeps(publicUrl === ORIGIN ? {} : { config: testConfig({ publicUrl }) });
  const app = createApp(env.deps, { clientAddress: () => '203.0.113.9' });
  const origin = new URL(publicUrl).origin;
  const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    app.request(path, { method: 'POST', headers: { origin, 'content-type': FORM, ...headers }, body: form(fields) });
  const signInEmails = (to: string) => env.mailer.sent.filter((m) => m.tags.template === 'admin-sign-in' && m.to.includes(to));
  const linkIn = (text: string) => new RegExp(`${publicUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/admin/sign-in/[A-Za-z0-9_-]+)`).exec(text)![1]!;
  /** Asks for a link as `email` (through the form) and returns the path of the link emailed, if any. */
  const askLink = async (email: string, next?: string) => {
    const before = signInEmails(email).length;
    const res = await post('/admin/sign-in', { email, ...(next ? { next } : {}) });
    const after = signInEmails(email);
    // Each page carries its own CSP nonce: the rest must be the same for everyone.
    return { res, html: (await res.text()).replace(/nonce="[^"]*"/g, 'nonce=""'), link: after.length > before ? linkIn(after.at(-1)!.text) : undefined };
  };
  /** Signs in through the whole flow and returns the session cookie as a `Cookie` header value. */
  const signIn = async (email = ADMIN) => {
    const { link } = await askLink(email);
    const res = await post(link!, {});
    expect(res.status).toBe(303);
    const cookie = /admin_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
    return `admin_session=${cookie}`;
  };
  const as = (cookie: string, path: string, init: RequestInit = {}) =>
    app.request(path, { ...init, headers: { cookie, ...(init.headers as Record<string, string> | undefined) } });
  return { ...env, app, post, askLink, signIn, signInEmails, as, origin };
}

const minutes = (env: ReturnType<typeof setup>, n: number) => (env.clock.current = new Date(env.clock.current.getTime() + n * 60_000));

describe('signing in', () => {
  it('shows a sign-in form with a field labelled "Email" to a signed-out visitor', async () => {
    const { app } = setup();
    const res = await app.request('/admin');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<label for="f-email">Email<\/label>/);
    expect(html).toMatch(/<input type="email" id="f-email" name="email"/);
    expect(html).toContain('action="/admin/sign-in"');
  });

  it('answers the same page for an admin and anyone else, and only the admin gets an email, sent ahead of bulk mail', async () => {
    const env = setup();
    const forAdmin = await env.askLink(ADMIN);
    const forStranger = await env.askLink('stranger@example.com');
    const forGarbage = await env.askLink('not an address');
    expect(forAdmin.res.status).toBe(200);
    expect(forStranger.res.status).toBe(200);
    expect(forStranger.html).toBe(forAdmin.html);
    expect(forGarbage.html).toBe(forAdmin.html);
    expect(forAdmin.html).toContain('Check your inbox');
    expect(forAdmin.link).toMatch(/^\/admin\/sign-in\/[A-Za-z0-9_-]{43}$/);
    expect(forStranger.link).toBeUndefined();
    expect(env.mailer.sent.filter((m) => m.tags.template === 'admin-sign-in').map((m) => m.to)).toEqual([[ADMIN]]);
    expect(env.emailQueue.enqueued.find((q) => q.template === 'admin-sign-in')?.priority).toBe('now');
    // Only the token's hash is stored.
    const stored = [...env.signInTokens.tokens.values()];
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(forAdmin.link!.split('/').at(-1));
  });

  it('GET on the link shows a button and uses nothing up; POST starts a session once, with a locked-down cookie', async () => {
    const env = setup();
    const { link } = await env.askLink(ADMIN);
    for (let i = 0; i < 2; i++) {
      const page = await env.app.request(link!);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(`<form method="post" action="${link}">`);
      expect(html).not.toMatch(/<script/i);
    }
    await env.app.request(link!, { method: 'HEAD' });
    const res = await env.post(link!, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/dashboard');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^admin_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/admin');
    expect(cookie).not.toContain('Secure');
    expect(env.adminSessions.sessions.size).toBe(1);
    expect([...env.adminSessions.sessions.keys()][0]).not.toBe(/admin_session=([^;]+)/.exec(cookie)![1]);

    // Single use: the link is gone for GET and POST alike.
    expect((await env.post(link!, {})).status).toBe(410);
    expect((await env.app.request(link!)).status).toBe(410);
    expect(env.adminSessions.sessions.size).toBe(1);
  });

  it('sets a Secure cookie when the app is served over https', async () => {
    const env = setup('https://mentoring.example.test');
    const { link } = await env.askLink(ADMIN);
    const res = await env.post(link!, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toContain('Secure');
  });

  it('refuses a link 15 minutes after it was sent (and a forged one), and keeps it working until then', async () => {
    const env = setup();
    const first = (await env.askLink(ADMIN)).link!;
    minutes(env, 14);
    expect((await env.app.request(first)).status).toBe(200);
    minutes(env, 1);
    expect((await env.app.request(first)).status).toBe(410);
    expect((await env.post(first, {})).status).toBe(410);
    expect((await env.post(`/admin/sign-in/${'A'.repeat(43)}`, {})).status).toBe(410);
    expect((await env.post('/admin/sign-in/short', {})).status).toBe(410);
    expect(env.adminSessions.sessions.size).toBe(0);
  });

  it('caps sign-in requests per client whatever the addresses (429 with Retry-After, as sign-up), and no link goes out past it', async () => {
    const env = setup();
    for (let i = 0; i < SIGN_IN_CLIENT_LIMIT.max; i++) expect((await env.askLink(`someone${i}@example.com`)).res.status).toBe(200);
    const limited = await env.askLink(ADMIN);
    expect(limited.res.status).toBe(429);
    expect(Number(limited.res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.link).toBeUndefined();
    // Another client is not held back by this one.
    const other = createApp(env.deps, { clientAddress: () => '198.51.100.7' });
    const res = await other.request('/admin/sign-in', { method: 'POST', headers: { origin: env.origin, 'content-type': FORM }, body: form({ email: ADMIN }) });
    expect(res.status).toBe(200);
    expect(env.signInEmails(ADMIN)).toHaveLength(1);
    // The window passes: this client may ask again.
    minutes(env, SIGN_IN_CLIENT_LIMIT.windowSeconds / 60);
    expect((await env.askLink(ADMIN)).link).toBeDefined();
  });

  it('sends at most 3 links per address per 15 minutes, still answering the same page', async () => {
    const env = setup();
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await env.askLink(ADMIN));
    expect(answers.map((a) => a.link !== undefined)).toEqual([true, true, true, false]);
    expect(new Set(answers.map((a) => a.html)).size).toBe(1);
    expect(env.signInEmails(ADMIN)).toHaveLength(3);
    minutes(env, 15);
    expect((await env.askLink(ADMIN)).link).toBeDefined();
  });

  it('takes a safe local `next` through the sign-in, and ignores any other', async () => {
    const env = setup();
    const page = await (await env.app.request('/admin?next=%2Fadmin%2Fpeople%3Fq%3Dada')).text();
    expect(page).toContain('<input type="hidden" name="next" value="/admin/people?q=ada"');
    const good = await env.askLink(ADMIN, '/admin/people?q=ada');
    expect((await env.post(good.link!, {})).headers.get('location')).toBe('/admin/people?q=ada');
    for (const bad of ['//evil.test/admin', 'https://evil.test/admin', '/admin/../evil', '/\\evil.test', '/signup', '/admin//evil.test']) {
      minutes(env, 15);
      const { link } = await env.askLink(ADMIN, bad);
      expect((await env.post(link!, {})).headers.get('location'), bad).toBe('/admin/dashboard');
    }
  });

  it('sends a signed-in admin from /admin to the dashboard, and signs out with a POST from the app itself', async () => {
    const env = setup();
    const cookie = await env.signIn();
    const entry = await env.as(cookie, '/admin');
    expect(entry.status).toBe(303);
    expect(entry.headers.get('location')).toBe('/admin/dashboard');

    expect((await env.as(cookie, '/admin/sign-out', { method: 'POST', headers: { origin: 'https://evil.test', 'content-type': FORM } })).status).toBe(403);
    expect(env.adminSessions.sessions.size).toBe(1);
    const out = await env.as(cookie, '/admin/sign-out', { method: 'POST', headers: { origin: ORIGIN, 'content-type': FORM }, body: '' });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/admin');
    expect(out.headers.get('set-cookie')).toMatch(/admin_session=;.*Max-Age=0/);
    expect(env.adminSessions.sessions.size).toBe(0);
    expect((await env.as(cookie, '/admin')).status).toBe(200);
    expect((await env.as(cookie, '/admin/admins')).status).toBe(303);
    expect(env.audit.entries.map((e) => e.action)).toEqual(['session.end', 'session.start']);
  });

  it('keeps a session alive while used (12 h idle), writing its expiry at most every few minutes', async () => {
    const env = setup();
    const cookie = await env.signIn();
    const session = () => [...env.adminSessions.sessions.values()][0]!;
    const firstExpiry = session().expiresAt;
    minutes(env, 2);
    expect((await env.as(cookie, '/admin/admins')).status).toBe(200);
    expect(session().expiresAt).toBe(firstExpiry);
    minutes(env, 11 * 60);
    expect((await env.as(cookie, '/admin/admins')).status).toBe(200);
    expect(session().expiresAt > firstExpiry).toBe(true);
    minutes(env, 11 * 60 + 59);
    expect((await env.as(cookie, '/admin/admins')).status).toBe(200);
    minutes(env, 12 * 60);
    expect((await env.as(cookie, '/admin/admins')).status).toBe(303);
  });
});

/** Every route of the app under /admin that needs credentials, with its parameters filled in. */
function protectedRoutes(app: ReturnType<typeof setup>['app']) {
  const seen = new Set<string>();
  return app.routes
    .filter((r) => r.path.startsWith('/admin') && r.method !== 'ALL' && !isSignInPath(r.path.replace(/\/:[^/]+/g, '/x')))
    .map((r) => ({ method: r.method, path: r.path, url: r.path.replace(/:email\b/g, 'someone%40example.com').replace(/:[A-Za-z]+/g, 'x1') }))
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`) !== undefined);
}

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

describe('every /admin route refuses without valid credentials', () => {
  const env = setup();
  const routes = protectedRoutes(env.app);

  it('finds the routes to check (this table covers every area mounted in the console)', () => {
    const names = routes.map((r) => `${r.method} ${r.path}`);
    for (const known of [
      'GET /admin/admins',
      'POST /admin/admins',
      'POST /admin/sign-out',
      'GET /admin/audit',
      'GET /admin/api/admins',
      'DELETE /admin/api/admins/:email',
      'POST /admin/api/keys',
      'DELETE /admin/api/keys/:id',
      'GET /admin/api/audit',
    ])
      expect(names).toContain(known);
    expect(names.some((n) => n.includes('/admin/sign-in'))).toBe(false);
  });

  const refused = async (res: Response, path: string, method: string) => {
    if (path.startsWith('/admin/api/')) {
      expect(res.status, path).toBe(401);
      expect(await res.json()).toEqual({ error: 'unauthenticated' });
    } else {
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location'), path).toBe(method === 'GET' ? `/admin?next=${encodeURIComponent(path)}` : '/admin');
    }
  };

  const body = (method: string, path: string): { headers: Record<string, string>; body?: string } =>
    CHANGES.has(method)
      ? path.startsWith('/admin/api/')
        ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'new@example.com', label: 'x' }) }
        : { headers: { 'content-type': FORM }, body: form({ email: 'new@example.com', label: 'x' }) }
      : { headers: {} };

  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', async (_name, route) => {
    const e = setup();
    const request = (extra: Record<string, string>) => {
      const b = body(route.method, route.url);
      const headers: Record<string, string> = { origin: ORIGIN, ...b.headers, ...extra };
      return e.app.request(route.url, { method: route.method, headers, body: b.body });
    };
    const auditBefore = e.audit.entries.length;

    // No credentials at all; a bearer key on a page, or a made-up one.
    await refused(await request({}), route.url, route.method);
    await refused(await request({ cookie: 'admin_session=' + 'A'.repeat(43) }), route.url, route.method);
    await refused(await request({ authorization: 'Bearer mpk_' + 'A'.repeat(43) }), route.url, route.method);

    // An expired session.
    const expired = await e.signIn();
    minutes(e, 12 * 60 + 1);
    await refused(await request({ cookie: expired }), route.url, route.method);

    // A revoked session (another of the admin's sessions stays valid).
    minutes(e, 1);
    const revoked = await e.signIn();
    const revokedAt = e.clock.now().toISOString();
    minutes(e, 1);
    const stillValid = await e.signIn();
    const adminId = (await e.admins.findByEmail(e.deps.config.id, ADMIN))!.id;
    const target = (await e.adminSessions.listOf(e.deps.config.id, adminId)).find((x) => x.createdAt === revokedAt)!;
    expect(await e.adminSessions.revoke(e.deps.config.id, adminId, target.id)).toBe(true);
    await refused(await request({ cookie: revoked }), route.url, route.method);

    // A state change with a valid cookie but a foreign or missing Origin.
    if (CHANGES.has(route.method)) {
      const foreign = await request({ cookie: stillValid, origin: 'https://evil.test' });
      expect(foreign.status, 'foreign Origin').toBe(403);
      const b = body(route.method, route.url);
      const headers: Record<string, string> = { cookie: stillValid, ...b.headers };
      const missing = await e.app.request(route.url, { method: route.method, headers, body: b.body });
      expect(missing.status, 'no Origin').toBe(403);
      const nullCrossSite = await request({ cookie: stillValid, origin: 'null', 'sec-fetch-site': 'cross-site' });
      expect(nullCrossSite.status, 'Origin null from another site').toBe(403);
      const ownPage = await request({ cookie: stillValid, origin: 'null', 'sec-fetch-site': 'same-site' });
      expect(ownPage.status, 'Origin null from a sibling site').toBe(403);
    }
    // Nothing was done on the admin's behalf by any refused request (sign-ins are the only entries).
    expect(e.audit.entries.slice(0, e.audit.entries.length - auditBefore).every((x) => x.action === 'session.start')).toBe(true);
  });
});

describe('the Origin rule', () => {
  it('takes the browser’s Sec-Fetch-Site: same-origin where a no-referrer page sends Origin: null', () => {
    const own = 'http://localhost:3000';
    expect(fromOwnOrigin(own, undefined, own)).toBe(true);
    expect(fromOwnOrigin('null', 'same-origin', own)).toBe(true);
    expect(fromOwnOrigin(undefined, 'same-origin', own)).toBe(true);
    expect(fromOwnOrigin('https://evil.test', 'same-origin', own)).toBe(false);
    expect(fromOwnOrigin('null', 'cross-site', own)).toBe(false);
    expect(fromOwnOrigin('null', 'same-site', own)).toBe(false);
    expect(fromOwnOrigin(undefined, undefined, own)).toBe(false);
    expect(fromOwnOrigin('http://localhost:3000.evil.test', undefined, own)).toBe(false);
  });
});

describe('API keys', () => {
  it('are shown once, stored hashed, work as a Bearer without Origin on /admin/api/ only, and stop when revoked', async () => {
    const env = setup();
    const cookie = await env.signIn();
    const created = await env.as(cookie, '/admin/api/keys', {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'HR sync' }),
    });
    expect(created.status).toBe(201);
    const { id, label, key } = (await created.json()) as { id: string; label: string; key: string };
    expect(label).toBe('HR sync');
    expect(key).toMatch(/^mpk_[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify([...env.apiKeys.keys.entries()])).not.toContain(key);

    const listed = await (await env.as(cookie, '/admin/api/keys')).text();
    expect(listed).toContain(id);
    expect(listed).not.toContain(key);

    const bearer = { authorization: `Bearer ${key}` };
    const admins = await env.app.request('/admin/api/admins', { headers: bearer });
    expect(admins.status).toBe(200);
    expect(((await admins.json()) as { items: { email: string }[] }).items.map((a) => a.email)).toEqual([ADMIN]);
    // No Origin needed for a key's state change.
    const added = await env.app.request('/admin/api/admins', {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'Second@Example.com' }),
    });
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ email: 'second@example.com', addedBy: expect.stringMatching(/^adm_/) });
    // Pages take cookies only.
    expect((await env.app.request('/admin/admins', { headers: bearer })).status).toBe(303);

    expect((await env.app.request(`/admin/api/keys/${id}`, { method: 'DELETE', headers: bearer })).status).toBe(204);
    expect((await env.app.request('/admin/api/admins', { headers: bearer })).status).toBe(401);
  });

  it('stop working when the admin who created them is removed', async () => {
    const env = setup();
    const cookie = await env.signIn();
    const json = { origin: ORIGIN, 'content-type': 'application/json' };
    await env.as(cookie, '/admin/api/admins', { method: 'POST', headers: json, body: JSON.stringify({ email: 'second@example.com' }) });
    const second = await env.signIn('second@example.com');
    const { key } = (await (await env.as(second, '/admin/api/keys', { method: 'POST', headers: json, body: JSON.stringify({ label: 'Mine' }) })).json()) as {
      key: string;
    };
    expect((await env.app.request('/admin/api/audit', { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    expect((await env.as(cookie, '/admin/api/admins/second%40example.com', { method: 'DELETE', headers: { origin: ORIGIN } })).status).toBe(204);
    expect((await env.app.request('/admin/api/audit', { headers: { authorization: `Bearer ${key}` } })).status).toBe(401);
    expect((await env.as(second, '/admin/admins')).status).toBe(303);
  });
});

describe('admins and the audit log', () => {
  it('adds and removes admins, never the last one, and audits every change with ids only', async () => {
    const env = setup();
    const cookie = await env.signIn();
    const json = { origin: ORIGIN, 'content-type': 'application/json' };
    const add = (email: unknown) => env.as(cookie, '/admin/api/admins', { method: 'POST', headers: json, body: JSON.stringify({ email }) });
    expect((await add('bob@example.com')).status).toBe(201);
    const dup = await add('BOB@example.com');
    expect(dup.status).toBe(409);
    expect(await dup.json()).toEqual({ error: 'admin_exists', issues: [{ path: 'email', message: 'this address is already an admin' }] });
    const bad = await add('nope');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe('invalid_admin');
    expect((await env.as(cookie, '/admin/api/admins/nobody%40example.com', { method: 'DELETE', headers: { origin: ORIGIN } })).status).toBe(404);
    expect((await env.as(cookie, '/admin/api/admins/bob%40example.com', { method: 'DELETE', headers: { origin: ORIGIN } })).status).toBe(204);
    const last = await env.as(cookie, `/admin/api/admins/${encodeURIComponent(ADMIN)}`, { method: 'DELETE', headers: { origin: ORIGIN } });
    expect(last.status).toBe(409);
    expect(((await last.json()) as { error: string }).error).toBe('last_admin');

    const actions = env.audit.entries.map((e) => e.action);
    expect(actions).toEqual(['admin.remove', 'admin.add', 'session.start']);
    expect(JSON.stringify(env.audit.entries)).not.toContain('@');
  });

  it('lists the audit log newest first, paged, with each actor as their current address or "a removed admin"', async () => {
    const env = setup();
    const cookie = await env.signIn();
    const headers = { origin: ORIGIN, 'content-type': FORM };
    await env.as(cookie, '/admin/admins', { method: 'POST', headers, body: form({ email: 'carol@example.com' }) });
    const carol = await env.signIn('carol@example.com');
    await env.as(carol, '/admin/keys', { method: 'POST', headers, body: form({ label: 'Carol’s script' }) });
    await env.as(cookie, '/admin/admins/remove', { method: 'POST', headers, body: form({ email: 'carol@example.com' }) });

    const html = await (await env.as(cookie, '/admin/audit')).text();
    const rows = [...html.matchAll(/<tr><th scope="row"><time[^>]*>[^<]*<\/time><\/th><td>([^<]*)<\/td><td><code>([^<]*)<\/code>/g)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual([
      [ADMIN, 'admin.remove'],
      ['a removed admin', 'api_key.create'],
      ['a removed admin', 'session.start'],
      [ADMIN, 'admin.add'],
      [ADMIN, 'session.start'],
    ]);

    const first = (await (await env.as(cookie, '/admin/api/audit?limit=2')).json()) as {
      items: { action: string; actorEmail: string | null }[];
      cursor: string;
    };
    expect(first.items.map((e) => e.action)).toEqual(['admin.remove', 'api_key.create']);
    expect(first.items[1]!.actorEmail).toBeNull();
    const second = (await (await env.as(cookie, `/admin/api/audit?limit=2&cursor=${first.cursor}`)).json()) as { items: { action: string }[] };
    expect(second.items.map((e) => e.action)).toEqual(['session.start', 'admin.add']);
    expect((await env.as(cookie, '/admin/api/audit?limit=0')).status).toBe(400);
  });

  it('shows a new API key once, on the answer to the form, and lists sessions with a revoke button', async () => {
    const env = setup();
    const cookie = await env.signIn();
    const res = await env.as(cookie, '/admin/keys', { method: 'POST', headers: { origin: ORIGIN, 'content-type': FORM }, body: form({ label: 'Reports' }) });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const key = /value="(mpk_[A-Za-z0-9_-]{43})"/.exec(await res.text())![1]!;
    const page = await (await env.as(cookie, '/admin/admins')).text();
    expect(page).toContain('Reports');
    expect(page).not.toContain(key);
    expect(page).toContain('this browser');
    const sessionId = /action="\/admin\/sessions\/([^/]+)\/revoke"/.exec(page)![1]!;
    const revoked = await env.as(cookie, `/admin/sessions/${sessionId}/revoke`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': FORM },
      body: '',
    });
    expect(revoked.status).toBe(303);
    expect((await env.as(cookie, '/admin/admins')).status).toBe(303);
  });
});
