/**
 * Exact capacity-aware assignment: first the largest number of matched
 * mentees, then the largest total score — as one min-cost problem.
 *
 * Model (a transportation problem): every mentee is a row that must be
 * assigned exactly once, either to a mentor (a column with `capacity` slots)
 * or to its own private "unmatched" column. With smax = the largest score,
 *   cost(mentee, mentor) = smax − score            (in [0, range])
 *   cost(mentee, unmatched) = U = smax + BIG,  BIG = menteeCount·range + 1
 * a solution with k matches and total score S costs const − k·BIG − S, and
 * since no score difference reaches BIG, minimizing cost maximizes k first,
 * then S. All costs are integers; sums stay far below 2^53, so the Float64
 * arithmetic below is exact.
 *
 * Algorithm: successive shortest augmenting paths, one mentee at a time
 * (Jonker–Volgenant style), Dijkstra on reduced costs with Johnson
 * potentials on the sparse graph of feasible pairs:
 *   - a mentor with spare slots ends the search (capacity lives on the node:
 *     its assigned mentees are all reachable from it at equal distance);
 *   - the "unmatched" column of the root or of any mentee reached is the
 *     alternative end (that mentee gives its place up) — only taken when it
 *     is cheaper, i.e. never at the cost of a match;
 *   - the search stops at the first end it settles, and potentials of the
 *     settled mentors are lowered by (δ* − dist), which keeps every reduced
 *     cost non-negative (mentee potentials are implied by equality on their
 *     assigned edge, so they are not stored).
 * Augmenting along a shortest path keeps the residual graph free of negative
 * cycles, so after the last mentee the assignment is optimal. Most mentees
 * take the fast path (their cheapest mentor has a free slot) without a heap.
 *
 * Pruning: each mentee's edges are scanned best score first and a search
 * never queues a mentor at or beyond the best end found so far, so a search
 * touches a few dozen mentors, not the whole graph.
 *
 * Deterministic: the graph lists mentees and mentors in id order, the loop
 * follows it, and ties keep the first (lowest-index) candidate.
 */

export interface AssignmentGraph {
  mentorCount: number;
  menteeCount: number;
  /** Free slots per mentor. */
  capacity: Int32Array;
  /**
   * Edges of mentee i are rowStart[i] … rowStart[i+1]−1 (CSR). Best score
   * first within a row saves a copy (graph.ts builds them so); any order works.
   */
  rowStart: Int32Array;
  /** Edge → mentor index. */
  mentorOf: Int32Array;
  /** Edge → integer score. */
  score: Int32Array;
}

export interface Assignment {
  /** Mentee → the edge it is matched by, or −1. */
  edgeOf: Int32Array;
  matched: number;
  totalScore: number;
}

/** A binary min-heap of (key, value) with lazy deletion by the caller. */
class MinHeap {
  keys = new Float64Array(1024);
  vals = new Int32Array(1024);
  size = 0;

  clear(): void {
    this.size = 0;
  }

  push(key: number, val: number): void {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.size * 2);
      k.set(this.keys);
      this.keys = k;
      const v = new Int32Array(this.size * 2);
      v.set(this.vals);
      this.vals = v;
    }
    const keys = this.keys;
    const vals = this.vals;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = keys[p]!;
      if (pk < key || (pk === key && vals[p]! <= val)) break;
      keys[i] = pk;
      vals[i] = vals[p]!;
      i = p;
    }
    keys[i] = key;
    vals[i] = val;
  }

  /** Removes the minimum; read it first from keys[0] / vals[0]. */
  pop(): void {
    const keys = this.keys;
    const vals = this.vals;
    const n = --this.size;
    if (n === 0) return;
    const key = keys[n]!;
    const val = vals[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n && (keys[r]! < keys[c]! || (keys[r] === keys[c] && vals[r]! < vals[c]!))) c = r;
      const ck = keys[c]!;
      if (key < ck || (key === ck && val <= vals[c]!)) break;
      keys[i] = ck;
      vals[i] = vals[c]!;
      i = c;
    }
    keys[i] = key;
    vals[i] = val;
  }
}

