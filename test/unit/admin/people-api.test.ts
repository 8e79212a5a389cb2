/** The people part of the console's JSON API, on the in-memory fakes: every action, its refusals, and its one audit entry (ids only). */
import { describe, expect, it } from 'vitest';
import { peopleApiRoutes } from '../../../functions/http/admin/api/people';
import { newParticipant, type Participant, type ParticipantStatus } from '../../../functions/domain/participant';
import { validateSignup } from '../../../functions/domain/signup-schema';
import { signupRecord } from '../../support/fakes';
import { ADMIN, adminApp, adminDeps } from '../../support/admin-people';

let n = 0;
function person(overrides: Record<string, unknown> = {}, status: ParticipantStatus = 'waiting'): Participant {
  const r = validateSignup(signupRecord(overrides));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const p = newParticipant(r.value, { id: `p${++n}`, programId: 'test-program' }, '2026-11-01T09:00:00.000Z');
  return { ...p, status, ...(status !== 'pending' && status !== 'awaiting_approval' ? { confirmedAt: '2026-11-02T09:00:00.000Z' } : {}) };
}

async function setup(config: Record<string, unknown> = {}, people: Participant[] = []) {
  const env = adminDeps({ id: 'test-program', ...config });
  for (const p of people) await env.participants.create(p);
  const app = adminApp(env.deps, peopleApiRoutes);
  const post = (path: string, body?: unknown, type = 'application/json') =>
    app.request(path, {
      method: 'POST',
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': type } } : {}),
    });
  return { ...env, app, post };
}

const mentor = (o: Record<string, unknown> = {}, s: ParticipantStatus = 'waiting') =>
  person({ role: 'mentor', name: 'Grace Hopper', skills: ['compilers', 'leadership'], capacity: 1, ...o }, s);
const mentee = (o: Record<string, unknown> = {}, s: ParticipantStatus = 'waiting') =>
  person({ role: 'mentee', name: 'Ada Byron', skills: ['compilers'], capacity: undefined, yearsExperience: 2, ...o }, s);

