import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { describe, expect, it } from 'vitest';
import type { AdminDeps } from '../../../functions/app/support/deps';
import { withCurrentConfig } from '../../../functions/app/support/current-config';
import { sendDigest } from '../../../functions/app/use-cases/send-digest';
import { settingsRoutes } from '../../../functions/http/admin/settings';
import type { AdminEnv } from '../../../functions/http/admin/env';
import { onError } from '../../../functions/http/on-error';
import type { HttpEnv } from '../../../functions/http/types';
import type { ProgramSettings } from '../../../functions/settings/settings';
import { MemoryAuditLog, memoryDeps } from '../../support/fakes';

const ORIGIN = 'http://localhost:3000';

type ProgramJson = { version: number; updatedBy: string; settings: ProgramSettings; deployDefaults: Record<string, unknown> };
const ADMIN = { adminId: 'adm_1', email: 'admin@example.com', via: 'session' as const, credentialId: 'ses_1' };

/** The settings routes behind a stand-in for AUTH's admin check (it sets `admin`). */
function setup() {
  const env = memoryDeps();
  const audit = new MemoryAuditLog();
  const deps: AdminDeps = { ...env.deps, audit };
  const app = new Hono<AdminEnv>();
  app.use(createMiddleware<AdminEnv>(async (c, next) => (c.set('admin', ADMIN), next())));
  app.route('/', settingsRoutes({ deps, options: { clientAddress: () => '203.0.113.7' } }));
  app.onError(onError(deps) as unknown as Parameters<typeof app.onError>[0]);
  const get = (path: string) => app.request(path);
  const put = (body: unknown, headers: Record<string, string> = {}) =>
    app.request('/admin/api/program', {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const program = async () =>
    (await (await get('/admin/api/program')).json()) as { version: number; settings: Record<string, unknown> } & Record<string, unknown>;
  const postForm = (fields: Record<string, string>, headers: Record<string, string> = { origin: ORIGIN }) =>
    app.request('/admin/settings', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields),
    });
  return { ...env, deps, audit, app, get, put, program, postForm };
}

describe('GET /admin/api/program', () => {
  it('answers version 1, written once (a job’s start) from the deploy-time values, with goals whose deadlines are fixed dates', async () => {
    const { get, clock, deps } = setup();
    await withCurrentConfig(deps);
    clock.current = new Date('2026-11-30T10:00:00Z');
    const res = await get('/admin/api/program');
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"1"');
    const body = (await res.json()) as ProgramJson;
    expect(body).toMatchObject({ version: 1, updatedBy: 'deploy', updatedAt: '2026-11-30T09:00:00.000Z' });
    expect(body.settings.meetingCadenceDays).toBe(14);
    expect(body.settings.goals.map((g) => g.deadline)).toEqual(['2027-03-31', '2027-06-30', '2027-06-30']);
    expect(body.deployDefaults.meetingCadenceDays).toBe(14);
    expect(body.deployDefaults).not.toHaveProperty('goals');
    expect(body.settings).not.toHaveProperty('adminEmails');

    // A year later (another cold start) the goals are the same data, not next year's defaults.
    clock.current = new Date('2027-12-01T00:00:00Z');
    const later = (await (await get('/admin/api/program')).json()) as ProgramJson;
    expect(later.version).toBe(1);
    expect(later.settings.goals).toEqual(body.settings.goals);
  });
});

