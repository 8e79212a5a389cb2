/**
 * What every ParticipantStore does, run against the in-memory fake and the
 * DynamoDB adapter alike (test/integration/store-contracts.test.ts), so the
 * fake the unit tests rely on cannot drift from the table.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { EmailTaken, type ParticipantStore } from '../../functions/ports';
import { participant, uid } from './fixtures';

export function participantStoreContract(name: string, make: () => Promise<ParticipantStore>) {
  describe(`ParticipantStore contract: ${name}`, () => {
    let store: ParticipantStore;
    beforeAll(async () => {
      store = await make();
    });

    it('reads back what it created, by id and by address within the program', async () => {
      const program = uid('prog');
      const p = participant(program, { role: 'mentor', capacity: 2 });
      await store.create(p);
      expect(await store.get(p.id)).toEqual(p);
      expect(await store.findByEmail(program, p.email)).toEqual(p);
      expect(await store.findByEmail(uid('other'), p.email)).toBeUndefined();
      expect(await store.get(uid('nobody'))).toBeUndefined();
    });

    it('keeps one participant per address per program', async () => {
      const program = uid('prog');
      const email = `${uid('same')}@example.com`;
      await store.create(participant(program, { email }));
      await expect(store.create(participant(program, { email }))).rejects.toBeInstanceOf(EmailTaken);
      await expect(store.create(participant(uid('prog'), { email }))).resolves.toBeUndefined();
    });

    it('hands out copies: changing what was read changes nothing stored', async () => {
      const program = uid('prog');
      const p = participant(program);
      await store.create(p);
      for (const read of [await store.get(p.id), await store.findByEmail(program, p.email), ...(await store.listByStatus(program, 'pending'))])
        read!.status = 'deleted';
      expect((await store.get(p.id))?.status).toBe('pending');
    });

    it('moves a participant between statuses only from one of the expected ones, and lists them by status', async () => {
      const program = uid('prog');
      const p = participant(program);
      await store.create(p);
      expect(await store.transition(p.id, ['waiting'], 'matched', '2026-11-02T10:00:00.000Z')).toBeUndefined();
      const moved = await store.transition(p.id, ['pending', 'alumni'], 'waiting', '2026-11-02T10:00:00.000Z');
      expect(moved).toEqual({ ...p, status: 'waiting', updatedAt: '2026-11-02T10:00:00.000Z', confirmedAt: '2026-11-02T10:00:00.000Z' });
      expect(await store.get(p.id)).toEqual(moved);
      // confirmedAt is the first confirmation: coming back to the pool later keeps it.
      await store.transition(p.id, ['waiting'], 'alumni', '2026-11-03T10:00:00.000Z');
      expect((await store.transition(p.id, ['alumni'], 'waiting', '2026-11-04T10:00:00.000Z'))?.confirmedAt).toBe('2026-11-02T10:00:00.000Z');
      expect(await store.listByStatus(program, 'pending')).toEqual([]);
      expect((await store.listByStatus(program, 'waiting')).map((x) => x.id)).toEqual([p.id]);
      expect(await store.listByStatus(uid('other'), 'waiting')).toEqual([]);
      expect(await store.transition(uid('nobody'), ['pending'], 'waiting', '2026-11-02T10:00:00.000Z')).toBeUndefined();
    });

    it('sets and removes flags without touching the status', async () => {
      const program = uid('prog');
      const p = participant(program);
      await store.create(p);
      await store.setFlags(p, { pausedUntil: '2026-12-01T00:00:00.000Z', suppressed: 'bounce' }, '2026-11-05T10:00:00.000Z');
      expect(await store.get(p.id)).toEqual({ ...p, pausedUntil: '2026-12-01T00:00:00.000Z', suppressed: 'bounce', updatedAt: '2026-11-05T10:00:00.000Z' });
      await store.setFlags(p, { pausedUntil: undefined }, '2026-11-06T10:00:00.000Z');
      expect(await store.get(p.id)).toEqual({ ...p, suppressed: 'bounce', updatedAt: '2026-11-06T10:00:00.000Z' });
      await expect(store.setFlags({ id: uid('nobody'), programId: program }, { suppressed: 'complaint' }, '2026-11-06T10:00:00.000Z')).rejects.toThrow();
    });

    it('marks incentive eligibility once', async () => {
      const p = participant(uid('prog'));
      await store.create(p);
      expect(await store.markIncentiveEligible(p.id, '2026-11-10T10:00:00.000Z')).toBe(true);
      expect(await store.markIncentiveEligible(p.id, '2026-11-11T10:00:00.000Z')).toBe(false);
      expect((await store.get(p.id))?.incentiveEligibleAt).toBe('2026-11-10T10:00:00.000Z');
      expect(await store.markIncentiveEligible(uid('nobody'), '2026-11-11T10:00:00.000Z')).toBe(false);
    });

    it('erases personal data, keeps what anonymous counts need, and frees the address', async () => {
      const program = uid('prog');
      const p = participant(program);
      await store.create(p);
      await store.transition(p.id, ['pending'], 'waiting', '2026-11-02T10:00:00.000Z');
      await store.markIncentiveEligible(p.id, '2026-11-03T10:00:00.000Z');
      await store.erase(p.id, '2026-11-04T10:00:00.000Z');
      expect(await store.get(p.id)).toEqual({
        id: p.id,
        programId: program,
        role: p.role,
        status: 'deleted',
        createdAt: p.createdAt,
        confirmedAt: '2026-11-02T10:00:00.000Z',
        updatedAt: '2026-11-04T10:00:00.000Z',
        incentiveEligibleAt: '2026-11-03T10:00:00.000Z',
      });
      expect(await store.findByEmail(program, p.email)).toBeUndefined();
      expect((await store.listByStatus(program, 'deleted')).map((x) => x.id)).toEqual([p.id]);
      await expect(store.create(participant(program, { email: p.email }))).resolves.toBeUndefined();
      // Erasing again, or someone unknown, is a no-op.
      await store.erase(p.id, '2026-11-05T10:00:00.000Z');
      expect((await store.get(p.id))?.updatedAt).toBe('2026-11-04T10:00:00.000Z');
      await expect(store.erase(uid('nobody'), '2026-11-05T10:00:00.000Z')).resolves.toBeUndefined();
    });
  });
}
