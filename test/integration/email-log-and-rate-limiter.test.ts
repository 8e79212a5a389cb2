import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoEmailLog } from '../../functions/adapters/dynamodb/email-log';
import { DynamoRateLimiter } from '../../functions/adapters/dynamodb/rate-limiter';
import { DynamoSendRateBucket } from '../../functions/adapters/dynamodb/send-rate-bucket';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { TableEmailQueue } from '../../functions/adapters/local/table-email-queue';
import { SEND_MAX_RECEIVES } from '../../functions/domain/sending';
import type { QueuedEmail } from '../../functions/ports';
import { freshTable } from '../support/local-services';

let log: DynamoEmailLog;
let limiter: DynamoRateLimiter;
let table: Awaited<ReturnType<typeof freshTable>>;
const at = '2026-11-30T09:00:00.000Z';

beforeAll(async () => {
  table = await freshTable();
  const { db, tableName } = table;
  log = new DynamoEmailLog(db, tableName);
  limiter = new DynamoRateLimiter(db, tableName);
});

describe('DynamoEmailLog', () => {
  it('lets concurrent claims of a waiting email all queue it (the sender sends one), and none once it is under way', async () => {
    const claims = await Promise.all(Array.from({ length: 8 }, () => log.claim('intro#pair-1#a', at, { template: 'intro', programId: 'p1' })));
    expect(claims.every(Boolean)).toBe(true);
    expect(await log.get('intro#pair-1#a')).toEqual({ state: 'queued', template: 'intro', error: undefined });
    const starts = await Promise.all(Array.from({ length: 8 }, () => log.startSending('intro#pair-1#a', at)));
    expect(starts.filter(Boolean)).toHaveLength(1);
    const late = await Promise.all(Array.from({ length: 4 }, () => log.claim('intro#pair-1#a', at, { template: 'intro', programId: 'p1' })));
    expect(late.some(Boolean)).toBe(false);
  });

  it('never re-claims a sent key, but does re-claim a failed one', async () => {
    expect(await log.claim('k-sent', at, { template: 'confirm', programId: 'p1' })).toBe(true);
    await log.markSent('k-sent', 'msg-1', at);
    expect(await log.claim('k-sent', at, { template: 'confirm', programId: 'p1' })).toBe(false);

    expect(await log.claim('k-failed', at, { template: 'confirm', programId: 'p1' })).toBe(true);
    await log.markFailed('k-failed', 'TooManyRequestsException', at);
    expect(await log.get('k-failed')).toMatchObject({ state: 'failed', error: 'TooManyRequestsException' });
    expect(await log.claim('k-failed', at, { template: 'confirm', programId: 'p1' })).toBe(true);
  });
});

describe('DynamoEmailLog: queued → sending → sent', () => {
  it('lets exactly one of many concurrent senders start a queued email, and only a queued one', async () => {
    await log.claim('intro#pair-2#a', at, { template: 'intro', programId: 'p1' });
    const starts = await Promise.all(Array.from({ length: 6 }, () => log.startSending('intro#pair-2#a', at)));
    expect(starts.filter(Boolean)).toHaveLength(1);
    expect(await log.claim('intro#pair-2#a', at, { template: 'intro', programId: 'p1' })).toBe(false);
    await log.requeue('intro#pair-2#a', at);
    expect((await log.get('intro#pair-2#a'))?.state).toBe('queued');
    expect(await log.startSending('intro#pair-2#a', at)).toBe(true);
    await log.markSent('intro#pair-2#a', 'msg-2', at);
    expect(await log.startSending('intro#pair-2#a', at)).toBe(false);
  });

  it("counts the program's emails left `sending` before a time (a crash between SES and `sent`), from a sparse index", async () => {
    for (const k of ['u1', 'u2', 'u3']) {
      await log.claim(k, at, { template: 'intro', programId: 'p-unknown' });
      await log.startSending(k, k === 'u3' ? '2026-11-30T10:00:00.000Z' : at);
    }
    await log.markSent('u2', 'm', at);
    await log.claim('other', at, { template: 'intro', programId: 'p-other' });
    await log.startSending('other', at);
    expect(await log.countUnknown('p-unknown', '2026-11-30T09:30:00.000Z')).toBe(1);
    expect(await log.countUnknown('p-unknown', '2026-11-30T11:00:00.000Z')).toBe(2);
  });
});