export function solveAssignment(g: AssignmentGraph): Assignment {
  const M = g.mentorCount;
  const N = g.menteeCount;
  const { capacity, rowStart } = g;
  const E = rowStart[N] ?? 0;

  let smax = 0;
  let smin = 0;
  for (let e = 0; e < E; e++) {
    const s = g.score[e]!;
    if (s > smax) smax = s;
    if (s < smin) smin = s;
  }
  const BIG = N * (smax - smin) + 1;
  const U = smax + BIG;
  if (!Number.isSafeInteger(4 * N * (U + smax - smin))) throw new RangeError('Scores too large for exact matching');

  // Each mentee's edges by score, best first (stable: mentor order among equals).
  // Reduced costs are ≥ cost − v ≥ cost because potentials v never rise above 0,
  // so a scan can stop at the first edge whose plain cost already exceeds the bound.
  const { mentorOf, score, original } = rowsSortedByScore(g) ? { mentorOf: g.mentorOf, score: g.score, original: undefined } : sortRowsByScore(g, smax - smin);

  const edgeOf = new Int32Array(N).fill(-1);
  // Slots of mentor j: slotRow[slotStart[j] … slotStart[j]+used[j]−1].
  const slotStart = new Int32Array(M + 1);
  for (let j = 0; j < M; j++) slotStart[j + 1] = slotStart[j]! + Math.max(0, capacity[j]!);
  const slotRow = new Int32Array(slotStart[M]!);
  const used = new Int32Array(M);
  const v = new Float64Array(M);

  const dist = new Float64Array(M);
  const reachedAt = new Int32Array(M); // search number that last labelled the mentor
  const settledAt = new Int32Array(M);
  const predRow = new Int32Array(M);
  const predEdge = new Int32Array(M);
  const settled = new Int32Array(M);
  const heap = new MinHeap();
  let search = 0;

  const addToMentor = (j: number, i: number) => {
    slotRow[slotStart[j]! + used[j]!] = i;
    used[j]!++;
  };
  const removeFromMentor = (j: number, i: number) => {
    const from = slotStart[j]!;
    const last = from + used[j]! - 1;
    for (let k = from; k <= last; k++) {
      if (slotRow[k] === i) {
        slotRow[k] = slotRow[last]!;
        break;
      }
    }
    used[j]!--;
  };
  /**
   * Labels mentor j at distance d, reached from row i by edge e, unless it is
   * already labelled closer in this search or d is at or beyond `bound`.
   * Returns the new bound: d when j has a free slot (an end), else `bound`.
   */
  const relax = (j: number, d: number, i: number, e: number, bound: number): number => {
    if (d >= bound || (reachedAt[j] === search && d >= dist[j]!)) return bound;
    reachedAt[j] = search;
    dist[j] = d;
    predRow[j] = i;
    predEdge[j] = e;
    heap.push(d, j);
    return used[j]! < capacity[j]! ? d : bound;
  };

  for (let r = 0; r < N; r++) {
    const first = rowStart[r]!;
    const end = rowStart[r + 1]!;
    if (first === end) continue;

    // Fast path: the cheapest mentor by reduced cost has a free slot.
    let best = Infinity;
    let bestEdge = -1;
    for (let e = first; e < end; e++) {
      const cost = smax - score[e]!;
      if (cost >= best) break;
      const d = cost - v[mentorOf[e]!]!;
      if (d < best) {
        best = d;
        bestEdge = e;
      }
    }
    if (best > U) continue; // staying unmatched is cheaper than any path
    const bestMentor = mentorOf[bestEdge]!;
    if (used[bestMentor]! < capacity[bestMentor]!) {
      addToMentor(bestMentor, r);
      edgeOf[r] = bestEdge;
      continue;
    }

    // Dijkstra from r over mentors; mentees are reached through their mentor.
    // `bound` is the best known end (a free mentor or an "unmatched" column):
    // nothing at or beyond it can be on the shortest path, so it is never queued.
    search++;
    heap.clear();
    let nSettled = 0;
    let bestDummy = U;
    let dummyRow = r;
    let bound = U;
    for (let e = first; e < end; e++) {
      const cost = smax - score[e]!;
      if (cost >= bound) break;
      const j = mentorOf[e]!;
      bound = relax(j, cost - v[j]!, r, e, bound);
    }
    let sink = -1;
    let deltaStar = 0;
    while (heap.size > 0) {
      const d = heap.keys[0]!;
      const j = heap.vals[0]!;
      heap.pop();
      if (settledAt[j] === search || d > dist[j]!) continue;
      if (d > bestDummy) break;
      settledAt[j] = search;
      settled[nSettled++] = j;
      if (used[j]! < capacity[j]!) {
        sink = j;
        deltaStar = d;
        break;
      }
      const vj = v[j]!;
      for (let k = slotStart[j]!, kEnd = k + used[j]!; k < kEnd; k++) {
        const i = slotRow[k]!;
        const assigned = edgeOf[i]!;
        const ui = smax - score[assigned]! - vj;
        const viaDummy = d + U - ui;
        if (viaDummy < bestDummy) {
          bestDummy = viaDummy;
          dummyRow = i;
          if (viaDummy < bound) bound = viaDummy;
        }
        const base = d - ui + smax;
        for (let e = rowStart[i]!, eEnd = rowStart[i + 1]!; e < eEnd; e++) {
          const lower = base - score[e]!;
          if (lower >= bound) break;
          const jj = mentorOf[e]!;
          if (settledAt[jj] === search || e === assigned) continue;
          bound = relax(jj, lower - v[jj]!, i, e, bound);
        }
      }
    }

    let j: number;
    if (sink >= 0) {
      j = sink;
    } else {
      if (dummyRow === r) continue; // r stays unmatched; nothing changes
      deltaStar = bestDummy;
      // dummyRow gives its place up; the path ends at its mentor.
      j = mentorOf[edgeOf[dummyRow]!]!;
      removeFromMentor(j, dummyRow);
      edgeOf[dummyRow] = -1;
    }
    for (let k = 0; k < nSettled; k++) {
      const s = settled[k]!;
      v[s] = v[s]! + dist[s]! - deltaStar;
    }
    for (;;) {
      const i = predRow[j]!;
      const old = edgeOf[i]!;
      addToMentor(j, i);
      edgeOf[i] = predEdge[j]!;
      if (i === r) break;
      j = mentorOf[old]!;
      removeFromMentor(j, i);
    }
  }

  let matched = 0;
  let totalScore = 0;
  for (let i = 0; i < N; i++) {
    const e = edgeOf[i]!;
    if (e >= 0) {
      matched++;
      totalScore += score[e]!;
      if (original) edgeOf[i] = original[e]!;
    }
  }
  return { edgeOf, matched, totalScore };
}

