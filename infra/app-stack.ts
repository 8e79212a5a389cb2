/**
 * Everything stateless (or cheap to recreate) that runs the program: functions,
 * HTTP API, email sending and receiving, delivery events, the link-signing
 * secret, the job schedules. One construct per concern in infra/constructs/;
 * this file only wires them together.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import type { DeploymentContext } from './context';
import {
  bindEmail,
  bindInboundMail,
  bindProgram,
  bindScheduler,
  bindSecret,
  bindSendQuota,
  bindTable,
  TABLE_ACCESS,
  type TableAccess,
} from './constructs/bindings';
import { DeliveryEvents } from './constructs/delivery-events';
import { Email } from './constructs/email';
import { ExportFiles } from './constructs/export-files';
import { PublicHttpApi } from './constructs/http-api';
import { InboundEmail } from './constructs/inbound-email';
import { MentoringFunction } from './constructs/lambda-defaults';
import { ProgramObservability } from './constructs/observability';
import { HEARTBEAT_EXPRESSION, Scheduling } from './constructs/scheduling';
import { bindSendQueues, SendQueues } from './constructs/send-queues';
import { TokenSecret } from './constructs/token-secret';

export const API_ENTRY = 'functions/handlers/api.ts';
/** Invoked by the recurring matching schedule with `{}`. */
export const MATCH_ENTRY = 'functions/handlers/match.ts';
/** Invoked by one-time schedules with `{"pairId": "...", "step": "..."}`. */
export const FOLLOWUP_ENTRY = 'functions/handlers/followup.ts';
/** Invoked (asynchronously) by the SES receipt rule after the raw reply is stored in S3. */
export const INBOUND_ENTRY = 'functions/handlers/inbound.ts';
/** Invoked by the EventBridge rule with an SES bounce or complaint event. */
export const SES_EVENTS_ENTRY = 'functions/handlers/ses-events.ts';
/** The weekly KPI digest, run by the recurring digest schedule. */
export const DIGEST_ENTRY = 'functions/handlers/digest.ts';
/** Drains the two send queues into SES (SQS event sources, batches with partial failures). */
export const SENDER_ENTRY = 'functions/handlers/sender.ts';
/** A batch of 10 at the shared send rate, with room for SES's latency; the queues' visibility timeout is 6× this. */
export const SENDER_TIMEOUT = Duration.seconds(60);

/** Known in advance: the follow-up function's ARN is in its own environment (see Scheduling). */
export const followupFunctionName = (programId: string) => `mentoring-${programId}-followup`;

export interface AppStackProps extends StackProps {
  context: DeploymentContext;
  table: dynamodb.ITableV2;
}

export class AppStack extends Stack {
  readonly api: PublicHttpApi;
  readonly apiFunction: MentoringFunction;
  readonly matchFunction: MentoringFunction;
  readonly digestFunction: MentoringFunction;
  readonly followupFunction: MentoringFunction;
  readonly inboundFunction: MentoringFunction;
  readonly sesEventsFunction: MentoringFunction;
  readonly senderFunction: MentoringFunction;
  readonly sendQueues: SendQueues;
  readonly scheduling: Scheduling;
  readonly inbound: InboundEmail;
  readonly deliveryEvents: DeliveryEvents;
  readonly email: Email;
  /** Large CSV exports, served by a short-lived presigned link. */
  readonly exportFiles: ExportFiles;
  readonly tokenSecret: TokenSecret;
  readonly observability: ProgramObservability;
  /** Base of links in emails: the configured public URL, else the API endpoint. */
  readonly publicUrl: string;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const { context, table } = props;

    this.email = new Email(this, 'Email', {
      programId: context.programId,
      senderDomain: context.senderDomain,
      hostedZoneId: context.hostedZoneId,
    });
    this.tokenSecret = new TokenSecret(this, 'TokenSecret', { programId: context.programId });