describe('DynamoSendRateBucket', () => {
  it('grants concurrent takers together no more than the bucket holds, then refills at the rate', async () => {
    const bucket = new DynamoSendRateBucket(table.db, table.tableName, 'p-rate', 10);
    const now = new Date('2026-11-30T09:00:00Z');
    const takes = await Promise.all(Array.from({ length: 6 }, () => bucket.take(5, now)));
    expect(takes.reduce((n, t) => n + t.granted, 0)).toBe(10);
    expect(takes.some((t) => t.granted < 5 && t.waitMs > 0)).toBe(true);
    expect((await bucket.take(5, new Date(now.getTime() + 300))).granted).toBe(3);
  });
});

describe('TableEmailQueue (the local send queues)', () => {
  const item = (key: string, priority: 'now' | 'bulk' = 'bulk'): QueuedEmail => ({
    key,
    priority,
    template: 'intro',
    email: { raw: `Subject: ${key}\r\n\r\nhi` },
  });

  it('delivers after the delay, leases what it hands out, and brings back a message retried later', async () => {
    let now = Date.parse('2026-11-30T09:00:00Z');
    const queue = new TableEmailQueue(table.db, table.tableName, 'p-queue', () => now);
    await queue.enqueue(item('a'));
    await queue.enqueue(item('b'), { delaySeconds: 60 });
    const first = await queue.receive('bulk', 10, 30);
    expect(first.map((m) => [m.item.key, m.receiveCount])).toEqual([['a', 1]]);
    expect(await queue.receive('bulk', 10, 30)).toEqual([]); // leased

    await queue.retryLater(first[0]!, 5);
    now += 6_000;
    const again = await queue.receive('bulk', 10, 30);
    expect(again.map((m) => [m.item.key, m.receiveCount])).toEqual([['a', 2]]);
    await queue.delete(again[0]!);

    now += 60_000;
    expect((await queue.receive('bulk', 10, 30)).map((m) => m.item.key)).toEqual(['b']);
    expect(await queue.receive('now', 10, 30)).toEqual([]);
  });

  it('sets a malformed message aside as a dead letter, and the messages behind it still flow', async () => {
    const reasons: string[] = [];
    const queue = new TableEmailQueue(table.db, table.tableName, 'p-poison', Date.now, (r) => reasons.push(r));
    // Older than anything enqueued now, so it stands first in the queue.
    await table.db.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { pk: 'SENDQ#p-poison#bulk', sk: '2026-01-01T00:00:00.000Z#bad', type: 'queued_email', v: 1, id: 'bad', body: '{not json', receiveCount: 0 },
      }),
    );
    await queue.enqueue(item('good'));
    expect((await queue.receive('bulk', 10, 30)).map((m) => m.item.key)).toEqual(['good']);
    expect(reasons).toEqual(['not a queued email']);
    expect(await queue.deadLetters()).toEqual([{ reason: 'not a queued email', body: '{not json' }]);
  });

  it(`sets a message aside after ${SEND_MAX_RECEIVES} receives, as SQS's redrive policy does`, async () => {
    let now = Date.parse('2026-11-30T09:00:00Z');
    const queue = new TableEmailQueue(table.db, table.tableName, 'p-redrive', () => now);
    await queue.enqueue(item('always-throttled'));
    for (let i = 1; i <= SEND_MAX_RECEIVES; i++) {
      const [message] = await queue.receive('bulk', 10, 30);
      expect(message?.receiveCount).toBe(i);
      await queue.retryLater(message!, 1);
      now += 2_000;
    }
    expect(await queue.receive('bulk', 10, 30)).toEqual([]);
    expect((await queue.deadLetters()).map((d) => d.reason)).toEqual([`received ${SEND_MAX_RECEIVES} times`]);
  });

  it('hands a message to one of several concurrent receivers', async () => {
    const queue = new TableEmailQueue(table.db, table.tableName, 'p-race');
    await queue.enqueue(item('only', 'now'));
    const got = await Promise.all(Array.from({ length: 4 }, () => queue.receive('now', 10, 30)));
    expect(got.flat().map((m) => m.item.key)).toEqual(['only']);
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
