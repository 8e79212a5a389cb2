/**
 * EventBridge Scheduler for one program (DESIGN §6): the program's schedule
 * group, the recurring job schedules defined here (matching, the weekly digest),
 * and what the one-time per-pair follow-up schedules created at run time need —
 * the execution role they run as and the dead-letter queue they report to.
 * Functions that create those schedules get the names, ARNs and permissions
 * through `bindScheduler` (./bindings.ts).
 */
import { ArnFormat, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { addDeadLetter } from './dead-letter';

/**
 * Retry policy of the recurring schedules defined here: a failed delivery is retried, then dead-lettered.
 * (One-time follow-up schedules get theirs from the adapter that creates them, functions/adapters/scheduler.)
 */
export const SCHEDULE_RETRY = { retryAttempts: 3, maxEventAge: Duration.hours(1) } as const;

const SCHEDULER_SERVICE = 'scheduler.amazonaws.com';

/**
 * How often the matching and digest functions are woken: each run reads the program's current
 * settings (`matchingCron`, `digestCron`, data the console edits) and runs its job only when one
 * is due (functions/app/use-cases/run-recurring.ts). On the hour, so a schedule set to a full hour
 * runs at that hour; one set to 09:30 runs at the 10:00 heartbeat.
 */
export const HEARTBEAT_EXPRESSION = 'cron(0 * * * ? *)';

/** What a recurring schedule sends its job: `ScheduledJobInput`, filled in by EventBridge Scheduler at each firing. */
export const RECURRING_INPUT = {
  scheduleArn: scheduler.ContextAttribute.scheduleArn,
  executionId: scheduler.ContextAttribute.executionId,
  scheduledTime: scheduler.ContextAttribute.scheduledTime,
} as const;

/**
 * `LambdaInvoke` grants `lambda:InvokeFunction` on the function AND every version/alias (`<arn>:*`).
 * Schedules here always invoke the unqualified ARN, so the role gets exactly that and nothing more.
 */
class InvokeUnqualified extends targets.LambdaInvoke {
  constructor(
    private readonly fn: lambda.IFunction,
    props: targets.ScheduleTargetBaseProps,
  ) {
    super(fn, props);
  }

  protected override addTargetActionToRole(role: iam.IRole): void {
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'InvokeTarget', actions: ['lambda:InvokeFunction'], resources: [this.fn.functionArn] }));
  }
}

export interface SchedulingProps {
  programId: string;
  /**
   * Physical name of the follow-up function. Its ARN is built from this name rather than taken from the
   * function: the follow-up function schedules its own next steps, so its environment holds its own ARN,
   * and a `Fn::GetAtt` on itself would be a circular reference.
   */
  followupFunctionName: string;
}

export interface RecurringScheduleProps {
  /** Name within the group, e.g. `matching`. */
  name: string;
  /** `cron(...)` or `rate(...)`, evaluated in UTC; the jobs' heartbeat is `HEARTBEAT_EXPRESSION`. */
  expression: string;
  target: lambda.IFunction;
  description: string;
}

export class Scheduling extends Construct {
  readonly group: scheduler.ScheduleGroup;
  /** `mentoring-<programId>`, as a plain string (known at synth time). */
  readonly groupName: string;
  /** ARN pattern of every schedule in the group: what the functions may create and delete. */
  readonly schedulesArn: string;
  /** Receives schedule deliveries that failed after all retries, and job invocations that failed after Lambda's. */
  readonly deadLetterQueue: sqs.Queue;
  readonly deadLetterAlarm: cloudwatch.Alarm;
  /** The role one-time follow-up schedules run as: may invoke the follow-up function and dead-letter, nothing else. */
  readonly followupSchedulerRole: iam.Role;
  readonly followupFunctionArn: string;

  private readonly programId: string;

  constructor(scope: Construct, id: string, props: SchedulingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.programId = props.programId;
    this.groupName = `mentoring-${props.programId}`;

    this.group = new scheduler.ScheduleGroup(this, 'Group', { scheduleGroupName: this.groupName });
    this.schedulesArn = stack.formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.groupName}/*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    this.followupFunctionArn = stack.formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: props.followupFunctionName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    const deadLetter = addDeadLetter(this, {
      programId: props.programId,
      name: 'scheduler',
      receives:
        'EventBridge Scheduler delivers here the schedule events it could not deliver after the retry policy, and ' +
        "the job functions their asynchronous invocations that failed after Lambda's retries",
      alarmDescription:
        'a scheduled job (matching, follow-up, weekly digest) was not delivered or failed after all retries and is waiting in the ' +
        'scheduler dead-letter queue. Inspect the message, fix the cause, replay it.',
    });
    this.deadLetterQueue = deadLetter.queue;
    this.deadLetterAlarm = deadLetter.alarm;

    this.followupSchedulerRole = this.schedulerRole('FollowupSchedulerRole', 'one-time follow-up schedules');
    this.followupSchedulerRole.addToPolicy(
      new iam.PolicyStatement({ sid: 'InvokeFollowupFunction', actions: ['lambda:InvokeFunction'], resources: [this.followupFunctionArn] }),
    );
    this.followupSchedulerRole.addToPolicy(
      new iam.PolicyStatement({ sid: 'DeadLetter', actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }),
    );
  }

  /**
   * A recurring schedule in the group, with the retry policy and the DLQ. It invokes `target` with the firing's
   * context attributes (functions/handlers/scheduled-input.ts): the job needs none of them, its log lines carry
   * the execution id as their correlation id.
   */
  addRecurring(id: string, props: RecurringScheduleProps): scheduler.Schedule {
    const role = this.schedulerRole(`${id}Role`, `the ${props.name} schedule`);
    const schedule = new scheduler.Schedule(this, id, {
      scheduleName: props.name,
      scheduleGroup: this.group,
      description: props.description,
      schedule: scheduler.ScheduleExpression.expression(props.expression, TimeZone.ETC_UTC),
      target: new InvokeUnqualified(props.target, {
        role,
        input: scheduler.ScheduleTargetInput.fromObject(RECURRING_INPUT),
        deadLetterQueue: this.deadLetterQueue,
        ...SCHEDULE_RETRY,
      }),
    });
    // The role's policy is a separate resource the schedule does not reference: without this, the schedule
    // could exist (and fire) before its role may invoke the target.
    schedule.node.addDependency(role);
    return schedule;
  }

  /**
   * EventBridge Scheduler invokes Lambda asynchronously: once the event is handed over, the schedule's retry
   * policy and DLQ are done with it, and a run that throws is retried by Lambda. A run still failing after
   * those retries goes to the same DLQ (and alarm) instead of only to the logs.
   */
  deadLetterFailedRuns(fn: lambda.IFunction): void {
    fn.configureAsyncInvoke({ retryAttempts: 2, onFailure: new destinations.SqsDestination(this.deadLetterQueue) });
  }

  /** Assumable only by EventBridge Scheduler, for schedules of this account and this group. */
  private schedulerRole(id: string, what: string): iam.Role {
    const stack = Stack.of(this);
    return new iam.Role(this, id, {
      description: `Mentoring ${this.programId}: EventBridge Scheduler execution role for ${what}`,
      assumedBy: new iam.ServicePrincipal(SCHEDULER_SERVICE, {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': stack.account,
            'aws:SourceArn': this.group.scheduleGroupArn,
          },
        },
      }),
    });
  }
}
