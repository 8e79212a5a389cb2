import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ReviewedPair } from '../../domain/matching/review';
import { summarize, type MatchingRound, type RoundSummary } from '../../domain/round';
import type { RoundStore } from '../../ports';
import { transact, unlessConditionFails, cancelledByCondition, type Db } from './client';
import { parseRoundChunk, parseRoundHeader } from './items';
import { GSI1, GSI2, roundChunkKey, roundKey, roundSortKey, roundsOfProgram, roundsProposed } from './keys';
import { queryAll } from './reads';
import { SCHEMA_VERSION } from './table-definition';

/** Pairs (with their reasons) and unmatched ids per chunk item: far below DynamoDB's 400 KB item limit. */
export const PAIRS_PER_CHUNK = 200;
export const UNMATCHED_PER_CHUNK = 2_000;
/** A transaction holds at most 100 items: the header, the chunks and the deletes of surplus old chunks. */
const MAX_TRANSACTION_ITEMS = 100;

export function chunksOf(round: Pick<MatchingRound, 'pairs' | 'unmatched'>): { pairs: ReviewedPair[]; unmatched: string[] }[] {
  const count = Math.max(1, Math.ceil(round.pairs.length / PAIRS_PER_CHUNK), Math.ceil(round.unmatched.length / UNMATCHED_PER_CHUNK));
  return Array.from({ length: count }, (_, i) => ({
    pairs: round.pairs.slice(i * PAIRS_PER_CHUNK, (i + 1) * PAIRS_PER_CHUNK),
    unmatched: round.unmatched.slice(i * UNMATCHED_PER_CHUNK, (i + 1) * UNMATCHED_PER_CHUNK),
  }));
}

const encodeCursor = (key: Record<string, unknown> | undefined) => (key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined);
function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new RangeError('invalid cursor');
}

/**
 * Rounds in the single table: a header item (status, version, pins,
 * exclusions, counts; listed on gsi1, and on the sparse gsi2 while
 * `proposed`) and the proposal in chunk items under the same key, all
 * written in one transaction conditioned on the header's version.
 */
export class DynamoRoundStore implements RoundStore {
  constructor(
    private readonly db: Db,
    private readonly table: string,
  ) {}

  private header(round: MatchingRound, chunkCount: number) {
    const { pairs: _pairs, unmatched: _unmatched, ...rest } = round;
    return {
      ...roundKey(round.programId, round.id),
      type: 'round',
      v: SCHEMA_VERSION,
      ...rest,
      chunkCount,
      pairCount: round.pairs.length,
      unmatchedCount: round.unmatched.length,
      gsi1pk: roundsOfProgram(round.programId),
      gsi1sk: roundSortKey(round),
      ...(round.status === 'proposed' ? { gsi2pk: roundsProposed(round.programId), gsi2sk: roundSortKey(round) } : {}),
    };
  }

  private chunkPuts(round: MatchingRound) {
    const chunks = chunksOf(round);
    return chunks.map((chunk, index) => ({
      Put: {
        TableName: this.table,
        Item: {
          ...roundChunkKey(round.programId, round.id, index),
          type: 'round_chunk',
          v: SCHEMA_VERSION,
          index,
          pairs: chunk.pairs.map(({ pinned, ...p }) => (pinned ? { ...p, pinned } : p)),
          unmatched: chunk.unmatched,
        },
      },
    }));
  }

  async create(round: MatchingRound): Promise<void> {
    const puts = this.chunkPuts(round);
    if (puts.length + 1 > MAX_TRANSACTION_ITEMS) throw new RangeError(`round ${round.id} is too large to store (${puts.length} chunks)`);
    await transact(this.db, [
      { Put: { TableName: this.table, Item: this.header(round, puts.length), ConditionExpression: 'attribute_not_exists(pk)' } },
      ...puts,
    ]);
  }

