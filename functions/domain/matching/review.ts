/**
 * Matching under review (DESIGN §1.2, matching mode `review`): the admin's
 * choices on a proposed round, and the optimal assignment around them.
 *
 *   matchWithChoices(input, options, choices) → { pairs (pinned ones flagged), unmatched, totalScore }
 *   suggestionsFor(input, options, choices, personId) → ranked partners with score and reasons
 *
 * Exclusions join the blocked pairs (the edge is never in the graph). Pins are
 * pre-assigned: the pinned mentees leave the instance, each pinned mentor's
 * free slots drop by their pins, and the solver assigns the rest optimally —
 * exactly the solver on the reduced instance. A pin must be a feasible pair
 * of the round (a suggestion): its score and reasons are the scorer's.
 */
import { feasibilityGraph, matchInstant } from './match';
import type { MatchGraph } from './graph';
import { describePair } from './reasons';
import { solveAssignment } from './solver';
import type { MatchInput, MatchOptions, MatchedPair, PairRef } from './types';

export interface RoundChoices {
  /** Pairs the admin forced into the round. */
  pins: readonly PairRef[];
  /** Pairs the admin ruled out for this round. */
  exclusions: readonly PairRef[];
}

export interface ReviewedPair extends MatchedPair {
  pinned: boolean;
}

export interface ReviewedResult {
  /** Sorted by mentorId, then menteeId. */
  pairs: ReviewedPair[];
  /** Every participant in no pair, sorted. */
  unmatched: string[];
  totalScore: number;
}

export interface RoundSuggestion {
  partnerId: string;
  score: number;
  reasons: string[];
  /** Whether this pair is already pinned in the round. */
  pinned: boolean;
}

/** Why a pin cannot be made: not a feasible pair of this round, or the mentor has no free slot left for it. */
export type PinProblem = 'not_a_candidate' | 'mentor_full' | 'mentee_pinned';

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
export const sameRef = (a: PairRef, b: PairRef) => a.mentorId === b.mentorId && a.menteeId === b.menteeId;

function graphOf(input: MatchInput, options: MatchOptions, exclusions: readonly PairRef[]): MatchGraph {
  return feasibilityGraph({ ...input, blockedPairs: [...(input.blockedPairs ?? []), ...exclusions] }, options);
}

function indexes(graph: MatchGraph) {
  const mentorIndex = new Map(graph.mentors.map((c, j) => [c.member.id, j]));
  const menteeIndex = new Map(graph.mentees.map((c, i) => [c.member.id, i]));
  return { mentorIndex, menteeIndex };
}

/** The edge of the pair in the graph, or −1 when it is not a feasible pair of this round. */
function edgeOf(graph: MatchGraph, mentorIndex: Map<string, number>, menteeIndex: Map<string, number>, ref: PairRef): number {
  const i = menteeIndex.get(ref.menteeId);
  const j = mentorIndex.get(ref.mentorId);
  if (i === undefined || j === undefined) return -1;
  for (let e = graph.rowStart[i]!; e < graph.rowStart[i + 1]!; e++) if (graph.mentorOf[e] === j) return e;
  return -1;
}

/** Whether `pin` can join the pins already made (checked before a pin is stored). */
export function pinProblem(input: MatchInput, options: MatchOptions, choices: RoundChoices, pin: PairRef): PinProblem | undefined {
  const others = choices.pins.filter((p) => !sameRef(p, pin));
  if (others.some((p) => p.menteeId === pin.menteeId)) return 'mentee_pinned';
  const graph = graphOf(
    input,
    options,
    choices.exclusions.filter((x) => !sameRef(x, pin)),
  );
  const { mentorIndex, menteeIndex } = indexes(graph);
  if (edgeOf(graph, mentorIndex, menteeIndex, pin) < 0) return 'not_a_candidate';
  const j = mentorIndex.get(pin.mentorId)!;
  if (others.filter((p) => p.mentorId === pin.mentorId).length + 1 > graph.capacity[j]!) return 'mentor_full';
  return undefined;
}

/**
 * The optimal assignment that contains every pin and no exclusion: as many
 * matched mentees as possible, then the highest total score. Throws when a pin
 * is not a feasible pair or overfills its mentor (pinProblem says which).
 */
