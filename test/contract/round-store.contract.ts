/** What every RoundStore does, run against the in-memory fake and the DynamoDB adapter alike. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { MatchingRound } from '../../functions/domain/round';
import type { RoundStore } from '../../functions/ports';
import { uid } from './fixtures';

function round(programId: string, over: Partial<MatchingRound> = {}): MatchingRound {
  return {
    id: uid('round'),
    programId,
    createdAt: '2026-11-30T09:00:00.000Z',
    status: 'proposed',
    version: 1,
    pairs: [
      { mentorId: 'm1', menteeId: 'e1', score: 61, reasons: ['Both speak English'], pinned: false },
      { mentorId: 'm2', menteeId: 'e2', score: 40, reasons: [], pinned: true },
    ],
    unmatched: ['e3'],
    pins: [{ mentorId: 'm2', menteeId: 'e2' }],
    exclusions: [{ mentorId: 'm1', menteeId: 'e2' }],
    totalScore: 101,
    ...over,
  };
}

export function roundStoreContract(name: string, make: () => Promise<RoundStore>) {
  describe(`RoundStore contract: ${name}`, () => {
    let rounds: RoundStore;
    beforeAll(async () => {
      rounds = await make();
    });

    it('stores a proposal and reads it back whole; another program does not see it', async () => {
      const program = uid('prog');
      const r = round(program);
      await rounds.create(r);
      expect(await rounds.get(program, r.id)).toEqual(r);
      expect(await rounds.get(uid('other'), r.id)).toBeUndefined();
      expect(await rounds.get(program, 'nope')).toBeUndefined();
    });

    it('keeps a large proposal (pairs with reasons over several items)', async () => {
      const program = uid('prog');
      const pairs = Array.from({ length: 450 }, (_, i) => ({
        mentorId: `mentor-${i}`,
        menteeId: `mentee-${i}`,
        score: i,
        reasons: ['Shares 2 skills: sql, python', 'Free at the same time on Tuesdays, 09:00–11:00 Berlin time'],
        pinned: i % 7 === 0,
      }));
      const unmatched = Array.from({ length: 2_500 }, (_, i) => `waiting-${i}`);
      const r = round(program, { pairs, unmatched });
      await rounds.create(r);
      expect(await rounds.get(program, r.id)).toEqual(r);
      // Shrinking it leaves nothing of the larger version behind.
      expect(await rounds.update({ ...r, pairs: pairs.slice(0, 3), unmatched: [] })).toBe('updated');
      expect(await rounds.get(program, r.id)).toMatchObject({ version: 2, pairs: pairs.slice(0, 3), unmatched: [] });
    });

    it('lists newest first, page by page, and the open proposals oldest first', async () => {
      const program = uid('prog');
      const a = round(program, { createdAt: '2026-11-16T09:00:00.000Z' });
      const b = round(program, { createdAt: '2026-11-23T09:00:00.000Z' });
      const c = round(program, { createdAt: '2026-11-30T09:00:00.000Z' });
      for (const r of [a, b, c]) await rounds.create(r);
      const first = await rounds.list(program, { limit: 2 });
      expect(first.rounds.map((r) => r.id)).toEqual([c.id, b.id]);
      expect(first.rounds[0]).toEqual({ id: c.id, createdAt: c.createdAt, status: 'proposed', pairCount: 2, unmatchedCount: 1, totalScore: 101 });
      const second = await rounds.list(program, { limit: 2, cursor: first.cursor });
      expect(second.rounds.map((r) => r.id)).toEqual([a.id]);
      expect(second.cursor).toBeUndefined();
      expect((await rounds.proposed(program)).map((r) => r.id)).toEqual([a.id, b.id, c.id]);
      expect(await rounds.close(program, a.id, { status: 'superseded', at: '2026-11-30T09:00:00.000Z', by: c.id })).toBe(true);
      expect((await rounds.proposed(program)).map((r) => r.id)).toEqual([b.id, c.id]);
    });

    it('updates only the version it read, and only while proposed', async () => {
      const program = uid('prog');
      const r = round(program);
      await rounds.create(r);
      const changed = { ...r, pins: [], exclusions: [], pairs: r.pairs.slice(0, 1), totalScore: 61 };
      expect(await rounds.update(changed)).toBe('updated');
      expect(await rounds.update(changed)).toBe('conflict');
      expect(await rounds.get(program, r.id)).toEqual({ ...changed, version: 2 });
      expect(await rounds.close(program, r.id, { status: 'published', at: '2026-12-01T10:00:00.000Z', by: 'adm-1' })).toBe(true);
      expect(await rounds.close(program, r.id, { status: 'published', at: '2026-12-01T10:00:01.000Z', by: 'adm-2' })).toBe(false);
      const published = await rounds.get(program, r.id);
      expect(published).toMatchObject({ status: 'published', publishedAt: '2026-12-01T10:00:00.000Z', publishedBy: 'adm-1' });
      expect(await rounds.update({ ...published!, pairs: [] })).toBe('conflict');
      expect(await rounds.proposed(program)).toEqual([]);
    });

    it('marks the reminder once', async () => {
      const program = uid('prog');
      const r = round(program);
      await rounds.create(r);
      expect(await rounds.markReminded(program, r.id, '2026-12-07T09:00:00.000Z')).toBe(true);
      expect(await rounds.markReminded(program, r.id, '2026-12-07T10:00:00.000Z')).toBe(false);
      expect(await rounds.get(program, r.id)).toMatchObject({ remindedAt: '2026-12-07T09:00:00.000Z' });
    });
  });
}
