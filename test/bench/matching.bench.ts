/**
 * Matching benchmark (DESIGN §9): the exact solver against
 *   - linear-sum-assignment (Jonker–Volgenant on a dense matrix, capacity
 *     expanded to slots) at 1,000 mentees — goal: ≥ 10× faster;
 *   - a greedy matcher (best score first);
 *   - random pairing among feasible pairs (what Donut-style bots do);
 * on generated instances of 1k and 10k participants (plus 1k mentees for the
 * dense comparison), and the 10k solve time and peak RSS.
 *
 * Also exports the instance generator, reused by the unit tests.
 */
import { linearSumAssignment } from 'linear-sum-assignment';
import { ZoneClock } from '../../functions/domain/matching/availability';
import { buildMatchGraph, type MatchGraph } from '../../functions/domain/matching/graph';
import { parseMatchInput } from '../../functions/domain/matching/input';
import { match } from '../../functions/domain/matching/match';
import { offerRound } from '../../functions/domain/matching/offers';
import { solveAssignment } from '../../functions/domain/matching/solver';
import type { MatchInput, MatchParticipantInput, PairRef } from '../../functions/domain/matching/types';
import { TOOLS } from '../../functions/domain/signup-schema';

/** mulberry32: a small seeded PRNG, so instances are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Zones spread over the world, weighted roughly like a global company; [zone, weight, local language].
const ZONES: [string, number, string | undefined][] = [
  ['America/Los_Angeles', 6, undefined],
  ['America/Denver', 2, undefined],
  ['America/Chicago', 4, undefined],
  ['America/New_York', 8, undefined],
  ['America/Toronto', 3, 'fr'],
  ['America/Mexico_City', 2, 'es'],
  ['America/Bogota', 2, 'es'],
  ['America/Sao_Paulo', 4, 'pt-BR'],
  ['America/Argentina/Buenos_Aires', 2, 'es'],
  ['Europe/London', 6, undefined],
  ['Europe/Madrid', 3, 'es'],
  ['Europe/Paris', 5, 'fr'],
  ['Europe/Berlin', 8, 'de'],
  ['Europe/Warsaw', 3, 'pl'],
  ['Europe/Kyiv', 2, 'uk'],
  ['Europe/Istanbul', 2, 'tr'],
  ['Africa/Lagos', 2, undefined],
  ['Africa/Nairobi', 1, 'sw'],
  ['Africa/Johannesburg', 1, undefined],
  ['Asia/Dubai', 2, 'ar'],
  ['Asia/Kolkata', 6, 'hi'],
  ['Asia/Kathmandu', 1, 'ne'],
  ['Asia/Singapore', 4, 'zh'],
  ['Asia/Jakarta', 2, 'id'],
  ['Asia/Manila', 2, 'fil'],
  ['Asia/Shanghai', 3, 'zh'],
  ['Asia/Seoul', 2, 'ko'],
  ['Asia/Tokyo', 3, 'ja'],
  ['Australia/Adelaide', 1, undefined],
  ['Australia/Sydney', 3, undefined],
  ['Pacific/Auckland', 1, undefined],
];

const SKILLS = [
  'leadership',
  'sql',
  'negotiation',
  'public speaking',
  'python',
  'typescript',
  'product management',
  'system design',
  'data analysis',
  'machine learning',
  'ux research',
  'career growth',
  'people management',
  'stakeholder management',
  'project management',
  'agile',
  'kubernetes',
  'aws',
  'security',
  'testing',
  'writing',
  'storytelling',
  'hiring',
  'coaching',
  'design systems',
  'accessibility',
  'finance',
  'marketing',
  'sales',
  'customer success',
  'strategy',
  'okrs',
  'time management',
  'delegation',
  'conflict resolution',
  'go',
  'rust',
  'java',
  'react',
  'node.js',
  'c++',
  'data engineering',
  'statistics',
  'excel',
  'presentation skills',
  'networking',
  'personal branding',
  'remote work',
  'work-life balance',
  'feedback',
  'decision making',
  'prioritization',
  'analytics',
  'seo',
  'content strategy',
  'operations',
  'supply chain',
  'legal',
  'budgeting',
  'mobile development',
];
const DEPARTMENTS = ['Engineering', 'Product', 'Design', 'Sales', 'Marketing', 'Finance', 'People', 'Operations', 'Legal', 'Support', 'Data', 'Security'];
const GOAL_TEMPLATES = [
  (a: string, b: string) => `I want to get better at ${a} and understand ${b}.`,
  (a: string, b: string) => `Grow into a senior role; my manager says ${a} is my gap. Curious about ${b} too.`,
  (a: string) => `Build confidence in ${a}.`,
  (a: string, b: string) => `Learn ${a}, then maybe move towards ${b} next year.`,
  () => 'Meet people outside my team and learn how they work.',
];

export interface InstanceOptions {
  seed: number;
  mentors: number;
  mentees: number;
  /** Share of mentees with a random previous pair (default 0.1). */
  history?: number;
}