export function matchWithChoices(input: MatchInput, options: MatchOptions, choices: RoundChoices): ReviewedResult {
  const matchMs = matchInstant(options.matchDate);
  const graph = graphOf(input, options, choices.exclusions);
  const { mentorIndex, menteeIndex } = indexes(graph);

  const capacity = Int32Array.from(graph.capacity);
  const pinnedMentee = new Uint8Array(graph.menteeCount);
  const pinnedEdges: number[] = [];
  for (const pin of choices.pins) {
    const e = edgeOf(graph, mentorIndex, menteeIndex, pin);
    if (e < 0) throw new Error(`pin ${pin.mentorId}/${pin.menteeId} is not a feasible pair of this round`);
    const i = menteeIndex.get(pin.menteeId)!;
    const j = graph.mentorOf[e]!;
    if (pinnedMentee[i] || capacity[j]! <= 0) throw new Error(`pin ${pin.mentorId}/${pin.menteeId} overfills the round`);
    pinnedMentee[i] = 1;
    capacity[j]!--;
    pinnedEdges.push(e);
  }

  // The reduced instance: pinned mentees keep no edge (they are placed), pinned mentors keep what their pins leave.
  const rowStart = new Int32Array(graph.menteeCount + 1);
  const keep: number[] = [];
  for (let i = 0; i < graph.menteeCount; i++) {
    if (!pinnedMentee[i]) for (let e = graph.rowStart[i]!; e < graph.rowStart[i + 1]!; e++) keep.push(e);
    rowStart[i + 1] = keep.length;
  }
  const solved = solveAssignment({
    mentorCount: graph.mentorCount,
    menteeCount: graph.menteeCount,
    capacity,
    rowStart,
    mentorOf: Int32Array.from(keep, (e) => graph.mentorOf[e]!),
    score: Int32Array.from(keep, (e) => graph.score[e]!),
  });

  const chosen: { edge: number; pinned: boolean }[] = pinnedEdges.map((edge) => ({ edge, pinned: true }));
  solved.edgeOf.forEach((k, i) => {
    if (k >= 0 && !pinnedMentee[i]) chosen.push({ edge: keep[k]!, pinned: false });
  });
  const menteeOfEdge = (e: number) => {
    let lo = 0;
    let hi = graph.menteeCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (graph.rowStart[mid]! <= e) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  const inPair = new Set<string>();
  let totalScore = 0;
  const pairs = chosen
    .map(({ edge, pinned }) => {
      const m = graph.mentors[graph.mentorOf[edge]!]!;
      const e = graph.mentees[menteeOfEdge(edge)]!;
      const score = graph.score[edge]!;
      inPair.add(m.member.id).add(e.member.id);
      totalScore += score;
      return { mentorId: m.member.id, menteeId: e.member.id, score, reasons: describePair(m, e, matchMs).reasons, pinned };
    })
    .sort((a, b) => compareIds(a.mentorId, b.mentorId) || compareIds(a.menteeId, b.menteeId));
  const unmatched = [...graph.mentors, ...graph.mentees]
    .map((c) => c.member.id)
    .filter((id) => !inPair.has(id))
    .sort(compareIds);
  return { pairs, unmatched, totalScore };
}

/**
 * Everyone `personId` could be paired with in this round, best score first
 * (ties by id), with the scorer's reasons. Excluded pairs are left out; a
 * mentor with no free slot has none.
 */
export function suggestionsFor(input: MatchInput, options: MatchOptions, choices: RoundChoices, personId: string): RoundSuggestion[] {
  const matchMs = matchInstant(options.matchDate);
  const graph = graphOf(input, options, choices.exclusions);
  const { mentorIndex, menteeIndex } = indexes(graph);
  const found: RoundSuggestion[] = [];
  const pinned = (ref: PairRef) => choices.pins.some((p) => sameRef(p, ref));
  const i = menteeIndex.get(personId);
  const j = mentorIndex.get(personId);
  if (i !== undefined) {
    for (let e = graph.rowStart[i]!; e < graph.rowStart[i + 1]!; e++) {
      const mentor = graph.mentors[graph.mentorOf[e]!]!;
      found.push({
        partnerId: mentor.member.id,
        score: graph.score[e]!,
        reasons: describePair(mentor, graph.mentees[i]!, matchMs).reasons,
        pinned: pinned({ mentorId: mentor.member.id, menteeId: personId }),
      });
    }
  } else if (j !== undefined) {
    for (let m = 0; m < graph.menteeCount; m++) {
      for (let e = graph.rowStart[m]!; e < graph.rowStart[m + 1]!; e++) {
        if (graph.mentorOf[e] !== j) continue;
        const mentee = graph.mentees[m]!;
        found.push({
          partnerId: mentee.member.id,
          score: graph.score[e]!,
          reasons: describePair(graph.mentors[j]!, mentee, matchMs).reasons,
          pinned: pinned({ mentorId: personId, menteeId: mentee.member.id }),
        });
      }
    }
  }
  return found.sort((a, b) => b.score - a.score || compareIds(a.partnerId, b.partnerId));
}
