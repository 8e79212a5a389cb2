/**
 * Replies by email (issue 8): routed by the envelope only, commands believed only
 * from the member whose own reply address it is, stop/pause confirmed by a link
 * sent to the member's stored address, SES verdicts gating everything, and the
 * body parsed last.
 */
import type { AdminDeps } from '../../../functions/app/support/deps';
import { describe, expect, it } from 'vitest';
import { mimeMessages } from '../../../functions/adapters/email/parse-message';
import { CONFIRMATIONS_PER_DAY, handleReply, type InboundDeps } from '../../../functions/app/use-cases/handle-reply';
import { readToken } from '../../../functions/app/support/links';
import { runFollowUp } from '../../../functions/app/use-cases/run-follow-up';
import { runMatching } from '../../../functions/app/use-cases/run-matching';
import { createApp } from '../../../functions/http/app';
import { replyAddress, parseReplyAddress } from '../../../functions/domain/reply-address';
import { MAX_INBOUND_BYTES } from '../../../functions/domain/reply/limits';
import type { MailVerdicts } from '../../../functions/domain/reply/verdicts';
import type { InboundMail } from '../../../functions/ports';
import { memoryDeps } from '../../support/fakes';
import { mentee, mentor } from '../../support/people';

const AT = new Date('2026-11-30T09:00:00Z');
const SECRET = 'test-secret-for-unit-tests';

async function pairedProgram() {
  const env = memoryDeps();
  env.clock.current = AT;
  const logged: { event: string; fields?: Record<string, unknown> }[] = [];
  let parsed = 0;
  const deps: InboundDeps & AdminDeps = {
    ...env.deps,
    log: (event, fields) => logged.push({ event, ...(fields ? { fields } : {}) }),
    messages: { parse: (raw) => (parsed++, mimeMessages.parse(raw)) },
  };
  const grace = await mentor(deps, 'Grace Hopper');
  const ada = await mentee(deps, 'Ada Lovelace');
  await runMatching(deps, AT);
  const [pair] = [...env.pairs.byId.values()];
  const sentTo = (p: { email: string }) => env.mailer.sent.filter((m) => m.to.includes(p.email));
  const introTo = (p: { email: string }) => sentTo(p).find((m) => m.tags.template === 'intro')!;
  env.clock.current = new Date('2026-12-03T09:00:00Z');
  return { ...env, deps, grace, ada, pair: pair!, sentTo, introTo, logged, parsedCount: () => parsed };
}

let n = 0;
/** A raw reply as a mail client writes it; the To header says whatever the sender likes. */
const raw = (from: string, body: string, headers: string[] = []) =>
  Buffer.from(
    [
      `From: ${from}`,
      'To: someone@example.com',
      'Subject: Re: hello',
      `Message-ID: <m${++n}.${Date.now()}@mail.example>`,
      ...headers,
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
      '',
    ].join('\r\n'),
  );
const mail = (to: string | string[], message: Buffer, extra: Partial<InboundMail> = {}): InboundMail => ({
  envelopeRecipients: Array.isArray(to) ? to : [to],
  raw: message,
  ...extra,
});

describe('per-member reply addresses', () => {
  it('gives each member their own signed reply address on every pair email, and the partner as the second Reply-To', async () => {
    const { deps, pair, grace, ada, introTo, sentTo } = await pairedProgram();
    await runFollowUp(deps, { pairId: pair.id, step: 'icebreakers' });
    for (const [me, partner, kind] of [
      [ada, grace, 'mentee'],
      [grace, ada, 'mentor'],
    ] as const) {
      const icebreakers = sentTo(me).find((m) => m.tags.template === 'icebreakers')!;
      for (const email of [introTo(me), icebreakers]) {
        expect(parseReplyAddress(email.replyTo[0]!, SECRET)).toEqual({ kind, id: pair.id });
        expect(email.replyTo[1]).toBe(partner.email);
      }
    }
    expect(introTo(ada).replyTo[0]).not.toBe(introTo(grace).replyTo[0]);
  });
});

