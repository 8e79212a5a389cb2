/**
 * Issue 8, item 7: sign-up bursts from one office get in; the people a form could
 * be aimed at are protected instead (per-address cap, program-wide hourly cap with
 * deferral, allowed domains).
 */
import { describe, expect, it } from 'vitest';
import { ADDRESS_EMAIL_LIMIT, drainScheduleName } from '../../../functions/app/support/confirmation-caps';
import { InvalidSignup, RateLimited } from '../../../functions/app/support/errors';
import { RESEND_LIMIT, resendConfirmation } from '../../../functions/app/use-cases/resend-confirmation';
import { runSchedule } from '../../../functions/app/use-cases/run-schedule';
import { sendDeferredConfirmations } from '../../../functions/app/use-cases/send-deferred-confirmations';
import { SIGNUP_LIMIT, signUp } from '../../../functions/app/use-cases/sign-up';
import { addressKey, emailDomainAllowed, hourOf, nextHourStart, slideWindow } from '../../../functions/domain/sign-up-protection';
import { validateSignup, type Signup } from '../../../functions/domain/signup-schema';
import { memoryDeps, signupRecord, testConfig } from '../../support/fakes';

const valid = (overrides: Record<string, unknown> = {}): Signup => {
  const r = validateSignup(signupRecord(overrides));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};
const office = { key: 'office-nat' };
const at = (iso: string) => new Date(iso);
const templates = (sent: { tags: Record<string, string> }[]) => sent.map((m) => m.tags.template);

describe('slideWindow (pure)', () => {
  it('allows `limit` hits in any window of that length, refuses the next until the oldest leaves it', () => {
    let hits: number[] = [];
    for (const t of [0, 10, 20]) {
      const d = slideWindow(hits, 3, 100, t);
      expect(d.allowed).toBe(true);
      hits = d.hits;
    }
    expect(slideWindow(hits, 3, 100, 99)).toEqual({ allowed: false, hits: [0, 10, 20], retryAfterSeconds: 1 });
    const later = slideWindow(hits, 3, 100, 100);
    expect(later.allowed).toBe(true);
    expect(later.hits).toEqual([10, 20, 100]);
  });

  it('keeps at most `limit` times, and a refused hit is not recorded', () => {
    const full = slideWindow([1, 2, 3], 3, 100, 50);
    expect(full.allowed).toBe(false);
    expect(full.hits).toEqual([1, 2, 3]);
  });
});

describe('allowed email domains (pure)', () => {
  it('matches the domain exactly and case-insensitively; subdomains are not included', () => {
    expect(emailDomainAllowed('ada@ACME.com', ['acme.com'])).toBe(true);
    expect(emailDomainAllowed('ada@acme.co.uk', ['acme.com', 'Acme.co.uk'])).toBe(true);
    expect(emailDomainAllowed('ada@eu.acme.com', ['acme.com'])).toBe(false);
    expect(emailDomainAllowed('ada@notacme.com', ['acme.com'])).toBe(false);
    expect(emailDomainAllowed('ada@acme.com.evil.test', ['acme.com'])).toBe(false);
    expect(emailDomainAllowed('anyone@anywhere.test', [])).toBe(true);
  });

  it('keys an address by a keyed hash of its normalized form', () => {
    expect(addressKey(' Ada@Example.com ', 's')).toBe(addressKey('ada@example.com', 's'));
    expect(addressKey('ada@example.com', 's')).not.toBe(addressKey('ada@example.com', 'other secret'));
    expect(addressKey('ada@example.com', 's')).not.toMatch(/ada|example/);
  });

  it('puts an instant in its UTC hour and finds the next one', () => {
    expect(hourOf('2026-11-30T09:59:59.999Z')).toBe('2026-11-30T09');
    expect(nextHourStart('2026-11-30T23:00:00.000Z')).toBe('2026-12-01T00:00:00.000Z');
    expect(nextHourStart('2026-11-30T09:59:59.999Z')).toBe('2026-11-30T10:00:00.000Z');
  });
});