describe('PUT /admin/api/program', () => {
  it('writes the next version with who and when, records one audit entry with the version, and refuses a stale If-Match with 409', async () => {
    const { put, program, audit, clock } = setup();
    const { settings } = await program();
    clock.current = new Date('2026-12-01T10:00:00Z');

    const res = await put({ ...settings, meetingCadenceDays: 7 }, { 'if-match': '1' });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"2"');
    expect(await res.json()).toMatchObject({ version: 2, updatedBy: 'adm_1', updatedAt: '2026-12-01T10:00:00.000Z', settings: { meetingCadenceDays: 7 } });
    expect(audit.entries).toEqual([
      expect.objectContaining({
        action: 'settings.update',
        actorId: 'adm_1',
        targets: ['settings-v2'],
        details: { version: 2 },
        at: '2026-12-01T10:00:00.000Z',
      }),
    ]);

    const stale = await put({ ...settings, meetingCadenceDays: 21 }, { 'if-match': '"1"' });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ error: 'version_conflict', issues: [{ path: 'If-Match' }] });
    expect((await program()).settings.meetingCadenceDays).toBe(7);

    // Without If-Match the last write wins, as a new version.
    expect((await put({ ...settings, meetingCadenceDays: 21 })).status).toBe(200);
    expect(await program()).toMatchObject({ version: 3, settings: { meetingCadenceDays: 21 } });
    expect(audit.entries).toHaveLength(2);
  });

  it('refuses a bad document with 400 invalid_program and dotted paths, writing nothing', async () => {
    const { put, program, audit } = setup();
    const { settings } = await program();
    const goals = settings.goals as Record<string, unknown>[];
    const res = await put({
      ...settings,
      goals: [
        { ...goals[0], deadline: '2027-02-30' },
        { ...goals[1], metric: 'happiness' },
      ],
      iceBreakers: ['fine', 'x'.repeat(301)],
      colour: 'blue',
      adminEmails: ['a@b.test'],
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; issues: { path: string; message: string }[] };
    expect(body.error).toBe('invalid_program');
    expect(body.issues).toEqual(
      expect.arrayContaining([
        { path: 'goals.0.deadline', message: 'must be a date, YYYY-MM-DD' },
        { path: 'goals.1.metric', message: expect.stringContaining('match_rate') },
        { path: 'iceBreakers.1', message: 'must be at most 300 characters' },
        { path: 'colour', message: 'no such setting' },
        { path: 'adminEmails', message: 'a deploy-time setting, changed by a redeploy only' },
      ]),
    );
    expect((await program()).version).toBe(1);
    expect(audit.entries).toHaveLength(0);
  });

  it('answers hostile bodies with 4xx, never 5xx: huge catalogues, deep nesting, wrong types, not JSON, too big, a bad If-Match', async () => {
    const { put, program } = setup();
    const { settings } = await program();
    const tooMany = await put({ ...settings, conversationStarters: Array.from({ length: 101 }, (_, i) => `q${i}`) });
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as { issues: { path: string }[] }).issues[0]!.path).toBe('conversationStarters');

    let deep: unknown = 'x';
    for (let i = 0; i < 2000; i++) deep = [deep];
    const nested = await put({ ...settings, goals: deep });
    expect(nested.status).toBe(400);

    for (const body of [
      [],
      'null',
      '"text"',
      { ...settings, meetingCadenceDays: '7' },
      { ...settings, webinar: { title: 'x', url: 'http://x.test', at: 'soon' } },
    ])
      expect((await put(body)).status).toBe(400);
    expect((await put('{"goals": [')).status).toBe(400);
    expect((await put({ ...settings, identityLine: 'x'.repeat(300 * 1024) })).status).toBe(413);
    expect((await put(settings, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await put(settings, { 'if-match': 'abc' })).status).toBe(400);
    expect((await program()).version).toBe(1);
  });

  it('a changed goal is in the next digest', async () => {
    const { put, program, deps, mailer } = setup();
    const { settings } = await program();
    const goals = settings.goals as Record<string, unknown>[];
    const edited = [{ ...goals[0], description: 'Nine in ten mentees matched by summer', target: 0.9, deadline: '2027-07-31' }, ...goals.slice(1)];
    expect((await put({ ...settings, goals: edited }, { 'if-match': '1' })).status).toBe(200);

    // What the digest handler does: the current settings, then the digest.
    const live = await withCurrentConfig(deps);
    await sendDigest(live, live.clock.now());

    const digest = mailer.sent.find((m) => m.tags.template === 'digest');
    expect(digest?.text).toContain('Nine in ten mentees matched by summer');
    expect(digest?.html).toContain('Nine in ten mentees matched by summer');
  });
});

