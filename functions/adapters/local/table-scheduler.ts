import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isDeferredConfirmations, type OneTimeSchedule, type SchedulePayload, type Scheduler } from '../../ports';
import { unlessConditionFails, type Db } from '../dynamodb/client';
import { queryAll } from '../dynamodb/reads';
import { parseSchedule } from '../dynamodb/items';
import { GSI2, scheduleDueSortKey, scheduleKey as key, schedulesDue as dueKey, timeCeiling } from '../dynamodb/keys';
import { SCHEMA_VERSION } from '../dynamodb/table-definition';

/** Like EventBridge Scheduler's retry policy: give up on a schedule after this many failed firings. */
export const MAX_FIRING_ATTEMPTS = 3;

export interface FireSummary {
  fired: number;
  failed: number;
  deadLettered: number;
}

/**
 * The local stand-in for EventBridge Scheduler's one-time schedules: schedules
 * are items in the table, fired by `fireDue` (on the real clock by the local
 * stack, or at any `--at` time by `npm run job`). Fired schedules are deleted,
 * as with `ActionAfterCompletion: DELETE`; one that keeps failing is kept,
 * marked dead-lettered, like a message in the DLQ.
 */
export class TableScheduler implements Scheduler {
  constructor(
    private readonly db: Db,
    private readonly table: string,
    private readonly programId: string,
  ) {}

  async scheduleOnce(schedule: OneTimeSchedule<SchedulePayload>): Promise<void> {
    // A name that exists already is left as it is, as EventBridge does: a retried job never schedules twice.
    await unlessConditionFails(() =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...key(schedule.name),
            type: 'schedule',
            v: SCHEMA_VERSION,
            name: schedule.name,
            at: schedule.at,
            payload: schedule.payload,
            attempts: 0,
            gsi2pk: dueKey(this.programId),
            gsi2sk: scheduleDueSortKey(schedule),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async cancel(name: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.table, Key: key(name) }));
  }

  /** Pair-step schedules due at or before `until`, oldest first. */
  async due(until: string): Promise<OneTimeSchedule[]> {
    return (await this.dueAll(until)).filter((s): s is OneTimeSchedule => !isDeferredConfirmations(s.payload));
  }

  /** Every schedule due at or before `until` (pair steps and deferred-confirmation drains), oldest first. */
  async dueAll(until: string): Promise<OneTimeSchedule<SchedulePayload>[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      IndexName: GSI2,
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :until',
      ExpressionAttributeValues: { ':pk': dueKey(this.programId), ':until': timeCeiling(until) },
    });
    return items.map(parseSchedule);
  }

  /**
   * Fires every schedule due by `until`, one at a time, in time order,
   * including those that firings create on the way (a nudge schedules the
   * next one) when they too fall due by `until`. A schedule that fails is
   * tried again on a later call, not within this one.
   */
  async fireDue(until: string, fire: (schedule: OneTimeSchedule<SchedulePayload>) => Promise<void>): Promise<FireSummary> {
    const summary: FireSummary = { fired: 0, failed: 0, deadLettered: 0 };
    const failedNow = new Set<string>();
    for (let pass = 0; pass < 50; pass++) {
      const due = (await this.dueAll(until)).filter((s) => !failedNow.has(s.name));
      if (due.length === 0) break;
      for (const schedule of due) {
        try {
          await fire(schedule);
          await this.cancel(schedule.name);
          summary.fired++;
        } catch {
          summary.failed++;
          failedNow.add(schedule.name);
          if ((await this.recordFailure(schedule.name)) >= MAX_FIRING_ATTEMPTS) summary.deadLettered++;
        }
      }
    }
    return summary;
  }

  private async recordFailure(name: string): Promise<number> {
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: key(name),
        UpdateExpression: 'ADD attempts :one',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const attempts = Number(Attributes?.attempts ?? 0);
    if (attempts >= MAX_FIRING_ATTEMPTS) {
      // Out of the due list, kept for inspection: the local dead-letter queue.
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key(name),
          UpdateExpression: 'SET deadLettered = :t REMOVE gsi2pk, gsi2sk',
          ExpressionAttributeValues: { ':t': true },
        }),
      );
    }
    return attempts;
  }
}