  async get(programId: string, roundId: string): Promise<MatchingRound | undefined> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': roundKey(programId, roundId).pk },
      ConsistentRead: true,
    });
    const headerItem = items.find((i) => i.sk === 'ROUND');
    if (!headerItem) return undefined;
    const { chunkCount, pairCount: _p, unmatchedCount: _u, ...header } = parseRoundHeader(headerItem);
    // A chunk left over from a larger earlier version is past chunkCount (deletes are in the same transaction; this is belt and braces).
    const chunks = items
      .filter((i) => i.sk !== 'ROUND')
      .map(parseRoundChunk)
      .filter((c) => c.index < chunkCount)
      .sort((a, b) => a.index - b.index);
    return { ...header, pairs: chunks.flatMap((c) => c.pairs), unmatched: chunks.flatMap((c) => c.unmatched) };
  }

  async list(programId: string, options: { limit: number; cursor?: string }): Promise<{ rounds: RoundSummary[]; cursor?: string }> {
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': roundsOfProgram(programId) },
        ScanIndexForward: false,
        Limit: options.limit,
        ExclusiveStartKey: decodeCursor(options.cursor),
      }),
    );
    const rounds = (page.Items ?? []).map((item) => {
      const { chunkCount: _c, pairCount, unmatchedCount, ...h } = parseRoundHeader(item);
      return { ...summarize({ ...h, pairs: [], unmatched: [] }), pairCount, unmatchedCount };
    });
    const cursor = encodeCursor(page.LastEvaluatedKey);
    return cursor ? { rounds, cursor } : { rounds };
  }

  async proposed(programId: string): Promise<MatchingRound[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      IndexName: GSI2,
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': roundsProposed(programId) },
    });
    const rounds = await Promise.all(items.map((i) => this.get(programId, parseRoundHeader(i).id)));
    return rounds.filter((r): r is MatchingRound => r !== undefined && r.status === 'proposed');
  }

  async update(round: MatchingRound): Promise<'updated' | 'conflict'> {
    const current = await this.db.send(new GetCommand({ TableName: this.table, Key: roundKey(round.programId, round.id), ConsistentRead: true }));
    if (!current.Item) return 'conflict';
    const previousChunks = parseRoundHeader(current.Item).chunkCount;
    const next = { ...round, version: round.version + 1 };
    const puts = this.chunkPuts(next);
    const deletes = Array.from({ length: Math.max(0, previousChunks - puts.length) }, (_, k) => ({
      Delete: { TableName: this.table, Key: roundChunkKey(round.programId, round.id, puts.length + k) },
    }));
    if (puts.length + deletes.length + 1 > MAX_TRANSACTION_ITEMS) throw new RangeError(`round ${round.id} is too large to store`);
    try {
      await transact(this.db, [
        {
          Put: {
            TableName: this.table,
            Item: this.header(next, puts.length),
            ConditionExpression: '#status = :proposed AND version = :version',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':proposed': 'proposed', ':version': round.version },
          },
        },
        ...puts,
        ...deletes,
      ]);
      return 'updated';
    } catch (error) {
      if (cancelledByCondition(error)) return 'conflict';
      throw error;
    }
  }

  async close(programId: string, roundId: string, change: { status: 'published' | 'superseded'; at: string; by: string }): Promise<boolean> {
    const [atField, byField] = change.status === 'published' ? ['publishedAt', 'publishedBy'] : ['supersededAt', 'supersededBy'];
    return unlessConditionFails(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: roundKey(programId, roundId),
          UpdateExpression: 'SET #status = :to, #at = :at, #by = :by ADD version :one REMOVE gsi2pk, gsi2sk',
          ConditionExpression: '#status = :proposed',
          ExpressionAttributeNames: { '#status': 'status', '#at': atField!, '#by': byField! },
          ExpressionAttributeValues: { ':to': change.status, ':at': change.at, ':by': change.by, ':one': 1, ':proposed': 'proposed' },
        }),
      ),
    );
  }

  async markReminded(programId: string, roundId: string, at: string): Promise<boolean> {
    return unlessConditionFails(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: roundKey(programId, roundId),
          UpdateExpression: 'SET remindedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(remindedAt)',
          ExpressionAttributeValues: { ':at': at },
        }),
      ),
    );
  }
}
