import { adminDeps } from '../../support/memory-exports';
import { describe, expect, it } from 'vitest';
import type { AdminDeps } from '../../../functions/app/support/deps';
import { runMatching } from '../../../functions/app/use-cases/run-matching';
import { roundsRoutes as roundsApi } from '../../../functions/http/admin/api/rounds';
import { roundsRoutes as roundsPages } from '../../../functions/http/admin/rounds';
import { adminTestApp } from '../../support/admin-app';
import { MemoryAuditLog, memoryDeps, testConfig } from '../../support/fakes';
import { mentee, mentor } from '../../support/people';

const ORIGIN = 'http://localhost:3000';
const AT = new Date('2026-11-30T09:00:00Z');

async function setup() {
  const env = memoryDeps({ config: testConfig({ matchingMode: 'review' }) });
  env.clock.current = AT;
  const deps: AdminDeps = adminDeps(env.deps);
  const grace = await mentor(deps, 'Grace Hopper');
  const alan = await mentor(deps, 'Alan Turing');
  const ada = await mentee(deps, 'Ada <b>Lovelace</b>');
  const edsger = await mentee(deps, 'Edsger Dijkstra');
  const { roundId } = await runMatching(deps, AT);
  const http = { deps, options: { clientAddress: () => '203.0.113.9' } };
  const app = adminTestApp(deps, [roundsPages(http), roundsApi(http)]);
  const form = (url: string, fields: Record<string, string>, headers: Record<string, string> = { origin: ORIGIN }) =>
    app.request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields) });
  const json = (url: string, body: unknown) =>
    app.request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { ...env, deps, app, form, json, roundId: roundId!, grace, alan, ada, edsger };
}

describe('rounds pages', () => {
  it('list the rounds and show a proposal with reasons, names escaped, and POST forms for every change', async () => {
    const { app, roundId, ada } = await setup();
    const list = await (await app.request('/admin/rounds')).text();
    expect(list).toContain(`href="/admin/rounds/${roundId}"`);
    expect(list).toContain('Proposed, not published');
    expect(list).toContain('aria-current="page"');

    const res = await app.request(`/admin/rounds/${roundId}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Ada &lt;b&gt;Lovelace&lt;/b&gt;');
    expect(html).not.toContain('<b>Lovelace');
    expect(html).toMatch(/<th scope="col">Why<\/th>/);
    expect(html).toContain(`action="/admin/rounds/${roundId}/exclude"`);
    expect(html).toContain(`action="/admin/rounds/${roundId}/pin"`);
    expect(html).toContain(`action="/admin/rounds/${roundId}/publish"`);
    expect(html).toContain(`href="/admin/rounds/${roundId}/suggestions/${ada.id}"`);
    expect(html).not.toMatch(/<script/);
  });

  it('choose another partner: the ranked list pins the chosen pair and the round re-solves', async () => {
    const { app, form, deps, roundId, ada } = await setup();
    const round = (await deps.rounds.get(deps.config.id, roundId))!;
    const current = round.pairs.find((p) => p.menteeId === ada.id)!.mentorId;
    const html = await (await app.request(`/admin/rounds/${roundId}/suggestions/${ada.id}`)).text();
    expect(html).toContain('Grace Hopper');
    expect(html).toContain('Alan Turing');
    expect(html).toContain('(proposed now)');
    const other = round.pairs.find((p) => p.menteeId !== ada.id)!.mentorId;
    const saved = await form(`/admin/rounds/${roundId}/pin`, { mentorId: other, menteeId: ada.id });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/admin/rounds/${roundId}?changed=1`);
    const after = (await deps.rounds.get(deps.config.id, roundId))!;
    expect(after.pairs.find((p) => p.menteeId === ada.id)).toMatchObject({ mentorId: other, pinned: true });
    expect(after.pairs.some((p) => p.mentorId === current)).toBe(true);
  });

  it('refuses a form from another origin, and publishes once from the button', async () => {
    const { form, deps, roundId, emailQueue } = await setup();
    expect((await form(`/admin/rounds/${roundId}/publish`, {}, { origin: 'https://evil.example' })).status).toBe(403);
    const published = await form(`/admin/rounds/${roundId}/publish`, {});
    expect(published.status).toBe(303);
    expect(published.headers.get('location')).toBe(`/admin/rounds/${roundId}?published=2&skipped=0`);
    const again = await form(`/admin/rounds/${roundId}/publish`, {});
    expect(again.headers.get('location')).toBe(`/admin/rounds/${roundId}?already=1`);
    expect(emailQueue.enqueued.filter((e) => e.template === 'intro')).toHaveLength(4);
    expect((await deps.rounds.get(deps.config.id, roundId))!.status).toBe('published');
  });
});

describe('rounds JSON API', () => {
  it('lists, reads, excludes, pins and publishes, with errors as {error, issues}', async () => {
    const { app, json, deps, roundId, grace, ada } = await setup();
    const list = (await (await app.request('/admin/api/rounds?limit=5')).json()) as { rounds: { id: string; status: string }[] };
    expect(list.rounds).toEqual([expect.objectContaining({ id: roundId, status: 'proposed', pairCount: 2 })]);
    const round = (await (await app.request(`/admin/api/rounds/${roundId}`)).json()) as { pairs: unknown[]; unmatched: unknown[] };
    expect(round.pairs).toHaveLength(2);

    const excluded = await json(`/admin/api/rounds/${roundId}/exclude`, { mentorId: grace.id, menteeId: ada.id });
    expect(excluded.status).toBe(200);
    expect(await excluded.json()).toMatchObject({ exclusions: [{ mentorId: grace.id, menteeId: ada.id }], version: 2 });

    const bad = await json(`/admin/api/rounds/${roundId}/pin`, { mentorId: 3 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: 'invalid_pair',
      issues: [
        { path: 'mentorId', message: 'mentorId must be a participant id.' },
        { path: 'menteeId', message: 'menteeId must be a participant id.' },
      ],
    });
    expect((await app.request(`/admin/api/rounds/${roundId}/pin`, { method: 'POST', body: '{}' })).status).toBe(415);
    const missing = await app.request('/admin/api/rounds/nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: 'round_not_found' });
    expect((await app.request('/admin/api/rounds?limit=0')).status).toBe(400);

    const suggestions = (await (await app.request(`/admin/api/rounds/${roundId}/suggestions/${ada.id}`)).json()) as { suggestions: { partnerId: string }[] };
    expect(suggestions.suggestions.map((s) => s.partnerId)).not.toContain(grace.id);

    const published = await app.request(`/admin/api/rounds/${roundId}/publish`, { method: 'POST' });
    expect(await published.json()).toMatchObject({ publishedNow: true, pairsCreated: 2, skipped: [] });
    const closed = await json(`/admin/api/rounds/${roundId}/pin`, { mentorId: grace.id, menteeId: ada.id });
    expect(closed.status).toBe(409);
    expect((deps.audit as MemoryAuditLog).entries.map((e) => e.action)).toEqual(['round.publish', 'round.exclude']);
  });
});
