import { describe, expect, it } from 'vitest';
import { deliverToAdmins } from '../../../functions/app/support/deliver-email';
import { createSender } from '../../../functions/app/use-cases/send-queued';
import { sendConfirmation } from '../../../functions/app/support/sign-up-emails';
import { sendDigest } from '../../../functions/app/use-cases/send-digest';
import { QUOTA_DEFER_SECONDS, takeTokens } from '../../../functions/domain/sending';
import { SendRejected, SendThrottled, SendUnavailable, type QueuedEmail } from '../../../functions/ports';
import { mentee, mentor } from '../../support/people';
import { MemorySendRateBucket, memoryDeps } from '../../support/fakes';

const email = (key: string, priority: 'now' | 'bulk' = 'bulk'): QueuedEmail => ({
  key,
  priority,
  template: 'intro',
  email: { to: [`${key}@example.com`], replyTo: [], subject: 's', html: '<p>h</p>', text: 't', headers: [], tags: { template: 'intro' } },
});

/** Claims the key as a producer does, then puts the email in the queue. */
async function produce(env: ReturnType<typeof memoryDeps>, item: QueuedEmail) {
  await env.emailLog.claim(item.key, env.clock.now().toISOString(), { template: item.template, programId: env.deps.config.id });
  await env.emailQueue.enqueue(item);
}

