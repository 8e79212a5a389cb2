import type { DeferredConfirmation } from '../../ports';
import { drainNextHour, takeHourlyConfirmation } from '../support/confirmation-caps';
import type { JobDeps } from '../support/deps';
import { sendConfirmation } from '../support/sign-up-emails';

/** Deferred confirmations read (and sent side by side) per round. */
const PAGE = 8;
/** A drain handles at most this many rounds, whatever the queue holds (a bound, not a budget: the hourly cap stops it first). */
const MAX_ROUNDS = 2000;

export interface DrainSummary {
  /** Confirmation emails queued for sending now. */
  queued: number;
  /** Taken off the queue without an email: already sent, confirmed meanwhile, gone, suppressed, or a failed send (recorded in the email log). */
  dropped: number;
  /** Still waiting for a later hour. */
  waiting: boolean;
}

/**
 * The hourly drain of confirmations the program-wide cap deferred: the oldest
 * first, each within this hour's cap; what the cap still holds back waits for the
 * next hour's drain (scheduled here, admins told once for this hour). Every
 * email keeps its own idempotency key, and an item leaves the queue only after
 * its email was handled, so a repeated or crashed-and-retried firing never sends
 * one twice and never loses one.
 */
export async function sendDeferredConfirmations(deps: JobDeps): Promise<DrainSummary> {
  const summary: DrainSummary = { queued: 0, dropped: 0, waiting: false };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const items = await deps.deferredConfirmations.oldest(deps.config.id, PAGE);
    if (items.length === 0) break;
    const outcomes = await Promise.all(items.map((item) => drainOne(deps, item)));
    for (const outcome of outcomes) {
      if (outcome === 'queued') summary.queued++;
      else if (outcome === 'dropped') summary.dropped++;
    }
    if (outcomes.includes('held')) break;
  }
  summary.waiting = (await deps.deferredConfirmations.oldest(deps.config.id, 1)).length > 0;
  if (summary.waiting) await drainNextHour(deps);
  deps.log?.('deferred_confirmations', { queued: summary.queued, dropped: summary.dropped, waiting: summary.waiting });
  return summary;
}

async function drainOne(deps: JobDeps, item: DeferredConfirmation): Promise<'queued' | 'dropped' | 'held'> {
  const participant = await deps.participants.get(item.participantId);
  const claimed = await deps.emailLog.get(item.key);
  // Only a still-pending participant needs the link; a key already claimed was handled by an earlier firing.
  if (!participant || participant.status !== 'pending' || (claimed && claimed.state !== 'failed')) {
    await deps.deferredConfirmations.remove(deps.config.id, item);
    return 'dropped';
  }
  if (!(await takeHourlyConfirmation(deps))) return 'held';
  const outcome = await sendConfirmation(deps, participant, item.key);
  await deps.deferredConfirmations.remove(deps.config.id, item);
  return outcome === 'queued' ? 'queued' : 'dropped';
}
