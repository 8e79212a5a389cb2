/**
 * The fit check after the first meeting (issue 12 part 3): asked once per round, answered by a
 * button press on /fit/:token or by reply; "not a good fit" ends the pair kindly (no blame, never
 * paired again, both first in line), two "still deciding" ask again, "good fit" is recorded.
 */
import { describe, expect, it } from 'vitest';
import { mimeMessages } from '../../../functions/adapters/email/parse-message';
import { parseStep } from '../../../functions/app/support/follow-up/step';
import { toMatchInput } from '../../../functions/app/support/matching-round';
import { FIT_PRIORITY_DAYS, MAX_FIT_ROUNDS } from '../../../functions/app/use-cases/fit-check/answer-fit-check';
import { handleReply, type InboundDeps } from '../../../functions/app/use-cases/handle-reply';
import { checkIn } from '../../../functions/app/use-cases/check-in';
import { runFollowUp } from '../../../functions/app/use-cases/run-follow-up';
import { createApp } from '../../../functions/http/app';
import { replyAddress } from '../../../functions/domain/reply-address';
import { memberReplyAddress } from '../../../functions/domain/reply-address';
import { WAIT_ROUNDS_CAP } from '../../../functions/domain/matching/scoring';
import { mentee, mentor, pairedInMemory } from '../../support/people';
import { memoryDeps } from '../../support/fakes';
import { runMatching } from '../../../functions/app/use-cases/run-matching';
import { adminApp } from '../../support/admin-people';
import { peopleRoutes } from '../../../functions/http/admin/people';

const AT = new Date('2026-11-30T09:00:00Z');
const ORIGIN = 'http://localhost:3000';
const SECRET = 'test-secret-for-unit-tests';

async function asked() {
  const env = await pairedInMemory(AT);
  env.clock.current = new Date('2026-12-10T09:00:00Z');
  expect(await runFollowUp(env.deps, { pairId: env.pair.id, step: 'fit-1', basis: '2026-12-09T09:00:00.000Z' })).toBe('done');
  const app = createApp(env.deps, { clientAddress: () => '203.0.113.9' });
  const post = (url: string, fields: Record<string, string>) =>
    app.request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN }, body: new URLSearchParams(fields) });
  const fitMail = (p: { email: string }) => env.mailer.sent.filter((m) => m.to.includes(p.email) && m.tags.template === 'fit-check');
  const linkOf = (p: { email: string }) => /http:\/\/localhost:3000(\/fit\/[^\s?]+)\?answer=good/.exec(fitMail(p)[0]!.text)![1]!;
  const stored = () => env.pairs.byId.get(env.pair.id)!;
  const templatesTo = (p: { email: string }) => env.mailer.sent.filter((m) => m.to.includes(p.email)).map((m) => m.tags.template);
  return { ...env, app, post, fitMail, linkOf, stored, templatesTo };
}