describe('the sender', () => {
  it('jobs and routes only enqueue: nothing reaches SES until the sender drains the queue', async () => {
    const env = memoryDeps({}, { sendNow: false });
    const ada = await mentee(env.deps, 'Ada Lovelace');
    await expect(sendConfirmation(env.deps, ada, `confirm#${ada.id}`)).resolves.toBe('queued');
    expect(env.mailer.sent).toHaveLength(0);
    expect(env.emailLog.entries.get(`confirm#${ada.id}`)?.state).toBe('queued');
    expect(env.emailQueue.waiting.map((m) => m.item.priority)).toEqual(['now']);

    await env.drain();
    expect(env.mailer.sent.map((m) => m.to)).toEqual([[ada.email]]);
    expect(env.emailLog.entries.get(`confirm#${ada.id}`)).toMatchObject({ state: 'sent', messageId: 'm-1' });
  });

  it('a repeated job queues a waiting email again (its first message may be lost) and SES still gets it once; once sent, it is skipped', async () => {
    const env = memoryDeps({}, { sendNow: false });
    const ada = await mentee(env.deps, 'Ada Lovelace');
    await sendConfirmation(env.deps, ada, 'confirm#x');
    await expect(sendConfirmation(env.deps, ada, 'confirm#x')).resolves.toBe('queued');
    expect(env.emailQueue.enqueued).toHaveLength(2);
    await env.drain();
    expect(env.mailer.sent).toHaveLength(1);
    expect(env.emailQueue.results.map((r) => r.outcome)).toEqual(['sent', 'duplicate']);
    await expect(sendConfirmation(env.deps, ada, 'confirm#x')).resolves.toBe('skipped');
    expect(env.emailQueue.enqueued).toHaveLength(2);
  });

  it('a producer that died between claim and enqueue: the re-run queues the email, which is sent once', async () => {
    const env = memoryDeps({}, { sendNow: false });
    const ada = await mentee(env.deps, 'Ada Lovelace');
    const enqueue = env.emailQueue.enqueue.bind(env.emailQueue);
    env.emailQueue.enqueue = async () => {
      throw new Error('process died');
    };
    env.emailLog.markFailed = async () => {
      throw new Error('process died');
    };
    await expect(sendConfirmation(env.deps, ada, 'confirm#y')).rejects.toThrow('process died');
    expect(env.emailLog.entries.get('confirm#y')?.state).toBe('queued');
    env.emailQueue.enqueue = enqueue;
    await expect(sendConfirmation(env.deps, ada, 'confirm#y')).resolves.toBe('queued');
    await env.drain();
    expect(env.mailer.sent.map((m) => m.to)).toEqual([[ada.email]]);
  });

  it('a duplicate queue delivery sends nothing (queued → sending is conditional)', async () => {
    const env = memoryDeps({}, { sendNow: false });
    const item = email('intro#1');
    await produce(env, item);
    await env.emailQueue.enqueue(item); // SQS delivers at least once
    await env.drain();
    expect(env.mailer.sent).toHaveLength(1);
    expect(env.emailQueue.results.map((r) => r.outcome)).toEqual(['sent', 'duplicate']);
  });

  it('a crash between the SES call and `sent` leaves `sending`: never resent, counted as unknown', async () => {
    const env = memoryDeps({}, { sendNow: false });
    const item = email('intro#2');
    await produce(env, item);
    env.emailLog.markSent = async () => {
      throw new Error('process died');
    };
    await expect(env.drain()).rejects.toThrow('process died');
    expect(env.mailer.sent).toHaveLength(1);
    expect(env.emailLog.entries.get('intro#2')?.state).toBe('sending');

    const sender = createSender(env.senderDeps);
    await expect(sender.send({ item, receiveCount: 2 })).resolves.toEqual({ outcome: 'duplicate' });
    expect(env.mailer.sent).toHaveLength(1);
    const later = new Date(env.clock.now().getTime() + 20 * 60_000).toISOString();
    await expect(env.emailLog.countUnknown(env.deps.config.id, later)).resolves.toBe(1);
    // The digest's deliverability section reports it.
    env.clock.current = new Date(later);
    const { kpis } = await sendDigest(env.deps, env.clock.now());
    expect(kpis.deliverability.emailsUnknown).toBe(1);
  });

  it('throttling puts the email back to `queued` with a growing backoff; a permanent failure is recorded with its reason', async () => {
    const env = memoryDeps({}, { sendNow: false });
    const sender = createSender(env.senderDeps);
    await produce(env, email('a'));
    env.mailer.failWith = new SendThrottled('TooManyRequestsException');
    const first = await sender.send({ item: email('a'), receiveCount: 1 });
    const fifth = await sender.send({ item: email('a'), receiveCount: 5 });
    expect(first).toMatchObject({ outcome: 'retry' });
    expect(fifth).toMatchObject({ outcome: 'retry' });
    expect((fifth as { delaySeconds: number }).delaySeconds).toBeGreaterThan((first as { delaySeconds: number }).delaySeconds);
    expect(env.emailLog.entries.get('a')?.state).toBe('queued');

    env.mailer.failWith = new SendRejected('MailFromDomainNotVerifiedException');
    await expect(sender.send({ item: email('a'), receiveCount: 6 })).resolves.toEqual({ outcome: 'failed', reason: 'MailFromDomainNotVerifiedException' });
    expect(env.emailLog.entries.get('a')).toMatchObject({ state: 'failed', error: 'MailFromDomainNotVerifiedException' });
  });

  it('SES unavailable (5xx, not reached) is retried like throttling; a timeout leaves the email `sending`, never sent again', async () => {
    const env = memoryDeps({}, { sendNow: false });
    const sender = createSender(env.senderDeps);
    await produce(env, email('a'));
    env.mailer.failWith = new SendUnavailable('ServiceUnavailable');
    await expect(sender.send({ item: email('a'), receiveCount: 1 })).resolves.toMatchObject({ outcome: 'retry' });
    expect(env.emailLog.entries.get('a')?.state).toBe('queued');

    env.mailer.failWith = Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    await expect(sender.send({ item: email('a'), receiveCount: 2 })).resolves.toEqual({ outcome: 'unknown', reason: 'TimeoutError' });
    expect(env.emailLog.entries.get('a')?.state).toBe('sending');
    env.mailer.failWith = undefined;
    await expect(sender.send({ item: email('a'), receiveCount: 3 })).resolves.toEqual({ outcome: 'duplicate' });
    expect(env.mailer.sent).toHaveLength(0);
  });

  it('sends a raw MIME message as it is', async () => {
    const env = memoryDeps({}, { sendNow: false });
    await produce(env, { key: 'invite#1', priority: 'bulk', template: 'invite', email: { raw: 'From: a@example.com\r\n\r\nhi' } });
    await env.drain();
    expect(env.mailer.raw).toEqual([{ raw: 'From: a@example.com\r\n\r\nhi' }]);
  });

  it('takes mail a person waits for first', async () => {
    const env = memoryDeps({}, { sendNow: false });
    await produce(env, email('bulk-1'));
    await produce(env, email('bulk-2'));
    await produce(env, email('now-1', 'now'));
    await env.drain();
    expect(env.mailer.sent.map((m) => m.to[0])).toEqual(['now-1@example.com', 'bulk-1@example.com', 'bulk-2@example.com']);
  });

  it('routes: requestedNow mail is `now`, intros and admin mail are `bulk`', async () => {
    const env = memoryDeps({}, { sendNow: false });
    const grace = await mentor(env.deps, 'Grace Hopper');
    const ada = await mentee(env.deps, 'Ada Lovelace');
    await sendConfirmation(env.deps, ada, 'confirm#a');
    const { runMatching } = await import('../../../functions/app/use-cases/run-matching');
    await runMatching(env.deps, env.clock.now());
    await deliverToAdmins(env.deps, {
      key: 'esc#1',
      template: 'escalation',
      vars: {
        mentorName: grace.name,
        menteeName: ada.name,
        daysQuiet: 42,
        pairedOn: '1 Nov',
        lastActivity: 'none',
        nudgesSent: 2,
        pairUrl: 'http://localhost:3000/x',
        adminReason: 'r',
        preheader: 'p',
      },
    });
    expect(env.emailQueue.enqueued.map((e) => `${e.template}:${e.priority}`)).toEqual([
      'confirm:now',
      'intro:bulk',
      'intro:bulk',
      'first-meeting:bulk',
      'first-meeting:bulk',
      'escalation:bulk',
    ]);
  });
});

