import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dumpScores, match } from '../../../functions/domain/matching/match';
import { matchWithChoices, pinProblem, suggestionsFor, type RoundChoices } from '../../../functions/domain/matching/review';
import type { MatchInput, MatchParticipantInput, PairRef } from '../../../functions/domain/matching/types';
import { asParticipants, DATE, personArb as anyPersonArb } from '../../support/matching-arbitraries';

const personArb = anyPersonArb.map(({ activePairs: _a, ...p }) => p);
const instanceArb = fc
  .record({
    mentors: fc.array(personArb, { minLength: 1, maxLength: 6 }),
    mentees: fc.array(personArb, { minLength: 1, maxLength: 9 }),
    picks: fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 6 }),
  })
  .map(({ mentors, mentees, picks }) => {
    const participants = asParticipants(mentors, mentees);
    const input: MatchInput = { participants };
    // Pins and exclusions are drawn from the feasible pairs, as the console offers them; a pin the round cannot take is skipped.
    const feasible = dumpScores(input, { matchDate: DATE }).scores.map(([mentorId, menteeId]) => ({ mentorId, menteeId }));
    const choices: RoundChoices & { pins: PairRef[]; exclusions: PairRef[] } = { pins: [], exclusions: [] };
    if (feasible.length > 0) {
      for (const [n, isPin] of picks) {
        const ref = feasible[n % feasible.length]!;
        if (isPin) {
          if (
            !choices.exclusions.some((x) => x.mentorId === ref.mentorId && x.menteeId === ref.menteeId) &&
            !choices.pins.some((p) => p.menteeId === ref.menteeId) &&
            !pinProblem(input, { matchDate: DATE }, choices, ref)
          )
            choices.pins.push(ref);
        } else if (!choices.pins.some((p) => p.mentorId === ref.mentorId && p.menteeId === ref.menteeId)) {
          choices.exclusions.push(ref);
        }
      }
    }
    return { input, choices };
  });

/** The reduced instance, built the way a person would: pinned mentees leave, pinned mentors hold their pins, exclusions are blocked. */
function reduced(input: MatchInput, choices: RoundChoices): MatchInput {
  const pinnedMentees = new Set(choices.pins.map((p) => p.menteeId));
  const pinsOf = (id: string) => choices.pins.filter((p) => p.mentorId === id).length;
  return {
    participants: input.participants.filter((p) => !pinnedMentees.has(p.id)).map((p) => (p.role === 'mentor' ? { ...p, activePairs: pinsOf(p.id) } : p)),
    blockedPairs: [...choices.exclusions],
  };
}

describe('matchWithChoices', () => {
  it('without pins or exclusions proposes what match() does', () => {
    fc.assert(
      fc.property(instanceArb, ({ input }) => {
        const plain = match(input, { matchDate: DATE });
        const reviewed = matchWithChoices(input, { matchDate: DATE }, { pins: [], exclusions: [] });
        expect(reviewed.pairs.map(({ pinned: _p, ...pair }) => pair)).toEqual(plain.pairs);
        expect(reviewed.unmatched).toEqual(plain.unmatched);
        expect(reviewed.totalScore).toBe(plain.totalScore);
      }),
      { numRuns: 60 },
    );
  }, 30_000);

  it('keeps every pin, never an exclusion, and is optimal around them (the solver on the reduced instance)', () => {
    fc.assert(
      fc.property(instanceArb, ({ input, choices }) => {
        const result = matchWithChoices(input, { matchDate: DATE }, choices);
        for (const pin of choices.pins) expect(result.pairs).toContainEqual(expect.objectContaining({ ...pin, pinned: true }));
        for (const x of choices.exclusions) expect(result.pairs.some((p) => p.mentorId === x.mentorId && p.menteeId === x.menteeId)).toBe(false);
        const mentees = result.pairs.map((p) => p.menteeId);
        expect(new Set(mentees).size).toBe(mentees.length);

        const rest = result.pairs.filter((p) => !p.pinned);
        const expected = match(reduced(input, choices), { matchDate: DATE });
        expect(rest.length).toBe(expected.pairs.length);
        expect(rest.reduce((s, p) => s + p.score, 0)).toBe(expected.totalScore);
        expect(result.totalScore).toBe(result.pairs.reduce((s, p) => s + p.score, 0));
      }),
      { numRuns: 120 },
    );
  }, 30_000);

  it('respects every mentor capacity with the pins counted', () => {
    fc.assert(
      fc.property(instanceArb, ({ input, choices }) => {
        const result = matchWithChoices(input, { matchDate: DATE }, choices);
        for (const p of input.participants.filter((q) => q.role === 'mentor')) {
          expect(result.pairs.filter((pair) => pair.mentorId === p.id).length).toBeLessThanOrEqual(p.capacity ?? 1);
        }
      }),
      { numRuns: 60 },
    );
  }, 30_000);
});