describe('the fit-<n> step', () => {
  it('is parsed from its schedule name', () => {
    expect(parseStep('fit-2')).toEqual({ kind: 'fit', round: 2 });
    expect(parseStep('checkin-2')).toEqual({ kind: 'checkin', meeting: 2 });
  });

  it('stores the round and asks each member once, with three answer links and the reply words, even when fired twice', async () => {
    const env = await asked();
    expect(env.stored().fitCheck).toEqual({ round: 1, askedAt: '2026-12-10T09:00:00.000Z', answers: {} });
    for (const p of [env.grace, env.ada]) {
      const [mail, ...more] = env.fitMail(p);
      expect(more).toEqual([]);
      const partner = p === env.grace ? 'Ada' : 'Grace';
      expect(mail!.subject).toBe(`How is it going with ${partner}?`);
      for (const answer of ['good', 'deciding', 'not']) expect(mail!.text).toMatch(new RegExp(`/fit/[^\\s?]+\\?answer=${answer}`));
      expect(mail!.text).toContain('"not a good fit"');
      // The answer is private: only the member's own reply address.
      expect(mail!.replyTo).toEqual([memberReplyAddress(env.pair, p.id, SECRET, env.deps.config.replyDomain)]);
    }
    // The other schedule of the same round (the calendar path) fires too: nothing new.
    expect(await runFollowUp(env.deps, { pairId: env.pair.id, step: 'fit-1', basis: '2026-12-09T10:00:00.000Z' })).toBe('done');
    expect(env.fitMail(env.grace)).toHaveLength(1);
    expect(env.stored().fitCheck!.round).toBe(1);
  });

  it('does nothing for a stale round', async () => {
    const env = await asked();
    env.pairs.byId.get(env.pair.id)!.fitCheck = { round: 2, askedAt: '2026-12-10T09:00:00.000Z', answers: {} };
    expect(await runFollowUp(env.deps, { pairId: env.pair.id, step: 'fit-1', basis: '2026-12-01T09:00:00.000Z' })).toBe('skip_stale');
  });

  it('is scheduled a day after the first reported meeting, once', async () => {
    const env = await pairedInMemory(AT);
    const fitSchedules = () => [...env.scheduler.schedules.values()].filter((s) => s.payload.step === 'fit-1');
    env.clock.current = new Date('2026-12-08T09:00:00Z');
    expect(fitSchedules()).toEqual([]);
    const { signedLink } = await import('../../../functions/app/support/links');
    const token = (await signedLink(env.deps, 'checkin', env.pair.id, `${env.ada.id}.1`)).split('/checkin/')[1]!;
    await checkIn(env.deps, token, 'met');
    expect(fitSchedules()).toEqual([expect.objectContaining({ at: '2026-12-09T09:00:00.000Z' })]);
    // A second meeting reported in a later period is not the first: no second fit check.
    env.clock.current = new Date('2026-12-20T09:00:00Z');
    const token2 = (await signedLink(env.deps, 'checkin', env.pair.id, `${env.grace.id}.2`)).split('/checkin/')[1]!;
    await checkIn(env.deps, token2, 'met');
    expect(fitSchedules()).toHaveLength(1);
  });
});

