import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DeliveryState, EmailLog } from '../../ports';
import { isConditionFailure, type Db } from './client';
import { SCHEMA_VERSION } from './table-definition';

const key = (k: string) => ({ pk: `MAIL#${k}`, sk: 'MAIL' });

/** One item per idempotency key; the conditional put is what makes a retried job send once. */
export class DynamoEmailLog implements EmailLog {
  constructor(
    private readonly db: Db,
    private readonly table: string,
  ) {}

  async claim(k: string, at: string, meta: { template: string }): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...key(k), type: 'email', v: SCHEMA_VERSION, state: 'sending', template: meta.template, claimedAt: at },
          // A failed send may be retried; a sent or in-flight one never is.
          ConditionExpression: 'attribute_not_exists(pk) OR #state = :failed',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':failed': 'failed' },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async markSent(k: string, messageId: string, at: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: key(k),
        UpdateExpression: 'SET #state = :sent, messageId = :id, sentAt = :at REMOVE #error',
        ExpressionAttributeNames: { '#state': 'state', '#error': 'error' },
        ExpressionAttributeValues: { ':sent': 'sent', ':id': messageId, ':at': at },
      }),
    );
  }

  async markFailed(k: string, error: string, at: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: key(k),
        UpdateExpression: 'SET #state = :failed, #error = :error, failedAt = :at ADD attempts :one',
        ExpressionAttributeNames: { '#state': 'state', '#error': 'error' },
        ExpressionAttributeValues: { ':failed': 'failed', ':error': error, ':at': at, ':one': 1 },
      }),
    );
  }

  async get(k: string): Promise<{ state: DeliveryState; template: string; error?: string } | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: key(k), ConsistentRead: true }));
    return Item ? { state: Item.state as DeliveryState, template: String(Item.template), error: Item.error as string | undefined } : undefined;
  }
}
