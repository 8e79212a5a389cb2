/**
 * The search index backfill on DynamoDB Local: people stored before the index existed (a profile
 * without `searchTerms`, no index entries) become findable, a bounded step per heartbeat, resumed
 * from where the last step stopped, once per program; a repeat writes nothing.
 */
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoJobRuns } from '../../functions/adapters/dynamodb/program-settings';
import { DynamoParticipantStore } from '../../functions/adapters/dynamodb/participant-store';
import { participantKey, searchTermKey } from '../../functions/adapters/dynamodb/keys';
import { backfillSearchIndex } from '../../functions/app/use-cases/backfill-search';
import { searchTerms } from '../../functions/domain/people-search';
import { mapLimit } from '../../functions/lib/map-limit';
import { participant } from '../contract/fixtures';
import { FixedClock, testConfig } from '../support/fakes';
import { freshTable } from '../support/local-services';

describe('search index backfill', () => {
  it('indexes people stored before the index, a bounded step per run, resuming, once per program', { timeout: 120_000 }, async () => {
    const { db, tableName } = await freshTable();
    const config = testConfig({ id: `prog-backfill-${Date.now()}` });
    const participants = new DynamoParticipantStore(db, tableName);
    const jobRuns = new DynamoJobRuns(db, tableName);
    const deps = { config, clock: new FixedClock(new Date('2026-12-02T09:00:00Z')), participants, jobRuns };

    const old = Array.from({ length: 25 }, (_, i) => participant(config.id, { name: `Oldtimer Person${i}` }));
    const recent = participant(config.id, { name: 'Newcomer Person' });
    await mapLimit([...old, recent], 8, (p) => participants.create(p));
    // Make the 25 "old": no searchTerms on the profile, no index entries (as before the index existed).
    await mapLimit(old, 8, async (p) => {
      await db.send(new UpdateCommand({ TableName: tableName, Key: participantKey(p.id), UpdateExpression: 'REMOVE searchTerms' }));
      for (const term of searchTerms(p)) await db.send(new DeleteCommand({ TableName: tableName, Key: searchTermKey(config.id, term, p.id) }));
    });
    const found = async (q: string) => (await participants.search(config.id, { q }, { limit: 50 })).participants.length;
    expect(await found('oldtimer')).toBe(0);
    expect(await found('newcomer')).toBe(1);

    // 26 people, 10 a page, one page per run: three runs, each resuming where the last stopped.
    const bounds = { pages: 1, pageSize: 10 };
    const runs = [];
    for (let i = 0; i < 4; i++) runs.push(await backfillSearchIndex(deps, bounds));
    expect(runs.slice(0, 3).map((r) => (r.ran ? [r.done, r.read] : 'skipped'))).toEqual([
      [false, 10],
      [false, 10],
      [true, 6],
    ]);
    expect(runs.slice(0, 3).reduce((n, r) => n + (r.ran ? r.indexed : 0), 0)).toBe(25);
    // Finished: never again for this program.
    expect(runs[3]).toEqual({ ran: false });
    expect(await found('oldtimer')).toBe(25);
    expect(await found('person7')).toBe(1);
    expect(await found('newcomer')).toBe(1);
    // Idempotent: a step over the same lists again reads them and writes nothing.
    expect(await participants.indexForSearch(config.id, { limit: 100 })).toEqual({ read: 26, indexed: 0 });
  });
});
