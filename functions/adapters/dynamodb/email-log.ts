import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DeliveryState, EmailLog, EmailLogEntry } from '../../ports';
import { unlessConditionFails, type Db } from './client';
import { parseEmailLogEntry, parseParticipantEmail } from './items';
import { emailLogKey as key, emailsOfParticipant, emailsSending as sendingIndex, GSI1, GSI2 } from './keys';
import { SCHEMA_VERSION } from './table-definition';

/** The sparse index of emails in `sending`, per program: a crash between SES and `sent` leaves them there. */
const SENDING_INDEX = GSI2;

/**
 * One item per idempotency key, moved `queued → sending → sent | failed` by
 * conditional writes: the put of `claim` is what stops a retried job once the
 * email is under way, and the update of `startSending` what makes a duplicate
 * queue message send nothing. While `sending`, the item is in a sparse index (gsi2) by
 * program and time, so the digest counts emails left in an unknown state
 * without scanning.
 */
export class DynamoEmailLog implements EmailLog {
  constructor(
    private readonly db: Db,
    private readonly table: string,
  ) {}

  async claim(k: string, at: string, meta: { template: string; programId: string; participantId?: string }): Promise<boolean> {
    return unlessConditionFails(() =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...key(k),
            type: 'email',
            v: SCHEMA_VERSION,
            state: 'queued',
            template: meta.template,
            claimedAt: at,
            sendingKey: sendingIndex(meta.programId),
            // Listed by participant for the console (ids and template only: nothing to erase).
            ...(meta.participantId ? { gsi1pk: emailsOfParticipant(meta.participantId), gsi1sk: `${at}#${k}` } : {}),
          },
          // A failed or still queued email may be queued again (see EmailLog.claim); one in flight or sent never is.
          ConditionExpression: 'attribute_not_exists(pk) OR #state IN (:failed, :queued)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':failed': 'failed', ':queued': 'queued' },
        }),
      ),
    );
  }

  async ofParticipant(participantId: string, limit: number): Promise<EmailLogEntry[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': emailsOfParticipant(participantId) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items.map(parseParticipantEmail);
  }

  async startSending(k: string, at: string): Promise<boolean> {
    return this.changeState(k, {
      // gsi2pk takes the program's index key stored at claim time (SET a = b copies b).
      update: 'SET #state = :sending, sendingAt = :at, gsi2pk = sendingKey, gsi2sk = :at',
      condition: '#state = :queued',
      values: { ':sending': 'sending', ':queued': 'queued', ':at': at },
    });
  }

  async requeue(k: string, at: string): Promise<void> {
    // Not `sending` any more (a duplicate delivery already settled it): nothing to put back.
    await this.changeState(k, {
      update: 'SET #state = :queued, requeuedAt = :at REMOVE gsi2pk, gsi2sk, sendingAt ADD throttles :one',
      condition: '#state = :sending',
      values: { ':queued': 'queued', ':sending': 'sending', ':at': at, ':one': 1 },
    });
  }

  async markSent(k: string, messageId: string, at: string): Promise<void> {
    await this.changeState(k, {
      update: 'SET #state = :sent, messageId = :id, sentAt = :at REMOVE #error, gsi2pk, gsi2sk',
      names: { '#error': 'error' },
      values: { ':sent': 'sent', ':id': messageId, ':at': at },
    });
  }

  async markFailed(k: string, error: string, at: string): Promise<void> {
    await this.changeState(k, {
      update: 'SET #state = :failed, #error = :error, failedAt = :at REMOVE gsi2pk, gsi2sk ADD attempts :one',
      names: { '#error': 'error' },
      values: { ':failed': 'failed', ':error': error, ':at': at, ':one': 1 },
    });
  }

  /**
   * One update of the email's item (`#state` names its state; `names` any other
   * alias the update uses). With a `condition` (the state it must be in), false
   * when it was not in it.
   */
  private changeState(
    k: string,
    change: { update: string; condition?: string; names?: Record<string, string>; values: Record<string, unknown> },
  ): Promise<boolean> {
    return unlessConditionFails(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key(k),
          UpdateExpression: change.update,
          ConditionExpression: change.condition,
          ExpressionAttributeNames: { '#state': 'state', ...change.names },
          ExpressionAttributeValues: change.values,
        }),
      ),
    );
  }

  async get(k: string): Promise<{ state: DeliveryState; template: string; error?: string } | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: key(k), ConsistentRead: true }));
    return Item ? parseEmailLogEntry(Item) : undefined;
  }

  async countUnknown(programId: string, before: string): Promise<number> {
    let count = 0;
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: SENDING_INDEX,
          KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :before',
          ExpressionAttributeValues: { ':pk': sendingIndex(programId), ':before': before },
          Select: 'COUNT',
          ExclusiveStartKey,
        }),
      );
      count += page.Count ?? 0;
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return count;
  }
}
