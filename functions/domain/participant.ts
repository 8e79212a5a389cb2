/** A participant of a program, as stored: the sign-up record plus lifecycle state. */
import type { Signup } from './signup-schema';

/**
 * pending       signed up, address not confirmed yet
 * awaiting_approval  confirmed while the program's sign-ups need an admin's approval: not in the pool yet
 * waiting       confirmed (and approved), in the matching pool (mentors with spare capacity stay here)
 * matched       in an active pair, not in the pool
 * alumni        mentorship over; may opt into a new round
 * unsubscribed  receives nothing more
 * blocked       an admin blocked them from matching: never in the pool (a running pair runs on)
 * deleted       personal data removed on request; only anonymous counts remain
 */
export const PARTICIPANT_STATUSES = ['pending', 'awaiting_approval', 'waiting', 'matched', 'alumni', 'unsubscribed', 'blocked', 'deleted'] as const;
export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number];

export interface Participant extends Signup {
  id: string;
  programId: string;
  status: ParticipantStatus;
  createdAt: string;
  confirmedAt?: string;
  updatedAt: string;
  /** Pairs this participant is in right now (mentors may hold up to `capacity`). */
  activePairs?: number;
  /** No reminders or follow-ups until then ("pause" reply or the manage page). */
  pausedUntil?: string;
  /** Set when SES reports a hard bounce or a complaint: nothing is sent to this address again. */
  suppressed?: 'bounce' | 'complaint';
  /** Reached the program's meeting threshold (the guide's "gift card for a cup of coffee"). */
  incentiveEligibleAt?: string;
  /**
   * Matched with priority until then: set when a pair ends as "not a good fit", so both
   * members are first in line for the next round (the matcher counts them as having waited
   * the most it counts, see toMatchInput).
   */
  priorityUntil?: string;
}

/** Statuses a confirmation moves (back) to the matching pool: not yet confirmed, unsubscribed, or done with a mentorship. */
export const CONFIRMABLE_STATUSES: readonly ParticipantStatus[] = ['pending', 'unsubscribed', 'alumni'];

/**
 * Where a confirmation takes a participant: into the pool, or, while the
 * program's sign-ups need approval, to the admins' approval first. Only
 * someone never admitted (no `confirmedAt`) waits for approval: an alumnus or
 * a returning unsubscriber was admitted before.
 */
export function statusAfterConfirming(p: Pick<Participant, 'confirmedAt'>, signupsNeedApproval: boolean): 'waiting' | 'awaiting_approval' {
  return signupsNeedApproval && p.confirmedAt === undefined ? 'awaiting_approval' : 'waiting';
}

/** Statuses an admin may block from matching: anyone still in (or on the way into) the program. */
export const BLOCKABLE_STATUSES: readonly ParticipantStatus[] = ['pending', 'awaiting_approval', 'waiting', 'matched', 'alumni'];

/** Whether this participant must confirm their address to be in the matching pool. */
export const needsConfirmation = (p: Pick<Participant, 'status'>) => CONFIRMABLE_STATUSES.includes(p.status);

export const isPaused = (p: Pick<Participant, 'pausedUntil'>, nowIso: string) => p.pausedUntil !== undefined && p.pausedUntil > nowIso;

/** Whether anything may be emailed to this participant now (`requested`: they just asked for it). */
export function mayEmail(p: Participant, nowIso: string, requested = false): boolean {
  if (p.suppressed || p.status === 'deleted') return false;
  if (requested) return true;
  return p.status !== 'unsubscribed' && !isPaused(p, nowIso);
}

/**
 * Whether a correction of a calendar event this participant already holds (a moved or cancelled
 * session or meeting) may be emailed: a pause does not hold it back, since a paused member would
 * otherwise keep a stale event and turn up at the wrong time; an unsubscribe or a suppressed address does.
 */
export function mayCorrectCalendar(p: Participant): boolean {
  return !p.suppressed && p.status !== 'deleted' && p.status !== 'unsubscribed';
}

export function newParticipant(signup: Signup, ids: { id: string; programId: string }, at: string): Participant {
  return { ...signup, id: ids.id, programId: ids.programId, status: 'pending', createdAt: at, updatedAt: at };
}

/** Addresses compare case-insensitively and without surrounding space. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** First name for a friendly greeting; falls back to the whole name. */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}
