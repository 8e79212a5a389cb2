/** A participant of a program, as stored: the sign-up record plus lifecycle state. */
import type { Signup } from './signup-schema';

/**
 * pending     signed up, address not confirmed yet
 * waiting     confirmed, in the matching pool
 * matched     in an active pair (mentors with spare capacity stay matchable)
 * paused      no emails or matching until `pausedUntil`
 * unsubscribed  receives nothing more
 */
export const PARTICIPANT_STATUSES = ['pending', 'waiting', 'matched', 'paused', 'unsubscribed'] as const;
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
