import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZoneClock, overlapMinutes, weeklyAvailability } from '../../../functions/domain/matching/availability';
import { infeasibility } from '../../../functions/domain/matching/feasibility';
import { dumpScores, feasibilityGraph, feasiblePairs, match } from '../../../functions/domain/matching/match';
import { describePair } from '../../../functions/domain/matching/reasons';
import { InvalidMatchInput, type MatchInput, type MatchParticipantInput } from '../../../functions/domain/matching/types';
import { TOOLS, type Day } from '../../../functions/domain/signup-schema';
import { generateInstance, prng, shuffle } from '../../bench/matching.bench';

const SUMMER = '2025-06-02T08:00:00Z'; // a Monday
const DAYS: Day[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

let seq = 0;
function person(role: 'mentor' | 'mentee', over: Partial<MatchParticipantInput> = {}): MatchParticipantInput {
  seq++;
  return {
    id: `${role}-${seq}`,
    name: `${role} ${seq}`,
    email: `${role}${seq}@example.com`,
    role,
    timezone: 'Europe/Berlin',
    skills: [],
    languages: ['en'],
    preferredTools: [],
    availability: [{ day: 'mon', from: '09:00', to: '12:00' }],
    consent: true,
    ...over,
  };
}

// --- random small pools -------------------------------------------------------

const slotArb = fc
  .record({ day: fc.constantFrom(...DAYS.slice(0, 3)), from: fc.integer({ min: 6, max: 20 }), len: fc.integer({ min: 1, max: 8 }) })
  .map(({ day, from, len }) => ({ day, from: `${String(from).padStart(2, '0')}:00`, to: `${String(Math.min(24, from + len)).padStart(2, '0')}:00` }));
const SKILLS = ['leadership', 'sql', 'negotiation', 'public speaking', 'python', 'design'];
const participantArb = fc.record({
  timezone: fc.constantFrom('Europe/Berlin', 'Europe/Berlin', 'Europe/London', 'America/New_York', 'Asia/Kolkata', 'Asia/Singapore'),
  languages: fc.subarray(['en', 'en-GB', 'de', 'fr', 'pt-BR'], { minLength: 1 }),
  skills: fc.subarray(SKILLS, { maxLength: 4 }),
  availability: fc.array(slotArb, { minLength: 1, maxLength: 4 }),
  preferredTools: fc.subarray([...TOOLS], { maxLength: 3 }),
  department: fc.option(fc.constantFrom('Engineering', 'Sales', 'engineering'), { nil: undefined }),
  yearsExperience: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
  capacity: fc.integer({ min: 1, max: 3 }),
  activePairs: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined, freq: 1 }),
  roundsWaited: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
  goals: fc.constantFrom('', 'Get better at public speaking.', 'learn SQL and negotiation', 'Python, then leadership'),
});
const poolArb = (maxMentors: number, maxMentees: number) =>
  fc
    .record({
      mentors: fc.array(participantArb, { minLength: 1, maxLength: maxMentors }),
      mentees: fc.array(participantArb, { minLength: 1, maxLength: maxMentees }),
      history: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean(), fc.boolean()), { maxLength: 6 }),
      date: fc.constantFrom(SUMMER, '2025-01-06T08:00:00Z', '2025-03-20T08:00:00Z'),
    })
    .map(({ mentors, mentees, history, date }) => {
      const participants: MatchParticipantInput[] = [
        ...mentors.map((p, k) => ({ ...p, id: `m${k}`, name: `Mentor ${k}`, email: `m${k}@example.com`, role: 'mentor' as const, consent: true as const })),
        ...mentees.map(({ capacity: _c, activePairs: _a, ...p }, k) => ({
          ...p,
          id: `e${k}`,
          name: `Mentee ${k}`,
          email: `e${k}@example.com`,
          role: 'mentee' as const,
          consent: true as const,
        })),
      ];
      const previousPairs: { mentorId: string; menteeId: string }[] = [];
      const blockedPairs: { mentorId: string; menteeId: string }[] = [];
      if (mentors.length > 0 && mentees.length > 0) {
        for (const [a, b, blocked, reversed] of history) {
          const pair = { mentorId: `m${a % mentors.length}`, menteeId: `e${b % mentees.length}` };
          (blocked ? blockedPairs : previousPairs).push(reversed ? { mentorId: pair.menteeId, menteeId: pair.mentorId } : pair);
        }
      }
      return { input: { participants, previousPairs, blockedPairs } satisfies MatchInput, date };
    });

const primary = (tag: string) => tag.split('-')[0]!.toLowerCase();

