/**
 * Issue 8, item 7 on DynamoDB Local and the SES emulator: a launch from one office
 * gets in, one inbox gets at most three sign-up emails a day, and the hourly cap
 * defers confirmations to the next hour's drain, which sends each exactly once.
 */
import { describe, expect, inject, it } from 'vitest';
import { DynamoDeferredConfirmations } from '../../functions/adapters/dynamodb/deferred-confirmations';
import { DynamoRateLimiter } from '../../functions/adapters/dynamodb/rate-limiter';
import { drainScheduleName } from '../../functions/app/support/confirmation-caps';
import { mapLimit } from '../../functions/lib/map-limit';
import { resendConfirmation } from '../../functions/app/use-cases/resend-confirmation';
import { runSchedule } from '../../functions/app/use-cases/run-schedule';
import { signUp } from '../../functions/app/use-cases/sign-up';
import { validateSignup } from '../../functions/domain/signup-schema';
import { FixedClock, signupRecord } from '../support/fakes';
import { freshTable, inbox, integrationDeps, sendQueued, uniqueEmail, type StoredEmail } from '../support/local-services';

const valid = (email: string) => {
  const r = validateSignup(signupRecord({ email }));
  if (!r.ok) throw new Error('fixture');
  return r.value;
};

/** Everything the emulator holds (one request, rather than one per recipient). */
async function allEmails(): Promise<StoredEmail[]> {
  await sendQueued();
  const { emails } = (await (await fetch(`http://127.0.0.1:${inject('sesPort')}/store`)).json()) as { emails: StoredEmail[] };
  return emails;
}

describe('DynamoRateLimiter.hitSliding', () => {
  it('grants exactly `limit` of many concurrent hits, and slides: a slot frees a full window after the hit that took it', async () => {
    const { db, tableName } = await freshTable();
    const limiter = new DynamoRateLimiter(db, tableName);
    const t0 = new Date('2026-11-30T23:30:00Z');
    const results = await Promise.all(Array.from({ length: 8 }, () => limiter.hitSliding('address:abc', 3, 86_400, t0)));
    expect(results.filter((r) => r.allowed)).toHaveLength(3);
    // Past midnight: a daily fixed window would start over; this one does not.
    const nextDay = await limiter.hitSliding('address:abc', 3, 86_400, new Date('2026-12-01T00:30:00Z'));
    expect(nextDay).toEqual({ allowed: false, retryAfterSeconds: 23 * 3600 });
    expect((await limiter.hitSliding('address:abc', 3, 86_400, new Date('2026-12-01T23:30:00Z'))).allowed).toBe(true);
    expect((await limiter.hitSliding('address:other', 3, 86_400, t0)).allowed).toBe(true);
  });
});

describe('DynamoDeferredConfirmations', () => {
  it('keeps deferred confirmations oldest first, per program, and removes them one by one', async () => {
    const { db, tableName } = await freshTable();
    const queue = new DynamoDeferredConfirmations(db, tableName);
    const item = (n: number) => ({ participantId: `p${n}`, key: `confirm#p${n}`, deferredAt: `2026-11-30T09:2${n}:00.000Z` });
    for (const n of [3, 1, 2]) await queue.add('prog', item(n));
    await queue.add('prog', item(1));
    await queue.add('other', item(4));
    expect(await queue.oldest('prog', 10)).toEqual([item(1), item(2), item(3)]);
    expect(await queue.oldest('prog', 2)).toEqual([item(1), item(2)]);
    await queue.remove('prog', item(1));
    expect(await queue.oldest('prog', 10)).toEqual([item(2), item(3)]);
  });
});