describe('/admin/settings page', () => {
  it('shows the current version, a labelled form with goal rows and catalogues one per line, and the history', async () => {
    const { get } = setup();
    const res = await get('/admin/settings');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Version <strong>1</strong>');
    expect(html).toContain('by the deployment');
    expect(html).toMatch(/<label for="f-goals-0-deadline">[^<]*<\/label><input type="date" id="f-goals-0-deadline" name="goals.0.deadline" value="2027-03-31"/);
    expect(html).toMatch(/<textarea id="f-iceBreakers" name="iceBreakers">What&#39;s your favourite movie/);
    expect(html).toContain('<th scope="row">1</th>');
    expect(html).not.toContain('deploy default differs');
  });

  it('saves a form edit as the next version (303), then marks where the deploy default differs', async () => {
    const { get, postForm, program } = setup();
    await get('/admin/settings');
    const fields = formOf(await (await get('/admin/settings')).text());
    const res = await postForm({ ...fields, meetingCadenceDays: '7', 'goals.0.description': 'Most mentees matched', iceBreakers: 'One?\nTwo?\n' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/settings?saved=2');
    const current = await program();
    expect(current.settings).toMatchObject({ meetingCadenceDays: 7, iceBreakers: ['One?', 'Two?'] });
    expect((current.settings.goals as { description: string }[])[0]!.description).toBe('Most mentees matched');
    const page = await (await get('/admin/settings?saved=2')).text();
    expect(page).toContain('Saved as version 2.');
    expect(page.match(/deploy default differs/g)).toHaveLength(2);
  });

  it('shows the form again with 422 and each problem next to its field, and refuses another origin', async () => {
    const { get, postForm, program } = setup();
    const fields = formOf(await (await get('/admin/settings')).text());
    // Row 0 removed: the bad deadline of row 1 is still reported on row 1.
    const res = await postForm({ ...fields, 'goals.0.remove': 'on', 'goals.1.deadline': '2027-13-01', meetingCadenceDays: '' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('aria-invalid="true" aria-describedby="f-goals-1-deadline-error"');
    expect(html).toContain('<span class="field-error" id="f-goals-1-deadline-error">must be a date, YYYY-MM-DD</span>');
    expect(html).toContain('id="f-meetingCadenceDays-error"');
    expect((await program()).version).toBe(1);

    expect((await postForm(fields, { origin: 'https://evil.test' })).status).toBe(403);
    expect((await program()).version).toBe(1);
  });

  it('does not save an edit of a version someone replaced meanwhile (409), keeping the edit in the form', async () => {
    const { get, postForm, put, program } = setup();
    const fields = formOf(await (await get('/admin/settings')).text());
    expect((await put((await program()).settings)).status).toBe(200);
    const res = await postForm({ ...fields, rewardDescription: 'lunch with the CEO' });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('value="lunch with the CEO"');
    expect((await program()).version).toBe(2);
  });
});

/** The fields a browser would submit from the page (inputs, selects, textareas; unchecked boxes left out). */
function formOf(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  const unescape = (s: string) => s.replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
  for (const m of html.matchAll(/<input ([^>]*)>/g)) {
    const attrs = m[1]!;
    const name = /name="([^"]*)"/.exec(attrs)?.[1];
    if (!name) continue;
    if (/type="checkbox"/.test(attrs)) {
      if (/ checked/.test(attrs)) out[name] = 'on';
      continue;
    }
    out[name] = unescape(/value="([^"]*)"/.exec(attrs)?.[1] ?? '');
  }
  for (const m of html.matchAll(/<textarea [^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g)) out[m[1]!] = unescape(m[2]!);
  for (const m of html.matchAll(/<select [^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g))
    out[m[1]!] = /<option value="([^"]*)" selected/.exec(m[2]!)?.[1] ?? '';
  return out;
}

// Type-only: the routes' Hono env is the console's, the error handler the app's.
export type _Envs = [AdminEnv, HttpEnv];
