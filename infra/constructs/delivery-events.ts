/**
 * Deliverability (DESIGN §1, flow 6): the configuration set publishes its events
 * to the default EventBridge bus (./email.ts); this rule sends the program's
 * bounces and complaints to the SES-events function, which suppresses the
 * address (functions/handlers/ses-events.ts). A delivery EventBridge could not
 * make, or a run that still failed after Lambda's retries, waits in a
 * dead-letter queue with an alarm instead of being dropped.
 */
import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { addDeadLetter } from './dead-letter';

/** The `detail-type`s SES uses on EventBridge for the events that suppress an address. */
export const SUPPRESSING_DETAIL_TYPES = ['Email Bounced', 'Email Complaint Received'] as const;

/**
 * Retries of a delivery to the function that failed (throttling, service errors). A suppression that arrives late
 * is still right, and meanwhile SES's account-level suppression list (./email.ts) already blocks the address,
 * so the rule may keep trying for EventBridge's longest window.
 */
export const DELIVERY_EVENT_RETRY = { retryAttempts: 10, maxEventAge: Duration.hours(24) } as const;

export interface DeliveryEventsProps {
  programId: string;
  /** Only events of sends through this configuration set (this program) match. */
  configurationSet: ses.IConfigurationSet;
  handler: lambda.IFunction;
}

export class DeliveryEvents extends Construct {
  readonly rule: events.Rule;
  readonly deadLetterQueue: sqs.Queue;
  readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: DeliveryEventsProps) {
    super(scope, id);

    const deadLetter = addDeadLetter(this, {
      programId: props.programId,
      name: 'ses-events',
      receives:
        'EventBridge delivers here the bounce and complaint events it could not hand to the SES-events function ' +
        "after the rule target's retry policy, and the function its asynchronous invocations that failed after " +
        "Lambda's retries",
      alarmDescription:
        'a bounce or complaint was not processed after all retries and is waiting in the ses-events dead-letter ' +
        'queue, so an address may not be suppressed in the program yet (SES account-level suppression still ' +
        'applies). Inspect the message, fix the cause, replay it.',
    });
    this.deadLetterQueue = deadLetter.queue;
    this.deadLetterAlarm = deadLetter.alarm;

    // No `eventBus`: SES publishes to the default bus only.
    this.rule = new events.Rule(this, 'SuppressingEventsRule', {
      description: `Mentoring ${props.programId}: SES bounces and complaints of the program's configuration set`,
      eventPattern: {
        source: ['aws.ses'],
        detailType: [...SUPPRESSING_DETAIL_TYPES],
        detail: { mail: { tags: { 'ses:configuration-set': [props.configurationSet.configurationSetName] } } },
      },
      targets: [new targets.LambdaFunction(props.handler, { deadLetterQueue: this.deadLetterQueue, ...DELIVERY_EVENT_RETRY })],
    });

    // EventBridge invokes asynchronously: once Lambda has the event, failures are Lambda's to retry and report.
    props.handler.configureAsyncInvoke({ retryAttempts: 2, onFailure: new destinations.SqsDestination(this.deadLetterQueue) });
  }
}
