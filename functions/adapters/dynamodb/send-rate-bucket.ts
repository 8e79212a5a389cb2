import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { takeTokens, type BucketState } from '../../domain/sending';
import type { SendRateBucket } from '../../ports';
import { isConditionFailure, type Db } from './client';
import { parseRevision, parseSendRateBucket } from './items';
import { sendRateBucketKey } from './keys';
import { SCHEMA_VERSION } from './table-definition';

/** Concurrent takes retry their conditional write this often before reporting "none granted, try again shortly". */
const ATTEMPTS = 8;

/**
 * The program's send-rate token bucket as one table item, shared by every
 * sender instance of both queues. Why the table and not the queues' settings:
 * SQS-to-Lambda maximum concurrency is at least 2 per queue and there are two
 * queues, and an instance's speed depends on SES's latency, so no concurrency
 * setting yields a rate; a reserved-concurrency-of-1 sender would, but would
 * also let one slow batch of bulk mail hold up a sign-in link. One item read
 * and written with an optimistic revision check is exact across instances
 * (every granted token is recorded before its email is sent) and costs one
 * read and one write per few emails (a take asks for up to five tokens).
 * Clock skew between instances only delays a refill (time never runs back).
 */
export class DynamoSendRateBucket implements SendRateBucket {
  constructor(
    private readonly db: Db,
    private readonly table: string,
    private readonly programId: string,
    /** Tokens per second: SES_MAX_SEND_RATE. */
    private readonly rate: number,
  ) {}

  async take(wanted: number, now: Date): Promise<{ granted: number; waitMs: number }> {
    const Key = sendRateBucketKey(this.programId);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key, ConsistentRead: true }));
      const rev = parseRevision(Item);
      const state: BucketState | undefined = parseSendRateBucket(Item);
      const { next, granted, waitMs } = takeTokens(state, now.getTime(), this.rate, wanted);
      if (granted === 0) return { granted, waitMs };
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.table,
            Item: { ...Key, type: 'send_rate_bucket', v: SCHEMA_VERSION, tokens: next.tokens, atMs: next.atMs, rev: rev + 1 },
            ConditionExpression: 'attribute_not_exists(pk) OR rev = :rev',
            ExpressionAttributeValues: { ':rev': rev },
          }),
        );
        return { granted, waitMs };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    // Others keep winning the item: they are using the rate; ask again after about one token's time.
    return { granted: 0, waitMs: Math.ceil(1000 / this.rate) };
  }
}
