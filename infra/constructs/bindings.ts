/**
 * Grants and the environment variables that go with them are always set
 * together (DESIGN §8), so a function can never hold a TABLE_NAME it may not
 * use, or a permission whose target it cannot find. The variable names are the
 * ones functions/config.ts reads.
 */
import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type { IConstruct } from 'constructs';
import { TABLE } from '../../functions/adapters/dynamodb/table-definition';
import type { DeploymentContext } from '../context';
import { settingsEnvironment } from '../../functions/settings/read';
import type { InboundEmail } from './inbound-email';
import type { Scheduling } from './scheduling';

/**
 * The item-level DynamoDB actions each function calls, and no more (transactions are authorized through the
 * per-item actions of their parts). Read off the stores each function's use cases call
 * (functions/adapters/dynamodb/): nothing in Lambda scans, batch-writes or describes the table.
 * - DeleteItem: the API erases a person's address guard (delete my data) and the follow-up function removes
 *   the deferred confirmations it sent;
 * - BatchGetItem: a member's pairs (API: unsubscribe, delete, rejoin; inbound: replies; match: the first
 *   meetings a mentor or mentee already has, so a new pair's is not double-booked) and the digest's
 *   bounded aggregate read.
 */
export const TABLE_ACCESS = {
  api: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
  match: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  followup: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
  digest: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  inbound: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  // Suppression: find the participant by address (a guard item) and update it with the aggregates.
  sesEvents: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
  // The send-rate bucket (read, conditional put), the email log (queued → sending → sent | failed), and the
  // claim of its one notice to the admins (the 24-hour quota near), sent to the admins stored in the table (a
  // query of their partition). The queues themselves are SQS.
  sender: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
} as const satisfies Record<string, readonly `dynamodb:${string}`[]>;

export type TableAccess = (typeof TABLE_ACCESS)[keyof typeof TABLE_ACCESS];

/**
 * Read/write items in the table and query its indexes, with exactly the `actions` the function uses. On the
 * named indexes rather than `index/*`: no wildcard to justify, and an index added to TABLE is granted
 * automatically; a function that never queries gets no index at all.
 */
export function bindTable(
  fn: lambda.Function,
  table: dynamodb.ITableV2,
  actions: TableAccess,
  indexNames: readonly string[] = TABLE.indexes.map((index) => index.name),
): void {
  const queries = (actions as readonly string[]).includes('dynamodb:Query');
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'ProgramTableItems',
      actions: [...actions],
      resources: [table.tableArn, ...(queries ? indexNames.map((name) => `${table.tableArn}/index/${name}`) : [])],
    }),
  );
  fn.addEnvironment('TABLE_NAME', table.tableName);
}

/**
 * Read the token-signing secret (GetSecretValue/DescribeSecret on that secret only): for the functions that
 * make or check signed links and reply addresses, and no other.
 */
export function bindSecret(fn: lambda.Function, secret: secretsmanager.ISecret): void {
  secret.grantRead(fn);
  fn.addEnvironment('TOKEN_SECRET_ARN', secret.secretArn);
}

/** ARN of an SES configuration set (the L2 construct does not expose one). */
export function configurationSetArn(scope: IConstruct, configurationSet: ses.IConfigurationSet): string {
  return Stack.of(scope).formatArn({
    service: 'ses',
    resource: 'configuration-set',
    resourceName: configurationSet.configurationSetName,
  });
}

/**
 * Send email from the program's identity through its configuration set, and
 * nothing else: SES authorizes SendEmail against both the identity and the
 * configuration set, so both ARNs are listed and no wildcard is needed.
 */
export function bindEmail(fn: lambda.Function, identity: ses.IEmailIdentity, configurationSet: ses.IConfigurationSet): void {
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'SendProgramEmail',
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resources: [identity.emailIdentityArn, configurationSetArn(fn, configurationSet)],
    }),
  );
  fn.addEnvironment('SES_CONFIGURATION_SET', configurationSet.configurationSetName);
}

/**
 * Read the account's sending quota (ses:GetAccount), for the sender to slow bulk mail near the 24-hour limit.
 * GetAccount has no resource type (IAM allows only `*` for it), so the statement names no resource and the
 * cdk-nag finding is acknowledged with that reason.
 */
export function bindSendQuota(fn: lambda.Function): void {
  fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'ReadSendQuota', actions: ['ses:GetAccount'], resources: ['*'] }));
  if (fn.role) {
    Validations.of(fn.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        "ses:GetAccount (read the account's sending quota and send rate) supports no resource-level permission: IAM " +
        'only accepts "*" for it. It is a read of account-level sending limits, granted to the sender function alone.',
    });
  }
}

