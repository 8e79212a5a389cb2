/** The console's people pages work as forms without JavaScript: search, a person's actions, pairing by hand, ending a pair, importing. */
import { describe, expect, it } from 'vitest';
import { peopleRoutes } from '../../../functions/http/admin/people';
import { newParticipant, type Participant, type ParticipantStatus } from '../../../functions/domain/participant';
import { validateSignup } from '../../../functions/domain/signup-schema';
import { signupRecord, testConfig } from '../../support/fakes';
import { adminApp, adminDeps } from '../../support/admin-people';

const ORIGIN = new URL(testConfig().publicUrl).origin;
let n = 0;
function person(overrides: Record<string, unknown>, status: ParticipantStatus = 'waiting'): Participant {
  const r = validateSignup(signupRecord(overrides));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return { ...newParticipant(r.value, { id: `pp${++n}`, programId: 'test-program' }, '2026-11-01T09:00:00.000Z'), status };
}

async function setup(people: Participant[], config: Record<string, unknown> = {}) {
  const env = adminDeps({ id: 'test-program', ...config });
  for (const p of people) await env.participants.create(p);
  const app = adminApp(env.deps, peopleRoutes);
  const form = (path: string, fields: Record<string, string> = {}) =>
    app.request(path, {
      method: 'POST',
      body: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
    });
  return { ...env, app, form };
}

describe('people pages', () => {
  it('lists and searches with labelled filters and links to each person', async () => {
    const g = person({ name: 'Grace Hopper', role: 'mentor' });
    const { app } = await setup([g, person({ name: 'Ada Byron', role: 'mentee', capacity: undefined })]);
    const html = await (await app.request('/admin/people?q=hopper')).text();
    expect(html).toContain('<label for="q">');
    expect(html).toContain(`href="/admin/people/${g.id}"`);
    expect(html).not.toContain('Ada Byron');
    expect(html).toContain('aria-current="page"');
  });

  it("shows a person's answers and the approve button only while they await approval; approving redirects with a notice", async () => {
    const a = person({ name: 'Ada Byron', role: 'mentee', capacity: undefined }, 'awaiting_approval');
    const { app, form, participants } = await setup([a], { signupsNeedApproval: true });
    const html = await (await app.request(`/admin/people/${a.id}`)).text();
    expect(html).toContain(`action="/admin/people/${a.id}/approve"`);
    expect(html).toContain('America/New_York');
    const res = await form(`/admin/people/${a.id}/approve`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/people/${a.id}?done=approve`);
    expect((await participants.get(a.id))?.status).toBe('waiting');
    const after = await (await app.request(`/admin/people/${a.id}?done=approve`)).text();
    expect(after).not.toContain('/approve"');
    expect(after).toContain('Approved');
  });

  it('refuses a form post from another origin (403) and changes nothing', async () => {
    const a = person({ role: 'mentee', capacity: undefined }, 'awaiting_approval');
    const { app, participants } = await setup([a]);
    const res = await app.request(`/admin/people/${a.id}/block`, {
      method: 'POST',
      body: '',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    expect((await participants.get(a.id))?.status).toBe('awaiting_approval');
  });

  it('pairs two people from the suggestions and ends the pair from its page', async () => {
    const g = person({ name: 'Grace Hopper', role: 'mentor', capacity: 1 });
    const a = person({ name: 'Ada Byron', role: 'mentee', capacity: undefined, skills: ['compilers'] });
    const { app, form, participants } = await setup([g, a]);
    const html = await (await app.request(`/admin/people/${a.id}`)).text();
    expect(html).toContain('Pair with Grace Hopper');
    const paired = await form(`/admin/people/${a.id}/pair`, { partnerId: g.id });
    expect(paired.status).toBe(303);
    const pairPath = paired.headers.get('location')!.split('?')[0]!;
    const personPage = await (await app.request(`/admin/people/${a.id}`)).text();
    expect(personPage).toMatch(/<th scope="row">intro<\/th>\s*<td>sent<\/td>/);
    const pairPage = await (await app.request(pairPath)).text();
    expect(pairPage).toContain('Grace Hopper');
    expect(pairPage).toContain('End this pair and re-match both');
    expect((await form(`${pairPath}/end`)).status).toBe(303);
    expect((await participants.get(a.id))?.status).toBe('waiting');
    expect(await (await app.request(pairPath)).text()).toContain('re-matched');
  });

  it('imports pasted CSV, or lists the bad rows and imports nothing', async () => {
    const { form, emailQueue } = await setup([]);
    const bad = await form('/admin/people/import', { text: 'name,email,role\nAda,ada@example.com,mentee\nBob,bob@,mentor' });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Row 3, email: not a valid email address');
    expect(emailQueue.enqueued).toEqual([]);
    const good = await form('/admin/people/import', { text: 'name,email,role\nAda,ada@example.com,mentee' });
    expect(good.status).toBe(200);
    expect(await good.text()).toContain('1 invited');
  });

  it('imports an uploaded CSV file (multipart)', async () => {
    const { app, emailQueue } = await setup([]);
    const body = new FormData();
    body.set('file', new File(['name,email,role\r\nGrace,grace@example.com,mentor\r\n'], 'people.csv', { type: 'text/csv' }));
    body.set('text', '');
    const res = await app.request('/admin/people/import', { method: 'POST', body, headers: { origin: ORIGIN } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('1 invited');
    expect(emailQueue.enqueued.map((e) => e.template)).toEqual(['invitation']);
  });

  it('answers 404 for an unknown person or pair', async () => {
    const { app } = await setup([]);
    expect((await app.request('/admin/people/nobody')).status).toBe(404);
    expect((await app.request('/admin/pairs/nothing')).status).toBe(404);
  });
});
