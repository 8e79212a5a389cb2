import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dumpScores, match } from '../../../functions/domain/matching/match';
import { OFFERS_PER_MENTEE, OFFERS_PER_SLOT, offerRound } from '../../../functions/domain/matching/offers';
import type { MatchInput, MatchParticipantInput, PairRef } from '../../../functions/domain/matching/types';
import { asParticipants, DATE, personArb } from '../../support/matching-arbitraries';

/** Few mentors, many mentees: the budgets and the 3-offer cap both bind. */
const instanceArb = fc
  .record({
    mentors: fc.array(personArb, { minLength: 0, maxLength: 6 }),
    mentees: fc.array(personArb, { minLength: 0, maxLength: 14 }),
    previous: fc.array(fc.tuple(fc.nat(5), fc.nat(13)), { maxLength: 4 }),
    blocked: fc.array(fc.tuple(fc.nat(5), fc.nat(13)), { maxLength: 4 }),
  })
  .map(({ mentors, mentees, previous, blocked }): MatchInput => {
    const participants = asParticipants(mentors, mentees);
    const refs = (list: [number, number][]): PairRef[] => list.map(([m, e]) => ({ mentorId: `m${m}`, menteeId: `e${e}` }));
    return { participants, previousPairs: refs(previous), blockedPairs: refs(blocked) };
  });

const opts = { matchDate: DATE };
const key = (mentorId: string, menteeId: string) => `${mentorId}|${menteeId}`;
const spare = (p: MatchParticipantInput) => Math.max(0, (p.capacity ?? 1) - (p.activePairs ?? 0));

describe('offerRound (choice mode)', { timeout: 60_000 }, () => {
  it('(a) offers each mentee at most three mentors, each once', () => {
    fc.assert(
      fc.property(instanceArb, (input) => {
        for (const o of offerRound(input, opts).offers) {
          expect(o.mentors.length).toBeLessThanOrEqual(OFFERS_PER_MENTEE);
          expect(new Set(o.mentors.map((m) => m.mentorId)).size).toBe(o.mentors.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('(b) offers no mentor to more than 3 × their free capacity mentees', () => {
    fc.assert(
      fc.property(instanceArb, (input) => {
        const times = new Map<string, number>();
        for (const o of offerRound(input, opts).offers) for (const m of o.mentors) times.set(m.mentorId, (times.get(m.mentorId) ?? 0) + 1);
        for (const [mentorId, n] of times) {
          const mentor = input.participants.find((p) => p.id === mentorId)!;
          expect(n).toBeLessThanOrEqual(OFFERS_PER_SLOT * spare(mentor));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('(c) the offers contain an optimal matching: solving on offered pairs only gives the unrestricted optimum', () => {
    fc.assert(
      fc.property(instanceArb, (input) => {
        const round = offerRound(input, opts);
        const full = match(input, opts);
        const offered = new Set(round.offers.flatMap((o) => o.mentors.map((m) => key(m.mentorId, o.menteeId))));
        // Every feasible pair that was not offered is blocked: the restricted instance.
        const notOffered = dumpScores(input, opts)
          .scores.filter(([mentorId, menteeId]) => !offered.has(key(mentorId, menteeId)))
          .map(([mentorId, menteeId]) => ({ mentorId, menteeId }));
        const restricted = match({ ...input, blockedPairs: [...(input.blockedPairs ?? []), ...notOffered] }, opts);
        expect(restricted.pairs.length).toBe(full.pairs.length);
        expect(restricted.totalScore).toBe(full.totalScore);
        expect(round.optimal).toEqual({ matched: full.pairs.length, totalScore: full.totalScore });
      }),
      { numRuns: 300 },
    );
  });

  it('(d) offers only feasible pairs, never a previous or blocked one, with the scorer’s score and reasons', () => {
    fc.assert(
      fc.property(instanceArb, (input) => {
        const feasible = new Map(dumpScores(input, opts).scores.map(([mentorId, menteeId, score]) => [key(mentorId, menteeId), score]));
        const ruledOut = new Set([...(input.previousPairs ?? []), ...(input.blockedPairs ?? [])].map((r) => key(r.mentorId, r.menteeId)));
        for (const o of offerRound(input, opts).offers) {
          for (const m of o.mentors) {
            expect(feasible.get(key(m.mentorId, o.menteeId))).toBe(m.score);
            expect(ruledOut.has(key(m.mentorId, o.menteeId))).toBe(false);
            expect(m.reasons.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives every mentee a second suggestion before anyone gets a third, best score first', () => {
    // One mentor with one slot (budget 3), three mentees all feasible: each gets that mentor once, no one twice.
    const person = {
      timezone: 'Europe/London',
      languages: ['en'],
      skills: ['sql'],
      availability: [{ day: 'mon' as const, from: '09:00', to: '12:00' }],
      preferredTools: [],
      goals: '',
      consent: true as const,
    };
    const input: MatchInput = {
      participants: [
        { ...person, id: 'm1', name: 'Mentor One', email: 'm1@example.com', role: 'mentor', capacity: 1 },
        ...[1, 2, 3, 4].map((k) => ({ ...person, id: `e${k}`, name: `Mentee ${k}`, email: `e${k}@example.com`, role: 'mentee' as const })),
      ],
    };
    const offers = offerRound(input, opts).offers;
    expect(offers.filter((o) => o.mentors.length === 1)).toHaveLength(3);
    expect(offers.filter((o) => o.mentors.length === 0)).toHaveLength(1);
  });

  it('keeps the optimal pair of a mentee who has only one possible mentor, even when others score higher with that mentor', () => {
    // A suits e1–e3 best, but they each have a B; e4 can only pair with A (French). Greedy by score alone would
    // spend A's three offers on e1–e3 and leave e4 without the pair the optimal matching needs.
    const base = {
      timezone: 'Europe/London',
      availability: [{ day: 'mon' as const, from: '09:00', to: '12:00' }],
      preferredTools: [],
      goals: '',
      consent: true as const,
    };
    const mentor = (id: string, languages: string[], skills: string[]) => ({
      ...base,
      id,
      name: `Mentor ${id}`,
      email: `${id}@example.com`,
      role: 'mentor' as const,
      capacity: 1,
      languages,
      skills,
    });
    const mentee = (id: string, languages: string[], skills: string[]) => ({
      ...base,
      id,
      name: `Mentee ${id}`,
      email: `${id}@example.com`,
      role: 'mentee' as const,
      languages,
      skills,
    });
    const input: MatchInput = {
      participants: [
        mentor('a', ['en', 'fr'], ['sql', 'python']),
        mentor('b1', ['en'], ['sql']),
        mentor('b2', ['en'], ['sql']),
        mentor('b3', ['en'], ['sql']),
        mentee('e1', ['en'], ['sql', 'python']),
        mentee('e2', ['en'], ['sql', 'python']),
        mentee('e3', ['en'], ['sql', 'python']),
        mentee('e4', ['fr'], []),
      ],
      // Each e_k has exactly one B: b_j with j ≠ k was paired with them before.
      previousPairs: ['1', '2', '3'].flatMap((j) => ['1', '2', '3'].filter((k) => k !== j).map((k) => ({ mentorId: `b${j}`, menteeId: `e${k}` }))),
    };
    const offers = offerRound(input, opts).offers;
    expect(offers.find((o) => o.menteeId === 'e4')!.mentors.map((m) => m.mentorId)).toEqual(['a']);
    expect(offerRound(input, opts).optimal.matched).toBe(4);
  });
});
