import { describe, expect, it } from 'vitest';
import { ZoneClock, weeklyAvailability } from '../../../functions/domain/matching/availability';
import { PhraseIndex, containsPhrase, words } from '../../../functions/domain/matching/keywords';
import { describeOverlap, formatDays } from '../../../functions/domain/matching/reasons';
import { MAX_PAIR_SCORE, experiencePoints, pairScore, waitingRounds } from '../../../functions/domain/matching/scoring';

describe('score', () => {
  it('weighs the experience gap', () => {
    expect([undefined, 4].map((y) => experiencePoints(y, 3))).toEqual([0, 5]);
    expect([3, 4, 5, 18, 19, 2].map((y) => experiencePoints(y, 3))).toEqual([0, 5, 10, 10, 5, -10]);
    expect(experiencePoints(10, undefined)).toBe(0);
  });

  it('caps every term and never goes below 0 or above MAX_PAIR_SCORE', () => {
    expect(pairScore(0, 0, 60, false, -10, false, 0)).toBe(0);
    expect(pairScore(20, 20, 10080, true, 10, true, 15)).toBe(MAX_PAIR_SCORE);
    expect(pairScore(3, 0, 6 * 60 + 59, false, 0, false, 0)).toBe(90 + 12);
  });

  it('counts rounds waited from roundsWaited or whole weeks since waitingSince', () => {
    const now = Date.UTC(2025, 5, 2);
    expect(waitingRounds(0, undefined, now)).toBe(0);
    expect(waitingRounds(2, undefined, now)).toBe(2);
    expect(waitingRounds(1, now - 20 * 86_400_000, now)).toBe(2);
    expect(waitingRounds(0, now + 86_400_000, now)).toBe(0);
  });
});

describe('goal keywords', () => {
  it('keeps technical words whole and matches phrases contiguously', () => {
    expect(words('Learn C++, Node.js and C#; front-end too.')).toEqual(['learn', 'c++', 'node.js', 'and', 'c#', 'front-end', 'too']);
    expect(containsPhrase(words('better at public speaking!'), ['public', 'speaking'])).toBe(true);
    expect(containsPhrase(words('public talks and speaking'), ['public', 'speaking'])).toBe(false);
  });

  it('finds every indexed skill in a text', () => {
    const index = new PhraseIndex();
    ['public speaking', 'sql', 'node.js', 'public policy'].forEach((s, id) => index.add(id, s));
    expect(index.find(words('SQL first, then Public Speaking — and node.js'))).toEqual([0, 1, 2]);
  });
});

describe('overlap wording', () => {
  it('formats day sets', () => {
    expect(formatDays(new Set([1, 2, 3]))).toBe('Tue–Thu');
    expect(formatDays(new Set([0, 2, 3, 4, 6]))).toBe('Mon, Wed–Fri, Sun');
    expect(formatDays(new Set([4, 5]))).toBe('Fri, Sat');
    expect(formatDays(new Set([0, 1, 2, 3, 4, 5, 6]))).toBe('daily');
  });

  it('describes the shared time in each person’s local terms', () => {
    const clock = new ZoneClock(Date.UTC(2025, 0, 6));
    const ny = weeklyAvailability([{ day: 'mon', from: '18:00', to: '22:00' }], 'America/New_York', clock);
    const tokyo = weeklyAvailability([{ day: 'tue', from: '08:00', to: '10:00' }], 'Asia/Tokyo', clock);
    // Mon 18:00–20:00 New York (EST) = Tue 08:00–10:00 Tokyo.
    expect(describeOverlap(ny, tokyo)).toEqual({ minutes: 120, text: '2 h/week overlap, Mon evenings New York / mornings Tokyo' });
    const london = weeklyAvailability([{ day: 'wed', from: '11:00', to: '13:30' }], 'Europe/London', clock);
    expect(describeOverlap(london, london).text).toBe('2.5 h/week overlap, Wed mornings & afternoons London');
  });
});