describe('GET /admin/api/participants', () => {
  it('searches by name, email or skill and filters by role and status', async () => {
    const g = mentor();
    const a = mentee();
    const { app } = await setup({}, [g, a, mentee({ name: 'Bob Stone', skills: ['sales'] }, 'pending')]);
    const ids = async (qs: string) =>
      ((await (await app.request(`/admin/api/participants?${qs}`)).json()) as { participants: { id: string }[] }).participants.map((p) => p.id);
    expect(await ids('q=hopp')).toEqual([g.id]);
    expect((await ids('q=compilers')).sort()).toEqual([g.id, a.id].sort());
    expect(await ids('q=compilers&role=mentee')).toEqual([a.id]);
    expect(await ids('status=pending')).toHaveLength(1);
    expect(await ids(`q=${encodeURIComponent(a.email)}`)).toEqual([a.id]);
  });

  it('pages with limit and cursor', async () => {
    const people = Array.from({ length: 5 }, () => mentee());
    const { app } = await setup({}, people);
    const first = (await (await app.request('/admin/api/participants?limit=2')).json()) as { participants: unknown[]; cursor?: string };
    expect(first.participants).toHaveLength(2);
    const second = (await (await app.request(`/admin/api/participants?limit=2&cursor=${first.cursor}`)).json()) as { participants: unknown[] };
    expect(second.participants).toHaveLength(2);
  });

  it('refuses bad filters and a huge q with 400 naming the field, before reading anything', async () => {
    const { app } = await setup();
    const bad = async (qs: string) => {
      const res = await app.request(`/admin/api/participants?${qs}`);
      return { status: res.status, body: (await res.json()) as { error: string; issues: { path: string }[] } };
    };
    expect(await bad('role=boss')).toMatchObject({ status: 400, body: { error: 'invalid_query', issues: [{ path: 'role' }] } });
    expect(await bad('status=happy')).toMatchObject({ status: 400, body: { issues: [{ path: 'status' }] } });
    expect(await bad('limit=0')).toMatchObject({ status: 400, body: { issues: [{ path: 'limit' }] } });
    const started = Date.now();
    expect(await bad(`q=${'a'.repeat(1024 * 1024)}`)).toMatchObject({ status: 400, body: { issues: [{ path: 'q' }] } });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('participant actions', () => {
  it('approves only someone awaiting approval, into the pool, with one audit entry of ids', async () => {
    const waiting = mentee({}, 'awaiting_approval');
    const { post, participants, audit } = await setup({ signupsNeedApproval: true }, [waiting, mentor()]);
    const res = await post(`/admin/api/participants/${waiting.id}/approve`);
    expect(res.status).toBe(200);
    expect((await participants.get(waiting.id))?.status).toBe('waiting');
    expect(audit.entries).toEqual([expect.objectContaining({ actorId: ADMIN.adminId, action: 'participant.approve', targets: [waiting.id] })]);
    const again = await post(`/admin/api/participants/${waiting.id}/approve`);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: 'not_awaiting_approval' });
    expect(audit.entries).toHaveLength(1);
  });

  it('pauses, blocks (out of the pool) and refuses to block someone already gone', async () => {
    const m = mentee();
    const gone = mentee({}, 'unsubscribed');
    const { post, participants, audit } = await setup({}, [m, gone]);
    expect((await post(`/admin/api/participants/${m.id}/pause`)).status).toBe(200);
    expect((await participants.get(m.id))?.pausedUntil).toBe('2026-12-30T09:00:00.000Z');
    expect((await post(`/admin/api/participants/${m.id}/block`)).status).toBe(200);
    expect((await participants.get(m.id))?.status).toBe('blocked');
    expect(await participants.listByStatus('test-program', 'waiting')).toEqual([]);
    const refused = await post(`/admin/api/participants/${gone.id}/block`);
    expect(refused.status).toBe(409);
    expect(audit.entries.map((e) => e.action)).toEqual(['participant.block', 'participant.pause']);
  });

  it('removes a person: their pair ends, the partner goes back to the pool, their data is erased; the audit keeps only ids', async () => {
    const g = mentor();
    const a = mentee();
    const { post, participants, audit } = await setup({}, [g, a]);
    const paired = await post('/admin/api/pairs', { mentorId: g.id, menteeId: a.id });
    expect(paired.status).toBe(201);
    expect((await post(`/admin/api/participants/${a.id}/remove`)).status).toBe(200);
    const erased = await participants.get(a.id);
    expect(erased).toMatchObject({ status: 'deleted' });
    expect(erased).not.toHaveProperty('email');
    expect((await participants.get(g.id))?.status).toBe('waiting');
    expect(JSON.stringify(audit.entries)).not.toContain(a.email);
    expect(JSON.stringify(audit.entries)).not.toContain('Ada');
    expect((await post(`/admin/api/participants/${a.id}/remove`)).status).toBe(409);
  });

  it('re-sends a confirmation link only to someone who has not confirmed', async () => {
    const pending = mentee({}, 'pending');
    const confirmed = mentee();
    const { post, mailer } = await setup({}, [pending, confirmed]);
    const res = await post(`/admin/api/participants/${pending.id}/resend`);
    expect(await res.json()).toEqual({ outcome: 'queued' });
    expect(mailer.sent.map((m) => m.to)).toEqual([[pending.email]]);
    expect((await post(`/admin/api/participants/${confirmed.id}/resend`)).status).toBe(409);
  });

  it('answers 404 for an unknown person', async () => {
    const { post, app } = await setup();
    expect((await post('/admin/api/participants/nobody/pause')).status).toBe(404);
    expect((await app.request('/admin/api/participants/nobody')).status).toBe(404);
  });
});

describe('pairs by hand', () => {
  it('ranks partners with the matcher’s scorer and reasons', async () => {
    const a = mentee();
    const good = mentor({ name: 'Good Fit' });
    const other = mentor({ name: 'Other Fit', skills: ['gardening'] });
    const { app } = await setup({}, [a, good, other, mentee({ name: 'Another Mentee' })]);
    const body = (await (await app.request(`/admin/api/participants/${a.id}/suggestions`)).json()) as {
      suggestions: { partnerId: string; score: number; reasons: string[] }[];
    };
    expect(body.suggestions.map((s) => s.partnerId)).toEqual([good.id, other.id]);
    expect(body.suggestions[0]!.score).toBeGreaterThan(body.suggestions[1]!.score);
    expect(body.suggestions[0]!.reasons.join(' ')).toContain('compilers');
  });

  it("reads the person's own pairs, never the program's whole history, and still leaves out a previous partner", async () => {
    const a = mentee();
    const good = mentor({ name: 'Good Fit' });
    const other = mentor({ name: 'Other Fit', skills: ['gardening'] });
    const { app, post, pairs } = await setup({}, [a, good, other]);
    pairs.history = () => Promise.reject(new Error('a request about one person read every pair of the program'));
    const made = (await (await post('/admin/api/pairs', { mentorId: good.id, menteeId: a.id })).json()) as { pair: { id: string } };
    expect((await post(`/admin/api/pairs/${made.pair.id}/end`)).status).toBe(200);
    const body = (await (await app.request(`/admin/api/participants/${a.id}/suggestions`)).json()) as { suggestions: { partnerId: string }[] };
    expect(body.suggestions.map((s) => s.partnerId)).toEqual([other.id]);
    const again = await post('/admin/api/pairs', { mentorId: good.id, menteeId: a.id });
    expect(again.status).toBe(409);
  });

  it('makes a pair through the matcher’s transaction and queues both intros', async () => {
    const g = mentor();
    const a = mentee();
    const { post, participants, pairs, mailer, audit } = await setup({}, [g, a]);
    const res = await post('/admin/api/pairs', { mentorId: g.id, menteeId: a.id });
    expect(res.status).toBe(201);
    const { pair, introsQueued } = (await res.json()) as { pair: { id: string; reasons: string[] }; introsQueued: number };
    expect(introsQueued).toBe(2);
    expect(pair.reasons).toContain('paired by the program team');
    expect((await participants.get(a.id))?.status).toBe('matched');
    expect(await participants.get(g.id)).toMatchObject({ status: 'matched', activePairs: 1 });
    expect(await pairs.pendingSetup('test-program')).toEqual([]);
    expect(mailer.sent.map((m) => m.tags.template).sort()).toEqual(['first-meeting', 'first-meeting', 'intro', 'intro']);
    expect(audit.entries[0]).toMatchObject({ action: 'pair.create', targets: [pair.id, g.id, a.id] });
  });

  it('refuses with 409 when either is not free, over capacity, or the pair was blocked; 422 for a wrong role', async () => {
    const g = mentor();
    const a = mentee();
    const b = mentee();
    const paused = mentee({}, 'pending');
    const { post } = await setup({}, [g, a, b, paused]);
    const conflict = async (body: unknown) => {
      const res = await post('/admin/api/pairs', body);
      return { status: res.status, body: await res.json() };
    };
    expect(await conflict({ mentorId: g.id, menteeId: paused.id })).toMatchObject({
      status: 409,
      body: { error: 'pair_conflict', issues: [{ path: 'menteeId' }] },
    });
    expect((await post('/admin/api/pairs', { mentorId: g.id, menteeId: a.id })).status).toBe(201);
    // The mentor (capacity 1) is full now.
    expect(await conflict({ mentorId: g.id, menteeId: b.id })).toMatchObject({ status: 409, body: { issues: [{ path: 'mentorId' }] } });
    expect(await conflict({ mentorId: a.id, menteeId: b.id })).toMatchObject({ status: 422, body: { error: 'invalid_pair' } });
    expect(await conflict({ mentorId: g.id })).toMatchObject({ status: 400, body: { issues: [{ path: 'menteeId' }] } });
  });

  it('ends a pair and re-matches both: back in the pool, the two blocked from each other, and a second end is 409', async () => {
    const g = mentor();
    const a = mentee();
    const { post, participants, pairs, audit } = await setup({}, [g, a]);
    const { pair } = (await (await post('/admin/api/pairs', { mentorId: g.id, menteeId: a.id })).json()) as { pair: { id: string } };
    const res = await post(`/admin/api/pairs/${pair.id}/end`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ pair: { status: 'ended', endReason: 'rematched' } });
    expect((await participants.get(a.id))?.status).toBe('waiting');
    expect((await participants.get(g.id))?.status).toBe('waiting');
    expect(pairs.blockedPairs).toEqual([{ mentorId: g.id, menteeId: a.id }]);
    expect((await post(`/admin/api/pairs/${pair.id}/end`)).status).toBe(409);
    expect((await post('/admin/api/pairs', { mentorId: g.id, menteeId: a.id })).status).toBe(409);
    expect(audit.entries[0]).toMatchObject({ action: 'pair.end', targets: [pair.id, g.id, a.id] });
  });
});