describe('answers on the fit page', () => {
  it('GET shows the three buttons with the linked answer highlighted, and changes nothing', async () => {
    const env = await asked();
    const link = env.linkOf(env.ada);
    const page = await env.app.request(`${link}?answer=not`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`<form method="post" action="${link}"`);
    expect(html).toMatch(/<button class="button" type="submit" name="answer" value="not"/);
    expect(html).toMatch(/<button class="button secondary" type="submit" name="answer" value="good"/);
    expect(html).not.toMatch(/<script/i);
    expect((await env.app.request(`${link}?answer=not`, { method: 'HEAD' })).status).toBe(200);
    expect(env.stored().status).toBe('active');
    expect(env.stored().fitCheck!.answers).toEqual({});
  });

  it('refuses forged and expired links', async () => {
    const env = await asked();
    const link = env.linkOf(env.ada);
    expect((await env.app.request(`${link.slice(0, -3)}abc`)).status).toBe(400);
    env.clock.current = new Date('2027-02-10T09:00:00Z');
    expect((await env.app.request(link)).status).toBe(410);
    expect((await env.post(link, { answer: 'not' })).status).toBe(410);
    expect(env.stored().status).toBe('active');
  });

  it('"good fit" is recorded once and nothing else happens', async () => {
    const env = await asked();
    const link = env.linkOf(env.grace);
    expect((await env.post(link, { answer: 'good' })).status).toBe(200);
    expect((await env.post(link, { answer: 'good' })).status).toBe(200);
    expect(env.stored().fitCheck!.answers).toEqual({ mentor: 'good' });
    expect(env.stored().status).toBe('active');
    expect(env.stats.deltas.filter((d) => d.week?.counts.fit_good)).toHaveLength(1);
    expect(env.templatesTo(env.ada)).not.toContain('fit-ended');
  });

  it('"not a good fit" from one member ends the pair kindly: same email to both, blocked, both back in the pool with priority', async () => {
    const env = await asked();
    await env.post(env.linkOf(env.grace), { answer: 'good' });
    const res = await env.post(env.linkOf(env.ada), { answer: 'not' });
    expect(res.status).toBe(200);
    const pair = env.stored();
    expect(pair).toMatchObject({ status: 'ended', endReason: 'not_fit' });
    expect(env.pairs.blockedPairs).toEqual([{ mentorId: env.grace.id, menteeId: env.ada.id }]);
    const until = new Date(Date.parse(pair.endedAt!) + FIT_PRIORITY_DAYS * 86_400_000).toISOString();
    for (const p of [env.grace, env.ada]) {
      const member = env.participants.byId.get(p.id)!;
      expect(member).toMatchObject({ status: 'waiting', activePairs: 0, priorityUntil: until });
      // The matcher counts them as having waited the most it counts, while the priority lasts.
      expect(toMatchInput(member, '2026-12-11T00:00:00.000Z').roundsWaited).toBe(WAIT_ROUNDS_CAP);
      expect(toMatchInput(member, '2027-01-30T00:00:00.000Z').roundsWaited).toBeUndefined();
    }
    const ended = [env.grace, env.ada].map((p) => env.mailer.sent.filter((m) => m.to.includes(p.email) && m.tags.template === 'fit-ended'));
    expect(ended.map((m) => m.length)).toEqual([1, 1]);
    // No blame: the same words for both, apart from the names, and nothing about who answered.
    const neutral = (text: string) => text.replace(/Grace|Ada/g, 'X').replace(/unsubscribe\/\S+/g, '');
    expect(neutral(ended[0]![0]!.text)).toBe(neutral(ended[1]![0]!.text));
    expect(ended[0]![0]!.text).not.toMatch(/answered|said|chose|decided/i);
    // A later press of the partner changes nothing more.
    await env.post(env.linkOf(env.grace), { answer: 'not' });
    expect(env.mailer.sent.filter((m) => m.tags.template === 'fit-ended')).toHaveLength(2);
  });

  it('two "still deciding" ask again after the next meeting, up to the last round', async () => {
    const env = await asked();
    await env.post(env.linkOf(env.grace), { answer: 'deciding' });
    const before = [...env.scheduler.schedules.values()].filter((s) => s.payload.step === 'fit-2');
    expect(before).toEqual([]);
    await env.post(env.linkOf(env.ada), { answer: 'deciding' });
    const cadence = env.deps.config.meetingCadenceDays;
    const again = [...env.scheduler.schedules.values()].filter((s) => s.payload.step === 'fit-2');
    expect(again).toEqual([expect.objectContaining({ at: new Date(Date.parse('2026-12-10T09:00:00Z') + (cadence + 1) * 86_400_000).toISOString() })]);
    // Round 2 fires: asked again, answers start empty.
    env.clock.current = new Date(again[0]!.at);
    expect(await runFollowUp(env.deps, { pairId: env.pair.id, step: 'fit-2', basis: again[0]!.payload.basis })).toBe('done');
    expect(env.stored().fitCheck).toMatchObject({ round: 2, answers: {} });
    expect(env.fitMail(env.ada)).toHaveLength(2);
    expect(MAX_FIT_ROUNDS).toBe(3);
  });
});