describe('pinProblem and suggestionsFor', () => {
  const person = (id: string, role: 'mentor' | 'mentee', over: Partial<MatchParticipantInput> = {}): MatchParticipantInput => ({
    id,
    name: id,
    email: `${id}@example.com`,
    role,
    timezone: 'Europe/Berlin',
    skills: ['sql'],
    goals: 'learn sql',
    languages: ['en'],
    preferredTools: [],
    availability: [{ day: 'mon', from: '09:00', to: '12:00' }],
    capacity: 1,
    consent: true,
    ...over,
  });
  const input: MatchInput = {
    participants: [
      person('m1', 'mentor'),
      person('m2', 'mentor', { skills: [] }),
      person('m3', 'mentor', { languages: ['de'] }),
      person('e1', 'mentee'),
      person('e2', 'mentee'),
    ],
  };
  const options = { matchDate: DATE };

  it('refuses a pair that cannot meet, a second pin on a full mentor, and names why', () => {
    expect(pinProblem(input, options, { pins: [], exclusions: [] }, { mentorId: 'm3', menteeId: 'e1' })).toBe('not_a_candidate');
    expect(pinProblem(input, options, { pins: [{ mentorId: 'm1', menteeId: 'e1' }], exclusions: [] }, { mentorId: 'm1', menteeId: 'e2' })).toBe('mentor_full');
    expect(pinProblem(input, options, { pins: [{ mentorId: 'm1', menteeId: 'e1' }], exclusions: [] }, { mentorId: 'm2', menteeId: 'e1' })).toBe(
      'mentee_pinned',
    );
    expect(pinProblem(input, options, { pins: [], exclusions: [] }, { mentorId: 'm2', menteeId: 'e1' })).toBeUndefined();
  });

  it('ranks a person’s possible partners best first with the scorer’s reasons, leaving out exclusions and impossible ones', () => {
    const all = suggestionsFor(input, options, { pins: [], exclusions: [] }, 'e1');
    expect(all.map((s) => s.partnerId)).toEqual(['m1', 'm2']);
    expect(all[0]!.score).toBeGreaterThan(all[1]!.score);
    const scores = new Map(dumpScores(input, options).scores.map(([m, e, s]) => [`${m}/${e}`, s]));
    for (const s of all) expect(s.score).toBe(scores.get(`${s.partnerId}/e1`));
    expect(all[0]!.reasons.join(' ')).toMatch(/sql/i);
    expect(suggestionsFor(input, options, { pins: [], exclusions: [{ mentorId: 'm1', menteeId: 'e1' }] }, 'e1').map((s) => s.partnerId)).toEqual(['m2']);
    expect(suggestionsFor(input, options, { pins: [], exclusions: [] }, 'm1').map((s) => s.partnerId)).toEqual(['e1', 'e2']);
  });

  it('choosing another partner for a mentee moves the others around it', () => {
    const plain = matchWithChoices(input, options, { pins: [], exclusions: [] });
    const m1Mentee = plain.pairs.find((p) => p.mentorId === 'm1')!.menteeId;
    const other = m1Mentee === 'e1' ? 'e2' : 'e1';
    const chosen = matchWithChoices(input, options, { pins: [{ mentorId: 'm2', menteeId: m1Mentee }], exclusions: [] });
    expect(chosen.pairs.map(({ mentorId, menteeId, pinned }) => ({ mentorId, menteeId, pinned }))).toEqual([
      { mentorId: 'm1', menteeId: other, pinned: false },
      { mentorId: 'm2', menteeId: m1Mentee, pinned: true },
    ]);
  });
});
