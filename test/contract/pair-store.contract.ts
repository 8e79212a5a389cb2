/**
 * What every PairStore does (with the ParticipantStore it updates members
 * in), run against the in-memory fakes and the DynamoDB adapters alike.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Activity } from '../../functions/domain/activity';
import type { Participant } from '../../functions/domain/participant';
import type { ParticipantStore, PairStore } from '../../functions/ports';
import { pair, participant, snapshotOf, uid } from './fixtures';

export interface PairStores {
  participants: ParticipantStore;
  pairs: PairStore;
}

export function pairStoreContract(name: string, make: () => Promise<PairStores>) {
  describe(`PairStore contract: ${name}`, () => {
    let participants: ParticipantStore;
    let pairs: PairStore;
    beforeAll(async () => {
      ({ participants, pairs } = await make());
    });

    /** A confirmed mentor (capacity 2 unless told) and mentee, in the pool of a new program. */
    async function pool(mentorCapacity = 2) {
      const program = uid('prog');
      const members: Participant[] = [];
      for (const overrides of [{ role: 'mentor', capacity: mentorCapacity }, { role: 'mentee' }]) {
        const p = participant(program, overrides);
        await participants.create(p);
        members.push((await participants.transition(p.id, ['pending'], 'waiting', '2026-11-01T10:00:00.000Z'))!);
      }
      return { program, mentor: members[0]!, mentee: members[1]! };
    }

    async function paired(mentorCapacity = 2) {
      const { program, mentor, mentee } = await pool(mentorCapacity);
      const p = pair(program, mentor.id, mentee.id);
      expect(await pairs.createPair(p, snapshotOf(mentor), snapshotOf(mentee))).toBe('created');
      return { program, mentor, mentee, pair: p };
    }

    const activity = (pairId: string, participantId: string, at: string, overrides: Partial<Activity> = {}): Activity => ({
      key: uid('act'),
      pairId,
      participantId,
      kind: 'message',
      source: 'reply',
      at,
      ...overrides,
    });

    it('writes the first meeting and fit check by compare-and-set: a second writer from the same read gets a conflict', async () => {
      const { pair: p } = await paired();
      const meeting = {
        uid: `${p.id}@first-meeting`,
        sequence: 0,
        start: '2026-12-10T15:00:00.000Z',
        end: '2026-12-10T15:30:00.000Z',
        state: 'proposed' as const,
        attempts: 1,
        answers: {},
      };
      const read = (await pairs.get(p.id))!;
      expect(await pairs.setStart(read, { firstMeeting: meeting })).toBe('updated');
      expect(await pairs.setStart(read, { firstMeeting: { ...meeting, state: 'cancelled' } })).toBe('conflict');
      const after = (await pairs.get(p.id))!;
      expect(after).toMatchObject({ firstMeeting: meeting, startRev: 1 });
      const answered = { ...meeting, answers: { mentor: 'accepted' as const } };
      const fit = { round: 1, askedAt: '2026-12-11T15:30:00.000Z', answers: { mentee: 'good' as const } };
      expect(await pairs.setStart(after, { firstMeeting: answered, fitCheck: fit })).toBe('updated');
      expect(await pairs.get(p.id)).toMatchObject({ firstMeeting: answered, fitCheck: fit, startRev: 2 });
    });

    it('creates a pair and moves its members by capacity: a mentor with room stays in the pool, a full member leaves it', async () => {
      const { program, mentor, mentee, pair: p } = await paired(2);
      expect(await pairs.get(p.id)).toEqual(p);
      expect(await participants.get(mentor.id)).toMatchObject({ status: 'waiting', activePairs: 1 });
      expect(await participants.get(mentee.id)).toMatchObject({ status: 'matched', activePairs: 1 });
      expect(await pairs.history(program)).toEqual([{ mentorId: mentor.id, menteeId: mentee.id }]);
      expect(await pairs.all(program)).toEqual([p]);
      expect(await pairs.history(uid('other'))).toEqual([]);
    });

    it('writes nothing when a member changed since the snapshot', async () => {
      const { program, mentor, mentee } = await pool(1);
      const stale = snapshotOf(mentee);
      await participants.transition(mentee.id, ['waiting'], 'unsubscribed', '2026-11-02T08:00:00.000Z');
      const p = pair(program, mentor.id, mentee.id);
      expect(await pairs.createPair(p, snapshotOf(mentor), stale)).toBe('conflict');
      expect(await pairs.get(p.id)).toBeUndefined();
      expect(await pairs.history(program)).toEqual([]);
      expect(await participants.get(mentor.id)).toMatchObject({ status: 'waiting' });
      expect((await participants.get(mentor.id))?.activePairs ?? 0).toBe(0);
    });

    it('conditions each pairing on the counter the matcher saw: a second pair from the same snapshot conflicts', async () => {
      const { program, mentor, pair: first } = await paired(2);
      const other = participant(program, { role: 'mentee' });
      await participants.create(other);
      const waiting = (await participants.transition(other.id, ['pending'], 'waiting', '2026-11-01T10:00:00.000Z'))!;
      const second = pair(program, mentor.id, other.id, '2026-11-02T09:00:01.000Z');
      expect(await pairs.createPair(second, snapshotOf(mentor), snapshotOf(waiting))).toBe('conflict');
      const now = (await participants.get(mentor.id))!;
      expect(await pairs.createPair(second, snapshotOf(now), snapshotOf(waiting))).toBe('created');
      expect(await participants.get(mentor.id)).toMatchObject({ status: 'matched', activePairs: 2 });
      // Newest first, for either member.
      expect((await pairs.pairsOf(mentor.id)).map((x) => x.id)).toEqual([second.id, first.id]);
      expect((await pairs.pairsOf(other.id)).map((x) => x.id)).toEqual([second.id]);
      expect(await pairs.pairsOf(uid('nobody'))).toEqual([]);
    });

    it('lists a new pair as pending setup until it is marked set up', async () => {
      const { program, pair: p } = await paired();
      expect((await pairs.pendingSetup(program)).map((x) => x.id)).toEqual([p.id]);
      await pairs.markSetUp(p.id);
      expect(await pairs.pendingSetup(program)).toEqual([]);
    });

    it('records a timeline step once', async () => {
      const { pair: p } = await paired();
      expect(await pairs.recordStep(p.id, 'icebreakers', '2026-11-04T09:00:00.000Z')).toBe('recorded');
      expect(await pairs.recordStep(p.id, 'icebreakers', '2026-11-04T09:05:00.000Z')).toBe('duplicate');
      expect(await pairs.recordStep(p.id, 'checkin-1', '2026-11-16T09:00:00.000Z')).toBe('recorded');
    });

    it('records an activity once per key, counts one meeting per period, and lists activities by time', async () => {
      const { pair: p, mentee } = await paired();
      const met = activity(p.id, mentee.id, '2026-11-05T09:00:00.000Z', { kind: 'met', source: 'link' });
      expect(await pairs.recordActivity(met, { period: 0 }, p)).toEqual({ outcome: 'recorded', meetingCounted: true });
      expect(await pairs.recordActivity(met, { period: 0 }, p)).toEqual({ outcome: 'duplicate', meetingCounted: false });
      const again = activity(p.id, mentee.id, '2026-11-06T09:00:00.000Z', { kind: 'met', source: 'reply' });
      expect(await pairs.recordActivity(again, { period: 0 }, p)).toEqual({ outcome: 'recorded', meetingCounted: false });
      expect(await pairs.get(p.id)).toMatchObject({
        meetingsLogged: 1,
        lastMeetingPeriod: 0,
        lastActivityAt: '2026-11-06T09:00:00.000Z',
        nudgeLevel: 0,
        status: 'active',
      });
      expect(await pairs.activities(p.id)).toEqual([met, again]);
    });

    it('lists pairs flagged at risk, the longest silent first, until activity brings one back', async () => {
      const { program, mentor, mentee, pair: recent } = await paired(2);
      const other = participant(program, { role: 'mentee' });
      await participants.create(other);
      const waiting = (await participants.transition(other.id, ['pending'], 'waiting', '2026-11-01T10:00:00.000Z'))!;
      const silent = pair(program, mentor.id, other.id, '2026-11-01T12:00:00.000Z');
      expect(await pairs.createPair(silent, snapshotOf((await participants.get(mentor.id))!), snapshotOf(waiting))).toBe('created');
      await pairs.setLadder(recent, { status: 'at_risk', nudgeLevel: 3 });
      await pairs.setLadder(silent, { status: 'at_risk', nudgeLevel: 3 });
      expect((await pairs.atRisk(program, 10)).map((x) => x.id)).toEqual([silent.id, recent.id]);
      expect((await pairs.atRisk(program, 1)).map((x) => x.id)).toEqual([silent.id]);
      expect(await pairs.get(recent.id)).toMatchObject({ status: 'at_risk', nudgeLevel: 3 });
      await pairs.recordActivity(activity(recent.id, mentee.id, '2026-11-20T09:00:00.000Z'), undefined, { ...recent, status: 'at_risk' });
      expect((await pairs.atRisk(program, 10)).map((x) => x.id)).toEqual([silent.id]);
      expect(await pairs.get(recent.id)).toMatchObject({ status: 'active', nudgeLevel: 0 });
      expect(await pairs.atRisk(uid('other'), 10)).toEqual([]);
    });

    it('ends a pair once, with its members, and only on the members as read', async () => {
      const { mentor, mentee, pair: p } = await paired(2);
      const [m, e] = [(await participants.get(mentor.id))!, (await participants.get(mentee.id))!];
      const changes = [
        { id: m.id, role: m.role, from: m.status, status: 'alumni' as const, activePairs: 0, fromActivePairs: m.activePairs },
        { id: e.id, role: e.role, from: e.status, status: 'alumni' as const, activePairs: 0, fromActivePairs: e.activePairs },
      ];
      // A member no longer as read: nothing is written.
      expect(await pairs.endPair(p, 'completed', '2027-02-01T09:00:00.000Z', [{ ...changes[0]!, fromActivePairs: 5 }, changes[1]!], [])).toBe('stale');
      expect((await pairs.get(p.id))?.status).toBe('active');
      expect(await participants.get(mentee.id)).toMatchObject({ status: 'matched', activePairs: 1 });
      expect(await pairs.endPair(p, 'completed', '2027-02-01T09:00:00.000Z', changes, [])).toBe('ended');
      expect(await pairs.get(p.id)).toMatchObject({ status: 'ended', endedAt: '2027-02-01T09:00:00.000Z', endReason: 'completed' });
      expect(await participants.get(mentor.id)).toMatchObject({ status: 'alumni', activePairs: 0 });
      expect(await participants.get(mentee.id)).toMatchObject({ status: 'alumni', activePairs: 0 });
      expect(await pairs.endPair(p, 'completed', '2027-02-01T09:00:00.000Z', changes, [])).toBe('conflict');
    });

    it('ends a pair as "not a good fit" (issue 12): the reason is kept', async () => {
      const { mentor, mentee, pair: p } = await paired(1);
      const members = [(await participants.get(mentor.id))!, (await participants.get(mentee.id))!];
      const changes = members.map((x) => ({
        id: x.id,
        role: x.role,
        from: x.status,
        status: 'waiting' as const,
        activePairs: 0,
        fromActivePairs: x.activePairs,
      }));
      expect(await pairs.endPair(p, 'not_fit', '2027-01-05T09:00:00.000Z', changes, ['mentor', 'mentee'])).toBe('ended');
      expect(await pairs.get(p.id)).toMatchObject({ status: 'ended', endReason: 'not_fit' });
    });

    it('keeps what an ended pair is told without reopening it or counting a meeting', async () => {
      const { mentor, mentee, pair: p } = await paired(1);
      const ended = { ...p, status: 'ended' as const };
      const [m, e] = [(await participants.get(mentor.id))!, (await participants.get(mentee.id))!];
      await pairs.endPair(
        p,
        'completed',
        '2027-02-01T09:00:00.000Z',
        [m, e].map((x) => ({ id: x.id, role: x.role, from: x.status, status: 'alumni' as const, activePairs: 0, fromActivePairs: x.activePairs })),
        [],
      );
      const feedback = activity(p.id, mentee.id, '2027-02-02T09:00:00.000Z', {
        kind: 'feedback',
        source: 'form',
        feedback: { met: 'yes', timesMet: 4, satisfaction: 5 },
      });
      expect(await pairs.recordActivity(feedback, { period: 9 }, ended)).toEqual({ outcome: 'recorded', meetingCounted: false });
      expect(await pairs.get(p.id)).toMatchObject({ status: 'ended', lastActivityAt: p.lastActivityAt });
      expect(await pairs.activities(p.id)).toEqual([feedback]);
    });

    it('scrubs what a participant wrote, keeping the answers that are counted', async () => {
      const { pair: p, mentee, mentor } = await paired();
      const mine = activity(p.id, mentee.id, '2026-11-05T09:00:00.000Z', {
        kind: 'feedback',
        source: 'form',
        feedback: { met: 'yes', timesMet: 2, satisfaction: 4, wentWell: 'Lots', toImprove: 'Time', comments: 'Thanks' },
      });
      const theirs = activity(p.id, mentor.id, '2026-11-06T09:00:00.000Z', { kind: 'feedback', source: 'form', feedback: { met: 'yes', comments: 'Kept' } });
      await pairs.recordActivity(mine, undefined, p);
      await pairs.recordActivity(theirs, undefined, p);
      await pairs.scrubActivities(p.id, mentee.id);
      expect(await pairs.activities(p.id)).toEqual([{ ...mine, feedback: { met: 'yes', timesMet: 2, satisfaction: 4 } }, theirs]);
    });

    it('blocks pairs per program', async () => {
      const program = uid('prog');
      const ref = { mentorId: uid('m'), menteeId: uid('e') };
      await pairs.block(program, ref, '2026-11-07T09:00:00.000Z');
      await pairs.block(program, ref, '2026-11-08T09:00:00.000Z');
      expect(await pairs.blocked(program)).toEqual([ref]);
      expect(await pairs.blocked(uid('other'))).toEqual([]);
    });
  });
}
