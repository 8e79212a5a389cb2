/**
 * Offers for matching mode `choice` (issue 12): each waiting mentee is offered
 * up to OFFERS_PER_MENTEE mentors, with the scorer's reasons, and chooses one.
 *
 * Two promises, and how they are kept:
 *
 *  1. Fair to mentors: no mentor is offered to more than
 *     OFFERS_PER_SLOT × (their free capacity) mentees of the round. Every offer
 *     below takes one unit of the mentor's budget and none is made without it.
 *
 *  2. The offers together still contain an optimal matching of the round (as
 *     many mentees matched as possible, then the highest total score). First
 *     the round is solved exactly as `auto` mode would (solveAssignment on the
 *     same feasibility graph): call that matching M. Every mentee matched in M
 *     is offered their M-mentor first. M gives each mentor at most capacity
 *     mentees, and capacity ≤ OFFERS_PER_SLOT × capacity, so all of M's edges
 *     fit in the budgets, and each mentee holds one of them at most, which
 *     fits in OFFERS_PER_MENTEE. Only then are the remaining offers filled, by
 *     score, from what the budgets leave. Since M ⊆ offers, solving the round
 *     restricted to the offered pairs finds a matching at least as good as M,
 *     and it cannot be better than the unrestricted optimum: the same value.
 *
 * Filling is in passes: after pass p every mentee holds up to p offers, so a
 * mentee gets a second suggestion before anyone gets a third; within a pass
 * the higher-scoring pairs go first (ties by mentee id, then mentor id).
 *
 * Only feasible pairs are offered: the graph holds exactly the pairs the
 * scorer's hard constraints allow, without previous or blocked pairs.
 * Pure and deterministic: the match date is data.
 */
import { feasibilityGraph, matchInstant } from './match';
import { describePair } from './reasons';
import { solveAssignment } from './solver';
import type { MatchInput, MatchOptions } from './types';

export const OFFERS_PER_MENTEE = 3;
/** A mentor is offered to at most this many mentees per free slot in a round. */
export const OFFERS_PER_SLOT = 3;

export interface OfferedMentor {
  mentorId: string;
  score: number;
  reasons: string[];
}

export interface MenteeOffers {
  menteeId: string;
  /** Best score first (ties by mentor id); empty when no mentor is feasible or left. */
  mentors: OfferedMentor[];
}

export interface OfferRound {
  /** One entry per mentee of the input, sorted by mentee id. */
  offers: MenteeOffers[];
  /** The optimal matching M the offers contain: its size and total score (for checks and logs). */
  optimal: { matched: number; totalScore: number };
}

export function offerRound(input: MatchInput, options: MatchOptions): OfferRound {
  const matchMs = matchInstant(options.matchDate);
  const g = feasibilityGraph(input, options);
  const N = g.menteeCount;
  const E = g.rowStart[N] ?? 0;
  const { edgeOf, matched, totalScore } = solveAssignment(g);

  const budget = Int32Array.from(g.capacity, (c) => OFFERS_PER_SLOT * Math.max(0, c));
  const count = new Int32Array(N);
  const offered = new Uint8Array(E);
  const take = (i: number, e: number) => {
    offered[e] = 1;
    count[i]!++;
    budget[g.mentorOf[e]!]!--;
  };
  // M first: within budget by construction (see above).
  edgeOf.forEach((e, i) => {
    if (e >= 0) take(i, e);
  });

  // Every edge by score, best first; stable, so ties keep mentee order, then (within a row) mentor order for equal scores.
  const menteeOf = new Int32Array(E);
  for (let i = 0; i < N; i++) menteeOf.fill(i, g.rowStart[i]!, g.rowStart[i + 1]!);
  const byScore = Array.from({ length: E }, (_, e) => e).sort(
    (a, b) => g.score[b]! - g.score[a]! || menteeOf[a]! - menteeOf[b]! || g.mentorOf[a]! - g.mentorOf[b]!,
  );
  for (let pass = 1; pass <= OFFERS_PER_MENTEE; pass++) {
    for (const e of byScore) {
      const i = menteeOf[e]!;
      if (offered[e] || count[i]! >= pass || budget[g.mentorOf[e]!]! <= 0) continue;
      take(i, e);
    }
  }

  const offers: MenteeOffers[] = g.mentees.map((mentee, i) => {
    const mentors: OfferedMentor[] = [];
    for (let e = g.rowStart[i]!; e < g.rowStart[i + 1]!; e++) {
      if (!offered[e]) continue;
      const mentor = g.mentors[g.mentorOf[e]!]!;
      mentors.push({ mentorId: mentor.member.id, score: g.score[e]!, reasons: describePair(mentor, mentee, matchMs).reasons });
    }
    mentors.sort((a, b) => b.score - a.score || (a.mentorId < b.mentorId ? -1 : a.mentorId > b.mentorId ? 1 : 0));
    return { menteeId: mentee.member.id, mentors };
  });
  return { offers, optimal: { matched, totalScore } };
}
