/**
 * The sparse bipartite graph of feasible pairs, with their scores, built
 * without looking at all mentor×mentee pairs in detail: 3,500 mentors ×
 * 6,500 mentees are 22.75 M candidates, so everything per person is
 * precomputed once (UTC intervals, language, skill and tool ids) and
 * inverted indexes (language → mentors, UTC hour of the week → mentors,
 * skill → mentors) mark, per mentee, the mentors worth a look; only those
 * get the exact interval intersection. Skill and goal counts come from the
 * same kind of index, so their cost follows actual matches, not pairs.
 *
 * Edges are stored by mentee (CSR), best score first within a mentee and
 * mentors ascending among equal scores — the order the solver scans in.
 * Mentors and mentees are sorted by id, so indexes order like ids.
 */
import { TOOLS } from '../signup-schema';
import { weeklyAvailability, type WeeklyAvailability, type ZoneClock } from './availability';
import { MIN_OVERLAP_MINUTES, primaryLanguage, type Candidate } from './feasibility';
import { PhraseIndex, words } from './keywords';
import { MAX_PAIR_SCORE, experiencePoints, menteeWaitPoints, mentorWaitPoints, pairScore, waitingRounds } from './scoring';
import type { AssignmentGraph } from './solver';
import type { MatchPool, PoolMember } from './types';

export interface MatchGraph extends AssignmentGraph {
  mentors: Candidate[];
  mentees: Candidate[];
}

/** A growable Int32Array. */
class IntList {
  data: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  /** Appends n slots (to be filled through `data`) and returns the first one's index. */
  extend(n: number): number {
    if (this.length + n > this.data.length) {
      const next = new Int32Array(Math.max(this.data.length * 2, this.length + n));
      next.set(this.data);
      this.data = next;
    }
    this.length += n;
    return this.length - n;
  }
  /** A view of the filled part (no copy). */
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

const HOURS_PER_WEEK = 168;

/** The UTC hours of the week that sorted intervals touch. */
function hoursOf(intervals: Int32Array): number[] {
  const hours: number[] = [];
  for (let i = 0; i < intervals.length; i += 2) {
    const first = Math.floor(intervals[i]! / 60);
    const last = Math.floor((intervals[i + 1]! - 1) / 60);
    for (let h = Math.max(first, hours.length > 0 ? hours[hours.length - 1]! + 1 : 0); h <= last; h++) hours.push(h);
  }
  return hours;
}

function idOf<K>(map: Map<K, number>, key: K): number {
  let id = map.get(key);
  if (id === undefined) map.set(key, (id = map.size));
  return id;
}

/** Inverted lists `key → people` as CSR (starts + flat items), people ascending. */
function invert(lists: readonly (readonly number[])[], keys: number): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(keys + 1);
  for (const list of lists) for (const k of list) start[k + 1]!++;
  for (let k = 0; k < keys; k++) start[k + 1]! += start[k]!;
  const fill = start.slice(0, keys);
  const items = new Int32Array(start[keys]!);
  lists.forEach((list, person) => {
    for (const k of list) items[fill[k]!++] = person;
  });
  return { start, items };
}

