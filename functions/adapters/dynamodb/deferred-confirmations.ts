import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DeferredConfirmation, DeferredConfirmationQueue } from '../../ports';
import type { Db } from './client';
import { queryAll } from './reads';
import { parseDeferredConfirmation } from './items';
import { deferredItemKey as itemKey, deferredQueueKey as queueKey } from './keys';
import { SCHEMA_VERSION } from './table-definition';

/**
 * Confirmations the hourly cap held back, one item each in one partition per
 * program, sorted by when they were deferred: the drain reads the oldest first
 * and deletes what it sent, so nothing is ever moved or rewritten.
 */
export class DynamoDeferredConfirmations implements DeferredConfirmationQueue {
  constructor(
    private readonly db: Db,
    private readonly table: string,
  ) {}

  async add(programId: string, item: DeferredConfirmation): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...itemKey(programId, item),
          type: 'deferred_confirmation',
          v: SCHEMA_VERSION,
          participantId: item.participantId,
          key: item.key,
          deferredAt: item.deferredAt,
        },
      }),
    );
  }

  async oldest(programId: string, limit: number): Promise<DeferredConfirmation[]> {
    const items = await queryAll(
      this.db,
      { TableName: this.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': queueKey(programId) }, ConsistentRead: true },
      { max: limit },
    );
    return items.map(parseDeferredConfirmation);
  }

  async remove(programId: string, item: DeferredConfirmation): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.table, Key: itemKey(programId, item) }));
  }
}
