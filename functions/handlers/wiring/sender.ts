import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SenderDeps } from '../../app/support/deps';
import type { Observability } from '../observability';
import { programBasics, type Env } from './common';
import { senderTable } from './dynamodb';
import { sesSending } from './ses';
import { sendQueues } from './sqs';

/** The sender: SES, the email log and send-rate bucket, and the queues (to defer near the quota and to put a message back). */
export function senderDeps(observability: Observability, env: Env = process.env): { deps: SenderDeps; sqs: SQSClient } {
  const basics = programBasics(env, observability);
  const { emailQueue, sqs } = sendQueues(env);
  return { deps: { ...basics, ...senderTable(env, basics.config), emailQueue, ...sesSending(env, basics.config) }, sqs };
}
