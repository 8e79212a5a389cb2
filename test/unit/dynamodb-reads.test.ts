import { DynamoDBClient, type QueryCommandInput as RawQueryInput } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, type BatchGetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BatchGetIncomplete, batchGetAll, queryAll } from '../../functions/adapters/dynamodb/reads';

const TABLE = 't';
const key = (i: number) => ({ pk: `K#${i}`, sk: 'K' });

/**
 * A stub BatchGetItem: it answers at most `answer(requestNumber)` keys of each
 * request and returns the rest as UnprocessedKeys, as DynamoDB does under throttling.
 */
function stubBatchGet(answer: (request: number) => number) {
  const requests: Record<string, unknown>[][] = [];
  const client = {
    async send(command: BatchGetCommand): Promise<BatchGetCommandOutput> {
      const asked = (command.input.RequestItems?.[TABLE]?.Keys ?? []) as Record<string, unknown>[];
      requests.push(asked);
      const n = answer(requests.length);
      const unprocessed = asked.slice(n);
      return {
        $metadata: {},
        Responses: { [TABLE]: asked.slice(0, n).map((k) => ({ ...k, value: k.pk })) },
        UnprocessedKeys: unprocessed.length > 0 ? { [TABLE]: { Keys: unprocessed } } : {},
      };
    },
  };
  return { client, requests };
}

describe('batchGetAll', () => {
  it('asks again for UnprocessedKeys with capped exponential backoff until every key is read', async () => {
    // Three throttled answers (one key each), then the rest at once.
    const { client, requests } = stubBatchGet((r) => (r <= 3 ? 1 : 100));
    const waits: number[] = [];
    const items = await batchGetAll(client, TABLE, [1, 2, 3, 4, 5].map(key), {
      sleep: async (ms) => void waits.push(ms),
      random: () => 1,
      baseDelayMs: 50,
      maxDelayMs: 150,
    });
    expect(items.map((i) => i.pk).sort()).toEqual(['K#1', 'K#2', 'K#3', 'K#4', 'K#5']);
    // Each retry asks only for what is still missing.
    expect(requests.map((r) => r.length)).toEqual([5, 4, 3, 2]);
    expect(waits).toEqual([50, 100, 150]);
  });

  it('waits a random share of the backoff (full jitter)', async () => {
    const { client } = stubBatchGet((r) => (r === 1 ? 0 : 100));
    const waits: number[] = [];
    await batchGetAll(client, TABLE, [key(1)], { sleep: async (ms) => void waits.push(ms), random: () => 0.5, baseDelayMs: 80 });
    expect(waits).toEqual([40]);
  });

  it('gives up after maxAttempts with BatchGetIncomplete instead of returning a partial answer', async () => {
    const { client, requests } = stubBatchGet(() => 0);
    const waits: number[] = [];
    const read = batchGetAll(client, TABLE, [key(1), key(2)], { maxAttempts: 4, sleep: async (ms) => void waits.push(ms), random: () => 1, baseDelayMs: 10 });
    await expect(read).rejects.toBeInstanceOf(BatchGetIncomplete);
    await expect(read).rejects.toMatchObject({ name: 'BatchGetIncomplete', unprocessed: 2 });
    expect(requests).toHaveLength(4);
    expect(waits).toEqual([10, 20, 40]);
  });

  it('splits more than 100 keys into requests of at most 100', async () => {
    const { client, requests } = stubBatchGet(() => 100);
    const items = await batchGetAll(
      client,
      TABLE,
      Array.from({ length: 250 }, (_, i) => key(i)),
      { sleep: async () => undefined },
    );
    expect(items).toHaveLength(250);
    expect(requests.map((r) => r.length)).toEqual([100, 100, 50]);
  });

  it('asks nothing for no keys', async () => {
    const { client, requests } = stubBatchGet(() => 100);
    expect(await batchGetAll(client, TABLE, [])).toEqual([]);
    expect(requests).toHaveLength(0);
  });
});

/**
 * A real document client whose HTTP handler answers Query with three pages
 * (two items, two items, one item), keeping each request it was sent.
 */
function pagedQueryClient() {
  const asked: RawQueryInput[] = [];
  const pages = [
    { Items: [{ n: { N: '1' } }, { n: { N: '2' } }], LastEvaluatedKey: { pk: { S: 'a' } } },
    { Items: [{ n: { N: '3' } }, { n: { N: '4' } }], LastEvaluatedKey: { pk: { S: 'b' } } },
    { Items: [{ n: { N: '5' } }] },
  ];
  const raw = new DynamoDBClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    requestHandler: {
      async handle(request: { body?: unknown }) {
        const body = request.body;
        const input = JSON.parse(typeof body === 'string' ? body : new TextDecoder().decode(body as Uint8Array)) as RawQueryInput;
        asked.push(input);
        const page = pages[input.ExclusiveStartKey ? (input.ExclusiveStartKey.pk?.S === 'a' ? 1 : 2) : 0];
        // An HTTP response as the SDK's own handler returns it (the deserializer checks its shape).
        return {
          response: { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: Readable.from([Buffer.from(JSON.stringify(page))]) },
        };
      },
    },
  });
  return { db: DynamoDBDocumentClient.from(raw), asked };
}

describe('queryAll', () => {
  const input = { TableName: TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'x' } };

  it('follows LastEvaluatedKey through every page with the SDK paginator', async () => {
    const { db, asked } = pagedQueryClient();
    const items = await queryAll(db, input);
    expect(items.map((i) => i.n)).toEqual([1, 2, 3, 4, 5]);
    expect(asked.map((a) => a.ExclusiveStartKey?.pk?.S)).toEqual([undefined, 'a', 'b']);
    // The caller's input is left as it was.
    expect(input).not.toHaveProperty('ExclusiveStartKey');
  });

  it('stops reading once `max` items are in', async () => {
    const { db, asked } = pagedQueryClient();
    const items = await queryAll(db, input, { max: 3 });
    expect(items.map((i) => i.n)).toEqual([1, 2, 3]);
    expect(asked).toHaveLength(2);
    expect(asked[0]?.Limit).toBe(3);
  });
});
