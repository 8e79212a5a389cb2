/**
 * The sender (DESIGN §1.7): takes one queued email and hands it to SES, at
 * most once, at SES's pace.
 *
 * - At most once: SES has no idempotency key, so the email log's key is moved
 *   `queued → sending` with a conditional write before the call and to `sent`
 *   after it. A duplicate queue delivery finds it no longer `queued` and sends
 *   nothing; a crash between the two leaves `sending`, which is never resent
 *   and is counted for the digest as "in an unknown state".
 * - Throttling (SES's rate or quota, HTTP 429) and unavailability (5xx, SES
 *   not reached) sent nothing: back to `queued`, and the message is retried
 *   after a backoff (the queue's redelivery). A rejection (another 4xx) is
 *   final: recorded `failed` with its reason. Any other error (a timeout, a
 *   connection lost mid-call) may have come after SES took the email: it stays
 *   `sending`, reported, never resent.
 * - Pace: every instance takes its tokens from one shared bucket
 *   (SendRateBucket, a table item in AWS), a few at a time for the emails it is
 *   about to send, so all instances and both queues together keep to
 *   SES_MAX_SEND_RATE; see functions/domain/sending.ts for the bound.
 * - Quota: the account's 24-hour quota is read at most once a minute; near it
 *   bulk mail waits (re-queued with the longest delay), mail a person waits for
 *   goes on until the limit, and the admins hear about it once a day.
 */
import { QUOTA_DEFER_SECONDS, quotaDecision, quotaNear, retryDelaySeconds } from '../../domain/sending';
import { wording } from '../../email-rendering/wording';
import { SendRejected, SendThrottled, SendUnavailable, type QueuedEmail, type SendQuota } from '../../ports';
import { deliverToAdmins } from '../support/deliver-email';
import type { SenderDeps } from '../support/deps';

/** One message as the queue delivered it. `receiveCount`: how many times it was delivered, this time included. */
export interface ReceivedEmail {
  item: QueuedEmail;
  receiveCount: number;
}

export type SendResult =
  | { outcome: 'sent' }
  /** Not `queued` any more: sent, in flight, failed or unknown. Nothing was sent. */
  | { outcome: 'duplicate' }
  | { outcome: 'failed'; reason: string }
  /** SES may or may not have taken it (a timeout): left `sending`, reported in the digest, never resent. */
  | { outcome: 'unknown'; reason: string }
  /** Throttled or SES unavailable: put the message back, visible again after `delaySeconds`. */
  | { outcome: 'retry'; delaySeconds: number }
  /** The 24-hour quota is near: a new message was queued with a delay; this one is done. */
  | { outcome: 'deferred' };

/** Emails per token request: few enough that no instance holds tokens another could use. */
const TOKENS_PER_TAKE = 5;
const QUOTA_READ_INTERVAL_MS = 60_000;
const SES_QUOTA_INCREASE_URL = 'https://docs.aws.amazon.com/ses/latest/dg/manage-sending-quotas-request-increase.html';

