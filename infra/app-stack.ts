/**
 * Everything stateless (or cheap to recreate) that runs the program: functions,
 * HTTP API, email sending, the link-signing secret, the job schedules. One
 * construct per concern in infra/constructs/; this file only wires them together.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import type { DeploymentContext } from './context';
import { bindEmail, bindProgram, bindScheduler, bindSecret, bindTable } from './constructs/bindings';
import { Email } from './constructs/email';
import { PublicHttpApi } from './constructs/http-api';
import { MentoringFunction } from './constructs/lambda-defaults';
import { Scheduling } from './constructs/scheduling';
import { TokenSecret } from './constructs/token-secret';

export const API_ENTRY = 'functions/handlers/api.ts';
/** Invoked by the recurring matching schedule with `{}`. */
export const MATCH_ENTRY = 'functions/handlers/match.ts';
/** Invoked by one-time schedules with `{"pairId": "...", "step": "..."}`. */
export const FOLLOWUP_ENTRY = 'functions/handlers/followup.ts';

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
  readonly followupFunction: MentoringFunction;
  readonly scheduling: Scheduling;
  readonly email: Email;
  readonly tokenSecret: TokenSecret;
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

    this.scheduling = new Scheduling(this, 'Scheduling', {
      programId: context.programId,
      followupFunctionName: followupFunctionName(context.programId),
    });
    this.scheduling.addRecurring('MatchingSchedule', {
      name: 'matching',
      expression: context.matchingCron,
      target: this.matchFunction.function,
      description: `Mentoring ${context.programId}: matching run`,
    });

    for (const { function: fn } of [this.apiFunction, this.matchFunction, this.followupFunction]) {
      bindTable(fn, table);
      bindSecret(fn, this.tokenSecret.secret);
      bindEmail(fn, this.email.identity, this.email.configurationSet);
      bindProgram(fn, context, this.publicUrl);
    }
    for (const { function: fn } of [this.matchFunction, this.followupFunction]) {
      bindScheduler(fn, this.scheduling);
      this.scheduling.deadLetterFailedRuns(fn);
    }

    new CfnOutput(this, 'PublicUrl', { description: 'Base of links in emails (PUBLIC_URL)', value: this.publicUrl });
  }
}
