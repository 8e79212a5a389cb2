import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { slideWindow } from '../../domain/sign-up-protection';
import type { RateLimiter } from '../../ports';
import { isConditionFailure, type Db } from './client';
import { parseRateLog, parseRevision } from './items';
import { rateLogKey, rateWindowKey } from './keys';
import { SCHEMA_VERSION } from './table-definition';

/** Concurrent hits on one sliding key retry their conditional write this often, then count as refused. */
const SLIDING_ATTEMPTS = 10;

/**
 * Fixed-window counters in the table, shared by every Lambda instance (an
 * in-memory counter would reset with each cold start). Windows expire by TTL.
 * The caller passes an already-hashed client key: no IP addresses are stored.
 *
 * Sliding windows (`hitSliding`) keep, per key, one item with the times of the
 * hits granted within the window (at most `limit` of them), updated with an
 * optimistic revision check: one read and one write per hit.
 */
export class DynamoRateLimiter implements RateLimiter {
  constructor(
    private readonly db: Db,
    private readonly table: string,
  ) {}

  async hit(key: string, limit: number, windowSeconds: number, now: Date) {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const windowStart = nowSeconds - (nowSeconds % windowSeconds);
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: rateWindowKey(key, windowStart),
        UpdateExpression: 'ADD hits :one SET expiresAt = :ttl, #type = :type',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':one': 1, ':ttl': windowStart + windowSeconds * 2, ':type': 'rate_window' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const hits = Number(Attributes?.hits ?? 1);
    return { allowed: hits <= limit, retryAfterSeconds: windowStart + windowSeconds - nowSeconds };
  }

  async hitSliding(key: string, limit: number, windowSeconds: number, now: Date) {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const Key = rateLogKey(key);
    for (let attempt = 0; attempt < SLIDING_ATTEMPTS; attempt++) {
      const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key, ConsistentRead: true }));
      const rev = parseRevision(Item);
      const decision = slideWindow(parseRateLog(Item), limit, windowSeconds, nowSeconds);
      if (!decision.allowed) return { allowed: false, retryAfterSeconds: decision.retryAfterSeconds };
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.table,
            Item: { ...Key, type: 'rate_log', v: SCHEMA_VERSION, hits: decision.hits, rev: rev + 1, expiresAt: nowSeconds + windowSeconds },
            ConditionExpression: 'attribute_not_exists(pk) OR rev = :rev',
            ExpressionAttributeValues: { ':rev': rev },
          }),
        );
        return { allowed: true, retryAfterSeconds: 0 };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    // Still contended after every attempt: someone is hammering this key, so refuse (nothing is sent).
    return { allowed: false, retryAfterSeconds: 1 };
  }
}