export interface Sender {
  send(message: ReceivedEmail): Promise<SendResult>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One sender per process (built at cold start): it keeps the token waiters and the quota it last read. */
export function createSender(deps: SenderDeps): Sender {
  const gate = new RateGate(deps);
  let quota: { value: SendQuota | undefined; readAt: number } | undefined;
  let toldOn = '';

  async function currentQuota(): Promise<SendQuota | undefined> {
    const now = deps.clock.now().getTime();
    if (quota && now - quota.readAt < QUOTA_READ_INTERVAL_MS) return quota.value;
    quota = { value: undefined, readAt: now };
    try {
      quota.value = await deps.quota.read();
    } catch (error) {
      // Without the quota SES still enforces it (a throttling error, retried); do not stop sending for it.
      deps.log?.('send_quota_unreadable', { reason: (error as Error).name || 'Error' });
    }
    if (quota.value && quotaNear(quota.value)) {
      await tellAdmins(quota.value).catch((error: Error) => deps.log?.('send_quota_notice_failed', { reason: error.name || 'Error' }));
    }
    return quota.value;
  }

  async function tellAdmins(q: SendQuota): Promise<void> {
    const day = deps.clock.now().toISOString().slice(0, 10);
    if (toldOn === day) return;
    // Keyed per program and UTC day: however many instances see it, one email a day.
    await deliverToAdmins(deps, {
      key: `send-quota-near#${deps.config.id}#${day}`,
      template: 'send-quota-near',
      priority: 'now',
      vars: {
        sentLast24Hours: q.sentLast24Hours,
        max24HourSend: q.max24HourSend,
        increaseUrl: SES_QUOTA_INCREASE_URL,
        adminReason: wording['send-quota-near'].adminReason(Math.round((q.sentLast24Hours / q.max24HourSend) * 100)),
        preheader: wording['send-quota-near'].preheader(),
      },
    });
    toldOn = day;
  }

  return {
    async send({ item, receiveCount }) {
      const q = await currentQuota();
      if (q && quotaDecision(q, item.priority) === 'defer') {
        await deps.emailQueue.enqueue(item, { delaySeconds: QUOTA_DEFER_SECONDS });
        deps.log?.('email_deferred', { template: item.template, priority: item.priority });
        deps.metrics?.count('EmailsDeferred');
        return { outcome: 'deferred' };
      }
      await gate.take();
      const now = () => deps.clock.now().toISOString();
      if (!(await deps.emailLog.startSending(item.key, now()))) return { outcome: 'duplicate' };
      let messageId: string;
      try {
        ({ messageId } = await deps.mailer.send(item.email));
      } catch (error) {
        if (error instanceof SendThrottled || error instanceof SendUnavailable) {
          await deps.emailLog.requeue(item.key, now());
          deps.log?.(error instanceof SendThrottled ? 'email_throttled' : 'email_provider_unavailable', {
            template: item.template,
            receiveCount,
            reason: error.message,
          });
          if (error instanceof SendThrottled) deps.metrics?.count('EmailsThrottled');
          return { outcome: 'retry', delaySeconds: retryDelaySeconds(receiveCount) };
        }
        if (error instanceof SendRejected) {
          const reason = error.message || 'Rejected';
          await deps.emailLog.markFailed(item.key, reason, now());
          deps.log?.('email_failed', { template: item.template, key: item.key, reason });
          deps.metrics?.count('EmailsFailed');
          return { outcome: 'failed', reason };
        }
        const reason = (error as Error).name || 'Error';
        deps.log?.('email_outcome_unknown', { template: item.template, key: item.key, reason });
        deps.metrics?.count('EmailsUnknown');
        return { outcome: 'unknown', reason };
      }
      // Sent: if this write fails the key stays `sending` (reported, never resent).
      await deps.emailLog.markSent(item.key, messageId, now());
      deps.metrics?.count('EmailsSent');
      return { outcome: 'sent' };
    },
  };
}

/**
 * Hands out send tokens to this instance's concurrent sends: one request to
 * the shared bucket serves up to TOKENS_PER_TAKE waiting sends, and tokens are
 * only taken for sends already waiting (none are held back for later).
 */
class RateGate {
  private readonly waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private pumping = false;
  constructor(private readonly deps: SenderDeps) {}

  take(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    const sleep = this.deps.sleep ?? realSleep;
    try {
      while (this.waiting.length > 0) {
        const wanted = Math.min(this.waiting.length, TOKENS_PER_TAKE);
        const { granted, waitMs } = await this.deps.sendRate.take(wanted, this.deps.clock.now());
        for (const waiter of this.waiting.splice(0, granted)) waiter.resolve();
        if (granted < wanted) await sleep(waitMs);
      }
    } catch (error) {
      for (const waiter of this.waiting.splice(0)) waiter.reject(error);
    } finally {
      this.pumping = false;
    }
  }
}
