/**
 * The digest reads a bounded number of items however big the program is
 * (DESIGN §9). Builds a 50,000-participant program in DynamoDB Local, then
 * compares building the digest's inputs from the aggregates with a scan-based
 * baseline that counts the same things from the raw items.
 */
import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTable } from '../../functions/adapters/dynamodb/create-table';
import { participantKey, poolKey, poolSortKey } from '../../functions/adapters/dynamodb/keys';
import { DynamoStats } from '../../functions/adapters/dynamodb/stats';
import { loadDigestInputs } from '../../functions/app/support/load-digest-inputs';
import { computeKpis } from '../../functions/domain/kpi/kpis';
import { isoWeekOf } from '../../functions/domain/kpi/iso-week';
import { merge, pairCreated, signedUp, statusChanged } from '../../functions/domain/kpi/stats-delta';
import { loadProgramConfig } from '../../functions/config';
import { defaultGoals } from '../../functions/domain/program';
import { localDeps } from '../../scripts/local/deps';
import { startDynamoDbLocal } from '../../scripts/local/dynamodb-local';
import { freePort } from '../../scripts/local/ports';
import { startSesClient } from '../../scripts/local/ses-local';
import { FixedClock } from '../support/fakes';

const PARTICIPANTS = 50_000;
const NOW = Date.parse('2026-12-07T08:00:00Z');

async function writeAll(db: DynamoDBDocumentClient, table: string, items: Record<string, unknown>[]) {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < batches.length) {
        let request = batches[next++]!.map((Item) => ({ PutRequest: { Item } }));
        while (request.length > 0) {
          const out = await db.send(new BatchWriteCommand({ RequestItems: { [table]: request } }));
          request = (out.UnprocessedItems?.[table] ?? []) as typeof request;
        }
      }
    }),
  );
}

async function scanBaseline(client: DynamoDBClient, table: string) {
  const counts = new Map<string, number>();
  let items = 0;
  let start: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) {
      items++;
      const key = `${item.type?.S}:${item.status?.S ?? ''}:${item.role?.S ?? ''}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return { items, counts };
}

export async function bench(): Promise<string[]> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const dynamo = await startDynamoDbLocal(await freePort(), null);
  try {
    const table = 'digest-bench';
    await ensureTable(dynamo.client, table);
    const db = DynamoDBDocumentClient.from(dynamo.client);
    // The program's goals are settings data: the default ones, as version 1 holds them.
    const config = { ...loadProgramConfig({ PUBLIC_URL: 'http://localhost:3000' }), goals: defaultGoals(2026) };
    const stats = new DynamoStats(db, table);

    // The program: participants spread over 12 weeks, two in five in a pair.
    const t0 = performance.now();
    const items: Record<string, unknown>[] = [];
    const deltas = [];
    for (let i = 0; i < PARTICIPANTS; i++) {
      const role = i % 3 === 0 ? 'mentor' : 'mentee';
      const createdAt = new Date(NOW - ((i % 84) + 1) * 86_400_000).toISOString();
      const status = i % 5 < 2 ? 'matched' : i % 5 === 2 ? 'waiting' : i % 5 === 3 ? 'pending' : 'alumni';
      const id = `p${String(i).padStart(6, '0')}`;
      items.push({
        ...participantKey(id),
        type: 'participant',
        v: 1,
        id,
        programId: config.id,
        role,
        status,
        createdAt,
        name: `Person ${i}`,
        email: `p${i}@example.com`,
        gsi1pk: poolKey(config.id, status),
        gsi1sk: poolSortKey({ role, createdAt, id }),
      });
      deltas.push(signedUp({ role, createdAt }), statusChanged(role, 'pending', status, createdAt));
      if (status === 'matched' && role === 'mentee') deltas.push(pairCreated(createdAt, createdAt));
    }
    await writeAll(db, table, items);
    // Aggregates as the events would have left them (summed, then written once per item).
    const total = merge(...deltas.filter((d) => d.gauges).map((d) => ({ gauges: d.gauges })));
    await stats.add(config.id, total);
    const byWeek = new Map<string, ReturnType<typeof merge>>();
    for (const d of deltas) if (d.week) byWeek.set(d.week.week, merge(byWeek.get(d.week.week), { week: d.week }));
    for (const d of byWeek.values()) await stats.add(config.id, d);
    const built = performance.now() - t0;

    const deps = localDeps({
      config,
      dynamo: dynamo.client,
      ses: startSesClient(1),
      tableName: table,
      secret: 'bench',
      clock: new FixedClock(new Date(NOW)),
      quiet: true,
    });
    const runs = 5;
    let digestMs = 0;
    for (let r = 0; r < runs; r++) {
      const s = performance.now();
      const inputs = await loadDigestInputs(deps, NOW);
      computeKpis(inputs, config, NOW);
      digestMs += performance.now() - s;
    }
    digestMs /= runs;
    const digestItems = deps.stats.lastReadItems;

    const s = performance.now();
    const scan = await scanBaseline(dynamo.client, table);
    const scanMs = performance.now() - s;
    return [
      `program: ${PARTICIPANTS.toLocaleString('en')} participants over 12 weeks (built in ${(built / 1000).toFixed(1)} s), report week ${isoWeekOf(NOW - 7 * 86_400_000)}`,
      `digest from aggregates: ${digestItems} items read, ${digestMs.toFixed(0)} ms (mean of ${runs})`,
      `scan-based baseline:    ${scan.items.toLocaleString('en')} items read, ${scanMs.toFixed(0)} ms`,
      `ratio: ${(scan.items / digestItems).toFixed(0)}× fewer items, ${(scanMs / digestMs).toFixed(0)}× faster`,
    ];
  } finally {
    await dynamo.stop();
  }
}
