/** What every ProgramSettingsStore and JobRunLog does, run against the in-memory fakes and the DynamoDB adapters alike. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { JobRunLog, ProgramSettingsStore, StoredSettingsVersion } from '../../functions/ports';
import { uid } from './fixtures';

const version = (n: number, settings: Record<string, unknown> = { meetingCadenceDays: n }): StoredSettingsVersion => ({
  version: n,
  updatedAt: `2026-12-0${Math.min(n, 9)}T10:00:00.000Z`,
  updatedBy: n === 1 ? 'deploy' : `adm_${n}`,
  settings,
});

export function programSettingsContract(name: string, make: () => Promise<ProgramSettingsStore>) {
  describe(`ProgramSettingsStore contract: ${name}`, () => {
    let store: ProgramSettingsStore;
    beforeAll(async () => {
      store = await make();
    });

    it('has no version before the first write, then the newest one; the document comes back exactly as written', async () => {
      const program = uid('prog');
      expect(await store.current(program)).toBeUndefined();
      const document = { goals: [{ id: 'g', target: 0.5 }], webinar: null, iceBreakers: ['Why?', ''], nested: { a: [1, 2] } };
      expect(await store.write(program, version(1, document))).toBe('written');
      expect(await store.current(program)).toEqual(version(1, document));
      expect(await store.write(program, version(2))).toBe('written');
      expect((await store.current(program))?.version).toBe(2);
      expect(await store.current(uid('other'))).toBeUndefined();
    });

    it('writes each version number once: the second writer of a version gets a conflict and changes nothing', async () => {
      const program = uid('prog');
      await store.write(program, version(1));
      const results = await Promise.all([store.write(program, version(2, { by: 'a' })), store.write(program, version(2, { by: 'b' }))]);
      expect(results.sort()).toEqual(['conflict', 'written']);
      const current = await store.current(program);
      expect(current?.version).toBe(2);
      expect(['a', 'b']).toContain(current?.settings.by);
      expect(await store.write(program, version(1, { again: true }))).toBe('conflict');
    });

    it('lists the history newest first, page by page, numerically past version 9', async () => {
      const program = uid('prog');
      for (let n = 1; n <= 12; n++) await store.write(program, version(n));
      const first = await store.history(program, { limit: 5 });
      expect(first.versions.map((v) => v.version)).toEqual([12, 11, 10, 9, 8]);
      expect(first.versions[0]).toEqual(version(12));
      const second = await store.history(program, { limit: 5, cursor: first.cursor });
      expect(second.versions.map((v) => v.version)).toEqual([7, 6, 5, 4, 3]);
      const last = await store.history(program, { limit: 5, cursor: second.cursor });
      expect(last.versions.map((v) => v.version)).toEqual([2, 1]);
      expect(last.cursor).toBeUndefined();
      expect(await store.history(uid('empty'), { limit: 5 })).toEqual({ versions: [] });
    });
  });
}

export function jobRunLogContract(name: string, make: () => Promise<JobRunLog>) {
  describe(`JobRunLog contract: ${name}`, () => {
    let runs: JobRunLog;
    beforeAll(async () => {
      runs = await make();
    });
    const due = '2026-11-30T09:00:00.000Z';

    it('keeps where a run released part-way asked the next one to resume from, until it is claimed and finished', async () => {
      const program = uid('prog');
      const at = '2026-11-30T09:00:05.000Z';
      expect(await runs.resumePoint(program, 'search-backfill', due)).toBeUndefined();
      expect(await runs.claim(program, 'search-backfill', due, at, 15 * 60_000)).toBe(true);
      await runs.release(program, 'search-backfill', due, 'cursor-1');
      expect(await runs.resumePoint(program, 'search-backfill', due)).toBe('cursor-1');
      expect(await runs.claim(program, 'search-backfill', due, at, 15 * 60_000)).toBe(true);
      expect(await runs.resumePoint(program, 'search-backfill', due)).toBeUndefined();
      await runs.finish(program, 'search-backfill', due, at);
      expect(await runs.claim(program, 'search-backfill', due, at, 15 * 60_000)).toBe(false);
    });

    it('lets one caller claim a scheduled run; once finished it is never claimed again', async () => {
      const program = uid('prog');
      expect(await runs.lastFinished(program, 'match')).toBeUndefined();
      const claims = await Promise.all([1, 2, 3].map(() => runs.claim(program, 'match', due, '2026-11-30T09:00:05.000Z', 15 * 60_000)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      // Another job, or another scheduled time, is another run.
      expect(await runs.claim(program, 'digest', due, '2026-11-30T09:00:05.000Z', 15 * 60_000)).toBe(true);
      await runs.finish(program, 'match', due, '2026-11-30T09:01:00.000Z');
      expect(await runs.lastFinished(program, 'match')).toBe(due);
      expect(await runs.claim(program, 'match', due, '2026-12-01T09:00:00.000Z', 15 * 60_000)).toBe(false);
      // Finishing an older run does not move the last one back.
      await runs.claim(program, 'match', '2026-11-23T09:00:00.000Z', '2026-11-30T09:02:00.000Z', 15 * 60_000);
      await runs.finish(program, 'match', '2026-11-23T09:00:00.000Z', '2026-11-30T09:03:00.000Z');
      expect(await runs.lastFinished(program, 'match')).toBe(due);
    });

    it('hands a released run to the next caller at once, and a crashed (stale) claim after the stale time only', async () => {
      const program = uid('prog');
      expect(await runs.claim(program, 'digest', due, '2026-11-30T09:00:00.000Z', 15 * 60_000)).toBe(true);
      await runs.release(program, 'digest', due);
      expect(await runs.claim(program, 'digest', due, '2026-11-30T09:01:00.000Z', 15 * 60_000)).toBe(true);
      // Crashed without release: still running for the stale time, then taken over.
      expect(await runs.claim(program, 'digest', due, '2026-11-30T09:10:00.000Z', 15 * 60_000)).toBe(false);
      expect(await runs.claim(program, 'digest', due, '2026-11-30T09:17:00.000Z', 15 * 60_000)).toBe(true);
      await runs.finish(program, 'digest', due, '2026-11-30T09:18:00.000Z');
      // A late release of a finished run changes nothing.
      await runs.release(program, 'digest', due);
      expect(await runs.claim(program, 'digest', due, '2026-11-30T10:00:00.000Z', 15 * 60_000)).toBe(false);
    });
  });
}
