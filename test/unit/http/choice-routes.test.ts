import { describe, expect, it } from 'vitest';
import { runMatching } from '../../../functions/app/use-cases/run-matching';
import { createApp } from '../../../functions/http/app';
import type { MemoryOffers } from '../../support/fakes';
import { memoryDeps, testConfig } from '../../support/fakes';
import { mentee, mentor } from '../../support/people';

const ORIGIN = 'http://localhost:3000';
const AT = new Date('2026-11-30T09:00:00Z');

async function setup() {
  const env = memoryDeps({ config: testConfig({ matchingMode: 'choice', choiceDays: 7 }) });
  env.clock.current = AT;
  const grace = await mentor(env.deps, 'Grace Hopper');
  const alan = await mentor(env.deps, 'Alan Turing');
  const ada = await mentee(env.deps, 'Ada Lovelace');
  await runMatching(env.deps, AT);
  const app = createApp(env.deps, { clientAddress: () => '203.0.113.9' });
  const links = (text: string, route: string) => [...text.matchAll(new RegExp(`http://localhost:3000(/${route}/[^\\s?]+)`, 'g'))].map((m) => m[1]!);
  const lastTo = (p: { email: string }, template: string) => env.mailer.sent.filter((m) => m.to.includes(p.email) && m.tags.template === template).at(-1)!;
  const post = (url: string, fields: Record<string, string> = {}, headers: Record<string, string> = { origin: ORIGIN }) =>
    app.request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields) });
  return { ...env, grace, alan, ada, app, links, lastTo, post, offers: env.deps.offers as MemoryOffers };
}

describe('/choose/:token', () => {
  it('GET shows the mentor and a button and changes nothing; POST makes the pair once', async () => {
    const env = await setup();
    const [first] = env.links(env.lastTo(env.ada, 'mentor-choice').text, 'choose');
    const page = await env.app.request(first!);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/Choose (Grace|Alan)/);
    expect(html).toContain(`action="${first}"`);
    expect(html).not.toMatch(/<script/);
    await env.app.request(first!, { method: 'HEAD' });
    expect(env.pairs.byId.size).toBe(0);
    expect((await env.offers.get(env.deps.config.id, env.ada.id))!.state).toBe('open');

    expect((await env.post(first!, {}, {})).status).toBe(403); // no Origin: not from our page
    const chosen = await env.post(first!);
    expect(chosen.status).toBe(200);
    expect(await chosen.text()).toContain('is your mentor');
    expect(env.pairs.byId.size).toBe(1);
    const again = await env.post(first!);
    expect(await again.text()).toContain('You already have a mentor');
    expect(env.pairs.byId.size).toBe(1);
  });

  it('refuses forged and expired tokens', async () => {
    const env = await setup();
    const [first] = env.links(env.lastTo(env.ada, 'mentor-choice').text, 'choose');
    expect((await env.app.request(`${first!.slice(0, -4)}abcd`)).status).toBe(400);
    expect((await env.post(`${first!.slice(0, -4)}abcd`)).status).toBe(400);
    env.clock.current = new Date(AT.getTime() + 61 * 86_400_000);
    expect((await env.app.request(first!)).status).toBe(410);
    expect((await env.post(first!)).status).toBe(410);
    expect(env.pairs.byId.size).toBe(0);
  });
});

/** Ada chooses her first offered mentor; the pair, that mentor and the decline link of their intro. */
async function chosenPair(env: Awaited<ReturnType<typeof setup>>) {
  const [first] = env.links(env.lastTo(env.ada, 'mentor-choice').text, 'choose');
  await env.post(first!);
  const pair = [...env.pairs.byId.values()][0]!;
  const theMentor = pair.mentorId === env.grace.id ? env.grace : env.alan;
  const [decline] = env.links(env.lastTo(theMentor, 'intro').text, 'decline');
  return { pair, theMentor, decline };
}

describe('/decline/:token', () => {
  it('GET shows a form and changes nothing; POST with a reason ends the pair and the mentee gets a new offer; a reason is required', async () => {
    const env = await setup();
    const { pair, theMentor, decline } = await chosenPair(env);
    const form = await env.app.request(decline!);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('<textarea');
    expect(html).toContain('maxlength="1000"');
    expect(env.pairs.byId.get(pair.id)!.status).toBe('active');

    expect((await env.post(decline!, { reason: '   ' })).status).toBe(422);
    expect(env.pairs.byId.get(pair.id)!.status).toBe('active');
    const done = await env.post(decline!, { reason: 'x'.repeat(5000) });
    expect(done.status).toBe(200);
    expect(env.pairs.byId.get(pair.id)).toMatchObject({ status: 'ended', endReason: 'declined' });
    expect((await env.offers.declineOf(env.deps.config.id, theMentor.id))!.reason).toHaveLength(1000);
    expect(env.mailer.sent.filter((m) => m.to.includes(env.ada.email) && m.tags.template === 'mentor-choice')).toHaveLength(2);
    expect(await (await env.app.request(decline!)).text()).toContain('This pairing has ended');
    expect(await (await env.post(decline!, { reason: 'again' })).text()).toContain('This pairing has ended');
    expect(env.mailer.sent.filter((m) => m.to.includes(env.ada.email) && m.tags.template === 'mentor-choice')).toHaveLength(2);
  });

  it('refuses a forged token', async () => {
    const env = await setup();
    const { pair, decline } = await chosenPair(env);
    expect((await env.post(`${decline!.slice(0, -4)}abcd`, { reason: 'x' })).status).toBe(400);
    expect(env.pairs.byId.get(pair.id)!.status).toBe('active');
  });
});
