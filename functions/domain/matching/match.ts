/**
 * The matcher's front door: validated input in, optimal explained pairs out.
 *
 *   match(input, { matchDate })       → { pairs, unmatched, totalScore }
 *   feasiblePairs(input, { matchDate }) → every feasible pair with its score
 *
 * Pure: the match date is data (the caller reads the clock). Ids sort by
 * UTF-16 code units (plain `<`), never by locale, so output is stable.
 */
import { ZoneClock } from './availability';
import { buildMatchGraph, type MatchGraph } from './graph';
import { parseMatchInput } from './input';
import { describePair } from './reasons';
import { solveAssignment } from './solver';
import { InvalidMatchInput, type MatchInput, type MatchOptions, type MatchResult, type MatchedPair, type ScoreDump } from './types';

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function matchInstant(matchDate: MatchOptions['matchDate']): number {
  const ms = matchDate instanceof Date ? matchDate.getTime() : typeof matchDate === 'number' ? matchDate : Date.parse(matchDate);
  if (!Number.isFinite(ms)) {
    throw new InvalidMatchInput([{ where: 'options', path: 'matchDate', message: 'matchDate must be a valid date, e.g. 2025-03-03T09:00:00Z' }]);
  }
  return ms;
}

/** Validates the input (throws InvalidMatchInput) and builds the graph of feasible, scored pairs. */
export function feasibilityGraph(input: MatchInput, options: MatchOptions): MatchGraph {
  const matchMs = matchInstant(options.matchDate);
  const parsed = parseMatchInput(input);
  if (!parsed.ok) throw new InvalidMatchInput(parsed.issues);
  return buildMatchGraph(parsed.pool, new ZoneClock(matchMs));
}

/**
 * The optimal assignment: as many mentees matched as possible, then the
 * highest total score. Throws InvalidMatchInput naming each bad participant and field.
 */
export function match(input: MatchInput, options: MatchOptions): MatchResult {
  const matchMs = matchInstant(options.matchDate);
  const graph = feasibilityGraph(input, options);
  const { edgeOf } = solveAssignment(graph);

  const chosen: { mentor: number; mentee: number; edge: number }[] = [];
  edgeOf.forEach((edge, mentee) => {
    if (edge >= 0) chosen.push({ mentor: graph.mentorOf[edge]!, mentee, edge });
  });
  // Indexes order like ids (the pool is sorted by id).
  chosen.sort((a, b) => a.mentor - b.mentor || a.mentee - b.mentee);

  const inPair = new Set<string>();
  let totalScore = 0;
  const pairs: MatchedPair[] = chosen.map(({ mentor, mentee, edge }) => {
    const m = graph.mentors[mentor]!;
    const e = graph.mentees[mentee]!;
    const score = graph.score[edge]!;
    inPair.add(m.member.id).add(e.member.id);
    totalScore += score;
    return { mentorId: m.member.id, menteeId: e.member.id, score, reasons: describePair(m, e, matchMs).reasons };
  });
  const unmatched = [...graph.mentors, ...graph.mentees]
    .map((c) => c.member.id)
    .filter((id) => !inPair.has(id))
    .sort(compareIds);
  return { pairs, unmatched, totalScore };
}

/** Every feasible pair as parallel arrays, sorted by mentor id, then mentee id. */
export interface FeasiblePairs {
  mentorIds: string[];
  menteeIds: string[];
  /** Per pair: index into mentorIds / menteeIds, and the score. */
  mentor: Int32Array;
  mentee: Int32Array;
  score: Int32Array;
}

export function feasiblePairs(input: MatchInput, options: MatchOptions): FeasiblePairs {
  const g = feasibilityGraph(input, options);
  const E = g.rowStart[g.menteeCount]!;
  // Counting sort by mentor; mentees stay ascending within a mentor because rows are scanned in order.
  const start = new Int32Array(g.mentorCount + 1);
  for (let e = 0; e < E; e++) start[g.mentorOf[e]! + 1]!++;
  for (let j = 0; j < g.mentorCount; j++) start[j + 1]! += start[j]!;
  const mentor = new Int32Array(E);
  const mentee = new Int32Array(E);
  const score = new Int32Array(E);
  for (let i = 0; i < g.menteeCount; i++) {
    for (let e = g.rowStart[i]!; e < g.rowStart[i + 1]!; e++) {
      const j = g.mentorOf[e]!;
      const at = start[j]!++;
      mentor[at] = j;
      mentee[at] = i;
      score[at] = g.score[e]!;
    }
  }
  return {
    mentorIds: g.mentors.map((c) => c.member.id),
    menteeIds: g.mentees.map((c) => c.member.id),
    mentor,
    mentee,
    score,
  };
}

/** `{scores: [[mentorId, menteeId, score], …]}` for every feasible pair (DESIGN §3, --dump-scores). */
export function dumpScores(input: MatchInput, options: MatchOptions): ScoreDump {
  const f = feasiblePairs(input, options);
  const scores: [string, string, number][] = [];
  for (let k = 0; k < f.score.length; k++) scores.push([f.mentorIds[f.mentor[k]!]!, f.menteeIds[f.mentee[k]!]!, f.score[k]!]);
  return { scores };
}
