/**
 * How many pairs a member holds and may hold, and the status that follows
 * from it. The one place these rules live: the matcher's input, the matching
 * round, ending a pair, the DynamoDB pair store and the in-memory fakes all
 * ask here. Pure: plain data in, plain data out.
 */
import type { ParticipantStatus } from './participant';
import type { Role } from './signup-schema';

export interface Holding {
  role: Role;
  /** Mentors only: pairs they offered to hold (unset reads as 1). Mentees always hold one. */
  capacity?: number;
  /** Pairs held right now; items written before capacity tracking have none, which reads as zero. */
  activePairs?: number;
}

/** The most pairs this member may hold at once. */
export const pairCapacity = (m: Pick<Holding, 'role' | 'capacity'>): number => (m.role === 'mentor' ? (m.capacity ?? 1) : 1);

export const activePairsOf = (m: Pick<Holding, 'activePairs'>): number => m.activePairs ?? 0;

/**
 * Pairs the matcher may still give this member. A waiting mentee is always
 * offered one; a mentor gets what their capacity leaves (never below 0).
 */
export const spareCapacity = (m: Holding): number => (m.role === 'mentor' ? Math.max(0, pairCapacity(m) - activePairsOf(m)) : 1);

/** The status of a member holding `activePairs` pairs: out of the pool once full, in it while there is room. */
export const statusForHolding = (activePairs: number, capacity: number): 'matched' | 'waiting' => (activePairs >= capacity ? 'matched' : 'waiting');

/** A member's counter and status once a new pair is written (from the state the matcher read). */
export function afterPairing(member: { activePairs: number; capacity: number }): { activePairs: number; status: 'matched' | 'waiting' } {
  const activePairs = member.activePairs + 1;
  return { activePairs, status: statusForHolding(activePairs, member.capacity) };
}

/**
 * A member's counter and status once one of their pairs ends. Only a member
 * in a pair (`waiting` with spare room, or `matched`) moves: with pairs left
 * they stay or go back in the pool by capacity; with none, a completed
 * mentorship makes them `alumni` (the closing email offers a new round) and an
 * admin's re-match puts them straight back in the pool. Anyone else
 * (unsubscribed, deleted…) keeps their status.
 */
export function afterPairEnds(
  member: Holding & { status: ParticipantStatus },
  reason: 'completed' | 'rematched' | 'declined' | 'not_fit',
): { activePairs: number; status: ParticipantStatus } {
  // An item without a counter predates capacity tracking: it held this one pair.
  const activePairs = Math.max(0, (member.activePairs ?? 1) - 1);
  if (member.status !== 'waiting' && member.status !== 'matched') return { activePairs, status: member.status };
  if (activePairs > 0) return { activePairs, status: statusForHolding(activePairs, pairCapacity(member)) };
  return { activePairs, status: reason === 'completed' ? 'alumni' : 'waiting' };
}