describe('commands count only from the member the address was sent to', () => {
  it('records "met" from the member to their own address, once per message', async () => {
    const { deps, pairs, pair, ada, introTo } = await pairedProgram();
    const message = raw(ada.email, 'We met today!');
    expect(await handleReply(deps, mail(introTo(ada).replyTo[0]!, message))).toBe('recorded');
    expect(await handleReply(deps, mail(introTo(ada).replyTo[0]!, message))).toBe('duplicate');
    expect(pairs.activityLog.map((a) => [a.kind, a.participantId])).toEqual([['met', ada.id]]);
    expect(pairs.byId.get(pair.id)?.meetingsLogged).toBe(1);
  });

  it("reads a command from the partner (a reply-all to the other member's address) as a plain message", async () => {
    const { deps, pairs, pair, ada, grace, introTo, mailer, logged } = await pairedProgram();
    const adaAddress = introTo(ada).replyTo[0]!;
    const sentBefore = mailer.sent.length;
    expect(await handleReply(deps, mail(adaAddress, raw(grace.email, 'met')))).toBe('recorded');
    expect(await handleReply(deps, mail(adaAddress, raw(grace.email, '1')))).toBe('recorded');
    expect(await handleReply(deps, mail(adaAddress, raw(grace.email, 'stop')))).toBe('recorded');
    expect(await handleReply(deps, mail(adaAddress, raw(grace.email, 'pause')))).toBe('recorded');
    expect(pairs.activityLog.map((a) => [a.kind, a.participantId])).toEqual(Array.from({ length: 4 }, () => ['message', grace.id]));
    expect(pairs.byId.get(pair.id)?.meetingsLogged ?? 0).toBe(0);
    expect(mailer.sent.length).toBe(sentBefore);
    expect(await deps.participants.get(ada.id)).toMatchObject({ status: 'matched' });
    expect(await deps.participants.get(grace.id)).toMatchObject({ status: 'matched' });
    expect(logged.filter((l) => l.event === 'reply').map((l) => l.fields)).toContainEqual({ outcome: 'recorded', commandIgnored: true });
  });

  it('treats the old shared pair address as plain activity: never a command', async () => {
    const { deps, pairs, pair, ada, mailer } = await pairedProgram();
    const oldAddress = replyAddress('pair', pair.id, SECRET, deps.config.replyDomain);
    const sentBefore = mailer.sent.length;
    expect(await handleReply(deps, mail(oldAddress, raw(ada.email, 'met')))).toBe('recorded');
    expect(await handleReply(deps, mail(oldAddress, raw(ada.email, 'stop')))).toBe('recorded');
    expect(pairs.activityLog.map((a) => a.kind)).toEqual(['message', 'message']);
    expect(pairs.byId.get(pair.id)?.meetingsLogged ?? 0).toBe(0);
    expect(mailer.sent.length).toBe(sentBefore);
  });

  it('ignores strangers, forged addresses and auto-replies', async () => {
    const { deps, pairs, ada, introTo, parsedCount } = await pairedProgram();
    const address = introTo(ada).replyTo[0]!;
    expect(await handleReply(deps, mail(address, raw('mallory@example.com', 'met')))).toBe('ignored_not_member');
    const parsedBefore = parsedCount();
    expect(await handleReply(deps, mail(address.replace(/-[0-9a-f]{16}@/, '-0000000000000000@'), raw(ada.email, 'met')))).toBe('ignored_unknown_address');
    expect(parsedCount()).toBe(parsedBefore); // a forged address is refused before the body is parsed
    expect(await handleReply(deps, mail(address, raw(ada.email, 'I am out of office', ['Auto-Submitted: auto-replied'])))).toBe('ignored_auto_reply');
    expect(pairs.activityLog).toEqual([]);
  });

  it('routes by the envelope only: a reply address in To, Cc or Delivered-To is not where the mail went', async () => {
    const { deps, pairs, ada, introTo, parsedCount } = await pairedProgram();
    const address = introTo(ada).replyTo[0]!;
    const message = raw(ada.email, 'met', [`Cc: ${address}`, `Delivered-To: ${address}`, `X-Original-To: ${address}`])
      .toString()
      .replace('To: someone@example.com', `To: ${address}`);
    expect(await handleReply(deps, mail('someone@example.com', Buffer.from(message)))).toBe('ignored_unknown_address');
    expect(await handleReply(deps, mail([], Buffer.from(message)))).toBe('ignored_unknown_address');
    expect(parsedCount()).toBe(0);
    expect(pairs.activityLog).toEqual([]);
  });
});