/** The program settings functions/config.ts `loadProgramConfig` reads, as environment variables (functions/settings). */
export function programEnvironment(context: DeploymentContext, publicUrl: string): Record<string, string> {
  // ALLOWED_EMAIL_DOMAINS is always set, empty for "any domain": what the function enforces is visible in its configuration.
  return settingsEnvironment({ ...context, publicUrl });
}

/** Program settings as environment; `publicUrl` is the context's, else the API endpoint. */
export function bindProgram(fn: lambda.Function, context: DeploymentContext, publicUrl: string): void {
  for (const [name, value] of Object.entries(programEnvironment(context, publicUrl))) fn.addEnvironment(name, value);
}

/**
 * What a function may do to the program's schedules: create one-time schedules and cancel them (the adapter,
 * functions/adapters/scheduler, treats "already exists" and "not found" as done, so it never needs to read one).
 */
export const SCHEDULE_ACTIONS = ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'] as const;

/** The environment functions build the EventBridge Scheduler adapter from. */
export function schedulerEnvironment(scheduling: Scheduling): Record<string, string> {
  return {
    SCHEDULE_GROUP: scheduling.group.scheduleGroupName,
    FOLLOWUP_FUNCTION_ARN: scheduling.followupFunctionArn,
    SCHEDULER_ROLE_ARN: scheduling.followupSchedulerRole.roleArn,
    SCHEDULER_DLQ_ARN: scheduling.deadLetterQueue.queueArn,
  };
}

/**
 * Create and cancel one-time follow-up schedules in the program's group, and nothing else: the schedule
 * actions on `schedule/<group>/*` only, and `iam:PassRole` on the follow-up scheduler role only, to
 * EventBridge Scheduler only (CreateSchedule names that role as the schedule's execution role).
 */
export function bindScheduler(fn: lambda.Function, scheduling: Scheduling): void {
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'ManageProgramSchedules',
      actions: [...SCHEDULE_ACTIONS],
      resources: [scheduling.schedulesArn],
    }),
  );
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'PassSchedulerRole',
      actions: ['iam:PassRole'],
      resources: [scheduling.followupSchedulerRole.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
    }),
  );
  for (const [name, value] of Object.entries(schedulerEnvironment(scheduling))) fn.addEnvironment(name, value);

  // The statement above ends in `/*`: the schedules are created at run time, one per pair and step, so their
  // names cannot be listed here. The group in the ARN is what bounds it.
  if (fn.role) {
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${schedulesArnFinding(scheduling.groupName)}]`,
      reason:
        `Create and delete schedules in the program's own schedule group (${scheduling.groupName}) only. The ` +
        'one-time follow-up schedules are created at run time, one per pair and timeline step (ice-breakers, ' +
        'check-ins, end of mentorship), so their names are unknown at deploy time; the wildcard covers schedule names ' +
        'within this one group and nothing else, and the schedules can only run as the follow-up scheduler role.',
    });
  }
}

/** How cdk-nag renders `Scheduling.schedulesArn` in an IAM5 finding id. */
function schedulesArnFinding(groupName: string): string {
  return `arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${groupName}/*`;
}

/**
 * Read raw inbound messages (s3:GetObject under the inbound prefix of the inbound bucket, nothing else: no list,
 * no delete, no other key) and where to find them (functions/handlers/inbound.ts).
 */
export function bindInboundMail(fn: lambda.Function, inbound: InboundEmail): void {
  const objects = inbound.bucket.arnForObjects(`${inbound.prefix}*`);
  fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'ReadInboundMail', actions: ['s3:GetObject'], resources: [objects] }));
  fn.addEnvironment('INBOUND_BUCKET', inbound.bucket.bucketName);
  fn.addEnvironment('INBOUND_PREFIX', inbound.prefix);

  if (fn.role) {
    const bucketId = Stack.of(inbound.bucket).getLogicalId(inbound.bucket.node.defaultChild as CfnElement);
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${inbound.prefix}*]`,
      reason:
        `Read (GetObject only) the raw messages SES stored under ${inbound.prefix} in the program's own inbound bucket. ` +
        'Each key is the SES message id of a reply, known only when the reply arrives, so keys cannot be listed at ' +
        'deploy time; the wildcard covers that one prefix of that one bucket, with no list, write or delete.',
    });
  }
}
