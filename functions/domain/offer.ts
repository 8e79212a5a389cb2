/**
 * A mentee's offer in matching mode `choice` (issue 12): the mentors suggested
 * to them, each with the scorer's score and reasons, while they choose. One
 * offer per mentee is open at a time; a new round never re-offers a mentee
 * whose offer is open. Plain data.
 */
import type { OfferedMentor } from './matching/offers';

export type { OfferedMentor };

/**
 * `open`: waiting for the mentee's choice; `chosen`: a pair was made from it;
 * `expired`: a round at least `choiceDays` later matched the mentee itself;
 * `withdrawn`: the mentee left the pool another way (paired by an admin, unsubscribed…).
 */
export type OfferState = 'open' | 'chosen' | 'expired' | 'withdrawn';

export interface Offer {
  programId: string;
  menteeId: string;
  /** This offer's own id (the email's idempotency key), new for every offer made to the mentee. */
  id: string;
  /** The round (or the decline) that made it: the job's run time, or `decline:<pairId>`. */
  roundId: string;
  /** ISO 8601: when it was made; its expiry counts from here. */
  sentAt: string;
  state: OfferState;
  /** The suggested mentors; a late choice appends the next best available one. */
  mentors: OfferedMentor[];
  /** Bumped on every change: writes are conditioned on it. */
  rev: number;
  closedAt?: string;
  /** The pair made from it (`chosen`). */
  pairId?: string;
}

/** A mentor's one decline of a chosen pair in the program, with their reason (for the admins). */
export interface MentorDecline {
  programId: string;
  mentorId: string;
  pairId: string;
  menteeId: string;
  /** As typed by the mentor (trimmed, at most DECLINE_REASON_MAX characters). */
  reason: string;
  at: string;
}

export const DECLINE_REASON_MAX = 1000;

/** Whether an open offer sent at `sentAt` has expired for a round running at `roundAt`. */
export const offerExpired = (sentAt: string, roundAt: Date, choiceDays: number): boolean => Date.parse(sentAt) + choiceDays * 86_400_000 <= roundAt.getTime();
