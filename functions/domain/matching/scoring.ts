/**
 * The soft score of a feasible mentor–mentee pair: a non-negative integer,
 * higher is better. The solver first maximizes how many mentees get a mentor
 * and only then the sum of these scores, so the score decides *who* pairs
 * with whom, never *whether* someone is matched.
 *
 *   skills      30 per skill the mentee wants that the mentor has, up to 5 (150)
 *               — the dominant term: it is why people join a program.
 *   goals        8 per mentor skill named in the mentee's goals text that is
 *               not already a shared skill, up to 3 (24).
 *   overlap      2 per full hour of weekly availability overlap, up to 10 h (20);
 *               the hard constraint already guarantees one hour.
 *   tool        10 when they share a preferred meeting tool.
 *   experience  10 when the mentor has 2–15 more years, 5 for 1 or 16+ more,
 *               0 when equal or unknown, −10 when the mentor has fewer.
 *   departments  5 when both departments are known and differ (breaks silos).
 *   waiting      2 per round the mentee has waited, up to 5 rounds (10), plus
 *               1 per round the mentor has waited, up to 5 (5). Between two
 *               equally large matchings this tips the choice towards people
 *               who were skipped before.
 *
 * The sum is floored at 0, so every score lies in [0, MAX_PAIR_SCORE].
 */

export const SKILL_POINTS = 30;
export const SKILL_CAP = 5;
export const GOAL_POINTS = 8;
export const GOAL_CAP = 3;
export const OVERLAP_POINTS_PER_HOUR = 2;
export const OVERLAP_HOURS_CAP = 10;
export const TOOL_POINTS = 10;
export const EXPERIENCE_GOOD = 10;
export const EXPERIENCE_OK = 5;
export const EXPERIENCE_PENALTY = -10;
export const DEPARTMENT_POINTS = 5;
export const MENTEE_WAIT_POINTS = 2;
export const MENTOR_WAIT_POINTS = 1;
export const WAIT_ROUNDS_CAP = 5;

export const MAX_PAIR_SCORE =
  SKILL_POINTS * SKILL_CAP +
  GOAL_POINTS * GOAL_CAP +
  OVERLAP_POINTS_PER_HOUR * OVERLAP_HOURS_CAP +
  TOOL_POINTS +
  EXPERIENCE_GOOD +
  DEPARTMENT_POINTS +
  (MENTEE_WAIT_POINTS + MENTOR_WAIT_POINTS) * WAIT_ROUNDS_CAP;

/** Points for the experience gap; `undefined` years mean "not given". */
export function experiencePoints(mentorYears: number | undefined, menteeYears: number | undefined): number {
  if (mentorYears === undefined || menteeYears === undefined) return 0;
  const gap = mentorYears - menteeYears;
  if (gap < 0) return EXPERIENCE_PENALTY;
  if (gap === 0) return 0;
  if (gap === 1 || gap > 15) return EXPERIENCE_OK;
  return EXPERIENCE_GOOD;
}

export function menteeWaitPoints(rounds: number): number {
  return MENTEE_WAIT_POINTS * Math.min(WAIT_ROUNDS_CAP, rounds);
}

export function mentorWaitPoints(rounds: number): number {
  return MENTOR_WAIT_POINTS * Math.min(WAIT_ROUNDS_CAP, rounds);
}

/**
 * The score from a pair's features. Kept to plain numbers because the graph
 * builder calls it for millions of candidate pairs.
 */
export function pairScore(
  sharedSkills: number,
  goalSkills: number,
  overlapMinutes: number,
  sharedTool: boolean,
  experience: number,
  differentDepartments: boolean,
  waiting: number,
): number {
  const s =
    SKILL_POINTS * Math.min(SKILL_CAP, sharedSkills) +
    GOAL_POINTS * Math.min(GOAL_CAP, goalSkills) +
    OVERLAP_POINTS_PER_HOUR * Math.min(OVERLAP_HOURS_CAP, Math.floor(overlapMinutes / 60)) +
    (sharedTool ? TOOL_POINTS : 0) +
    experience +
    (differentDepartments ? DEPARTMENT_POINTS : 0) +
    waiting;
  return s > 0 ? s : 0;
}

const MS_PER_WEEK = 7 * 86_400_000;

/**
 * Rounds a participant has waited: the larger of the `roundsWaited` given and
 * the whole weeks since `waitingSince` (matching runs weekly by default).
 */
export function waitingRounds(roundsWaited: number, waitingSinceMs: number | undefined, matchMs: number): number {
  const weeks = waitingSinceMs === undefined ? 0 : Math.floor((matchMs - waitingSinceMs) / MS_PER_WEEK);
  return Math.max(roundsWaited, weeks, 0);
}
