import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { JobRunLog, ProgramSettingsStore, RecurringJob, SettingsVersionPage, StoredSettingsVersion } from '../../ports';
import { unlessConditionFails, type Db } from './client';
import { parseJobLastRun, parseSettingsVersion } from './items';
import { jobLastRunKey, jobRunKey, programKey, SK_PREFIX, settingsVersionKey } from './keys';
import { SCHEMA_VERSION } from './table-definition';

/**
 * The program's settings as versions in the program's partition, one item each, never
 * overwritten: writing version n+1 is a put on condition that it does not exist yet, so two
 * admins editing from the same version cannot both win, and the history is the items.
 */
export class DynamoProgramSettings implements ProgramSettingsStore {
  constructor(
    private readonly db: Db,
    private readonly table: string,
  ) {}

  async current(programId: string): Promise<StoredSettingsVersion | undefined> {
    return (await this.page(programId, 1)).versions[0];
  }

  async write(programId: string, version: StoredSettingsVersion): Promise<'written' | 'conflict'> {
    const written = await unlessConditionFails(() =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...settingsVersionKey(programId, version.version),
            type: 'settings_version',
            v: SCHEMA_VERSION,
            version: version.version,
            updatedAt: version.updatedAt,
            updatedBy: version.updatedBy,
            document: JSON.stringify(version.settings),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    return written ? 'written' : 'conflict';
  }

  history(programId: string, options: { limit: number; cursor?: string }): Promise<SettingsVersionPage> {
    const before = options.cursor === undefined ? undefined : Number(options.cursor);
    return this.page(programId, options.limit, Number.isInteger(before) && before! > 0 ? before : undefined);
  }

  private async page(programId: string, limit: number, before?: number): Promise<SettingsVersionPage> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: before === undefined ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk AND sk BETWEEN :prefix AND :before',
        ExpressionAttributeValues: {
          ':pk': programKey(programId),
          ':prefix': SK_PREFIX.settingsVersion,
          ...(before === undefined ? {} : { ':before': settingsVersionKey(programId, before - 1).sk }),
        },
        ScanIndexForward: false,
        ConsistentRead: true,
        // One more than asked: whether there is a next page.
        Limit: limit + 1,
      }),
    );
    const versions = Items.slice(0, limit).map(parseSettingsVersion);
    const last = versions.at(-1);
    return Items.length > limit && last ? { versions, cursor: String(last.version) } : { versions };
  }
}

/** Runs of the recurring jobs, one item per job and scheduled time in the program's partition. */
export class DynamoJobRuns implements JobRunLog {
  constructor(
    private readonly db: Db,
    private readonly table: string,
  ) {}

  claim(programId: string, job: RecurringJob, scheduledFor: string, at: string, staleAfterMs: number): Promise<boolean> {
    return unlessConditionFails(() =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...jobRunKey(programId, job, scheduledFor), type: 'job_run', v: SCHEMA_VERSION, state: 'running', claimedAt: at },
          // Free, released by a failed run, or claimed by a run that crashed long enough ago.
          ConditionExpression: 'attribute_not_exists(pk) OR #state = :released OR (#state = :running AND claimedAt < :stale)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':running': 'running', ':released': 'released', ':stale': new Date(Date.parse(at) - staleAfterMs).toISOString() },
        }),
      ),
    );
  }

  async finish(programId: string, job: RecurringJob, scheduledFor: string, at: string): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...jobRunKey(programId, job, scheduledFor), type: 'job_run', v: SCHEMA_VERSION, state: 'done', finishedAt: at },
      }),
    );
    // The newest finished run: a retry of an older one never moves it back.
    await unlessConditionFails(() =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...jobLastRunKey(programId, job), type: 'job_last_run', v: SCHEMA_VERSION, scheduledFor },
          ConditionExpression: 'attribute_not_exists(pk) OR scheduledFor < :s',
          ExpressionAttributeValues: { ':s': scheduledFor },
        }),
      ),
    );
  }

  async release(programId: string, job: RecurringJob, scheduledFor: string, resumeFrom?: string): Promise<void> {
    // A put, not a delete: the matching and digest functions are granted no DeleteItem. Already finished: nothing to release.
    await unlessConditionFails(() =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...jobRunKey(programId, job, scheduledFor), type: 'job_run', v: SCHEMA_VERSION, state: 'released', ...(resumeFrom ? { resumeFrom } : {}) },
          ConditionExpression: '#state = :running',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':running': 'running' },
        }),
      ),
    );
  }

  async resumePoint(programId: string, job: RecurringJob, scheduledFor: string): Promise<string | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: jobRunKey(programId, job, scheduledFor), ConsistentRead: true }));
    return Item?.state === 'released' && typeof Item.resumeFrom === 'string' ? Item.resumeFrom : undefined;
  }

  async lastFinished(programId: string, job: RecurringJob): Promise<string | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: jobLastRunKey(programId, job), ConsistentRead: true }));
    return parseJobLastRun(Item);
  }
}
