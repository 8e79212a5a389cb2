/** What every OfferStore does (matching mode `choice`), run against the in-memory fake and the DynamoDB adapter alike. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { MentorDecline, Offer } from '../../functions/domain/offer';
import type { OfferStore } from '../../functions/ports';
import { uid } from './fixtures';

function offer(programId: string, over: Partial<Offer> = {}): Offer {
  return {
    programId,
    menteeId: uid('mentee'),
    id: uid('offer'),
    roundId: '2026-11-30T09:00:00.000Z',
    sentAt: '2026-11-30T09:00:00.000Z',
    state: 'open',
    mentors: [
      { mentorId: 'm1', score: 61, reasons: ['You both speak English', 'sql'] },
      { mentorId: 'm2', score: 40, reasons: [] },
    ],
    rev: 1,
    ...over,
  };
}

export function offerStoreContract(name: string, make: () => Promise<OfferStore>) {
  describe(`OfferStore contract: ${name}`, () => {
    let offers: OfferStore;
    beforeAll(async () => {
      offers = await make();
    });

    it('stores an offer and reads it back whole; another program or mentee does not see it', async () => {
      const program = uid('prog');
      const o = offer(program);
      expect(await offers.create(o)).toBe('created');
      expect(await offers.get(program, o.menteeId)).toEqual(o);
      expect(await offers.get(uid('other'), o.menteeId)).toBeUndefined();
      expect(await offers.get(program, 'nobody')).toBeUndefined();
    });

    it('never replaces an open offer, but replaces a closed one', async () => {
      const program = uid('prog');
      const first = offer(program);
      await offers.create(first);
      expect(await offers.create({ ...offer(program), menteeId: first.menteeId })).toBe('exists');
      expect((await offers.get(program, first.menteeId))!.id).toBe(first.id);
      expect(await offers.close(first, { state: 'expired', at: '2026-12-07T09:00:00.000Z' })).toBe('closed');
      const next = { ...offer(program), menteeId: first.menteeId, sentAt: '2026-12-07T09:00:00.000Z' };
      expect(await offers.create(next)).toBe('created');
      expect(await offers.get(program, first.menteeId)).toEqual(next);
    });

    it('lists the open offers of a program, oldest first, and no closed ones', async () => {
      const program = uid('prog');
      const later = offer(program, { sentAt: '2026-12-01T09:00:00.000Z' });
      const earlier = offer(program, { sentAt: '2026-11-20T09:00:00.000Z' });
      const closed = offer(program, { sentAt: '2026-11-25T09:00:00.000Z' });
      for (const o of [later, earlier, closed]) await offers.create(o);
      await offers.create(offer(uid('other')));
      await offers.close(closed, { state: 'withdrawn', at: '2026-12-01T10:00:00.000Z' });
      expect((await offers.listOpen(program)).map((o) => o.id)).toEqual([earlier.id, later.id]);
    });

    it('closes once, on the revision read: a second close or a stale one is a conflict', async () => {
      const program = uid('prog');
      const o = offer(program);
      await offers.create(o);
      expect(await offers.close(o, { state: 'chosen', at: '2026-12-01T09:00:00.000Z', pairId: 'pair-1' })).toBe('closed');
      expect(await offers.close(o, { state: 'chosen', at: '2026-12-01T09:00:01.000Z', pairId: 'pair-2' })).toBe('conflict');
      expect(await offers.get(program, o.menteeId)).toEqual({ ...o, state: 'chosen', closedAt: '2026-12-01T09:00:00.000Z', pairId: 'pair-1', rev: 2 });
      expect(await offers.listOpen(program)).toEqual([]);
    });

    it('appends a mentor on the revision read; a stale revision or a closed offer is a conflict', async () => {
      const program = uid('prog');
      const o = offer(program);
      await offers.create(o);
      const m3 = { mentorId: 'm3', score: 30, reasons: ['You both use Zoom'] };
      expect(await offers.addMentor(o, m3)).toBe('updated');
      expect(await offers.addMentor(o, { mentorId: 'm4', score: 1, reasons: [] })).toBe('conflict');
      const now = (await offers.get(program, o.menteeId))!;
      expect(now.mentors).toEqual([...o.mentors, m3]);
      expect(now.rev).toBe(2);
      await offers.close(now, { state: 'withdrawn', at: '2026-12-02T09:00:00.000Z' });
      expect(await offers.addMentor({ ...now, rev: 3 }, { mentorId: 'm5', score: 1, reasons: [] })).toBe('conflict');
    });

    it('records a mentor’s decline once and hands the first one back after that', async () => {
      const program = uid('prog');
      const mentorId = uid('mentor');
      const first: MentorDecline = {
        programId: program,
        mentorId,
        pairId: 'pair-1',
        menteeId: 'e1',
        reason: 'Too busy this quarter',
        at: '2026-12-01T09:00:00.000Z',
      };
      expect(await offers.declineOf(program, mentorId)).toBeUndefined();
      expect(await offers.recordDecline(first)).toBe('recorded');
      expect(await offers.recordDecline({ ...first, pairId: 'pair-2', reason: 'again', at: '2026-12-02T09:00:00.000Z' })).toEqual(first);
      expect(await offers.declineOf(program, mentorId)).toEqual(first);
      expect(await offers.declineOf(uid('other'), mentorId)).toBeUndefined();
      const second: MentorDecline = { ...first, mentorId: uid('mentor'), at: '2026-12-03T09:00:00.000Z' };
      await offers.recordDecline(second);
      expect(await offers.declines(program, 10)).toEqual([second, first]);
      expect(await offers.declines(program, 1)).toEqual([second]);
    });

    it('erases a person: their offer as a mentee, their decline and its reason as a mentor, nobody else’s', async () => {
      const program = uid('prog');
      const mine = offer(program);
      const other = offer(program);
      await offers.create(mine);
      await offers.create(other);
      const decline: MentorDecline = {
        programId: program,
        mentorId: uid('mentor'),
        pairId: 'p',
        menteeId: mine.menteeId,
        reason: 'My own words',
        at: '2026-12-01T09:00:00.000Z',
      };
      await offers.recordDecline(decline);
      await offers.erase(program, mine.menteeId);
      await offers.erase(program, decline.mentorId);
      expect(await offers.get(program, mine.menteeId)).toBeUndefined();
      expect(await offers.declineOf(program, decline.mentorId)).toBeUndefined();
      expect(await offers.declines(program, 10)).toEqual([]);
      expect(await offers.listOpen(program)).toEqual([other]);
    });
  });
}
