import { PutCommand, QueryCommand, DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import type { EmailPriority, EmailQueue, QueuedEmail } from '../../ports';
import { unlessConditionFails, transact, type Db } from '../dynamodb/client';
import { parseQueuedMessage } from '../dynamodb/items';
import { SEND_MAX_RECEIVES } from '../../domain/sending';
import { sendDeadLetterKey, sendQueueKey, sendQueueSortKey, timeCeiling } from '../dynamodb/keys';
import { SCHEMA_VERSION } from '../dynamodb/table-definition';

/** A message taken from the queue: invisible to other receivers until `handle` is deleted or its lease ends. */
export interface LeasedEmail {
  item: QueuedEmail;
  receiveCount: number;
  priority: EmailPriority;
  handle: string;
}

/**
 * The local stand-in for the two SQS send queues, in the table (DynamoDB
 * Local), so that `npm run job` (a separate process) and the app both enqueue
 * into what the local stack's sender drains. SQS's semantics where they
 * matter: delivery delay, a visibility timeout (a receive moves the message's
 * visible-at time forward; if the sender dies, it comes back), receive counts,
 * and at-least-once delivery, and a dead letter for a message that cannot be
 * read or was received SEND_MAX_RECEIVES times (so one bad message never
 * blocks the queue). Times are the wall clock's, not the job's `--at` clock:
 * a job run "next week" still sends now.
 *
 *   pk=SENDQ#<program>#<priority>  sk=<visible-at ISO>#<id>   (oldest visible first)
 *   pk=SENDQ#<program>#dead        sk=<set-aside ISO>#<id>    (the dead letters, with why)
 */
export class TableEmailQueue implements EmailQueue {
  constructor(
    private readonly db: Db,
    private readonly table: string,
    private readonly programId: string,
    private readonly now: () => number = Date.now,
    /** Told of each message set aside (the local stack logs it, as the AWS stack alarms on its dead-letter queues). */
    private readonly onDeadLetter: (reason: string) => void = () => {},
  ) {}

  private pk = (priority: EmailPriority) => sendQueueKey(this.programId, priority);
  private sk = (visibleAtMs: number, id: string) => sendQueueSortKey(new Date(visibleAtMs).toISOString(), id);

  async enqueue(item: QueuedEmail, options?: { delaySeconds?: number }): Promise<void> {
    const id = randomUUID();
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          pk: this.pk(item.priority),
          sk: this.sk(this.now() + (options?.delaySeconds ?? 0) * 1000, id),
          type: 'queued_email',
          v: SCHEMA_VERSION,
          id,
          body: JSON.stringify(item),
          receiveCount: 0,
        },
      }),
    );
  }

  /** Up to `max` visible messages of one queue, each leased for `visibilitySeconds`. */
  async receive(priority: EmailPriority, max: number, visibilitySeconds = 30): Promise<LeasedEmail[]> {
    const now = this.now();
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND sk <= :now',
        ExpressionAttributeValues: { ':pk': this.pk(priority), ':now': timeCeiling(new Date(now).toISOString()) },
        Limit: max,
        ConsistentRead: true,
      }),
    );
    const leased: LeasedEmail[] = [];
    for (const row of Items) {
      const message = readable(row);
      if (!message || message.receiveCount >= SEND_MAX_RECEIVES) {
        await this.setAside(priority, row, message ? `received ${message.receiveCount} times` : 'not a queued email');
        continue;
      }
      const handle = this.sk(now + visibilitySeconds * 1000, message.id);
      const receiveCount = message.receiveCount + 1;
      if (await this.move(priority, message.sk, handle, { ...row, receiveCount })) {
        leased.push({ item: message.email, receiveCount, priority, handle });
      }
    }
    return leased;
  }

  /** The dead letters, oldest first: what an operator looks at (and may enqueue again) after the log said so. */
  async deadLetters(): Promise<{ reason: string; body: unknown }[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({ TableName: this.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': sendDeadLetterKey(this.programId) } }),
    );
    return Items.map((row) => ({ reason: String(row.deadReason), body: row.body }));
  }

  private async setAside(priority: EmailPriority, row: Record<string, unknown>, reason: string): Promise<void> {
    const id = typeof row.id === 'string' ? row.id : randomUUID();
    const moved = await unlessConditionFails(() =>
      transact(this.db, [
        { Delete: { TableName: this.table, Key: { pk: this.pk(priority), sk: row.sk }, ConditionExpression: 'attribute_exists(pk)' } },
        {
          Put: {
            TableName: this.table,
            Item: { ...row, pk: sendDeadLetterKey(this.programId), sk: sendQueueSortKey(new Date(this.now()).toISOString(), id), deadReason: reason },
          },
        },
      ]),
    );
    if (moved) this.onDeadLetter(reason);
  }

  /** Done with a message: it leaves the queue. */
  async delete(message: LeasedEmail): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.table, Key: { pk: this.pk(message.priority), sk: message.handle } }));
  }

  /** Back in the queue, visible again after `delaySeconds` (SQS's ChangeMessageVisibility). */
  async retryLater(message: LeasedEmail, delaySeconds: number): Promise<void> {
    const id = message.handle.slice(message.handle.indexOf('#') + 1);
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND sk = :sk',
        ExpressionAttributeValues: { ':pk': this.pk(message.priority), ':sk': message.handle },
        ConsistentRead: true,
      }),
    );
    const row = Items[0];
    if (row) await this.move(message.priority, message.handle, this.sk(this.now() + delaySeconds * 1000, id), row);
  }

  /** Moves a message to a new visible-at time; false when someone else moved or deleted it first. */
  private async move(priority: EmailPriority, fromSk: string, toSk: string, row: Record<string, unknown>): Promise<boolean> {
    return unlessConditionFails(() =>
      transact(this.db, [
        { Delete: { TableName: this.table, Key: { pk: this.pk(priority), sk: fromSk }, ConditionExpression: 'attribute_exists(pk)' } },
        { Put: { TableName: this.table, Item: { ...row, pk: this.pk(priority), sk: toSk } } },
      ]),
    );
  }
}

/** The message, or undefined when its row or body is not one (a dead letter, never an exception that stops the queue). */
function readable(row: Record<string, unknown>): ReturnType<typeof parseQueuedMessage> | undefined {
  try {
    return parseQueuedMessage(row);
  } catch {
    return undefined;
  }
}
