/**
 * One pair, explained: the same score graph.ts computes in bulk, recomputed
 * from the records themselves together with human-readable reasons
 * ("shares 3 skills: leadership, sql, negotiation"). Only run for the pairs
 * that are chosen, so clarity beats speed here.
 */
import { TOOLS, type Tool } from '../signup-schema';
import { MINUTES_PER_DAY, MINUTES_PER_WEEK, localWeekMinute, overlapIntervals, type WeeklyAvailability } from './availability';
import type { Candidate } from './feasibility';
import { containsPhrase, words } from './keywords';
import { experiencePoints, menteeWaitPoints, mentorWaitPoints, pairScore, waitingRounds } from './scoring';

export interface PairDetails {
  score: number;
  reasons: string[];
  sharedSkills: string[];
  goalSkills: string[];
  sharedTools: Tool[];
  overlapMinutes: number;
}

const TOOL_NAMES: Record<Tool, string> = {
  zoom: 'Zoom',
  teams: 'Teams',
  meet: 'Google Meet',
  slack: 'Slack',
  skype: 'Skype',
  phone: 'phone calls',
  in_person: 'meeting in person',
};

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Parts of a local day, by start minute; night wraps around midnight. */
const PARTS = [
  { name: 'nights', from: 0 },
  { name: 'mornings', from: 360 },
  { name: 'afternoons', from: 720 },
  { name: 'evenings', from: 1020 },
  { name: 'nights', from: 1320 },
] as const;
const PART_ORDER = ['mornings', 'afternoons', 'evenings', 'nights'] as const;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function cityOf(timeZone: string): string {
  return (timeZone.split('/').pop() ?? timeZone).replace(/_/g, ' ');
}

/** "Mon–Fri", "Tue, Wed", "Mon, Wed–Fri", "daily". */
export function formatDays(days: ReadonlySet<number>): string {
  const sorted = [...days].sort((a, b) => a - b);
  if (sorted.length === 7) return 'daily';
  const runs: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) j++;
    const first = DAY_NAMES[sorted[i] as number] as string;
    const last = DAY_NAMES[sorted[j] as number] as string;
    if (j - i >= 2) runs.push(`${first}–${last}`);
    else if (j === i + 1) runs.push(first, last);
    else runs.push(first);
    i = j + 1;
  }
  return runs.join(', ');
}

interface LocalSpread {
  days: Set<number>;
  partMinutes: Map<string, number>;
}

/** Where the shared UTC intervals fall in one person's local week. */
function localSpread(availability: WeeklyAvailability, shared: readonly number[]): LocalSpread {
  const days = new Set<number>();
  const partMinutes = new Map<string, number>();
  for (let k = 0; k < shared.length; k += 2) {
    let s = shared[k] as number;
    const e = shared[k + 1] as number;
    while (s < e) {
      const at = localWeekMinute(availability, s);
      if (!at) break;
      const chunkEnd = Math.min(e, at.slotEnd);
      let local = at.localMinute;
      let left = chunkEnd - s;
      while (left > 0) {
        const day = Math.floor(local / MINUTES_PER_DAY) % 7;
        const minuteOfDay = local % MINUTES_PER_DAY;
        let p = PARTS.length - 1;
        while (PARTS[p]!.from > minuteOfDay) p--;
        const part = PARTS[p]!;
        const partEnd = PARTS[p + 1]?.from ?? MINUTES_PER_DAY;
        const take = Math.min(left, partEnd - minuteOfDay);
        days.add(day);
        partMinutes.set(part.name, (partMinutes.get(part.name) ?? 0) + take);
        local = (local + take) % MINUTES_PER_WEEK;
        left -= take;
      }
      s = chunkEnd;
    }
  }
  return { days, partMinutes };
}

function mainParts(spread: LocalSpread, total: number): string {
  const parts = PART_ORDER.filter((p) => (spread.partMinutes.get(p) ?? 0) * 4 >= total);
  return parts.join(' & ');
}

/** "6 h/week overlap, Tue–Thu mornings Berlin / afternoons Singapore" (days in the mentor's calendar). */
export function describeOverlap(mentor: WeeklyAvailability, mentee: WeeklyAvailability): { minutes: number; text: string } {
  const shared = overlapIntervals(mentor.intervals, mentee.intervals);
  let minutes = 0;
  for (let k = 0; k < shared.length; k += 2) minutes += (shared[k + 1] as number) - (shared[k] as number);
  const hours = Math.round(minutes / 30) / 2;
  const a = localSpread(mentor, shared);
  const b = localSpread(mentee, shared);
  const when =
    mentor.timeZone === mentee.timeZone
      ? `${mainParts(a, minutes)} ${cityOf(mentor.timeZone)}`
      : `${mainParts(a, minutes)} ${cityOf(mentor.timeZone)} / ${mainParts(b, minutes)} ${cityOf(mentee.timeZone)}`;
  return { minutes, text: `${hours} h/week overlap, ${formatDays(a.days)} ${when}` };
}

/** Score and reasons of a feasible pair, at the match instant `matchMs`. */
export function describePair(mentor: Candidate, mentee: Candidate, matchMs: number): PairDetails {
  const m = mentor.member.signup;
  const e = mentee.member.signup;
  const mentorSkills = new Set(m.skills);
  const wanted = new Set(e.skills);
  const sharedSkills = e.skills.filter((s) => mentorSkills.has(s));
  const goalWords = words(e.goals);
  const goalSkills = m.skills.filter((s) => !wanted.has(s) && containsPhrase(goalWords, words(s)));
  const menteeTools = new Set(e.preferredTools);
  const sharedTools = TOOLS.filter((t) => menteeTools.has(t) && m.preferredTools.includes(t));
  const overlap = describeOverlap(mentor.availability, mentee.availability);
  const experience = experiencePoints(m.yearsExperience, e.yearsExperience);
  const differentDepartments = m.department !== undefined && e.department !== undefined && m.department.toLowerCase() !== e.department.toLowerCase();
  const menteeRounds = waitingRounds(mentee.member.roundsWaited, mentee.member.waitingSinceMs, matchMs);
  const mentorRounds = waitingRounds(mentor.member.roundsWaited, mentor.member.waitingSinceMs, matchMs);
  const score = pairScore(
    sharedSkills.length,
    goalSkills.length,
    overlap.minutes,
    sharedTools.length > 0,
    experience,
    differentDepartments,
    menteeWaitPoints(menteeRounds) + mentorWaitPoints(mentorRounds),
  );

  const reasons: string[] = [];
  if (sharedSkills.length > 0) reasons.push(`shares ${plural(sharedSkills.length, 'skill', 'skills')}: ${sharedSkills.join(', ')}`);
  if (goalSkills.length > 0) reasons.push(`goals mention ${joinAnd(goalSkills)}`);
  reasons.push(overlap.text);
  if (sharedTools.length > 0) reasons.push(`both prefer ${joinAnd(sharedTools.map((t) => TOOL_NAMES[t]))}`);
  if (m.yearsExperience !== undefined && e.yearsExperience !== undefined && m.yearsExperience > e.yearsExperience) {
    reasons.push(`mentor has ${plural(m.yearsExperience - e.yearsExperience, 'more year', 'more years')} of experience`);
  }
  if (differentDepartments) reasons.push('different departments');
  if (menteeRounds > 0) reasons.push(`mentee has waited ${plural(menteeRounds, 'round', 'rounds')}`);
  if (mentorRounds > 0) reasons.push(`mentor has waited ${plural(mentorRounds, 'round', 'rounds')}`);
  return { score, reasons, sharedSkills, goalSkills, sharedTools, overlapMinutes: overlap.minutes };
}