describe("stop and pause by email are confirmed by a link to the member's own address", () => {
  it.each([
    ['stop', 'STOP', /^Did you ask us to stop all emails from /],
    ['pause', 'pause please', /^Did you ask us to pause reminders for 30 days\?$/],
  ])('"%s" changes nothing and sends one confirmation to the stored address, per reply message', async (kind, body, subject) => {
    const { deps, pairs, pair, ada, grace, introTo, sentTo } = await pairedProgram();
    const message = raw(ada.email.toUpperCase(), body);
    expect(await handleReply(deps, mail(introTo(ada).replyTo[0]!, message))).toBe('confirmation_sent');
    expect(await handleReply(deps, mail(introTo(ada).replyTo[0]!, message))).toBe('confirmation_skipped');

    expect(await deps.participants.get(ada.id)).toMatchObject({ status: 'matched' });
    expect((await deps.participants.get(ada.id))?.pausedUntil).toBeUndefined();
    expect(pairs.byId.get(pair.id)?.status).not.toBe('ended');
    expect(pairs.activityLog).toEqual([]);
    const confirmations = sentTo(ada).filter((m) => m.tags.template === 'command-confirm');
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]!.to).toEqual([ada.email]);
    expect(confirmations[0]!.subject).toMatch(subject);
    expect(sentTo(grace).filter((m) => m.tags.template === 'command-confirm')).toEqual([]);
    const link = new RegExp(`${deps.config.publicUrl}/unsubscribe/([^\\s?]+)\\?ask=${kind}`).exec(confirmations[0]!.text);
    expect(link).not.toBeNull();
    expect((await readToken(deps, link![1]!, 'unsubscribe')).s).toBe(ada.id);
  });

  it('sends a member at most a few confirmations a day, however many replies arrive', async () => {
    const { deps, ada, introTo, sentTo } = await pairedProgram();
    const outcomes = [];
    for (let i = 0; i < CONFIRMATIONS_PER_DAY + 3; i++) outcomes.push(await handleReply(deps, mail(introTo(ada).replyTo[0]!, raw(ada.email, 'stop'))));
    expect(outcomes.filter((o) => o === 'confirmation_sent')).toHaveLength(CONFIRMATIONS_PER_DAY);
    expect(sentTo(ada).filter((m) => m.tags.template === 'command-confirm')).toHaveLength(CONFIRMATIONS_PER_DAY);
  });

  it("also confirms by the participant's own address, even while paused", async () => {
    const { deps, ada, sentTo } = await pairedProgram();
    await deps.participants.setFlags(ada, { pausedUntil: '2027-01-01T00:00:00.000Z' }, AT.toISOString());
    const own = replyAddress('p', ada.id, SECRET, deps.config.replyDomain);
    expect(await handleReply(deps, mail(own, raw(ada.email, 'unsubscribe')))).toBe('confirmation_sent');
    expect(sentTo(ada).filter((m) => m.tags.template === 'command-confirm')).toHaveLength(1);
  });
});