describe('signUp: one office, many colleagues', () => {
  it('lets 200 sign-ups from one client address in ten minutes all in, each with its confirmation', async () => {
    const { deps, participants, mailer, clock } = memoryDeps();
    const start = clock.current.getTime();
    for (let i = 0; i < 200; i++) {
      clock.current = new Date(start + i * 3000);
      await signUp(deps, valid({ email: `colleague${i}@example.com` }), office);
    }
    expect(participants.byId.size).toBe(200);
    expect(templates(mailer.sent).filter((t) => t === 'confirm')).toHaveLength(200);
    expect(SIGNUP_LIMIT.max).toBeGreaterThanOrEqual(400);
  });

  it('still rate limits one client far above that, before writing', async () => {
    const { deps, participants } = memoryDeps();
    const limiter = { hit: async () => ({ allowed: false, retryAfterSeconds: 42 }), hitSliding: async () => ({ allowed: true, retryAfterSeconds: 0 }) };
    await expect(signUp({ ...deps, rateLimiter: limiter }, valid(), office)).rejects.toEqual(new RateLimited(42));
    expect(participants.byId.size).toBe(0);
  });
});

describe('signUp and resend: at most 3 sign-up emails to one address in a sliding 24 hours', () => {
  it('counts the confirmation, the "already registered" notice and resent links; past the cap nothing is sent', async () => {
    const { deps, mailer, clock, participants } = memoryDeps();
    clock.current = at('2026-11-30T23:30:00Z');
    await signUp(deps, valid({ email: 'target@example.com' }), { key: 'a' });
    clock.current = at('2026-11-30T23:35:00Z');
    await signUp(deps, valid({ email: 'target@example.com' }), { key: 'b' });
    clock.current = at('2026-11-30T23:40:00Z');
    await resendConfirmation(deps, 'target@example.com', { key: 'c' });
    expect(templates(mailer.sent)).toEqual(['confirm', 'already-registered', 'confirm']);

    // A new day and a new hour: a fixed daily window would reset here; the sliding one does not.
    clock.current = at('2026-12-01T00:10:00Z');
    const again = await signUp(deps, valid({ email: 'target@example.com' }), { key: 'd' });
    await resendConfirmation(deps, 'target@example.com', { key: 'e' });
    expect(again).toMatchObject({ outcome: 'already_registered', delivery: 'capped' });
    expect(mailer.sent).toHaveLength(3);
    expect(participants.byId.size).toBe(1);

    // 24 hours after the first email, one slot is free again.
    clock.current = at('2026-12-01T23:30:01Z');
    await resendConfirmation(deps, 'target@example.com', { key: 'f' });
    expect(templates(mailer.sent)).toEqual(['confirm', 'already-registered', 'confirm', 'confirm']);
    expect(ADDRESS_EMAIL_LIMIT).toEqual({ max: 3, windowSeconds: 86_400 });
  });

  it('keys the cap by a hash: no address is stored in the limiter', async () => {
    const { deps, rateLimiter } = memoryDeps();
    await signUp(deps, valid({ email: 'private.person@example.com' }), office);
    const keys = [...rateLimiter.logs.keys(), ...rateLimiter.counts.keys()];
    expect(keys.some((k) => k.startsWith('address:'))).toBe(true);
    expect(keys.join(' ')).not.toMatch(/private|example/);
  });

  it('does not spend the allowance on an email that would not be sent (the daily "already registered" key)', async () => {
    const { deps, mailer } = memoryDeps();
    for (let i = 0; i < 5; i++) await signUp(deps, valid({ email: 'twice@example.com' }), office);
    await resendConfirmation(deps, 'twice@example.com', office);
    expect(templates(mailer.sent)).toEqual(['confirm', 'already-registered', 'confirm']);
  });

  it('limits resend requests per client, before looking anything up', async () => {
    const { deps, mailer } = memoryDeps();
    for (let i = 0; i < RESEND_LIMIT.max; i++) await resendConfirmation(deps, `nobody${i}@example.com`, office);
    await expect(resendConfirmation(deps, 'nobody@example.com', office)).rejects.toBeInstanceOf(RateLimited);
    await expect(resendConfirmation(deps, 'nobody@example.com', { key: 'elsewhere' })).resolves.toBeUndefined();
    expect(mailer.sent).toHaveLength(0);
  });
});

