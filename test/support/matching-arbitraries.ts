/** Random matching instances for the property tests of the solver, review mode and choice offers. */
import fc from 'fast-check';
import type { MatchParticipantInput } from '../../functions/domain/matching/types';
import { TOOLS, type Day } from '../../functions/domain/signup-schema';

export const DATE = '2025-06-02T08:00:00Z';
const DAYS: Day[] = ['mon', 'tue', 'wed'];
const SKILLS = ['leadership', 'sql', 'negotiation', 'python'];

const slotArb = fc
  .record({ day: fc.constantFrom(...DAYS), from: fc.integer({ min: 6, max: 20 }), len: fc.integer({ min: 1, max: 8 }) })
  .map(({ day, from, len }) => ({ day, from: `${String(from).padStart(2, '0')}:00`, to: `${String(Math.min(24, from + len)).padStart(2, '0')}:00` }));

/** A sign-up of either role (capacity and active pairs are dropped for mentees by `asParticipants`). */
export const personArb = fc.record({
  timezone: fc.constantFrom('Europe/Berlin', 'Europe/London', 'America/New_York'),
  languages: fc.subarray(['en', 'de', 'fr'], { minLength: 1 }),
  skills: fc.subarray(SKILLS, { maxLength: 3 }),
  availability: fc.array(slotArb, { minLength: 1, maxLength: 3 }),
  preferredTools: fc.subarray([...TOOLS], { maxLength: 2 }),
  yearsExperience: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
  capacity: fc.integer({ min: 1, max: 3 }),
  activePairs: fc.integer({ min: 0, max: 2 }),
  goals: fc.constantFrom('', 'learn SQL and negotiation', 'Python, then leadership'),
});

/** Mentors `m<k>` and mentees `e<k>` as the matcher's input. */
export function asParticipants<P extends { capacity?: number; activePairs?: number }>(mentors: P[], mentees: P[]): MatchParticipantInput[] {
  const base = (role: 'mentor' | 'mentee', k: number) => {
    const id = `${role === 'mentor' ? 'm' : 'e'}${k}`;
    return { id, name: `${role === 'mentor' ? 'Mentor' : 'Mentee'} ${k}`, email: `${id}@example.com`, role, consent: true as const };
  };
  return [
    ...mentors.map((p, k) => ({ ...p, ...base('mentor', k) }) as unknown as MatchParticipantInput),
    ...mentees.map(({ capacity: _c, activePairs: _a, ...p }, k) => ({ ...p, ...base('mentee', k) }) as unknown as MatchParticipantInput),
  ];
}
