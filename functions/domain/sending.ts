/**
 * The arithmetic of sending at SES's pace (DESIGN §1.7), pure so that the
 * DynamoDB bucket, the in-memory one and the benchmark's simulated clock all
 * share it.
 *
 * Token bucket: `rate` tokens a second, at most `capacity` kept (one second's
 * worth), one token per email. Over any interval of t seconds at most
 * capacity + rate·t emails can start, whoever takes the tokens: the bound that
 * keeps every sender instance together within SES's maximum send rate (SES
 * itself allows short bursts above it).
 */

export interface BucketState {
  tokens: number;
  /** When `tokens` was last computed (ms since the epoch). */
  atMs: number;
}

export interface BucketTake {
  next: BucketState;
  granted: number;
  /** Until the next whole token when fewer than wanted were granted; else 0. */
  waitMs: number;
}

/** Capacity of a bucket at `rate` per second: one second's worth, at least one token. */
export const bucketCapacity = (rate: number) => Math.max(1, Math.floor(rate));

/** Takes up to `wanted` whole tokens at `nowMs` from a bucket last seen as `state` (undefined: a new, full bucket). */
export function takeTokens(state: BucketState | undefined, nowMs: number, rate: number, wanted: number): BucketTake {
  const capacity = bucketCapacity(rate);
  // A clock that went backwards (another instance's) adds nothing rather than removing tokens.
  const elapsed = state ? Math.max(0, nowMs - state.atMs) : Infinity;
  const available = Math.min(capacity, (state?.tokens ?? capacity) + (elapsed * rate) / 1000);
  const granted = Math.max(0, Math.min(wanted, Math.floor(available)));
  const left = available - granted;
  // Fewer than wanted means less than one token is left: wait for the next whole one.
  const waitMs = granted < wanted ? Math.max(1, Math.ceil(((1 - left) * 1000) / rate)) : 0;
  return { next: { tokens: left, atMs: Math.max(nowMs, state?.atMs ?? 0) }, granted, waitMs };
}

/** Share of the 24-hour quota past which bulk mail waits, keeping the rest for mail a person waits for. */
export const QUOTA_NEAR_SHARE = 0.95;

export type QuotaDecision = 'send' | 'defer';

/**
 * Near the 24-hour quota bulk mail waits; mail a person waits for goes on
 * until the hard limit. An account without a limit (`max24HourSend` < 0 or
 * not finite, as SES reports for unlimited) never defers.
 */
export function quotaDecision(quota: { max24HourSend: number; sentLast24Hours: number }, priority: 'now' | 'bulk'): QuotaDecision {
  const { max24HourSend: max, sentLast24Hours: sent } = quota;
  if (!Number.isFinite(max) || max < 0) return 'send';
  if (sent >= max) return 'defer';
  return priority === 'bulk' && sent >= max * QUOTA_NEAR_SHARE ? 'defer' : 'send';
}

/** Whether the quota is near enough that admins should hear of it. */
export const quotaNear = (quota: { max24HourSend: number; sentLast24Hours: number }) => quotaDecision(quota, 'bulk') === 'defer';

/** Backoff for a throttled send, by how many times the message was received: 2, 4, 8… seconds plus jitter, at most 15 minutes (SQS's longest delay). */
export function retryDelaySeconds(receiveCount: number, random: () => number = Math.random): number {
  const base = Math.min(900, 2 ** Math.min(Math.max(1, receiveCount), 10));
  return Math.min(900, Math.round(base / 2 + random() * (base / 2)));
}

/** How long bulk mail waits when the 24-hour quota is near (the longest SQS delay): the quota frees up as the day's sends age out. */
export const QUOTA_DEFER_SECONDS = 900;

/** Deliveries of one queued email before it is set aside as a dead letter: throttled retries back off 2 s … 15 min (about 3 hours in all). */
export const SEND_MAX_RECEIVES = 20;

/** A `sending` claim older than this is an email in an unknown state (no sender invocation runs that long). */
export const UNKNOWN_AFTER_MS = 15 * 60_000;
