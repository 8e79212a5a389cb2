/**
 * What every StatsStore does with its own counters, run against the in-memory
 * fake and the DynamoDB adapter alike, and the week's incentive earners, which
 * the participant store's writes list (so each pair of stores shares one table).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { counted, gauge, merge } from '../../functions/domain/kpi/stats-delta';
import type { ParticipantStore, StatsStore } from '../../functions/ports';
import { participant, uid } from './fixtures';

export function statsStoreContract(name: string, make: () => Promise<{ stats: StatsStore; participants: ParticipantStore }>) {
  describe(`StatsStore contract: ${name}`, () => {
    let stats: StatsStore;
    let participants: ParticipantStore;
    beforeAll(async () => {
      ({ stats, participants } = await make());
    });

    it("lists the week's incentive earners, each once, per program and week", async () => {
      const program = uid('prog');
      const [early, late, twice] = [participant(program), participant(program), participant(program)];
      const elsewhere = participant(uid('other'));
      for (const p of [early, late, twice, elsewhere]) await participants.create(p);
      await participants.markIncentiveEligible(early.id, '2026-11-09T08:00:00.000Z'); // Monday of 2026-W46
      await participants.markIncentiveEligible(twice.id, '2026-11-15T22:00:00.000Z'); // Sunday of 2026-W46
      await participants.markIncentiveEligible(twice.id, '2026-11-16T08:00:00.000Z'); // already earned: not listed again
      await participants.markIncentiveEligible(late.id, '2026-11-16T08:00:00.000Z'); // 2026-W47
      await participants.markIncentiveEligible(elsewhere.id, '2026-11-10T08:00:00.000Z');
      const byId = (a: { participantId: string }, b: { participantId: string }) => a.participantId.localeCompare(b.participantId);
      expect((await stats.incentiveEarners(program, '2026-W46')).sort(byId)).toEqual(
        [
          { participantId: early.id, at: '2026-11-09T08:00:00.000Z' },
          { participantId: twice.id, at: '2026-11-15T22:00:00.000Z' },
        ].sort(byId),
      );
      expect(await stats.incentiveEarners(program, '2026-W47')).toEqual([{ participantId: late.id, at: '2026-11-16T08:00:00.000Z' }]);
      expect(await stats.incentiveEarners(program, '2026-W45')).toEqual([]);
    });

    it('adds deltas into their week, the totals and their cohort, per program', async () => {
      const program = uid('prog');
      await stats.add(program, merge(counted('pairs_created', '2026-11-03T09:00:00.000Z', 2), gauge('pairs_active', 2)));
      await stats.add(program, merge(counted('pairs_created', '2026-11-11T09:00:00.000Z'), gauge('pairs_active', 1)));
      await stats.add(program, { cohort: { week: '2026-W45', counts: { pairs: 3 } } });
      await stats.add(program, gauge('pairs_at_risk', 0));
      await stats.add(uid('other'), gauge('pairs_active', 7));
      expect(await stats.read(program, ['2026-W45', '2026-W46', '2026-W47'], ['2026-W45', '2026-W44'])).toEqual({
        weeks: [
          { week: '2026-W45', counts: { pairs_created: 2 } },
          { week: '2026-W46', counts: { pairs_created: 1 } },
          { week: '2026-W47', counts: {} },
        ],
        gauges: { pairs_active: 3 },
        cohorts: [
          { week: '2026-W45', counts: { pairs: 3 } },
          { week: '2026-W44', counts: {} },
        ],
      });
    });

    it('applies a delta once per `once` key', async () => {
      const program = uid('prog');
      const once = uid('sent');
      await stats.add(program, gauge('pairs_active', 1), once);
      await stats.add(program, gauge('pairs_active', 1), once);
      expect((await stats.read(program, [], [])).gauges).toEqual({ pairs_active: 1 });
    });

    it('keeps the first snapshot of a week and reads them in week order', async () => {
      const program = uid('prog');
      await stats.saveSnapshot(program, '2026-W46', { pairs_active: 4 });
      await stats.saveSnapshot(program, '2026-W46', { pairs_active: 9 });
      await stats.saveSnapshot(program, '2026-W45', { pairs_active: 2, pairs_at_risk: 0 });
      await stats.saveSnapshot(uid('other'), '2026-W44', { pairs_active: 1 });
      expect(await stats.snapshots(program, ['2026-W46', '2026-W44', '2026-W45'])).toEqual([
        { week: '2026-W45', gauges: { pairs_active: 2, pairs_at_risk: 0 } },
        { week: '2026-W46', gauges: { pairs_active: 4 } },
      ]);
      expect(await stats.snapshots(program, [])).toEqual([]);
    });
  });
}