describe('SES verdicts gate every action', () => {
  const passing: MailVerdicts = { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', mailFrom: 'x@example.com' };

  it('acts on mail that passes', async () => {
    const { deps, ada, introTo } = await pairedProgram();
    expect(await handleReply(deps, mail(introTo(ada).replyTo[0]!, raw(ada.email, 'met'), { verdicts: passing }))).toBe('recorded');
  });

  it.each([
    ['spam', { spam: 'FAIL' }, false],
    ['a virus', { virus: 'FAIL' }, false],
    ['DMARC failure', { dmarc: 'FAIL' }, false],
    ['no DMARC record and an unaligned envelope sender', { dmarc: 'GRAY', dkim: 'FAIL', mailFrom: 'bounce@evil.example' }, true],
  ] as const)('drops %s without recording anything', async (_name, change, parsed) => {
    const { deps, pairs, ada, introTo, parsedCount, logged } = await pairedProgram();
    const outcome = await handleReply(deps, mail(introTo(ada).replyTo[0]!, raw(ada.email, 'met'), { verdicts: { ...passing, ...change } }));
    expect(outcome).toBe('ignored_failed_checks');
    expect(parsedCount()).toBe(parsed ? 1 : 0);
    expect(pairs.activityLog).toEqual([]);
    expect(JSON.stringify(logged)).not.toMatch(/@|example/);
  });

  it('accepts no DMARC record when SPF passes for the From domain', async () => {
    const { deps, ada, introTo } = await pairedProgram();
    const verdicts: MailVerdicts = { ...passing, dmarc: 'GRAY', dkim: 'GRAY', mailFrom: ada.email };
    expect(await handleReply(deps, mail(introTo(ada).replyTo[0]!, raw(ada.email, 'met'), { verdicts }))).toBe('recorded');
  });
});

describe('work per message is bounded', () => {
  it('refuses a message over the size limit without parsing it', async () => {
    const { deps, ada, introTo, parsedCount } = await pairedProgram();
    const big = raw(ada.email, `met\n${'x'.repeat(MAX_INBOUND_BYTES)}`);
    expect(await handleReply(deps, mail(introTo(ada).replyTo[0]!, big))).toBe('ignored_too_big');
    expect(await handleReply(deps, mail(introTo(ada).replyTo[0]!, Buffer.alloc(0), { size: MAX_INBOUND_BYTES + 1 }))).toBe('ignored_too_big');
    expect(parsedCount()).toBe(0);
  });

  it('drops a message the MIME parser refuses (thousands of parts) instead of failing it for a retry', async () => {
    const { deps, pairs, ada, introTo } = await pairedProgram();
    const parts = Array.from({ length: 2_000 }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\nmet ${i}\r\n`).join('');
    const message = Buffer.from(`From: ${ada.email}\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${parts}--b--\r\n`);
    const started = performance.now();
    expect(await handleReply(deps, mail(introTo(ada).replyTo[0]!, message))).toBe('ignored_unparseable');
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(pairs.activityLog).toEqual([]);
  });

  it('looks at a bounded number of envelope recipients', async () => {
    const { deps, ada, introTo, parsedCount } = await pairedProgram();
    const many = [...Array.from({ length: 50 }, (_, i) => `x${i}@example.com`), introTo(ada).replyTo[0]!];
    expect(await handleReply(deps, mail(many, raw(ada.email, 'met')))).toBe('ignored_unknown_address');
    expect(parsedCount()).toBe(0);
  });

  it('answers the 723-byte "On Mon wrote:" message fast, as a plain message', async () => {
    const { deps, pairs, ada, introTo } = await pairedProgram();
    const body = Array.from({ length: 40 }, () => 'On Mon wrote:').join('\r\n');
    const started = performance.now();
    expect(await handleReply(deps, mail(introTo(ada).replyTo[0]!, raw(ada.email, body)))).toBe('recorded');
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(pairs.activityLog.map((a) => a.kind)).toEqual(['message']);
  });

  it('logs no personal data', async () => {
    const { deps, ada, grace, introTo, logged } = await pairedProgram();
    await handleReply(deps, mail(introTo(ada).replyTo[0]!, raw(grace.email, 'stop')));
    await handleReply(deps, mail(introTo(ada).replyTo[0]!, raw(ada.email, 'stop')));
    await handleReply(deps, mail(introTo(ada).replyTo[0]!, raw('mallory@example.com', 'met')));
    expect(logged.length).toBeGreaterThan(0);
    expect(JSON.stringify(logged)).not.toMatch(/@|example|reply\+|Ada|Grace/i);
  });
});

describe('the confirmation link lands on the manage page, which acts only on a button press', () => {
  it.each([
    ['stop', 'stop', 'You asked us by email to stop all emails', 'unsubscribe'],
    ['pause', 'pause', 'You asked us by email to pause reminders for 30 days', 'pause'],
  ])('"%s": GET shows what was asked and changes nothing; the button\'s POST acts', async (_name, body, notice, choice) => {
    const { deps, participants, ada, introTo, sentTo } = await pairedProgram();
    await handleReply(deps, mail(introTo(ada).replyTo[0]!, raw(ada.email, body)));
    const text = sentTo(ada).find((m) => m.tags.template === 'command-confirm')!.text;
    const url = new URL(/(http:\/\/localhost:3000\/unsubscribe\/\S+)/.exec(text)![1]!);
    const app = createApp(deps, { clientAddress: () => '203.0.113.9' });
    const before = structuredClone(participants.byId.get(ada.id));
    for (let i = 0; i < 3; i++) {
      const page = await app.request(`${url.pathname}${url.search}`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(notice);
      expect(html).not.toMatch(/<script/);
    }
    expect(participants.byId.get(ada.id)).toEqual(before);
    const posted = await app.request(url.pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:3000' },
      body: new URLSearchParams({ choice }),
    });
    expect(posted.status).toBe(200);
    if (choice === 'pause') expect(participants.byId.get(ada.id)?.pausedUntil).toBeDefined();
    else expect(participants.byId.get(ada.id)?.status).toBe('unsubscribed');
  });
});
