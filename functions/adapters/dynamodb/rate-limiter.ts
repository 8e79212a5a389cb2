import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RateLimiter } from '../../ports';
import type { Db } from './client';

/**
 * Fixed-window counters in the table, shared by every Lambda instance (an
 * in-memory counter would reset with each cold start). Windows expire by TTL.
 * The caller passes an already-hashed client key: no IP addresses are stored.
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
        Key: { pk: `RL#${key}#${windowStart}`, sk: 'RL' },
        UpdateExpression: 'ADD hits :one SET expiresAt = :ttl, #type = :type',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':one': 1, ':ttl': windowStart + windowSeconds * 2, ':type': 'rate_window' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const hits = Number(Attributes?.hits ?? 1);
    return { allowed: hits <= limit, retryAfterSeconds: windowStart + windowSeconds - nowSeconds };
  }
}
