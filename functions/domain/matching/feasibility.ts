/**
 * Hard constraints: a mentor–mentee pair is feasible only if
 *   - one is a mentor and the other a mentee,
 *   - they share a language (by primary subtag: "en-GB" ~ "en" ~ "en-US"),
 *   - their weekly availability overlaps by at least an hour on the real
 *     (UTC) clock of the match date's week,
 *   - they were not paired before and an admin has not blocked the pair,
 *   - the mentor has spare capacity.
 *
 * This module states the rules for one pair; graph.ts applies the same rules
 * to every pair at once with indexes, and tests check that the two agree.
 */
import { overlapMinutes, type WeeklyAvailability } from './availability';
import type { PoolMember } from './types';

export const MIN_OVERLAP_MINUTES = 60;

/** "pt-BR" → "pt". Tags are already canonical (validateSignup), so lower-casing is enough. */
export function primaryLanguage(tag: string): string {
  return (tag.split('-')[0] ?? tag).toLowerCase();
}

export function sharedLanguages(a: readonly string[], b: readonly string[]): string[] {
  const theirs = new Set(b.map(primaryLanguage));
  return [...new Set(a.map(primaryLanguage))].filter((l) => theirs.has(l));
}

export interface Candidate {
  member: PoolMember;
  availability: WeeklyAvailability;
}

export type Infeasibility = 'roles' | 'language' | 'availability' | 'excluded' | 'capacity';

/** Why a pair is infeasible, or undefined when it is feasible. */
export function infeasibility(mentor: Candidate, mentee: Candidate, excluded: ReadonlyMap<string, ReadonlySet<string>>): Infeasibility | undefined {
  if (mentor.member.signup.role !== 'mentor' || mentee.member.signup.role !== 'mentee') return 'roles';
  if (mentor.member.spare <= 0) return 'capacity';
  if (excluded.get(mentor.member.id)?.has(mentee.member.id)) return 'excluded';
  if (sharedLanguages(mentor.member.signup.languages, mentee.member.signup.languages).length === 0) return 'language';
  if (overlapMinutes(mentor.availability.intervals, mentee.availability.intervals) < MIN_OVERLAP_MINUTES) return 'availability';
  return undefined;
}