    this.apiFunction = new MentoringFunction(this, 'ApiFunction', {
      entry: API_ENTRY,
      description: `Mentoring ${context.programId}: HTTP API (sign-up, links, JSON)`,
    });
    this.api = new PublicHttpApi(this, 'HttpApi', { programId: context.programId, handler: this.apiFunction.function });
    this.publicUrl = context.publicUrl ?? this.api.endpoint;

    this.matchFunction = new MentoringFunction(this, 'MatchFunction', {
      entry: MATCH_ENTRY,
      description: `Mentoring ${context.programId}: matching run (pairs, intro emails, follow-up timelines)`,
      // The exact solver over up to 10,000 participants: memory also buys CPU.
      memorySize: 1536,
      timeout: Duration.minutes(5),
    });
    this.followupFunction = new MentoringFunction(this, 'FollowupFunction', {
      entry: FOLLOWUP_ENTRY,
      functionName: followupFunctionName(context.programId),
      description: `Mentoring ${context.programId}: one follow-up step of one pair`,
      timeout: Duration.minutes(1),
    });

    this.digestFunction = new MentoringFunction(this, 'DigestFunction', {
      entry: DIGEST_ENTRY,
      description: `Mentoring ${context.programId}: weekly KPI digest to the admins`,
      timeout: Duration.minutes(1),
    });

    this.inboundFunction = new MentoringFunction(this, 'InboundFunction', {
      entry: INBOUND_ENTRY,
      description: `Mentoring ${context.programId}: one email reply (parse, verify, record pair activity)`,
      // Parsing a large MIME message (attachments up to SES's 40 MB) takes more than the API's 10 seconds.
      timeout: Duration.seconds(30),
      // Optional (context `inboundReservedConcurrency`): a burst of mail cannot starve the API, at the price of
      // taking that many from the account's pool, which a new account's quota may not allow.
      reservedConcurrentExecutions: context.inboundReservedConcurrency,
    });
    this.sesEventsFunction = new MentoringFunction(this, 'SesEventsFunction', {
      entry: SES_EVENTS_ENTRY,
      description: `Mentoring ${context.programId}: SES bounce or complaint (suppress the address)`,
    });

    this.senderFunction = new MentoringFunction(this, 'SenderFunction', {
      entry: SENDER_ENTRY,
      description: `Mentoring ${context.programId}: send queued emails through SES at the program's send rate`,
      timeout: SENDER_TIMEOUT,
    });
    this.sendQueues = new SendQueues(this, 'SendQueues', {
      programId: context.programId,
      sender: this.senderFunction.function,
      senderTimeout: SENDER_TIMEOUT,
    });

    this.inbound = new InboundEmail(this, 'InboundEmail', {
      programId: context.programId,
      replyDomain: context.replyDomain,
      handler: this.inboundFunction.function,
    });
    this.deliveryEvents = new DeliveryEvents(this, 'DeliveryEvents', {
      programId: context.programId,
      configurationSet: this.email.configurationSet,
      handler: this.sesEventsFunction.function,
    });

    this.scheduling = new Scheduling(this, 'Scheduling', {
      programId: context.programId,
      followupFunctionName: followupFunctionName(context.programId),
    });
    // Heartbeats: the jobs decide from the program's settings (data; `matchingCron` and `digestCron` from the
    // context are only version 1) whether a round or digest is due, so no API call edits these schedules.
    this.scheduling.addRecurring('MatchingSchedule', {
      name: 'matching',
      expression: HEARTBEAT_EXPRESSION,
      target: this.matchFunction.function,
      description: `Mentoring ${context.programId}: hourly heartbeat of the matching rounds`,
    });
    this.scheduling.addRecurring('DigestSchedule', {
      name: 'digest',
      expression: HEARTBEAT_EXPRESSION,
      target: this.digestFunction.function,
      description: `Mentoring ${context.programId}: hourly heartbeat of the weekly KPI digest`,
    });

