import { describe, expect, it } from 'vitest';
import { afterPairEnds, afterPairing, pairCapacity, spareCapacity } from '../../functions/domain/membership';

describe('membership rules', () => {
  it('gives mentors their offered capacity (1 when unset) and mentees one pair', () => {
    expect(pairCapacity({ role: 'mentor', capacity: 3 })).toBe(3);
    expect(pairCapacity({ role: 'mentor' })).toBe(1);
    expect(pairCapacity({ role: 'mentee', capacity: 3 })).toBe(1);
  });

  it('offers a mentor what their capacity leaves, and a waiting mentee one pair', () => {
    expect(spareCapacity({ role: 'mentor', capacity: 3, activePairs: 1 })).toBe(2);
    expect(spareCapacity({ role: 'mentor', capacity: 2, activePairs: 5 })).toBe(0);
    expect(spareCapacity({ role: 'mentor' })).toBe(1);
    expect(spareCapacity({ role: 'mentee' })).toBe(1);
  });

  it('keeps a member in the pool after pairing while they have room', () => {
    expect(afterPairing({ activePairs: 0, capacity: 2 })).toEqual({ activePairs: 1, status: 'waiting' });
    expect(afterPairing({ activePairs: 1, capacity: 2 })).toEqual({ activePairs: 2, status: 'matched' });
    expect(afterPairing({ activePairs: 0, capacity: 1 })).toEqual({ activePairs: 1, status: 'matched' });
  });

  it('frees a member when a pair ends: back to the pool with pairs left or after a re-match, alumni after a completed mentorship', () => {
    const mentor = { role: 'mentor' as const, capacity: 2 };
    expect(afterPairEnds({ ...mentor, activePairs: 2, status: 'matched' }, 'completed')).toEqual({ activePairs: 1, status: 'waiting' });
    expect(afterPairEnds({ ...mentor, activePairs: 1, status: 'waiting' }, 'completed')).toEqual({ activePairs: 0, status: 'alumni' });
    expect(afterPairEnds({ role: 'mentee', activePairs: 1, status: 'matched' }, 'rematched')).toEqual({ activePairs: 0, status: 'waiting' });
    // Items written before the counter existed held this one pair.
    expect(afterPairEnds({ role: 'mentee', status: 'matched' }, 'completed')).toEqual({ activePairs: 0, status: 'alumni' });
    // Someone who left keeps their status.
    expect(afterPairEnds({ role: 'mentee', activePairs: 1, status: 'unsubscribed' }, 'completed')).toEqual({ activePairs: 0, status: 'unsubscribed' });
  });
});
