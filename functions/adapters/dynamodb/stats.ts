import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Cohort, Gauges, IsoWeek, WeekStats } from '../../domain/kpi/aggregates';
import type { StatsDelta } from '../../domain/kpi/stats-delta';
import type { StatsStore } from '../../ports';
import { cancelledByCondition, isConditionFailure, transact, type Db } from './client';
import { parseCounters, parseIncentive, parseSnapshot } from './items';
import { countedOnceKey, programKey, SK_PREFIX, statsKeys } from './keys';
import { batchGetAll, queryAll } from './reads';
import { SCHEMA_VERSION } from './table-definition';

function addAll(table: string, key: Record<string, string>, type: string, counts: Record<string, number | undefined>, extra: Record<string, string> = {}) {
  const entries = Object.entries(counts).filter(([, v]) => v !== undefined && v !== 0) as [string, number][];
  if (entries.length === 0) return [];
  const names: Record<string, string> = { '#type': 'type', '#v': 'v' };
  const values: Record<string, unknown> = { ':type': type, ':v': SCHEMA_VERSION };
  const adds = entries.map(([name, by], i) => {
    names[`#c${i}`] = name;
    values[`:c${i}`] = by;
    return `#c${i} :c${i}`;
  });
  const sets = ['#type = :type', '#v = :v'];
  for (const [i, [k, v]] of Object.entries(extra).entries()) {
    names[`#e${i}`] = k;
    values[`:e${i}`] = v;
    sets.push(`#e${i} = :e${i}`);
  }
  return [
    {
      Update: {
        TableName: table,
        Key: key,
        UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
  ];
}

/** The counter updates for a delta, to add to the event's own transaction (distinct items: week, totals, cohort). */
export function statsUpdates(table: string, programId: string, delta: StatsDelta | undefined) {
  if (!delta) return [];
  return [
    ...(delta.week ? addAll(table, statsKeys.week(programId, delta.week.week), 'stats_week', delta.week.counts, { week: delta.week.week }) : []),
    ...(delta.gauges ? addAll(table, statsKeys.total(programId), 'stats_total', delta.gauges) : []),
    ...(delta.cohort ? addAll(table, statsKeys.cohort(programId, delta.cohort.week), 'stats_cohort', delta.cohort.counts, { week: delta.cohort.week }) : []),
  ];
}

/** Reads and writes the aggregates; reads are a bounded batch of items, never a scan. */
export class DynamoStats implements StatsStore {
  /** Items read by the last `read` (for the digest's "bounded reads" benchmark). */
  lastReadItems = 0;

  constructor(
    private readonly db: Db,
    private readonly table: string,
  ) {}

  /** For events without a transaction of their own (e.g. an email went out). */
  async add(programId: string, delta: StatsDelta, once?: string): Promise<void> {
    const items = statsUpdates(this.table, programId, delta);
    if (items.length === 0) return;
    if (!once) return transact(this.db, items);
    // A guard item in the same transaction: the counters move only with its first write.
    const guard = {
      Put: {
        TableName: this.table,
        Item: { ...countedOnceKey(once), type: 'counted_once', v: SCHEMA_VERSION },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    try {
      await transact(this.db, [guard, ...items]);
    } catch (error) {
      if (!cancelledByCondition(error)) throw error;
    }
  }

  async read(programId: string, weeks: IsoWeek[], cohortWeeks: IsoWeek[]): Promise<{ weeks: WeekStats[]; gauges: Gauges; cohorts: Cohort[] }> {
    const keys = [statsKeys.total(programId), ...weeks.map((w) => statsKeys.week(programId, w)), ...cohortWeeks.map((w) => statsKeys.cohort(programId, w))];
    // Every key is read, or the read throws: a digest on partial counters would report wrong numbers.
    const found = new Map((await batchGetAll(this.db, this.table, keys, { consistentRead: true })).map((item) => [String(item.sk), item]));
    this.lastReadItems = found.size;
    const counters = (key: { sk: string }) => parseCounters(found.get(key.sk));
    return {
      gauges: counters(statsKeys.total(programId)),
      weeks: weeks.map((week) => ({ week, counts: counters(statsKeys.week(programId, week)) })),
      cohorts: cohortWeeks.map((week) => ({ week, counts: counters(statsKeys.cohort(programId, week)) })),
    };
  }

  /** Keeps the first snapshot of a week (the one taken closest to its end); a re-run does not overwrite it. */
  async saveSnapshot(programId: string, week: IsoWeek, gauges: Gauges): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...statsKeys.snapshot(programId, week), type: 'stats_snapshot', v: SCHEMA_VERSION, week, ...gauges },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async snapshots(programId: string, weeks: IsoWeek[]): Promise<{ week: IsoWeek; gauges: Gauges }[]> {
    if (weeks.length === 0) return [];
    const items = await batchGetAll(
      this.db,
      this.table,
      weeks.map((w) => statsKeys.snapshot(programId, w)),
    );
    this.lastReadItems += items.length;
    return items.map(parseSnapshot).sort((a, b) => (a.week < b.week ? -1 : 1));
  }

  async incentiveEarners(programId: string, week: IsoWeek): Promise<{ participantId: string; at: string }[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': programKey(programId), ':sk': SK_PREFIX.incentivesOfWeek(week) },
    });
    this.lastReadItems += items.length;
    return items.map(parseIncentive);
  }
}
