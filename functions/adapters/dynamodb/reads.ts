import { BatchGetCommand, paginateQuery, type BatchGetCommandOutput, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client';

type Item = Record<string, unknown>;
type Key = Record<string, unknown>;

/**
 * Every item a query matches, page after page: the SDK's paginator follows
 * `LastEvaluatedKey` (a page stops at 1 MB or `pageSize` items). With `max`,
 * it stops as soon as that many items are in.
 */
export async function queryAll(db: Db, input: QueryCommandInput, options: { pageSize?: number; max?: number } = {}): Promise<Item[]> {
  const { max } = options;
  if (max !== undefined && max < 1) return [];
  const pageSize = max !== undefined ? Math.min(max, options.pageSize ?? max) : options.pageSize;
  const out: Item[] = [];
  // The paginator writes its start key into the input it is given: hand it a copy.
  for await (const page of paginateQuery({ client: db, pageSize }, { ...input })) {
    out.push(...(page.Items ?? []));
    if (max !== undefined && out.length >= max) return out.slice(0, max);
  }
  return out;
}

/** A batch read still had unprocessed keys after every allowed attempt (sustained throttling). */
export class BatchGetIncomplete extends Error {
  override name = 'BatchGetIncomplete';
  constructor(
    readonly table: string,
    readonly unprocessed: number,
    attempts: number,
  ) {
    super(`BatchGetItem on ${table} left ${unprocessed} key(s) unprocessed after ${attempts} attempts`);
  }
}

export interface BatchGetOptions {
  consistentRead?: boolean;
  /** Requests per chunk of up to 100 keys before giving up (the first one included). */
  maxAttempts?: number;
  baseDelayMs?: number;
  /** The backoff never waits longer than this between two attempts. */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** What `batchGetAll` needs of the client (a stub in unit tests). */
export interface BatchGetClient {
  send(command: BatchGetCommand): Promise<BatchGetCommandOutput>;
}

const BATCH_GET_LIMIT = 100;
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Reads every key (any number, 100 per request). DynamoDB may answer part of a
 * batch and return the rest as `UnprocessedKeys` (throttling, 16 MB cap); those
 * are asked again with capped exponential backoff and full jitter, as AWS
 * advises, and after `maxAttempts` requests for one chunk the read throws
 * `BatchGetIncomplete` rather than silently returning fewer items. (The SDK's
 * `paginatedBatchGet` re-asks at once and without bound.) Missing items are
 * simply absent from the result, in no particular order.
 */
export async function batchGetAll(db: BatchGetClient, table: string, keys: readonly Key[], options: BatchGetOptions = {}): Promise<Item[]> {
  const { consistentRead, maxAttempts = 8, baseDelayMs = 50, maxDelayMs = 2_000, sleep = realSleep, random = Math.random } = options;
  const out: Item[] = [];
  for (let i = 0; i < keys.length; i += BATCH_GET_LIMIT) {
    let pending: Key[] = keys.slice(i, i + BATCH_GET_LIMIT);
    for (let attempt = 1; ; attempt++) {
      const { Responses, UnprocessedKeys } = await db.send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: consistentRead } } }),
      );
      out.push(...(Responses?.[table] ?? []));
      pending = (UnprocessedKeys?.[table]?.Keys ?? []) as Key[];
      if (pending.length === 0) break;
      if (attempt >= maxAttempts) throw new BatchGetIncomplete(table, pending.length, attempt);
      await sleep(Math.round(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1))));
    }
  }
  return out;
}