/** A realistic generated instance of the matcher's input. */
export function generateInstance(opts: InstanceOptions): MatchInput & { participants: MatchParticipantInput[] } {
  const rnd = prng(opts.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const totalWeight = ZONES.reduce((s, z) => s + z[1], 0);
  const zone = () => {
    let x = rnd() * totalWeight;
    for (const z of ZONES) if ((x -= z[1]) < 0) return z;
    return ZONES[0]!;
  };
  // Zipf-like: popular skills are much more common than niche ones.
  const skill = () => SKILLS[Math.min(SKILLS.length - 1, Math.floor(SKILLS.length * rnd() ** 1.8))]!;
  const skills = (n: number) => [...new Set(Array.from({ length: n }, skill))];
  const hhmm = (min: number) => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
  const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

  const person = (role: 'mentor' | 'mentee', n: number): MatchParticipantInput => {
    const [timezone, , local] = zone();
    const languages = rnd() < 0.88 ? ['en'] : [];
    if (local && rnd() < 0.6) languages.push(local);
    if (languages.length === 0) languages.push(local ?? 'en');
    const evening = rnd() < 0.2;
    const availability = Array.from({ length: int(2, 5) }, () => {
      const from = evening ? int(36, 42) * 30 : int(14, 36) * 30;
      const to = Math.min(from + int(2, 6) * 30, 23 * 60);
      return { day: rnd() < 0.9 ? days[int(0, 4)]! : days[int(5, 6)]!, from: hhmm(from), to: hhmm(to) };
    });
    const wanted = role === 'mentor' ? skills(int(3, 8)) : skills(int(2, 5));
    const g = pick(GOAL_TEMPLATES);
    const p: MatchParticipantInput = {
      id: `${role === 'mentor' ? 'mr' : 'me'}-${String(n).padStart(5, '0')}`,
      name: `${role} ${n}`,
      email: `${role}${n}@example.com`,
      role,
      timezone,
      skills: wanted,
      goals: role === 'mentee' ? g(rnd() < 0.5 ? pick(wanted) : skill(), skill()) : '',
      department: rnd() < 0.9 ? pick(DEPARTMENTS) : undefined,
      yearsExperience: rnd() < 0.85 ? (role === 'mentor' ? int(3, 30) : int(0, 10)) : undefined,
      languages,
      preferredTools: [...new Set(Array.from({ length: int(1, 3) }, () => (rnd() < 0.7 ? pick(['zoom', 'teams', 'meet', 'slack'] as const) : pick(TOOLS))))],
      availability,
      consent: true,
    };
    if (role === 'mentor') {
      p.capacity = int(1, 3);
      if (rnd() < 0.1) p.activePairs = int(0, p.capacity - 1);
    } else if (rnd() < 0.2) {
      p.roundsWaited = int(1, 4);
    }
    return p;
  };

  const mentors = Array.from({ length: opts.mentors }, (_, n) => person('mentor', n));
  const mentees = Array.from({ length: opts.mentees }, (_, n) => person('mentee', n));
  const previousPairs: PairRef[] = [];
  const blockedPairs: PairRef[] = [];
  if (mentors.length > 0) {
    for (const e of mentees) {
      if (rnd() < (opts.history ?? 0.1)) previousPairs.push({ mentorId: pick(mentors).id, menteeId: e.id });
      if (rnd() < 0.01) blockedPairs.push({ mentorId: pick(mentors).id, menteeId: e.id });
    }
  }
  // Interleave roles, as a real export would be.
  return { participants: shuffle([...mentors, ...mentees], rnd), previousPairs, blockedPairs };
}

/** Seeded Fisher–Yates. */
export function shuffle<T>(xs: T[], rnd: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const k = Math.floor(rnd() * (i + 1));
    [xs[i], xs[k]] = [xs[k]!, xs[i]!];
  }
  return xs;
}

