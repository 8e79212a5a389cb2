/**
 * The program's two send queues (DESIGN §1.7) and the sender function's event
 * sources: `now` mail (a person is waiting: confirmations, sign-in links…)
 * and bulk mail (intros, follow-ups, digests), each with its dead-letter queue
 * and "not empty" alarm. Two queues rather than one with priorities, because
 * SQS has none: with one queue a 13,000-email round would stand in front of a
 * confirmation for fifteen minutes. The sender takes its pace from the shared
 * token bucket (functions/adapters/dynamodb/send-rate-bucket.ts), not from
 * these settings: maximum concurrency 2 per queue (the lowest SQS allows)
 * only bounds how many instances share it.
 */
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SEND_MAX_RECEIVES } from '../../functions/domain/sending';
import { addDeadLetter, type DeadLetter } from './dead-letter';

/** Deliveries of one message before it goes to the dead-letter queue (the local queue sets it aside after as many). */
export { SEND_MAX_RECEIVES };
/** Emails per sender invocation (the SQS maximum for a standard queue without a batching window). */
export const SEND_BATCH_SIZE = 10;
/** Sender instances per queue: the lowest SQS-to-Lambda maximum concurrency. */
export const SEND_MAX_CONCURRENCY = 2;

export interface SendQueuesProps {
  programId: string;
  /** The sender function: drains both queues. */
  sender: lambda.Function;
  /** The sender's timeout: the queues' visibility timeout is six times it, as AWS recommends for Lambda event sources. */
  senderTimeout: Duration;
}

interface OneQueue {
  queue: sqs.Queue;
  deadLetter: DeadLetter;
}

export class SendQueues extends Construct {
  readonly now: OneQueue;
  readonly bulk: OneQueue;

  constructor(scope: Construct, id: string, props: SendQueuesProps) {
    super(scope, id);
    const make = (name: 'now' | 'bulk', what: string): OneQueue => {
      const holder = new Construct(this, name === 'now' ? 'Priority' : 'Bulk');
      const deadLetter = addDeadLetter(holder, {
        programId: props.programId,
        name: `send-${name}`,
        receives: `${what} the sender could not hand to SES after ${SEND_MAX_RECEIVES} deliveries (throttled every time, or a malformed message); their email-log entries are still "queued"`,
        alarmDescription: `${what} could not be sent and wait in the dead-letter queue (the email log keeps them "queued"; redrive the queue once SES accepts mail again).`,
      });
      const queue = new sqs.Queue(holder, 'Queue', {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
        visibilityTimeout: Duration.seconds(props.senderTimeout.toSeconds() * 6),
        deadLetterQueue: { queue: deadLetter.queue, maxReceiveCount: SEND_MAX_RECEIVES },
      });
      props.sender.addEventSource(
        new SqsEventSource(queue, { batchSize: SEND_BATCH_SIZE, reportBatchItemFailures: true, maxConcurrency: SEND_MAX_CONCURRENCY }),
      );
      return { queue, deadLetter };
    };
    this.now = make('now', 'Emails a person is waiting for (confirmations, sign-in links)');
    this.bulk = make('bulk', 'Bulk emails (intros, follow-ups, digests)');
  }

  get queues(): sqs.Queue[] {
    return [this.now.queue, this.bulk.queue];
  }
}

/**
 * Put emails in the program's send queues: sqs:SendMessage on those two queues
 * and nothing else (the queues use SQS-managed encryption: no KMS grant), and
 * where to find them (functions/config.ts loadAwsQueueConfig).
 */
export function bindSendQueues(fn: lambda.Function, queues: SendQueues): void {
  fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'EnqueueEmail', actions: ['sqs:SendMessage'], resources: queues.queues.map((q) => q.queueArn) }));
  fn.addEnvironment('PRIORITY_QUEUE_URL', queues.now.queue.queueUrl);
  fn.addEnvironment('BULK_QUEUE_URL', queues.bulk.queue.queueUrl);
}