export function buildMatchGraph(pool: MatchPool, clock: ZoneClock): MatchGraph {
  const matchMs = clock.matchMs;
  const availabilityOf = (member: PoolMember): WeeklyAvailability => weeklyAvailability(member.signup.availability, member.signup.timezone, clock);
  const mentors: Candidate[] = pool.mentors.map((member) => ({ member, availability: availabilityOf(member) }));
  const mentees: Candidate[] = pool.mentees.map((member) => ({ member, availability: availabilityOf(member) }));
  const M = mentors.length;
  const N = mentees.length;

  const capacity = Int32Array.from(mentors, (c) => c.member.spare);

  // Mentor intervals, flattened: mentor j's are intervals[ivStart[j] … ivStart[j+1]−1].
  const ivStart = new Int32Array(M + 1);
  mentors.forEach((c, j) => (ivStart[j + 1] = ivStart[j]! + c.availability.intervals.length));
  const ivFlat = new Int32Array(ivStart[M]!);
  mentors.forEach((c, j) => ivFlat.set(c.availability.intervals, ivStart[j]!));
  // UTC hour of the week → mentors available in it: pairs without a common hour are never looked at.
  const byHour = invert(
    mentors.map((c, j) => (capacity[j]! > 0 ? hoursOf(c.availability.intervals) : [])),
    HOURS_PER_WEEK,
  );

  // Languages by primary subtag: mentee → candidate mentors.
  const languageIds = new Map<string, number>();
  const mentorLanguages = mentors.map((c) => [...new Set(c.member.signup.languages.map((l) => idOf(languageIds, primaryLanguage(l))))]);
  // Mentors without spare capacity never enter the graph.
  const byLanguage = invert(
    mentorLanguages.map((langs, i) => (capacity[i]! > 0 ? langs : [])),
    languageIds.size,
  );

  // Skills: the vocabulary is what mentors can teach; mentees' other wishes cannot match anyway.
  const skillIds = new Map<string, number>();
  const mentorSkills = mentors.map((c) => c.member.signup.skills.map((s) => idOf(skillIds, s)));
  const bySkill = invert(mentorSkills, skillIds.size);
  const phrases = new PhraseIndex();
  for (const [skill, id] of skillIds) phrases.add(id, skill);

  const toolMask = (tools: readonly string[]) => tools.reduce((mask, t) => mask | (1 << TOOLS.indexOf(t as (typeof TOOLS)[number])), 0);
  const mentorTools = Int32Array.from(mentors, (c) => toolMask(c.member.signup.preferredTools));
  const departmentIds = new Map<string, number>();
  const departmentOf = (d: string | undefined) => (d === undefined ? -1 : idOf(departmentIds, d.toLowerCase()));
  const mentorDepartment = Int32Array.from(mentors, (c) => departmentOf(c.member.signup.department));
  const mentorYears = mentors.map((c) => c.member.signup.yearsExperience);
  const mentorWait = Int32Array.from(mentors, (c) => mentorWaitPoints(waitingRounds(c.member.roundsWaited, c.member.waitingSinceMs, matchMs)));
  const mentorIndex = new Map(mentors.map((c, i) => [c.member.id, i]));

  const mentorYearsOrMinus1 = Int32Array.from(mentorYears, (y) => y ?? -1);

  // Per-mentee scratch, indexed by mentor, holding the mentee index + 1 that marked it.
  const speaks = new Int32Array(M);
  const nearby = new Int32Array(M);
  const excludedBy = new Int32Array(M);
  const sharedCount = new Int32Array(M);
  const goalCount = new Int32Array(M);

  const rowStart = new Int32Array(N + 1);
  const mentorOf = new IntList(N * 64);
  const score = new IntList(N * 64);
  // A mentee's edges before they are ordered by score (counting sort, best first).
  const rowMentor = new Int32Array(M);
  const rowScore = new Int32Array(M);
  const scoreCount = new Int32Array(MAX_PAIR_SCORE + 2);

  for (let i = 0; i < N; i++) {
    const mentee = mentees[i]!;
    const e = mentee.member.signup;
    const stamp = i + 1;
    rowStart[i] = mentorOf.length;
    let deg = 0;

    let anyMentor = false;
    for (const tag of e.languages) {
      const lang = languageIds.get(primaryLanguage(tag));
      if (lang === undefined) continue;
      for (let k = byLanguage.start[lang]!, end = byLanguage.start[lang + 1]!; k < end; k++) {
        speaks[byLanguage.items[k]!] = stamp;
        anyMentor = true;
      }
    }
    if (!anyMentor) continue;

    for (const mentorId of pool.excluded.get(mentee.member.id) ?? []) {
      const m = mentorIndex.get(mentorId);
      if (m !== undefined) excludedBy[m] = stamp;
    }

    const wanted = new Set<number>();
    for (const s of e.skills) {
      const id = skillIds.get(s);
      if (id === undefined) continue;
      wanted.add(id);
      for (let k = bySkill.start[id]!, end = bySkill.start[id + 1]!; k < end; k++) sharedCount[bySkill.items[k]!]!++;
    }
    const goalSkills = phrases.find(words(e.goals)).filter((id) => !wanted.has(id));
    for (const id of goalSkills) {
      for (let k = bySkill.start[id]!, end = bySkill.start[id + 1]!; k < end; k++) goalCount[bySkill.items[k]!]!++;
    }

    for (const h of hoursOf(mentee.availability.intervals)) {
      for (let k = byHour.start[h]!, end = byHour.start[h + 1]!; k < end; k++) nearby[byHour.items[k]!] = stamp;
    }
    const intervals = mentee.availability.intervals;
    const iLen = intervals.length;
    const tools = toolMask(e.preferredTools);
    const department = e.department === undefined ? -2 : (departmentIds.get(e.department.toLowerCase()) ?? -3);
    const menteeYears = e.yearsExperience;
    const menteeWait = menteeWaitPoints(waitingRounds(mentee.member.roundsWaited, mentee.member.waitingSinceMs, matchMs));

    for (let m = 0; m < M; m++) {
      if (speaks[m] !== stamp || nearby[m] !== stamp || excludedBy[m] === stamp) continue;
      // Overlap of two sorted interval lists (overlapMinutes, inlined for the hot loop).
      let x = ivStart[m]!;
      const xEnd = ivStart[m + 1]!;
      let y = 0;
      let overlap = 0;
      while (x < xEnd && y < iLen) {
        const as = ivFlat[x]!;
        const ae = ivFlat[x + 1]!;
        const bs = intervals[y]!;
        const be = intervals[y + 1]!;
        const s = as > bs ? as : bs;
        const e = ae < be ? ae : be;
        if (e > s) overlap += e - s;
        if (ae < be) x += 2;
        else y += 2;
      }
      if (overlap < MIN_OVERLAP_MINUTES) continue;
      const dm = mentorDepartment[m]!;
      const years = mentorYearsOrMinus1[m]!;
      rowMentor[deg] = m;
      rowScore[deg++] = pairScore(
        sharedCount[m]!,
        goalCount[m]!,
        overlap,
        (mentorTools[m]! & tools) !== 0,
        years < 0 ? 0 : experiencePoints(years, menteeYears),
        dm >= 0 && department !== -2 && dm !== department,
        menteeWait + mentorWait[m]!,
      );
    }

    // Best score first, mentors ascending among equals: the order the solver scans in.
    scoreCount.fill(0);
    for (let k = 0; k < deg; k++) scoreCount[MAX_PAIR_SCORE - rowScore[k]! + 1]!++;
    for (let k = 1; k < scoreCount.length; k++) scoreCount[k]! += scoreCount[k - 1]!;
    const base = mentorOf.extend(deg);
    score.extend(deg);
    for (let k = 0; k < deg; k++) {
      const at = base + scoreCount[MAX_PAIR_SCORE - rowScore[k]!]!++;
      mentorOf.data[at] = rowMentor[k]!;
      score.data[at] = rowScore[k]!;
    }

    // Reset the counters this mentee touched.
    for (const id of wanted) for (let k = bySkill.start[id]!, end = bySkill.start[id + 1]!; k < end; k++) sharedCount[bySkill.items[k]!] = 0;
    for (const id of goalSkills) for (let k = bySkill.start[id]!, end = bySkill.start[id + 1]!; k < end; k++) goalCount[bySkill.items[k]!] = 0;
  }
  rowStart[N] = mentorOf.length;

  return {
    mentors,
    mentees,
    mentorCount: M,
    menteeCount: N,
    capacity,
    rowStart,
    mentorOf: mentorOf.view(),
    score: score.view(),
  };
}