export function graphOf(input: MatchInput, matchDate: string): MatchGraph {
  const parsed = parseMatchInput(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues.slice(0, 3)));
  return buildMatchGraph(parsed.pool, new ZoneClock(Date.parse(matchDate)));
}

interface Outcome {
  matched: number;
  totalScore: number;
  ms: number;
}

/** Best score first, ties by mentee then mentor index; no look-ahead. */
export function greedyMatch(g: MatchGraph): Outcome {
  const t0 = performance.now();
  const E = g.rowStart[g.menteeCount]!;
  const rowOf = new Int32Array(E);
  for (let i = 0; i < g.menteeCount; i++) rowOf.fill(i, g.rowStart[i]!, g.rowStart[i + 1]!);
  const order = new Int32Array(E).map((_, e) => e);
  order.sort((a, b) => g.score[b]! - g.score[a]! || rowOf[a]! - rowOf[b]! || g.mentorOf[a]! - g.mentorOf[b]!);
  const left = g.capacity.slice();
  const done = new Uint8Array(g.menteeCount);
  let matched = 0;
  let totalScore = 0;
  for (const e of order) {
    const i = rowOf[e]!;
    const j = g.mentorOf[e]!;
    if (done[i] || left[j]! <= 0) continue;
    done[i] = 1;
    left[j]!--;
    matched++;
    totalScore += g.score[e]!;
  }
  return { matched, totalScore, ms: performance.now() - t0 };
}

/** Donut-style: mentees in random order each take a random feasible mentor with room. */
export function randomMatch(g: MatchGraph, seed: number): Outcome {
  const t0 = performance.now();
  const rnd = prng(seed);
  const order = shuffle(
    Array.from({ length: g.menteeCount }, (_, i) => i),
    rnd,
  );
  const left = g.capacity.slice();
  let matched = 0;
  let totalScore = 0;
  for (const i of order) {
    const options: number[] = [];
    for (let e = g.rowStart[i]!; e < g.rowStart[i + 1]!; e++) if (left[g.mentorOf[e]!]! > 0) options.push(e);
    if (options.length === 0) continue;
    const e = options[Math.floor(rnd() * options.length)]!;
    left[g.mentorOf[e]!]!--;
    matched++;
    totalScore += g.score[e]!;
  }
  return { matched, totalScore, ms: performance.now() - t0 };
}

/**
 * The same objective as a dense square matrix for linear-sum-assignment:
 * one column per mentor slot, weight score + BIG for feasible pairs, 0 otherwise
 * (maximized), so the optimum is matched·BIG + totalScore.
 */
export function denseMatrix(g: MatchGraph, big: number): number[][] {
  const slotsOf: number[] = [];
  g.capacity.forEach((c, j) => {
    for (let k = 0; k < c; k++) slotsOf.push(j);
  });
  const n = Math.max(g.menteeCount, slotsOf.length);
  const firstSlot = new Int32Array(g.mentorCount + 1);
  g.capacity.forEach((c, j) => (firstSlot[j + 1] = firstSlot[j]! + c));
  const matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < g.menteeCount; i++) {
    const row = matrix[i]!;
    for (let e = g.rowStart[i]!; e < g.rowStart[i + 1]!; e++) {
      const j = g.mentorOf[e]!;
      for (let s = firstSlot[j]!; s < firstSlot[j + 1]!; s++) row[s] = g.score[e]! + big;
    }
  }
  return matrix;
}

export function bigFor(g: MatchGraph): number {
  let smax = 0;
  for (const s of g.score) smax = Math.max(smax, s);
  return g.menteeCount * smax + 1;
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : (a / b).toFixed(3));
const MATCH_DATE = '2025-03-03T09:00:00Z';

function ours(g: MatchGraph): Outcome {
  const t0 = performance.now();
  const a = solveAssignment(g);
  return { matched: a.matched, totalScore: a.totalScore, ms: performance.now() - t0 };
}

