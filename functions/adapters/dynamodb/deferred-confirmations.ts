import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DeferredConfirmation, DeferredConfirmationQueue } from '../../ports';
import type { Db } from './client';
import { queryAll } from './reads';
import { SCHEMA_VERSION } from './table-definition';

const queueKey = (programId: string) => `PROG#${programId}#DEFERRED`;
const itemKey = (programId: string, item: DeferredConfirmation) => ({ pk: queueKey(programId), sk: `${item.deferredAt}#${item.key}` });

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
        Item: { ...itemKey(programId, item), type: 'deferred_confirmation', v: SCHEMA_VERSION, participantId: item.participantId, key: item.key, deferredAt: item.deferredAt },
      }),
    );
  }

  async oldest(programId: string, limit: number): Promise<DeferredConfirmation[]> {
    const items = await queryAll(
      this.db,
      { TableName: this.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': queueKey(programId) }, ConsistentRead: true },
      { max: limit },
    );
    return items.map((item) => ({ participantId: String(item.participantId), key: String(item.key), deferredAt: String(item.deferredAt) }));
  }

  async remove(programId: string, item: DeferredConfirmation): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.table, Key: itemKey(programId, item) }));
  }
}
