import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoEmailLog } from '../../functions/adapters/dynamodb/email-log';
import { DynamoRateLimiter } from '../../functions/adapters/dynamodb/rate-limiter';
import { freshTable } from '../support/local-services';

let log: DynamoEmailLog;
let limiter: DynamoRateLimiter;
const at = '2026-11-30T09:00:00.000Z';

beforeAll(async () => {
  const { db, tableName } = await freshTable();
  log = new DynamoEmailLog(db, tableName);
  limiter = new DynamoRateLimiter(db, tableName);
});

describe('DynamoEmailLog', () => {
  it('lets exactly one of many concurrent claims win', async () => {
    const claims = await Promise.all(Array.from({ length: 8 }, () => log.claim('intro#pair-1#a', at, { template: 'intro' })));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await log.get('intro#pair-1#a')).toEqual({ state: 'sending', template: 'intro', error: undefined });
  });

  it('never re-claims a sent key, but does re-claim a failed one', async () => {
    expect(await log.claim('k-sent', at, { template: 'confirm' })).toBe(true);
    await log.markSent('k-sent', 'msg-1', at);
    expect(await log.claim('k-sent', at, { template: 'confirm' })).toBe(false);

    expect(await log.claim('k-failed', at, { template: 'confirm' })).toBe(true);
    await log.markFailed('k-failed', 'TooManyRequestsException', at);
    expect(await log.get('k-failed')).toMatchObject({ state: 'failed', error: 'TooManyRequestsException' });
    expect(await log.claim('k-failed', at, { template: 'confirm' })).toBe(true);
  });
});

describe('DynamoRateLimiter', () => {
  it('allows `limit` hits per window, counted atomically, and resets in the next window', async () => {
    const now = new Date('2026-11-30T09:00:05Z');
    const results = await Promise.all(Array.from({ length: 7 }, () => limiter.hit('client-x', 5, 600, now)));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    expect(results.find((r) => !r.allowed)?.retryAfterSeconds).toBe(595);
    expect((await limiter.hit('client-x', 5, 600, new Date('2026-11-30T09:10:00Z'))).allowed).toBe(true);
    expect((await limiter.hit('client-y', 5, 600, now)).allowed).toBe(true);
  });
});
