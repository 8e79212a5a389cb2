import type { Participant } from '../../domain/participant';
import type { DeliveryOutcome } from './deliver-email';
import type { JobDeps } from './deps';

/** Confirmation emails a member can be sent per day by replying a command that stops, pauses or ends something: the target of any bombing is them. */
export const CONFIRMATIONS_PER_DAY = 3;

/**
 * Such a command by email never acts: the member gets a link at their own stored address (never the
 * From header), once per reply message (`key` is the email's) and at most CONFIRMATIONS_PER_DAY a day
 * for all such commands together. `send` queues the email; a failure to queue throws, so the
 * inbound server retries (SMTP 451, Lambda retry).
 */
export async function sendReplyConfirmation(
  deps: JobDeps,
  participant: Participant,
  key: string,
  send: () => Promise<DeliveryOutcome>,
): Promise<'confirmation_sent' | 'confirmation_skipped'> {
  if (participant.status === 'unsubscribed' || participant.status === 'deleted') return 'confirmation_skipped';
  const earlier = await deps.emailLog.get(key);
  if (earlier && earlier.state !== 'failed') return 'confirmation_skipped'; // this message was already answered
  const limit = await deps.rateLimiter.hit(`reply-confirm:${participant.id}`, CONFIRMATIONS_PER_DAY, 86_400, deps.clock.now());
  if (!limit.allowed) return 'confirmation_skipped';
  const outcome = await send();
  if (outcome === 'failed') throw new Error('confirmation email could not be queued');
  return outcome === 'queued' ? 'confirmation_sent' : 'confirmation_skipped';
}