describe('signUp: allowed email domains', () => {
  it('refuses another domain with a field error on email, writing, counting and sending nothing', async () => {
    const { deps, participants, mailer, rateLimiter, emailLog } = memoryDeps({ config: testConfig({ allowedEmailDomains: ['acme.com'] }) });
    const refused = signUp(deps, valid({ email: 'ada@eu.acme.com' }), office);
    await expect(refused).rejects.toBeInstanceOf(InvalidSignup);
    await expect(refused).rejects.toMatchObject({ issues: [{ path: 'email', message: expect.stringContaining('@acme.com') }] });
    expect(participants.byId.size).toBe(0);
    expect(mailer.sent).toHaveLength(0);
    expect(rateLimiter.counts.size + rateLimiter.logs.size).toBe(0);
    expect(emailLog.entries.size).toBe(0);

    await expect(signUp(deps, valid({ email: 'Ada@ACME.com' }), office)).resolves.toMatchObject({ outcome: 'created', delivery: 'queued' });
  });
});

describe('program-wide hourly cap on confirmations', () => {
  const capped = (perHour: number) => memoryDeps({ config: testConfig({ confirmationsPerHour: perHour, admins: ['lead@example.com'] }) });

  it('stores every sign-up, sends up to the cap, defers the rest to the next hour and tells the admins once', async () => {
    const { deps, participants, mailer, scheduler, deferredConfirmations, clock } = capped(3);
    clock.current = at('2026-11-30T09:20:00Z');
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await signUp(deps, valid({ email: `launch${i}@example.com` }), office));

    expect(participants.byId.size).toBe(6);
    expect(results.map((r) => r.delivery)).toEqual(['queued', 'queued', 'queued', 'deferred', 'deferred', 'deferred']);
    expect(templates(mailer.sent)).toEqual(['confirm', 'confirm', 'confirm', 'confirmations-deferred']);
    const notice = mailer.sent[3]!;
    expect(notice.to).toEqual(['lead@example.com']);
    expect(notice.subject).toContain('3');
    expect(notice.text).toContain('10:00 UTC');
    expect(notice.text).not.toMatch(/launch\d@/);
    expect((await deferredConfirmations.oldest(deps.config.id, 10)).map((d) => d.participantId)).toEqual(results.slice(3).map((r) => r.participantId));
    expect([...scheduler.drains.values()]).toEqual([
      { name: drainScheduleName('2026-11-30T10'), at: '2026-11-30T10:00:00.000Z', payload: { kind: 'deferred-confirmations', hour: '2026-11-30T10' } },
    ]);
    expect(scheduler.schedules.size).toBe(0);
  });

  it('sends the deferred confirmations in the next hour within its cap, defers the rest again, and never sends one twice', async () => {
    const { deps, mailer, scheduler, deferredConfirmations, clock } = capped(2);
    clock.current = at('2026-11-30T09:20:00Z');
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push((await signUp(deps, valid({ email: `wave${i}@example.com` }), office)).participantId);
    expect(templates(mailer.sent)).toEqual(['confirm', 'confirm', 'confirmations-deferred']);

    // 10:00: the drain sends two (this hour's cap), the oldest first; two wait for 11:00.
    clock.current = at('2026-11-30T10:00:00Z');
    const first = await runSchedule(deps, scheduler.drains.get(drainScheduleName('2026-11-30T10'))!.payload);
    expect(first).toEqual({ kind: 'deferred-confirmations', summary: { queued: 2, dropped: 0, waiting: true } });
    const confirmed = (from: number) =>
      mailer.sent
        .slice(from)
        .filter((m) => m.tags.template === 'confirm')
        .map((m) => m.to[0]);
    expect(confirmed(3)).toEqual(['wave2@example.com', 'wave3@example.com']);
    expect(scheduler.drains.has(drainScheduleName('2026-11-30T11'))).toBe(true);
    expect(templates(mailer.sent).filter((t) => t === 'confirmations-deferred')).toHaveLength(2);

    // A repeated firing in the same hour sends nothing more.
    const sentBefore = mailer.sent.length;
    expect(await sendDeferredConfirmations(deps)).toEqual({ queued: 0, dropped: 0, waiting: true });
    expect(mailer.sent).toHaveLength(sentBefore);

    clock.current = at('2026-11-30T11:00:00Z');
    expect(await sendDeferredConfirmations(deps)).toEqual({ queued: 2, dropped: 0, waiting: false });
    expect(await sendDeferredConfirmations(deps)).toEqual({ queued: 0, dropped: 0, waiting: false });
    expect(await deferredConfirmations.oldest(deps.config.id, 10)).toEqual([]);
    const confirmations = mailer.sent.filter((m) => m.tags.template === 'confirm').map((m) => m.to[0]);
    expect(confirmations).toHaveLength(6);
    expect(new Set(confirmations).size).toBe(6);
    expect(scheduler.drains.has(drainScheduleName('2026-11-30T12'))).toBe(false);
  });

  it('never sends a deferred confirmation twice, even if an item outlives its email (a crash between send and removal)', async () => {
    const { deps, mailer, deferredConfirmations, clock } = capped(1);
    clock.current = at('2026-11-30T09:20:00Z');
    await signUp(deps, valid({ email: 'one@example.com' }), office);
    const { participantId } = await signUp(deps, valid({ email: 'two@example.com' }), office);
    const [item] = await deferredConfirmations.oldest(deps.config.id, 1);
    clock.current = at('2026-11-30T10:00:00Z');
    await sendDeferredConfirmations(deps);
    await deferredConfirmations.add(deps.config.id, item!);
    clock.current = at('2026-11-30T11:00:00Z');
    expect(await sendDeferredConfirmations(deps)).toEqual({ queued: 0, dropped: 1, waiting: false });
    expect(mailer.sent.filter((m) => m.tags.template === 'confirm' && m.to[0] === 'two@example.com')).toHaveLength(1);
    expect(item!.participantId).toBe(participantId);
  });

  it('drops a deferred confirmation whose participant is gone (data deleted meanwhile), without spending the cap', async () => {
    const { deps, mailer, participants, clock } = capped(1);
    clock.current = at('2026-11-30T09:20:00Z');
    await signUp(deps, valid({ email: 'first@example.com' }), office);
    const { participantId } = await signUp(deps, valid({ email: 'gone@example.com' }), office);
    await participants.erase(participantId, '2026-11-30T09:30:00Z');
    clock.current = at('2026-11-30T10:00:00Z');
    expect(await sendDeferredConfirmations(deps)).toEqual({ queued: 0, dropped: 1, waiting: false });
    expect(mailer.sent.some((m) => m.to[0] === 'gone@example.com' && m.tags.template === 'confirm')).toBe(false);
  });

  it('defers a resent link past the cap too', async () => {
    const { deps, mailer, deferredConfirmations, clock } = capped(1);
    clock.current = at('2026-11-30T09:20:00Z');
    await signUp(deps, valid({ email: 'early@example.com' }), office);
    clock.current = at('2026-11-30T10:05:00Z');
    await signUp(deps, valid({ email: 'other@example.com' }), office);
    await resendConfirmation(deps, 'early@example.com', office);
    expect(await deferredConfirmations.oldest(deps.config.id, 10)).toMatchObject([{ key: expect.stringMatching(/#resend#2026-11-30T10$/) }]);
    expect(templates(mailer.sent)).toEqual(['confirm', 'confirm', 'confirmations-deferred']);
  });
});