describe('answers by reply', () => {
  const replyDeps = (env: Awaited<ReturnType<typeof asked>>): InboundDeps => ({ ...env.deps, messages: mimeMessages });
  let n = 0;
  const raw = (from: string, body: string) =>
    Buffer.from(
      [`From: ${from}`, 'To: x@example.com', 'Subject: Re', `Message-ID: <fit${++n}@mail.example>`, 'Content-Type: text/plain', '', body, ''].join('\r\n'),
    );

  it('"good fit" from the member the address was sent to is recorded; from the partner it is a plain message', async () => {
    const env = await asked();
    const ownAddress = memberReplyAddress(env.pair, env.ada.id, SECRET, env.deps.config.replyDomain);
    expect(await handleReply(replyDeps(env), { envelopeRecipients: [ownAddress], raw: raw(env.grace.email, 'good fit') })).toBe('recorded');
    expect(env.stored().fitCheck!.answers).toEqual({});
    expect(await handleReply(replyDeps(env), { envelopeRecipients: [ownAddress], raw: raw(env.ada.email, 'Still deciding') })).toBe('recorded');
    expect(env.stored().fitCheck!.answers).toEqual({ mentee: 'deciding' });
  });

  it('"not a good fit" by reply ends nothing: a confirmation link to the fit page goes to the stored address, and its button confirms', async () => {
    const env = await asked();
    const own = replyAddress('p', env.ada.id, SECRET, env.deps.config.replyDomain);
    expect(await handleReply(replyDeps(env), { envelopeRecipients: [own], raw: raw(env.ada.email, 'not a good fit') })).toBe('confirmation_sent');
    expect(env.stored().status).toBe('active');
    const confirm = env.mailer.sent.filter((m) => m.tags.template === 'fit-confirm');
    expect(confirm.map((m) => m.to)).toEqual([[env.ada.email]]);
    const link = /http:\/\/localhost:3000(\/fit\/[^\s?]+)\?answer=not/.exec(confirm[0]!.text)![1]!;
    expect(link).toBe(env.linkOf(env.ada));
    const page = await (await env.app.request(`${link}?answer=not`)).text();
    expect(page).toMatch(/<button class="button" type="submit" name="answer" value="not"/);
    expect(env.stored().status).toBe('active');
    await env.post(link, { answer: 'not' });
    expect(env.stored()).toMatchObject({ status: 'ended', endReason: 'not_fit' });
  });

  it('sends no confirmation when no fit check awaits an answer', async () => {
    const env = await pairedInMemory(AT);
    const own = replyAddress('p', env.ada.id, SECRET, env.deps.config.replyDomain);
    const deps: InboundDeps = { ...env.deps, messages: mimeMessages };
    expect(await handleReply(deps, { envelopeRecipients: [own], raw: raw(env.ada.email, 'not a good fit') })).toBe('confirmation_skipped');
    expect(env.mailer.sent.filter((m) => m.tags.template === 'fit-confirm')).toEqual([]);
  });
});

describe('the console pair page', () => {
  it("shows the round and each member's answer, and why the pair ended", async () => {
    const env = await asked();
    const console = adminApp(env.deps, peopleRoutes);
    const show = async () => (await console.request(`/admin/pairs/${env.pair.id}`)).text();
    await env.post(env.linkOf(env.grace), { answer: 'good' });
    let html = await show();
    expect(html).toContain('Round 1, asked 2026-12-10.');
    expect(html).toContain('<li>Mentor: good fit</li>');
    expect(html).toContain('<li>Mentee: no answer yet</li>');
    await env.post(env.linkOf(env.ada), { answer: 'not' });
    html = await show();
    expect(html).toContain('<li>Mentee: not a good fit</li>');
    expect(html).toContain('(not a good fit (fit check))');
  });
});

describe('priority in the next round', () => {
  it('a member back from a "not a good fit" wins a mentor over an otherwise equal member', async () => {
    for (const favoured of [0, 1]) {
      const env = memoryDeps();
      env.clock.current = AT;
      await mentor(env.deps, 'Grace Hopper');
      const mentees = [await mentee(env.deps, 'Ada Lovelace'), await mentee(env.deps, 'Mary Somerville')];
      await env.deps.participants.setFlags(mentees[favoured]!, { priorityUntil: '2026-12-14T09:00:00.000Z' }, AT.toISOString());
      await runMatching(env.deps, AT);
      expect([...env.pairs.byId.values()].map((p) => p.menteeId)).toEqual([mentees[favoured]!.id]);
    }
  });
});
