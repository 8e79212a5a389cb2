import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { queueUrlOf, retryLater } from '../adapters/sqs/sqs-email-queue';
import { createSender, type Sender } from '../app/use-cases/send-queued';
import type { QueuedEmail } from '../ports';
import { Observability } from './observability';
import { senderDeps } from './wiring/sender';

const observability = new Observability('sender');

/** Built on first use (the test imports this module with its own dependencies: see `useSender`). */
let sender: Sender | undefined;
let sqs: Pick<SQSClient, 'send'> | undefined;

/** For tests: the sender and the SQS client the handler uses instead of those built from the environment. */
export function useSender(custom: Sender, client: Pick<SQSClient, 'send'>): void {
  sender = custom;
  sqs = client;
}

const processor = new BatchProcessor(EventType.SQS);

/** The body the producers wrote (SqsEmailQueue), or undefined when it is not one. */
function parse(body: string): QueuedEmail | undefined {
  try {
    const item = JSON.parse(body) as Partial<QueuedEmail>;
    const ok =
      typeof item.key === 'string' &&
      (item.priority === 'now' || item.priority === 'bulk') &&
      typeof item.template === 'string' &&
      typeof item.email === 'object' &&
      item.email !== null;
    return ok ? (item as QueuedEmail) : undefined;
  } catch {
    return undefined;
  }
}

/** Throwing marks the record failed (batchItemFailures): SQS delivers it again, and after maxReceiveCount to the dead-letter queue. */
async function recordHandler(record: SQSRecord): Promise<void> {
  observability.correlate(record.messageId);
  const item = parse(record.body);
  if (!item) throw new Error('not a queued email'); // to the DLQ after its retries, with the alarm
  const receiveCount = Number(record.attributes.ApproximateReceiveCount) || 1;
  const result = await sender!.send({ item, receiveCount });
  if (result.outcome === 'retry') {
    await retryLater(sqs as SQSClient, queueUrlOf(record.eventSourceARN), record.receiptHandle, result.delaySeconds);
    throw new Error('throttled');
  }
  observability.log('email_send', { outcome: result.outcome, template: item.template, priority: item.priority });
}

/**
 * SQS event source of both send queues (batches of up to 10, partial batch
 * responses). Records are processed side by side; the sender's token bucket
 * sets the pace. A throttled email is put back with its backoff as the
 * message's visibility timeout and reported in batchItemFailures.
 */
export const handler = observability.handler(
  (event: SQSEvent) => event.Records[0]?.messageId,
  async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    if (!sender) {
      const built = senderDeps(observability);
      sender = createSender(built.deps);
      sqs = built.sqs;
    }
    // A batch whose every email was throttled is not a function error: no exception, each record retried on its own.
    return processPartialResponse(event, recordHandler, processor, { context, throwOnFullBatchFailure: false });
  },
);
