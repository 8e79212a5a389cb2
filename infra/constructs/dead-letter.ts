/**
 * A dead-letter queue and the alarm that says it is not empty, the same for
 * every asynchronous path of the program (schedules, inbound replies, SES
 * events): encrypted, TLS-only, 14 days to inspect and replay, and an alarm as
 * soon as one message is visible. Nothing that fails after its retries is only
 * in the logs.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** How long a dead-lettered message waits for an operator. */
export const DEAD_LETTER_RETENTION = Duration.days(14);

export interface DeadLetterProps {
  programId: string;
  /** Short name in the alarm name: `mentoring-<programId>-<name>-dlq-not-empty`. */
  name: string;
  /** What lands in the queue, completing "This queue IS the dead-letter queue: …" (the cdk-nag SQS3 reason). */
  receives: string;
  /** What failed, completing "Mentoring <programId>: …" in the alarm description. */
  alarmDescription: string;
}

export interface DeadLetter {
  queue: sqs.Queue;
  alarm: cloudwatch.Alarm;
}

/** Adds `DeadLetterQueue` and `DeadLetterAlarm` to `scope`. */
export function addDeadLetter(scope: Construct, props: DeadLetterProps): DeadLetter {
  const queue = new sqs.Queue(scope, 'DeadLetterQueue', {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: DEAD_LETTER_RETENTION,
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      `This queue IS the dead-letter queue: ${props.receives}. Nothing consumes it automatically; messages are kept ` +
      '14 days for an operator, alerted by the not-empty alarm, to inspect and replay. A DLQ of the DLQ would only ' +
      'move the same messages one hop further.',
  });

  const alarm = new cloudwatch.Alarm(scope, 'DeadLetterAlarm', {
    alarmName: `mentoring-${props.programId}-${props.name}-dlq-not-empty`,
    alarmDescription: `Mentoring ${props.programId}: ${props.alarmDescription}`,
    metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  return { queue, alarm };
}