describe('sign-up protections on DynamoDB Local + SES emulator', () => {
  it('stores and confirms 200 sign-ups from one client address within ten minutes (under the hourly cap)', { timeout: 120_000 }, async () => {
    const clock = new FixedClock(new Date('2026-11-30T09:00:00Z'));
    const { deps } = await integrationDeps(clock);
    const label = uniqueEmail('office').split('@')[0]!;
    const addresses = Array.from({ length: 200 }, (_, i) => `${label}.${i}@example.com`);
    const results = await mapLimit(addresses, 8, (email) => signUp(deps, valid(email), { key: 'one-office-nat' }));

    expect(results.every((r) => r.outcome === 'created' && r.delivery === 'queued')).toBe(true);
    const pending = await deps.participants.listByStatus(deps.config.id, 'pending');
    expect(pending).toHaveLength(200);
    const emails = await allEmails();
    const confirmed = new Set(
      emails
        .filter((e) => e.subject.startsWith('Confirm'))
        .flatMap((e) => e.destination.to)
        .filter((to) => to.startsWith(`${label}.`)),
    );
    expect(confirmed.size).toBe(200);
    expect(await deps.deferredConfirmations.oldest(deps.config.id, 1)).toEqual([]);
  });

  it('sends one address at most three sign-up emails in 24 hours, whatever is tried, and answers the same', async () => {
    const clock = new FixedClock(new Date('2026-11-30T09:00:00Z'));
    const { deps } = await integrationDeps(clock);
    const target = uniqueEmail('target');
    await signUp(deps, valid(target), { key: 'a' });
    await signUp(deps, valid(target), { key: 'b' });
    clock.current = new Date('2026-11-30T10:00:00Z');
    await resendConfirmation(deps, target, { key: 'c' });
    expect(await inbox(target)).toHaveLength(3);

    for (const hour of ['11', '14', '20', '23']) {
      clock.current = new Date(`2026-11-30T${hour}:00:00Z`);
      await expect(resendConfirmation(deps, target, { key: `r${hour}` })).resolves.toBeUndefined();
    }
    clock.current = new Date('2026-12-01T08:00:00Z');
    await expect(signUp(deps, valid(target), { key: 'd' })).resolves.toMatchObject({ outcome: 'already_registered', delivery: 'capped' });
    expect(await inbox(target)).toHaveLength(3);
  });

  it('defers confirmations past the hourly cap, sends them in the next hour exactly once, and tells the admins once', { timeout: 60_000 }, async () => {
    const clock = new FixedClock(new Date('2026-11-30T09:20:00Z'));
    const { deps } = await integrationDeps(clock);
    const admin = uniqueEmail('admin');
    deps.config = { ...deps.config, confirmationsPerHour: 3, admins: [admin] };
    const people = Array.from({ length: 5 }, (_, i) => uniqueEmail(`launch${i}`));

    const results = await Promise.all(people.map((email) => signUp(deps, valid(email), { key: 'office' })));
    expect(results.every((r) => r.outcome === 'created')).toBe(true);
    expect(results.map((r) => r.delivery).sort()).toEqual(['deferred', 'deferred', 'queued', 'queued', 'queued']);
    expect((await deps.participants.listByStatus(deps.config.id, 'pending')).length).toBe(5);
    const confirmations = async () => (await Promise.all(people.map((p) => inbox(p)))).map((box) => box.length);
    expect((await confirmations()).sort()).toEqual([0, 0, 1, 1, 1]);
    const notices = await inbox(admin);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.subject).toBe('Sign-up confirmations held back: more than 3 this hour');
    expect(notices[0]!.body.text).toContain('go out from 10:00 UTC');

    // The drain is a one-time schedule at the start of the next hour, fired like any other.
    expect((await deps.scheduler.dueAll('2026-11-30T09:59:59.999Z')).map((s) => s.name)).toEqual([]);
    const [drain] = await deps.scheduler.dueAll('2026-11-30T10:00:00.000Z');
    expect(drain).toEqual({
      name: drainScheduleName('2026-11-30T10'),
      at: '2026-11-30T10:00:00.000Z',
      payload: { kind: 'deferred-confirmations', hour: '2026-11-30T10' },
    });

    clock.current = new Date('2026-11-30T10:00:00Z');
    const fired = await deps.scheduler.fireDue(clock.current.toISOString(), async ({ payload }) => void (await runSchedule(deps, payload)));
    expect(fired).toEqual({ fired: 1, failed: 0, deadLettered: 0 });
    expect(await confirmations()).toEqual([1, 1, 1, 1, 1]);

    // EventBridge delivers at least once: the same drain again sends nothing.
    clock.current = new Date('2026-11-30T10:01:00Z');
    expect(await runSchedule(deps, drain!.payload)).toEqual({ kind: 'deferred-confirmations', summary: { queued: 0, dropped: 0, waiting: false } });
    expect(await confirmations()).toEqual([1, 1, 1, 1, 1]);
    expect(await inbox(admin)).toHaveLength(1);
    expect(await deps.scheduler.dueAll('2027-01-01T00:00:00.000Z')).toEqual([]);
  });
});
