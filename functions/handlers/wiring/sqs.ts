import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsEmailQueue } from '../../adapters/sqs/sqs-email-queue';
import { loadAwsQueueConfig } from '../../config';
import type { Env } from './common';

/** The program's two send queues (PRIORITY_QUEUE_URL, BULK_QUEUE_URL), and the client the sender also uses to put a message back. */
export function sendQueues(env: Env): { emailQueue: SqsEmailQueue; sqs: SQSClient } {
  const sqs = new SQSClient({});
  return { emailQueue: new SqsEmailQueue(sqs, loadAwsQueueConfig(env)), sqs };
}