function rowsSortedByScore(g: AssignmentGraph): boolean {
  for (let i = 0; i < g.menteeCount; i++) {
    for (let e = g.rowStart[i]! + 1; e < g.rowStart[i + 1]!; e++) if (g.score[e]! > g.score[e - 1]!) return false;
  }
  return true;
}

/** Rows' edges reordered by score, best first, in O(E + range) (counting sort, stable). */
function sortRowsByScore(g: AssignmentGraph, range: number): { mentorOf: Int32Array; score: Int32Array; original: Int32Array } {
  const N = g.menteeCount;
  const E = g.rowStart[N] ?? 0;
  let smax = -Infinity;
  for (let e = 0; e < E; e++) if (g.score[e]! > smax) smax = g.score[e]!;
  const keyStart = new Int32Array(range + 2);
  for (let e = 0; e < E; e++) keyStart[smax - g.score[e]! + 1]!++;
  for (let k = 0; k <= range; k++) keyStart[k + 1]! += keyStart[k]!;
  const byKey = new Int32Array(E);
  for (let e = 0; e < E; e++) byKey[keyStart[smax - g.score[e]!]!++] = e;
  const rowOf = new Int32Array(E);
  for (let i = 0; i < N; i++) rowOf.fill(i, g.rowStart[i]!, g.rowStart[i + 1]!);
  const fill = g.rowStart.slice(0, N);
  const mentorOf = new Int32Array(E);
  const score = new Int32Array(E);
  const original = new Int32Array(E);
  for (let k = 0; k < E; k++) {
    const e = byKey[k]!;
    const at = fill[rowOf[e]!]!++;
    mentorOf[at] = g.mentorOf[e]!;
    score[at] = g.score[e]!;
    original[at] = e;
  }
  return { mentorOf, score, original };
}
