/**
 * What every ParticipantStore does, run against the in-memory fake and the
 * DynamoDB adapter alike (test/integration/store-contracts.test.ts), so the
 * fake the unit tests rely on cannot drift from the table.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { invitationId } from '../../functions/domain/invitation';
import { BadCursor, EmailTaken, type ParticipantQuery, type ParticipantStore } from '../../functions/ports';
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

    it('reads many by id at once (past one batch of 100), each once, leaving unknown ids out', async () => {
      const program = uid('prog');
      const people = Array.from({ length: 130 }, () => participant(program));
      for (const p of people) await store.create(p);
      const asked = [...people.map((p) => p.id), people[0]!.id, uid('nobody')];
      const got = await store.getMany(asked);
      expect(got.map((p) => p.id).sort()).toEqual(people.map((p) => p.id).sort());
      expect(got.find((p) => p.id === people[7]!.id)).toEqual(people[7]);
      expect(await store.getMany([])).toEqual([]);
    });

    it('tells which addresses belong to a participant or were invited, in batches', async () => {
      const program = uid('prog');
      const p = participant(program);
      await store.create(p);
      const invited = `${uid('inv')}@example.com`;
      await store.invite({
        id: invitationId(program, invited),
        programId: program,
        name: 'In Vited',
        email: invited,
        role: 'mentee',
        invitedAt: '2026-11-01T09:00:00.000Z',
      });
      const strangers = Array.from({ length: 120 }, (_, i) => `${uid(`s${i}`)}@example.com`);
      const known = await store.knownAddresses(program, [...strangers, p.email, invited, p.email]);
      expect([...known].sort()).toEqual(
        [
          [p.email, 'participant'],
          [invited, 'invited'],
        ].sort(),
      );
      expect((await store.knownAddresses(uid('other'), [p.email])).size).toBe(0);
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

    it('keeps the matching priority a "not a good fit" gives (issue 12)', async () => {
      const p = participant(uid('prog'));
      await store.create(p);
      await store.setFlags(p, { priorityUntil: '2026-12-20T00:00:00.000Z' }, '2026-12-06T10:00:00.000Z');
      expect((await store.get(p.id))?.priorityUntil).toBe('2026-12-20T00:00:00.000Z');
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

    /** Every page of a search, following cursors (bounded, so a store that never ends the list fails). */
    async function allPages(programId: string, query: ParticipantQuery, limit: number) {
      const ids: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 50; pages++) {
        const page = await store.search(programId, query, { limit, cursor });
        expect(page.participants.length).toBeLessThanOrEqual(limit);
        ids.push(...page.participants.map((p) => p.id));
        cursor = page.cursor;
        if (!cursor) return ids;
      }
      throw new Error('the search never ended');
    }

    it('finds people by the start of a name word, their address or a skill, each once, across pages', async () => {
      const program = uid('prog');
      const ada = participant(program, {
        name: 'Ada Lovelace',
        email: `ada.${uid('x')}@analytical.example`,
        role: 'mentor',
        skills: ['Python', 'data science'],
      });
      const adam = participant(program, { name: 'Adam Ádámson', role: 'mentee', skills: ['Go'] });
      const bob = participant(program, { name: 'Bob Stone', role: 'mentee', skills: ['Data engineering'] });
      const others = Array.from({ length: 7 }, (_, i) => participant(program, { name: `Adele Number${i}`, role: 'mentee', skills: ['adaptability'] }));
      for (const p of [ada, adam, bob, ...others]) await store.create(p);
      await store.create(participant(uid('other'), { name: 'Ada Elsewhere' }));

      const sorted = (ids: string[]) => [...ids].sort();
      expect(sorted(await allPages(program, { q: 'lovel' }, 5))).toEqual([ada.id]);
      expect(sorted(await allPages(program, { q: 'ADAMSON' }, 5))).toEqual([adam.id]);
      expect(sorted(await allPages(program, { q: ada.email.slice(0, 12) }, 5))).toEqual([ada.id]);
      expect(sorted(await allPages(program, { q: 'analytical.example' }, 5))).toEqual([ada.id]);
      expect(sorted(await allPages(program, { q: 'data' }, 5))).toEqual(sorted([ada.id, bob.id]));
      expect(sorted(await allPages(program, { q: 'ada python' }, 5))).toEqual([ada.id]);
      expect(await allPages(program, { q: 'ada cobol' }, 5)).toEqual([]);
      // "ad" starts name words, addresses and skills of 9 people, some under several terms: each is listed once.
      const ad = await allPages(program, { q: 'ad' }, 2);
      expect(sorted(ad)).toEqual(sorted([ada.id, adam.id, ...others.map((o) => o.id)]));
      expect(sorted(await allPages(program, { q: 'ad', role: 'mentor' }, 3))).toEqual([ada.id]);
    });

    it('lists by status and role without a query, across pages, erased people only when asked for', async () => {
      const program = uid('prog');
      const people = Array.from({ length: 5 }, (_, i) => participant(program, { role: i % 2 ? 'mentor' : 'mentee' }));
      for (const p of people) await store.create(p);
      await store.transition(people[0]!.id, ['pending'], 'waiting', '2026-11-02T10:00:00.000Z');
      await store.transition(people[1]!.id, ['pending'], 'waiting', '2026-11-02T10:00:00.000Z');
      await store.erase(people[4]!.id, '2026-11-03T10:00:00.000Z');
      const sorted = (ids: string[]) => [...ids].sort();
      expect(sorted(await allPages(program, {}, 2))).toEqual(sorted(people.slice(0, 4).map((p) => p.id)));
      expect(sorted(await allPages(program, { status: 'waiting' }, 1))).toEqual(sorted([people[0]!.id, people[1]!.id]));
      expect(await allPages(program, { status: 'waiting', role: 'mentor' }, 5)).toEqual([people[1]!.id]);
      expect(sorted(await allPages(program, { role: 'mentee' }, 5))).toEqual(sorted([people[0]!.id, people[2]!.id]));
      expect(await allPages(program, { status: 'deleted' }, 5)).toEqual([people[4]!.id]);
      await expect(store.search(program, {}, { limit: 5, cursor: 'bm90LWEtY3Vyc29y' })).rejects.toBeInstanceOf(BadCursor);
    });

    it('erasing someone removes them from search: no index entry of theirs is left to find', async () => {
      const program = uid('prog');
      const p = participant(program, { name: 'Grace Hopper', skills: ['Compilers'] });
      await store.create(p);
      expect(await allPages(program, { q: 'hopper' }, 5)).toEqual([p.id]);
      await store.erase(p.id, '2026-11-04T10:00:00.000Z');
      for (const q of ['grace', 'hopper', 'compilers', p.email]) expect(await allPages(program, { q }, 5)).toEqual([]);
    });

    it('records an invitation once per address, and erasing the participant of that address removes it', async () => {
      const program = uid('prog');
      const email = `${uid('inv')}@example.com`;
      const invitation = {
        id: invitationId(program, email),
        programId: program,
        name: 'Ines Invited',
        email,
        role: 'mentee' as const,
        invitedAt: '2026-11-01T10:00:00.000Z',
      };
      expect(await store.invite(invitation)).toBe('invited');
      expect(await store.invite({ ...invitation, name: 'Again', invitedAt: '2026-11-02T10:00:00.000Z' })).toBe('already_invited');
      expect(await store.invitation(program, invitation.id)).toEqual(invitation);
      expect(await store.invitation(uid('other'), invitation.id)).toBeUndefined();
      const p = participant(program, { email });
      await store.create(p);
      await store.erase(p.id, '2026-11-03T10:00:00.000Z');
      expect(await store.invitation(program, invitation.id)).toBeUndefined();
    });
  });
}
