import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { EmailQueue, QueuedEmail } from '../../ports';

/**
 * The two SQS queues of a program: `now` mail (a person is waiting) and bulk
 * mail, each drained by the sender function (functions/handlers/sender.ts).
 * The message body is the QueuedEmail as JSON: the rendered email, so the
 * sender needs no template, participant or secret. SQS takes messages up to
 * 1 MiB; a rendered email is a few tens of KB.
 */
export class SqsEmailQueue implements EmailQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly urls: { now: string; bulk: string },
  ) {}

  async enqueue(item: QueuedEmail, options?: { delaySeconds?: number }): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.urls[item.priority],
        MessageBody: JSON.stringify(item),
        DelaySeconds: options?.delaySeconds ? Math.min(900, Math.max(0, Math.round(options.delaySeconds))) : undefined,
      }),
    );
  }
}

/** A throttled message comes back after `delaySeconds` (its backoff) instead of the queue's whole visibility timeout. */
export async function retryLater(sqs: SQSClient, queueUrl: string, receiptHandle: string, delaySeconds: number): Promise<void> {
  await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: delaySeconds }));
}

/** The queue URL of an SQS queue ARN (arn:aws:sqs:region:account:name), as the event record names it. */
export function queueUrlOf(arn: string): string {
  const [, partition, , region, account, name] = arn.split(':');
  const domain = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://sqs.${region}.${domain}/${account}/${name}`;
}
