/** Shapes of the matcher's input and output (DESIGN §3, `npm run match`). */
import type { Signup, SignupInput } from '../signup-schema';

export interface PairRef {
  mentorId: string;
  menteeId: string;
}

/** A sign-up record with an id, plus optional matching history. */
export type MatchParticipantInput = SignupInput & {
  id: string;
  /** ISO instant the participant joined the pool; whole weeks since then count as rounds waited. */
  waitingSince?: string;
  /** Matching rounds this participant was left unmatched. */
  roundsWaited?: number;
  /** Mentors: pairs already running, so spare capacity = capacity − activePairs. */
  activePairs?: number;
};

export interface MatchInput {
  participants: readonly MatchParticipantInput[];
  /** Pairs that already happened; they are never repeated. */
  previousPairs?: readonly PairRef[];
  /** Pairs an admin ruled out. */
  blockedPairs?: readonly PairRef[];
}

export interface MatchOptions {
  /** The instant the matching runs at: time zones and waiting time are evaluated then. */
  matchDate: Date | string | number;
}

export interface MatchedPair {
  mentorId: string;
  menteeId: string;
  score: number;
  reasons: string[];
}

export interface MatchResult {
  /** Sorted by mentorId, then menteeId. */
  pairs: MatchedPair[];
  /** Every participant id in no pair (mentees and mentors alike), sorted. */
  unmatched: string[];
  totalScore: number;
}

/** `[mentorId, menteeId, score]` for every feasible pair, sorted by mentorId then menteeId. */
export interface ScoreDump {
  scores: [string, string, number][];
}

/** A validated participant, ready for matching. */
export interface PoolMember {
  id: string;
  /** Position in the input's `participants` list. */
  inputIndex: number;
  signup: Signup;
  roundsWaited: number;
  waitingSinceMs: number | undefined;
  /** Mentors: capacity − activePairs (never below 0). Mentees: 1. */
  spare: number;
}

export interface MatchPool {
  /** Sorted by id, so the result never depends on input order. */
  mentors: PoolMember[];
  mentees: PoolMember[];
  /** Previous and blocked pairs, as `mentorId → menteeIds`. */
  excluded: Map<string, Set<string>>;
}

export interface InputIssue {
  /** Where: `participants[3] (id "p-4")`, `previousPairs[0]` or `input`. */
  where: string;
  /** Field path inside it, e.g. `availability.0.to`; empty when the whole item is wrong. */
  path: string;
  message: string;
}

export class InvalidMatchInput extends Error {
  override name = 'InvalidMatchInput';
  constructor(readonly issues: InputIssue[]) {
    super(formatIssues(issues));
  }
}

export function formatIssues(issues: readonly InputIssue[], max = 20): string {
  const lines = issues.slice(0, max).map((i) => `${i.where}${i.path ? `: ${i.path}` : ''}: ${i.message}`);
  if (issues.length > max) lines.push(`… and ${issues.length - max} more problems`);
  return `Invalid matching input:\n${lines.map((l) => `  ${l}`).join('\n')}`;
}
