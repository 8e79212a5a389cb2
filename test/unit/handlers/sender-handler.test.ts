import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createSender } from '../../../functions/app/use-cases/send-queued';
import { handler, useSender } from '../../../functions/handlers/sender';
import { SendThrottled, type QueuedEmail } from '../../../functions/ports';
import { memoryDeps } from '../../support/fakes';

const QUEUE_ARN = 'arn:aws:sqs:eu-west-1:123456789012:Mentoring-demo-App-SendQueuesBulkQueue1A2B3C-xyz';

/** A record as the SQS event source hands it to Lambda. */
function record(id: string, body: string, receiveCount = 1): SQSRecord {
  return {
    messageId: id,
    receiptHandle: `AQEB${id}handle`,
    body,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: '1764493200000',
      SenderId: 'AROAEXAMPLE:mentoring-demo-match',
      ApproximateFirstReceiveTimestamp: '1764493200123',
    },
    messageAttributes: {},
    md5OfBody: '0123456789abcdef0123456789abcdef',
    eventSource: 'aws:sqs',
    eventSourceARN: QUEUE_ARN,
    awsRegion: 'eu-west-1',
  };
}

const context = { functionName: 'mentoring-demo-sender', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

const item = (key: string): QueuedEmail => ({
  key,
  priority: 'bulk',
  template: 'intro',
  email: {
    to: [`${key}@example.com`],
    replyTo: [],
    subject: 'Meet your mentor',
    html: '<p>hi</p>',
    text: 'hi',
    headers: [],
    tags: { template: 'intro', program: 'demo' },
  },
});

describe('sender handler (SQS event source, partial batch response)', () => {
  it('sends each email of a batch once and reports only the throttled and the malformed ones as failures', async () => {
    const env = memoryDeps({}, { sendNow: false });
    for (const key of ['ok-1', 'ok-2', 'throttled']) await env.emailLog.claim(key, '2026-11-30T09:00:00Z', { template: 'intro', programId: 'demo' });
    const realSend = env.mailer.send.bind(env.mailer);
    env.mailer.send = async (email) => {
      if ('to' in email && email.to[0] === 'throttled@example.com') throw new SendThrottled('TooManyRequestsException');
      return realSend(email);
    };
    const sqsCalls: { input: Record<string, unknown> }[] = [];
    useSender(createSender(env.senderDeps), { send: async (command: { input: Record<string, unknown> }) => void sqsCalls.push(command) } as never);

    const event: SQSEvent = {
      Records: [
        record('m-1', JSON.stringify(item('ok-1'))),
        record('m-2', JSON.stringify(item('throttled')), 3),
        record('m-3', '{"not":"an email"}'),
        record('m-4', JSON.stringify(item('ok-2'))),
        // SQS delivered ok-1 twice: nothing is sent again, and it is not a failure.
        record('m-5', JSON.stringify(item('ok-1')), 2),
      ],
    };
    const response = await handler(event, context);

    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m-2', 'm-3']);
    expect(env.mailer.sent.map((m) => m.to[0]).sort()).toEqual(['ok-1@example.com', 'ok-2@example.com']);
    expect(env.emailLog.entries.get('throttled')?.state).toBe('queued');
    // The throttled message comes back after its backoff, not the queue's whole visibility timeout.
    expect(sqsCalls).toHaveLength(1);
    expect(sqsCalls[0]!.input).toMatchObject({
      QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/Mentoring-demo-App-SendQueuesBulkQueue1A2B3C-xyz',
      ReceiptHandle: 'AQEBm-2handle',
      VisibilityTimeout: expect.any(Number),
    });
  });

  it('does not fail the invocation when every record of the batch is throttled', async () => {
    const env = memoryDeps({}, { sendNow: false });
    await env.emailLog.claim('t', '2026-11-30T09:00:00Z', { template: 'intro', programId: 'demo' });
    env.mailer.failWith = new SendThrottled('TooManyRequestsException');
    useSender(createSender(env.senderDeps), { send: async () => undefined } as never);
    await expect(handler({ Records: [record('only', JSON.stringify(item('t')))] }, context)).resolves.toEqual({
      batchItemFailures: [{ itemIdentifier: 'only' }],
    });
  });
});
