import fc from 'fast-check';
import { linearSumAssignment } from 'linear-sum-assignment';
import { describe, expect, it } from 'vitest';
import { solveAssignment, type AssignmentGraph } from '../../../functions/domain/matching/solver';

/** scores[i][j]: mentee i × mentor j, undefined = infeasible. */
interface Instance {
  capacity: number[];
  scores: (number | undefined)[][];
}

function graphOf({ capacity, scores }: Instance): AssignmentGraph {
  const rowStart = [0];
  const mentorOf: number[] = [];
  const score: number[] = [];
  for (const row of scores) {
    row.forEach((s, j) => {
      if (s !== undefined) {
        mentorOf.push(j);
        score.push(s);
      }
    });
    rowStart.push(mentorOf.length);
  }
  return {
    mentorCount: capacity.length,
    menteeCount: scores.length,
    capacity: Int32Array.from(capacity),
    rowStart: Int32Array.from(rowStart),
    mentorOf: Int32Array.from(mentorOf),
    score: Int32Array.from(score),
  };
}

/** Every assignment, exhaustively: the best (matched, totalScore), lexicographically. */
function bruteForce({ capacity, scores }: Instance): { matched: number; totalScore: number } {
  const left = [...capacity];
  let best = { matched: -1, totalScore: -Infinity };
  const go = (i: number, matched: number, total: number) => {
    if (i === scores.length) {
      if (matched > best.matched || (matched === best.matched && total > best.totalScore)) best = { matched, totalScore: total };
      return;
    }
    go(i + 1, matched, total);
    scores[i]!.forEach((s, j) => {
      if (s === undefined || left[j]! === 0) return;
      left[j]!--;
      go(i + 1, matched + 1, total + s);
      left[j]!++;
    });
  };
  go(0, 0, 0);
  return best;
}

/** The solver's result must be a valid assignment; returns it re-derived from edgeOf. */
function checkValid(inst: Instance, g: AssignmentGraph, edgeOf: Int32Array) {
  const load = new Array<number>(inst.capacity.length).fill(0);
  let matched = 0;
  let totalScore = 0;
  edgeOf.forEach((e, i) => {
    if (e < 0) return;
    expect(e).toBeGreaterThanOrEqual(g.rowStart[i]!);
    expect(e).toBeLessThan(g.rowStart[i + 1]!);
    const j = g.mentorOf[e]!;
    load[j]!++;
    matched++;
    totalScore += inst.scores[i]![j]!;
  });
  load.forEach((l, j) => expect(l).toBeLessThanOrEqual(inst.capacity[j]!));
  return { matched, totalScore };
}

const instance = (maxMentors: number, maxMentees: number, maxCapacity: number, maxScore: number) =>
  fc.record({ mentors: fc.integer({ min: 0, max: maxMentors }), mentees: fc.integer({ min: 0, max: maxMentees }) }).chain(({ mentors, mentees }) =>
    fc.record({
      capacity: fc.array(fc.integer({ min: 1, max: maxCapacity }), { minLength: mentors, maxLength: mentors }),
      scores: fc.array(fc.array(fc.option(fc.integer({ min: 0, max: maxScore }), { nil: undefined, freq: 2 }), { minLength: mentors, maxLength: mentors }), {
        minLength: mentees,
        maxLength: mentees,
      }),
    }),
  );

describe('solveAssignment', () => {
  it('finds the brute-force optimum (most matched, then highest score) on small instances', () => {
    fc.assert(
      fc.property(instance(6, 6, 3, 40), (inst) => {
        const g = graphOf(inst);
        const result = solveAssignment(g);
        const derived = checkValid(inst, g, result.edgeOf);
        expect(derived).toEqual({ matched: result.matched, totalScore: result.totalScore });
        expect(derived).toEqual(bruteForce(inst));
      }),
      { numRuns: 300 },
    );
  });

  /** The optimum as linear-sum-assignment sees it: a square weight matrix, one column per mentor slot. */
  function lsaObjective(inst: Instance, BIG: number): number {
    const slotMentor = inst.capacity.flatMap((c, j) => new Array<number>(c).fill(j));
    const n = Math.max(slotMentor.length, inst.scores.length);
    if (n === 0) return 0;
    // Weight score + BIG for a feasible pair, 0 for infeasible pairs and padding (= unmatched).
    const matrix = Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, k) => {
        const j = slotMentor[k];
        const s = j === undefined ? undefined : inst.scores[i]?.[j];
        return s === undefined ? 0 : s + BIG;
      }),
    );
    return linearSumAssignment(matrix, { maximaze: true }).gain;
  }

  for (const [label, maxCapacity] of [
    ['capacity 1', 1],
    ['capacities 1–3 expanded to slots', 3],
  ] as const) {
    it(`matches linear-sum-assignment on the same lexicographic objective (${label}, mid-size)`, () => {
      fc.assert(
        fc.property(instance(30, 45, maxCapacity, 234), (inst) => {
          const ours = solveAssignment(graphOf(inst));
          const smax = Math.max(0, ...inst.scores.flat().map((s) => s ?? 0));
          const BIG = inst.scores.length * smax + 1;
          expect(ours.matched * BIG + ours.totalScore).toBe(lsaObjective(inst, BIG));
        }),
        { numRuns: 40 },
      );
    });
  }

  it('gives a matched place to a better-scoring later mentee when the count cannot grow', () => {
    // One slot; mentee 0 comes first with the lower score.
    const inst: Instance = { capacity: [1], scores: [[5], [9]] };
    const r = solveAssignment(graphOf(inst));
    expect(Array.from(r.edgeOf)).toEqual([-1, 1]); // edge 1 = mentee 1 × mentor 0
    expect(r.totalScore).toBe(9);
  });

  it('never trades a match for score', () => {
    // Mentor 0 suits mentee 0 perfectly, but only mentor 0 can take mentee 1.
    const inst: Instance = {
      capacity: [1, 1],
      scores: [
        [200, 0],
        [1, undefined],
      ],
    };
    const r = solveAssignment(graphOf(inst));
    expect(r.matched).toBe(2);
    expect(r.totalScore).toBe(1);
  });

  it('fills capacities and reroutes through full mentors', () => {
    const inst: Instance = {
      capacity: [2, 1],
      scores: [
        [10, 9],
        [10, undefined],
        [10, undefined],
      ],
    };
    const r = solveAssignment(graphOf(inst));
    expect(r).toMatchObject({ matched: 3, totalScore: 29 });
  });

  it('handles empty input and mentees without options', () => {
    expect(solveAssignment(graphOf({ capacity: [], scores: [] }))).toMatchObject({ matched: 0, totalScore: 0 });
    expect(solveAssignment(graphOf({ capacity: [2], scores: [[undefined], [undefined]] }))).toMatchObject({ matched: 0 });
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(instance(8, 8, 3, 10), (inst) => {
        const a = solveAssignment(graphOf(inst));
        const b = solveAssignment(graphOf(inst));
        expect(Array.from(a.edgeOf)).toEqual(Array.from(b.edgeOf));
      }),
      { numRuns: 50 },
    );
  });
});