describe('the 24-hour quota', () => {
  it('near it (95%), bulk mail waits in the queue and mail a person waits for goes on; the admins hear once a day', async () => {
    const env = memoryDeps({}, { sendNow: false });
    env.quota.quota = { max24HourSend: 1000, sentLast24Hours: 960 };
    const sender = createSender(env.senderDeps);
    await produce(env, email('bulk-1'));
    await produce(env, email('now-1', 'now'));
    env.emailQueue.waiting.length = 0;
    await expect(sender.send({ item: email('bulk-1'), receiveCount: 1 })).resolves.toEqual({ outcome: 'deferred' });
    await expect(sender.send({ item: email('now-1', 'now'), receiveCount: 1 })).resolves.toEqual({ outcome: 'sent' });
    expect(env.emailLog.entries.get('bulk-1')?.state).toBe('queued');
    const waiting = env.emailQueue.waiting.map((m) => `${m.item.template}:${m.item.priority}:${m.delaySeconds}`);
    expect(waiting).toEqual([`send-quota-near:now:0`, `intro:bulk:${QUOTA_DEFER_SECONDS}`]);
    expect(env.quota.reads).toBe(1); // at most once a minute

    // The next minute: read again, still near, no second notice the same day.
    env.clock.current = new Date(env.clock.current.getTime() + 61_000);
    await sender.send({ item: email('bulk-1'), receiveCount: 1 });
    expect(env.quota.reads).toBe(2);
    expect(env.emailQueue.enqueued.filter((e) => e.template === 'send-quota-near')).toHaveLength(1);
  });

  it('at the limit, even mail a person waits for waits', async () => {
    const env = memoryDeps({}, { sendNow: false });
    env.quota.quota = { max24HourSend: 200, sentLast24Hours: 200 };
    await produce(env, email('now-1', 'now'));
    env.emailQueue.waiting.length = 0;
    await expect(createSender(env.senderDeps).send({ item: email('now-1', 'now'), receiveCount: 1 })).resolves.toEqual({ outcome: 'deferred' });
    expect(env.mailer.sent.filter((m) => m.tags.template !== 'send-quota-near')).toHaveLength(0);
  });
});

describe('the token bucket', () => {
  it('grants at most capacity + rate·t over t seconds, and says how long to wait', () => {
    let state;
    let granted = 0;
    for (let ms = 0; ms <= 10_000; ms += 50) {
      const take = takeTokens(state, ms, 14, 5);
      state = take.next;
      granted += take.granted;
      if (take.granted < 5) expect(take.waitMs).toBeGreaterThan(0);
    }
    expect(granted).toBeLessThanOrEqual(14 + 14 * 10);
    expect(granted).toBeGreaterThanOrEqual(14 * 10);
  });

  it('keeps a sender on a slow clock to the rate', async () => {
    const env = memoryDeps({}, { sendNow: false });
    let nowMs = env.clock.current.getTime();
    const start = nowMs;
    const bucket = new MemorySendRateBucket(10);
    const sender = createSender({ ...env.senderDeps, sendRate: bucket, clock: { now: () => new Date(nowMs) }, sleep: async (ms) => void (nowMs += ms) });
    for (let i = 0; i < 50; i++) await produce(env, email(`k${i}`));
    await Promise.all(env.emailQueue.waiting.splice(0).map((m) => sender.send({ item: m.item, receiveCount: 1 })));
    expect(env.mailer.sent).toHaveLength(50);
    // 10 at once (a full bucket), then 10 a second: 40 more take 4 seconds.
    expect(nowMs - start).toBeGreaterThanOrEqual(3900);
    expect(nowMs - start).toBeLessThanOrEqual(4200);
  });
});