describe('match()', () => {
  it('never violates a hard constraint and reports a consistent result', () => {
    fc.assert(
      fc.property(poolArb(6, 8), ({ input, date }) => {
        const result = match(input, { matchDate: date });
        const byId = new Map(input.participants.map((p) => [p.id, p]));
        const clock = new ZoneClock(Date.parse(date));
        const ruledOut = new Set(
          [...input.previousPairs, ...input.blockedPairs].flatMap((p) => [`${p.mentorId}|${p.menteeId}`, `${p.menteeId}|${p.mentorId}`]),
        );
        const load = new Map<string, number>();
        const menteesSeen = new Set<string>();
        for (const pair of result.pairs) {
          const mentor = byId.get(pair.mentorId)!;
          const mentee = byId.get(pair.menteeId)!;
          expect(mentor.role).toBe('mentor');
          expect(mentee.role).toBe('mentee');
          expect(menteesSeen.has(mentee.id)).toBe(false);
          menteesSeen.add(mentee.id);
          load.set(mentor.id, (load.get(mentor.id) ?? 0) + 1);
          expect(ruledOut.has(`${mentor.id}|${mentee.id}`)).toBe(false);
          expect(mentor.languages!.map(primary).some((l) => mentee.languages!.map(primary).includes(l))).toBe(true);
          const o = overlapMinutes(
            weeklyAvailability(mentor.availability, mentor.timezone, clock).intervals,
            weeklyAvailability(mentee.availability, mentee.timezone, clock).intervals,
          );
          expect(o).toBeGreaterThanOrEqual(60);
          expect(Number.isInteger(pair.score) && pair.score >= 0).toBe(true);
          expect(pair.reasons.some((r) => r.includes('h/week overlap'))).toBe(true);
        }
        for (const [mentorId, n] of load) {
          const m = byId.get(mentorId)!;
          expect(n).toBeLessThanOrEqual((m.capacity ?? 1) - (m.activePairs ?? 0));
        }
        // Output shape: sorted pairs and unmatched, total = sum.
        const keys = result.pairs.map((p) => [p.mentorId, p.menteeId]);
        expect(keys).toEqual([...keys].sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : a[1]! < b[1]! ? -1 : 1)));
        const paired = new Set(result.pairs.flatMap((p) => [p.mentorId, p.menteeId]));
        expect(result.unmatched).toEqual(
          input.participants
            .map((p) => p.id)
            .filter((id) => !paired.has(id))
            .sort(),
        );
        expect(result.totalScore).toBe(result.pairs.reduce((s, p) => s + p.score, 0));
      }),
      { numRuns: 60 },
    );
  });

  it('builds exactly the feasible pairs of the one-pair rules, with the scores describePair explains', () => {
    fc.assert(
      fc.property(poolArb(6, 8), ({ input, date }) => {
        const g = feasibilityGraph(input, { matchDate: date });
        const excluded = new Map<string, Set<string>>();
        for (const p of [...input.previousPairs, ...input.blockedPairs]) {
          for (const [a, b] of [
            [p.mentorId, p.menteeId],
            [p.menteeId, p.mentorId],
          ] as const) {
            if (!excluded.has(a)) excluded.set(a, new Set());
            excluded.get(a)!.add(b);
          }
        }
        g.mentees.forEach((mentee, i) => {
          const edges = new Map<number, number>();
          for (let e = g.rowStart[i]!; e < g.rowStart[i + 1]!; e++) edges.set(g.mentorOf[e]!, g.score[e]!);
          g.mentors.forEach((mentor, j) => {
            const why = infeasibility(mentor, mentee, excluded);
            expect(edges.has(j), `${mentor.member.id}–${mentee.member.id}: ${why ?? 'feasible'}`).toBe(why === undefined);
            if (why === undefined) expect(edges.get(j)).toBe(describePair(mentor, mentee, Date.parse(date)).score);
          });
        });
      }),
      { numRuns: 60 },
    );
  });

  it('reaches the brute-force optimum over the feasible pairs it reports', () => {
    fc.assert(
      fc.property(poolArb(4, 6), ({ input, date }) => {
        const f = feasiblePairs(input, { matchDate: date });
        const spare = f.mentorIds.map((id) => {
          const m = input.participants.find((p) => p.id === id)!;
          return Math.max(0, (m.capacity ?? 1) - (m.activePairs ?? 0));
        });
        let best = [0, 0];
        const go = (i: number, matched: number, total: number) => {
          if (i === f.menteeIds.length) {
            if (matched > best[0]! || (matched === best[0] && total > best[1]!)) best = [matched, total];
            return;
          }
          go(i + 1, matched, total);
          for (let k = 0; k < f.score.length; k++) {
            const j = f.mentor[k]!;
            if (f.mentee[k] !== i || spare[j] === 0) continue;
            spare[j]!--;
            go(i + 1, matched + 1, total + f.score[k]!);
            spare[j]!++;
          }
        };
        go(0, 0, 0);
        const result = match(input, { matchDate: date });
        expect([result.pairs.length, result.totalScore]).toEqual(best);
      }),
      { numRuns: 60 },
    );
  });

  it('gives the same output for shuffled participants and shuffled object keys', () => {
    const input = generateInstance({ seed: 7, mentors: 60, mentees: 110 });
    const expected = JSON.stringify(match(input, { matchDate: SUMMER }));
    const rnd = prng(99);
    const shuffleKeys = <T extends object>(o: T): T => Object.fromEntries(shuffle(Object.entries(o), rnd)) as T;
    for (let round = 0; round < 3; round++) {
      const shuffled: MatchInput = shuffleKeys({
        participants: shuffle([...input.participants], rnd).map((p) => shuffleKeys({ ...p, availability: p.availability.map(shuffleKeys) })),
        previousPairs: shuffle([...(input.previousPairs ?? [])], rnd).map(shuffleKeys),
        blockedPairs: shuffle([...(input.blockedPairs ?? [])], rnd).map(shuffleKeys),
      });
      expect(JSON.stringify(match(shuffled, { matchDate: SUMMER }))).toBe(expected);
    }
  });

  it('explains a pair in plain words', () => {
    const mentor = person('mentor', {
      timezone: 'Europe/Berlin',
      skills: ['leadership', 'sql', 'negotiation', 'public speaking', 'go'],
      preferredTools: ['zoom', 'slack'],
      department: 'Engineering',
      yearsExperience: 12,
      availability: (['tue', 'wed', 'thu'] as const).map((day) => ({ day, from: '09:00', to: '11:00' })),
    });
    const mentee = person('mentee', {
      timezone: 'Asia/Singapore',
      skills: ['leadership', 'sql', 'negotiation', 'kotlin'],
      goals: 'Become a confident lead: Public Speaking at all-hands.',
      preferredTools: ['zoom', 'teams'],
      department: 'Sales',
      yearsExperience: 4,
      roundsWaited: 2,
      availability: (['tue', 'wed', 'thu'] as const).map((day) => ({ day, from: '13:00', to: '17:00' })),
    });
    const result = match({ participants: [mentee, mentor] }, { matchDate: SUMMER });
    expect(result.pairs).toEqual([
      {
        mentorId: mentor.id,
        menteeId: mentee.id,
        // 3 skills 90 + goal 8 + 6 h overlap 12 + tool 10 + 8 years 10 + departments 5 + 2 rounds waited 4
        score: 139,
        reasons: [
          'shares 3 skills: leadership, sql, negotiation',
          'goals mention public speaking',
          '6 h/week overlap, Tue–Thu mornings Berlin / afternoons Singapore',
          'both prefer Zoom',
          'mentor has 8 more years of experience',
          'different departments',
          'mentee has waited 2 rounds',
        ],
      },
    ]);
    expect(result).toMatchObject({ unmatched: [], totalScore: 139 });
  });

  it('compares languages by primary subtag', () => {
    const mentor = person('mentor', { languages: ['en-GB', 'de'] });
    const us = person('mentee', { languages: ['en-US'] });
    const fr = person('mentee', { languages: ['fr'] });
    const result = match({ participants: [mentor, us, fr] }, { matchDate: SUMMER });
    expect(result.pairs.map((p) => p.menteeId)).toEqual([us.id]);
    expect(result.unmatched).toEqual([fr.id]);
  });

  it('respects spare capacity (capacity − activePairs) and lists full mentors as unmatched', () => {
    const full = person('mentor', { capacity: 2, activePairs: 2 });
    const roomy = person('mentor', { capacity: 3, activePairs: 1 });
    const mentees = [1, 2, 3].map(() => person('mentee'));
    const result = match({ participants: [full, roomy, ...mentees] }, { matchDate: SUMMER });
    expect(result.pairs).toHaveLength(2);
    expect(result.pairs.every((p) => p.mentorId === roomy.id)).toBe(true);
    expect(result.unmatched).toContain(full.id);
  });

  it('never repeats a previous pair or a blocked one', () => {
    const mentor = person('mentor', { capacity: 2 });
    const [a, b, c] = [person('mentee'), person('mentee'), person('mentee')];
    const result = match(
      {
        participants: [mentor, a!, b!, c!],
        previousPairs: [{ mentorId: mentor.id, menteeId: a!.id }],
        blockedPairs: [{ mentorId: b!.id, menteeId: mentor.id }],
      },
      { matchDate: SUMMER },
    );
    expect(result.pairs.map((p) => p.menteeId)).toEqual([c!.id]);
  });

  it('prefers the mentee who has waited longer when only one can be matched', () => {
    const mentor = person('mentor');
    const fresh = person('mentee');
    const waiting = person('mentee', { waitingSince: '2025-05-01T00:00:00Z' }); // 4 whole weeks before SUMMER
    const result = match({ participants: [mentor, fresh, waiting] }, { matchDate: SUMMER });
    expect(result.pairs.map((p) => p.menteeId)).toEqual([waiting.id]);
    expect(result.pairs[0]!.reasons).toContain('mentee has waited 4 rounds');
  });

  it('matches as many mentees as possible before maximizing the score', () => {
    const star = person('mentor', { skills: ['sql', 'go', 'rust'] });
    const plain = person('mentor', { availability: [{ day: 'fri', from: '09:00', to: '12:00' }] });
    // `picky` could only meet `star`; `keen` shares three skills with `star` but can also meet `plain`.
    const picky = person('mentee');
    const keen = person('mentee', {
      skills: ['sql', 'go', 'rust'],
      availability: [
        { day: 'mon', from: '09:00', to: '12:00' },
        { day: 'fri', from: '09:00', to: '12:00' },
      ],
    });
    const result = match({ participants: [star, plain, picky, keen] }, { matchDate: SUMMER });
    expect(result.pairs.map((p) => [p.mentorId, p.menteeId])).toEqual(
      [
        [star.id, picky.id],
        [plain.id, keen.id],
      ].sort((x, y) => (x[0]! < y[0]! ? -1 : 1)),
    );
  });

  it('dumps every feasible pair with its score, sorted by mentor then mentee', () => {
    const input = generateInstance({ seed: 3, mentors: 20, mentees: 40 });
    const { scores } = dumpScores(input, { matchDate: SUMMER });
    expect(scores.length).toBeGreaterThan(0);
    const keys = scores.map(([m, e]) => `${m}\u0000${e}`);
    expect(keys).toEqual([...keys].sort());
    const chosen = match(input, { matchDate: SUMMER }).pairs;
    const table = new Map(scores.map(([m, e, s]) => [`${m}|${e}`, s]));
    for (const p of chosen) expect(table.get(`${p.mentorId}|${p.menteeId}`)).toBe(p.score);
  });

  describe('invalid input', () => {
    const problems = (input: unknown) => {
      try {
        match(input as MatchInput, { matchDate: SUMMER });
      } catch (err) {
        expect(err).toBeInstanceOf(InvalidMatchInput);
        return (err as InvalidMatchInput).message;
      }
      throw new Error('expected InvalidMatchInput');
    };

    it('names the participant by index and id, and the field', () => {
      const bad = { ...person('mentee'), availability: [{ day: 'mon', from: '10:00', to: '09:00' }] };
      const message = problems({ participants: [person('mentor'), bad] });
      expect(message).toContain(`participants[1] (id "${bad.id}"): availability.0: End time must be after the start time`);
    });

    it('rejects missing and duplicate ids, bad history and extras', () => {
      const a = person('mentor');
      const { id: _id, ...noId } = person('mentee');
      const message = problems({
        participants: [a, { ...person('mentee'), id: a.id }, noId, { ...person('mentee'), waitingSince: 'last week', roundsWaited: -1 }],
        previousPairs: [{ mentorId: a.id }],
        blockedPairs: 'none',
      });
      expect(message).toContain(`participants[1] (id "${a.id}"): id: id duplicates participants[0]`);
      expect(message).toContain('participants[2]: id: id must be a non-empty string');
      expect(message).toContain('participants[3]');
      expect(message).toContain('waitingSince');
      expect(message).toContain('roundsWaited');
      expect(message).toContain('previousPairs[0]: menteeId');
      expect(message).toContain('input: blockedPairs');
    });

    it('rejects a body that is not {participants: [...]}', () => {
      expect(problems(null)).toContain('input');
      expect(problems({ participants: {} })).toContain('participants must be a list');
    });

    it('rejects an invalid match date', () => {
      expect(() => match({ participants: [] }, { matchDate: 'soon' })).toThrow(InvalidMatchInput);
    });
  });

  it('handles an empty pool', () => {
    expect(match({ participants: [] }, { matchDate: SUMMER })).toEqual({ pairs: [], unmatched: [], totalScore: 0 });
  });
});
