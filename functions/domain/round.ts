/**
 * A matching round under review (matching mode `review`): what the matcher
 * proposed, the admin's pins and exclusions, and where it stands.
 *
 *   proposed ──publish──▶ published     (pairs created, intros queued)
 *      └──next round────▶ superseded    (a newer proposal replaced it)
 */
import type { ReviewedPair } from './matching/review';
import type { PairRef } from './matching/types';

export const ROUND_STATUSES = ['proposed', 'published', 'superseded'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/** How long a proposal may wait unpublished before the admins get a reminder. */
export const ROUND_REMINDER_AFTER_MS = 7 * 86_400_000;

export interface MatchingRound {
  id: string;
  programId: string;
  /** When the round ran: also the instant time zones and waiting time are evaluated at when it re-solves. */
  createdAt: string;
  status: RoundStatus;
  /** Bumped by every re-solve: an update is conditioned on it, so two admins never overwrite each other. */
  version: number;
  pairs: ReviewedPair[];
  /** Participants in no proposed pair. */
  unmatched: string[];
  pins: PairRef[];
  exclusions: PairRef[];
  totalScore: number;
  publishedAt?: string;
  /** The admin id that published it. */
  publishedBy?: string;
  supersededAt?: string;
  /** The round that replaced it. */
  supersededBy?: string;
  /** When the admins were reminded of it (once). */
  remindedAt?: string;
}

/** A round as the list shows it (no pairs). */
export interface RoundSummary {
  id: string;
  createdAt: string;
  status: RoundStatus;
  pairCount: number;
  unmatchedCount: number;
  totalScore: number;
  publishedAt?: string;
}

export const summarize = (r: MatchingRound): RoundSummary => ({
  id: r.id,
  createdAt: r.createdAt,
  status: r.status,
  pairCount: r.pairs.length,
  unmatchedCount: r.unmatched.length,
  totalScore: r.totalScore,
  ...(r.publishedAt ? { publishedAt: r.publishedAt } : {}),
});

/** Whether the admins are due the one reminder about this proposal. */
export const reminderDue = (r: Pick<MatchingRound, 'status' | 'createdAt' | 'remindedAt'>, at: Date): boolean =>
  r.status === 'proposed' && r.remindedAt === undefined && at.getTime() - Date.parse(r.createdAt) >= ROUND_REMINDER_AFTER_MS;