    // Each function gets the table actions it calls (TABLE_ACCESS) and the program settings.
    const tableAccess: [MentoringFunction, TableAccess][] = [
      [this.apiFunction, TABLE_ACCESS.api],
      [this.matchFunction, TABLE_ACCESS.match],
      [this.followupFunction, TABLE_ACCESS.followup],
      [this.digestFunction, TABLE_ACCESS.digest],
      [this.inboundFunction, TABLE_ACCESS.inbound],
      [this.sesEventsFunction, TABLE_ACCESS.sesEvents],
      [this.senderFunction, TABLE_ACCESS.sender],
    ];
    for (const [{ function: fn }, actions] of tableAccess) {
      bindTable(fn, table, actions);
      bindProgram(fn, context, this.publicUrl);
    }
    // Those that make or check signed links and reply addresses; the SES-events function only suppresses addresses.
    for (const { function: fn } of [this.apiFunction, this.matchFunction, this.followupFunction, this.digestFunction, this.inboundFunction]) {
      bindSecret(fn, this.tokenSecret.secret);
    }
    // Those that email participants or admins put the emails in the send queues; the sender alone calls SES (and
    // queues again: bulk mail deferred near the 24-hour quota, and its notice to the admins).
    for (const { function: fn } of [
      this.apiFunction,
      this.matchFunction,
      this.followupFunction,
      this.digestFunction,
      this.inboundFunction,
      this.senderFunction,
    ]) {
      bindSendQueues(fn, this.sendQueues);
    }
    bindEmail(this.senderFunction.function, this.email.identity, this.email.configurationSet);
    bindSendQuota(this.senderFunction.function);
    // Those that create or cancel a pair's follow-up schedules: matching and follow-ups build timelines, and any
    // recorded activity (a check-in click in the API, an email reply) reschedules the pair's nudges.
    for (const { function: fn } of [this.apiFunction, this.matchFunction, this.followupFunction, this.inboundFunction]) {
      bindScheduler(fn, this.scheduling);
    }
    for (const { function: fn } of [this.matchFunction, this.followupFunction, this.digestFunction]) {
      this.scheduling.deadLetterFailedRuns(fn);
    }
    bindInboundMail(this.inboundFunction.function, this.inbound);
    this.exportFiles = new ExportFiles(this, 'ExportFiles');
    this.exportFiles.grantExports(this.apiFunction.function);

    this.observability = new ProgramObservability(this, 'Observability', {
      programId: context.programId,
      functions: {
        api: this.apiFunction.function,
        match: this.matchFunction.function,
        followup: this.followupFunction.function,
        digest: this.digestFunction.function,
        inbound: this.inboundFunction.function,
        'ses-events': this.sesEventsFunction.function,
        sender: this.senderFunction.function,
      },
      httpApi: this.api.api,
      deadLetters: {
        scheduler: { queue: this.scheduling.deadLetterQueue, alarm: this.scheduling.deadLetterAlarm },
        inbound: { queue: this.inbound.deadLetterQueue, alarm: this.inbound.deadLetterAlarm },
        'ses-events': { queue: this.deliveryEvents.deadLetterQueue, alarm: this.deliveryEvents.deadLetterAlarm },
        'send-now': this.sendQueues.now.deadLetter,
        'send-bulk': this.sendQueues.bulk.deadLetter,
      },
      alarmEmail: context.alarmEmail,
    });
    new CfnOutput(this, 'AlarmTopic', {
      description: 'SNS topic every alarm publishes to (going off and clearing): subscribe your channel',
      value: this.observability.alarmTopic.topicArn,
    });
    new CfnOutput(this, 'Dashboard', {
      description: 'CloudWatch dashboard of the program',
      value: `https://console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards:name=mentoring-${context.programId}-operations`,
    });

    new CfnOutput(this, 'PublicUrl', { description: 'Base of links in emails (PUBLIC_URL)', value: this.publicUrl });
  }
}