interface Measured {
  g: MatchGraph;
  validateMs: number;
  buildMs: number;
  solve: Outcome;
}

function instanceLines(label: string, opts: InstanceOptions, lines: string[]): Measured {
  const input = generateInstance(opts);
  const t0 = performance.now();
  const parsed = parseMatchInput(input);
  const t1 = performance.now();
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues.slice(0, 3)));
  const g = buildMatchGraph(parsed.pool, new ZoneClock(Date.parse(MATCH_DATE)));
  const buildMs = performance.now() - t1;
  const solve = ours(g);
  const E = g.rowStart[g.menteeCount]!;
  const slots = g.capacity.reduce((s, c) => s + c, 0);
  lines.push(
    `${label}: ${opts.mentors} mentors (${slots} free slots), ${opts.mentees} mentees, ${E} feasible pairs`,
    `  ours (exact): validate ${fmt(t1 - t0)}, feasibility+scores ${fmt(buildMs)}, solve ${fmt(solve.ms)}; matched ${solve.matched}/${opts.mentees}, total score ${solve.totalScore}`,
  );
  for (const [name, o] of [
    ['greedy', greedyMatch(g)],
    ['random', randomMatch(g, opts.seed)],
  ] as const) {
    lines.push(
      `  ${name.padEnd(7)} ÷ ours: time ${ratio(o.ms, solve.ms)}, mentees matched ${ratio(o.matched, solve.matched)}, total score ${ratio(o.totalScore, solve.totalScore)} (${o.matched} matched, score ${o.totalScore}, ${fmt(o.ms)})`,
    );
  }
  return { g, validateMs: t1 - t0, buildMs, solve };
}

export async function bench(): Promise<string[]> {
  const lines: string[] = [`match date ${MATCH_DATE}; times are one run on a shared machine, so ratios say more than milliseconds`];

  // 10k first, so the peak RSS below belongs to it.
  const tenK = { seed: 10_000, mentors: 3500, mentees: 6500 };
  const big = instanceLines('10k participants', tenK, lines);
  const input = generateInstance(tenK);
  const t0 = performance.now();
  const result = match(input, { matchDate: MATCH_DATE });
  const endToEnd = performance.now() - t0;
  lines.push(
    `  10k end to end, match() with validation and reasons: ${fmt(endToEnd)} on one core (${result.pairs.length} pairs); ` +
      `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB, rss now ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`,
  );
  if (result.totalScore !== big.solve.totalScore) lines.push('  !! match() and the solver disagree');

  // Matching mode `choice` on the same 10k: the same solve, plus filling up to three offers per mentee within the mentors' budgets.
  const t2 = performance.now();
  const offers = offerRound(input, { matchDate: MATCH_DATE });
  const offersMs = performance.now() - t2;
  const offered = offers.offers.reduce((n, o) => n + o.mentors.length, 0);
  lines.push(
    `  10k choice round, offerRound(): ${fmt(offersMs)} (${(offersMs / endToEnd).toFixed(2)}× match()); ${offered} offers to ${offers.offers.length} mentees; ` +
      `contains the optimum: ${offers.optimal.totalScore === result.totalScore && offers.optimal.matched === result.pairs.length ? 'yes' : 'NO'}`,
  );

  instanceLines('1k participants', { seed: 1_000, mentors: 350, mentees: 650 }, lines);

  const { g, buildMs, solve } = instanceLines('1k mentees', { seed: 1_001, mentors: 540, mentees: 1000 }, lines);
  const bigW = bigFor(g);
  const matrix = denseMatrix(g, bigW);
  const t1 = performance.now();
  const lsa = linearSumAssignment(matrix, { maximaze: true });
  const lsaMs = performance.now() - t1;
  const ourObjective = solve.matched * bigW + solve.totalScore;
  lines.push(
    `  linear-sum-assignment on the ${matrix.length}×${matrix.length} slot matrix: ${fmt(lsaMs)}; ours is ${(lsaMs / solve.ms).toFixed(0)}× faster solving, ` +
      `${(lsaMs / (solve.ms + buildMs)).toFixed(1)}× counting our feasibility+scores; same optimum: ${lsa.gain === ourObjective ? 'yes' : `NO (${lsa.gain} vs ${ourObjective})`}`,
  );
  return lines;
}
