/**
 * The sender against an SES stand-in that throttles like SES: a tiny HTTP
 * server speaking enough of the SESv2 SendEmail API (POST
 * /v2/email/outbound-emails, JSON) for the real SESv2 client, which answers
 * 429 TooManyRequestsException whenever its own token bucket (the account's
 * maximum send rate, a one-second burst) is empty. Two sender instances share
 * one send-rate bucket, as the sender functions of both queues share the
 * table item in AWS, and work through the queue in batches of 10, with
 * throttled messages coming back after their backoff (scaled ×0.25 to keep
 * the test short).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SesMailer } from '../../functions/adapters/ses/ses-mailer';
import { createSender, type ReceivedEmail, type SendResult } from '../../functions/app/use-cases/send-queued';
import { takeTokens, type BucketState } from '../../functions/domain/sending';
import type { QueuedEmail } from '../../functions/ports';
import { FixedQuota, MemoryEmailLog, MemorySendRateBucket, testConfig } from '../support/fakes';

interface StandIn {
  url: string;
  accepted: { to: string; at: number }[];
  throttled: number;
  setRate: (rate: number) => void;
}

let server: Server;
let ses: StandIn;

beforeAll(async () => {
  let rate = 10;
  let bucket: BucketState | undefined;
  const accepted: StandIn['accepted'] = [];
  const standIn = { accepted, throttled: 0 } as StandIn;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v2/email/outbound-emails') {
        res.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'NotFoundException' }).end('{"message":"not found"}');
        return;
      }
      const take = takeTokens(bucket, Date.now(), rate, 1);
      bucket = take.next;
      if (take.granted === 0) {
        standIn.throttled++;
        res
          .writeHead(429, { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' })
          .end('{"message":"Maximum sending rate exceeded."}');
        return;
      }
      const to = (JSON.parse(body) as { Destination: { ToAddresses: string[] } }).Destination.ToAddresses[0]!;
      accepted.push({ to, at: Date.now() });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ MessageId: `ses-${accepted.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  standIn.setRate = (r) => {
    rate = r;
    bucket = undefined;
    accepted.length = 0;
    standIn.throttled = 0;
  };
  ses = standIn;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const email = (i: number): QueuedEmail => ({
  key: `intro#${i}`,
  priority: 'bulk',
  template: 'intro',
  email: { to: [`p${i}@example.com`], replyTo: [], subject: 'Meet', html: '<p>hi</p>', text: 'hi', headers: [], tags: { template: 'intro' } },
});

/** A round of `n` emails through two sender instances sharing one bucket at `senderRate`/s. */
async function round(n: number, senderRate: number) {
  const config = testConfig();
  const emailLog = new MemoryEmailLog();
  const client = new SESv2Client({ endpoint: ses.url, region: 'eu-west-1', maxAttempts: 1, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  const sendRate = new MemorySendRateBucket(senderRate);
  const clock = { now: () => new Date() };
  const queue: (ReceivedEmail & { visibleAt: number })[] = [];
  const deps = {
    config,
    clock,
    emailLog,
    emailQueue: { enqueue: async () => undefined },
    adminAddresses: { list: async () => [] },
    mailer: new SesMailer(client, { from: config.sender }),
    sendRate,
    quota: new FixedQuota(),
  };
  const instances = [createSender(deps), createSender(deps)];
  for (let i = 0; i < n; i++) {
    await emailLog.claim(email(i).key, clock.now().toISOString(), { template: 'intro', programId: config.id });
    queue.push({ item: email(i), receiveCount: 0, visibleAt: 0 });
  }
  const results: SendResult[] = [];
  const started = Date.now();
  // Each instance takes a batch of up to 10 visible messages, sends them side by side, puts throttled ones back.
  const work = async (sender: (typeof instances)[number]) => {
    while (queue.length > 0 || results.length < n) {
      const batch = queue.filter((m) => m.visibleAt <= Date.now()).slice(0, 10);
      if (batch.length === 0) {
        if (results.filter((r) => r.outcome !== 'retry').length >= n) return;
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      for (const m of batch) queue.splice(queue.indexOf(m), 1);
      await Promise.all(
        batch.map(async (m) => {
          m.receiveCount++;
          const result = await sender.send(m);
          results.push(result);
          if (result.outcome === 'retry') queue.push({ ...m, visibleAt: Date.now() + result.delaySeconds * 250 });
        }),
      );
      if (results.filter((r) => r.outcome !== 'retry').length >= n) return;
    }
  };
  await Promise.all(instances.map(work));
  return { results, elapsedMs: Date.now() - started, emailLog, granted: sendRate.taken };
}

/** Most sends accepted in any window of `ms`. */
const busiest = (times: number[], ms: number) => Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + ms).length));

describe('sending against an SES stand-in that throttles above its rate', () => {
  it('stays within the rate: at SES_MAX_SEND_RATE = the account rate, each email is sent once, at that pace', { timeout: 30_000 }, async () => {
    ses.setRate(10);
    const { results, elapsedMs, emailLog } = await round(45, 10);
    // Network jitter can bunch two requests the bucket spaced apart: a rare throttle, retried like any other.
    expect(ses.throttled).toBeLessThanOrEqual(2);
    expect(results.filter((r) => r.outcome === 'sent')).toHaveLength(45);
    const to = ses.accepted.map((a) => a.to);
    expect(new Set(to).size).toBe(45);
    expect(to).toHaveLength(45);
    // A one-second burst, then 10 a second: 35 more take at least 3.5 seconds.
    expect(elapsedMs).toBeGreaterThanOrEqual(3_400);
    expect(
      busiest(
        ses.accepted.map((a) => a.at),
        1000,
      ),
    ).toBeLessThanOrEqual(20);
    expect([...emailLog.entries.values()].every((e) => e.state === 'sent')).toBe(true);
  });

  it('retries throttled sends with backoff when SES is slower than configured, and still sends every email exactly once', { timeout: 60_000 }, async () => {
    ses.setRate(5);
    const { results, emailLog } = await round(30, 20);
    expect(ses.throttled).toBeGreaterThan(0);
    expect(results.filter((r) => r.outcome === 'retry')).toHaveLength(ses.throttled);
    expect(results.filter((r) => r.outcome === 'sent')).toHaveLength(30);
    const to = ses.accepted.map((a) => a.to);
    expect(to).toHaveLength(30);
    expect(new Set(to).size).toBe(30);
    expect([...emailLog.entries.values()].every((e) => e.state === 'sent')).toBe(true);
  });
});
