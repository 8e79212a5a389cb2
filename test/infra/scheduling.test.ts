import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE } from '../../functions/adapters/dynamodb/table-definition';
import { TABLE_ACCESS } from '../../infra/constructs/bindings';
import { SYNTH_TIMEOUT_MS, synthProgram, type Synthesized } from './synth';
import { actionsOf, functionOf, joined, logicalIdOf, resourceOf, resourcesOf, statementsOf, statementsOfRole, statementWith, type Statement } from './template';

/** The context attributes EventBridge Scheduler fills in at each firing (functions/handlers/scheduled-input.ts). */
const RECURRING_INPUT_JSON =
  '{"scheduleArn":"<aws.scheduler.schedule-arn>","executionId":"<aws.scheduler.execution-id>","scheduledTime":"<aws.scheduler.scheduled-time>"}';

const SCHEDULER_ENV = ['SCHEDULE_GROUP', 'FOLLOWUP_FUNCTION_ARN', 'SCHEDULER_ROLE_ARN', 'SCHEDULER_DLQ_ARN'];
/** `arn:<partition>:<service>:<region>:<account>:<resource>` as CDK's formatArn renders it. */
const arn = (service: string, resource: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${service}:`, { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${resource}`]],
});
const FOLLOWUP_ARN = arn('lambda', 'function:mentoring-demo-followup');
const SCHEDULES_ARN = arn('scheduler', 'schedule/mentoring-demo/*');

/** Construct ids of the scheduler execution roles (under Scheduling/). */
const SCHEDULER_ROLES = {
  followupRole: 'SchedulingFollowupSchedulerRole',
  matchingRole: 'SchedulingMatchingScheduleRole',
  digestRole: 'SchedulingDigestScheduleRole',
} as const;

describe('scheduling (matching, digest and follow-ups)', () => {
  let s: Synthesized;
  let ids: {
    group: string;
    dlq: string;
    followupRole: string;
    matchingRole: string;
    digestRole: string;
    match: string;
    followup: string;
    digest: string;
  };
  beforeAll(() => {
    s = synthProgram();
    ids = {
      group: logicalIdOf(s.appStack, 'AWS::Scheduler::ScheduleGroup'),
      dlq: resourceOf(s.appStack, 'AWS::SQS::Queue', 'SchedulingDeadLetterQueue').logicalId,
      followupRole: resourceOf(s.appStack, 'AWS::IAM::Role', SCHEDULER_ROLES.followupRole).logicalId,
      matchingRole: resourceOf(s.appStack, 'AWS::IAM::Role', SCHEDULER_ROLES.matchingRole).logicalId,
      digestRole: resourceOf(s.appStack, 'AWS::IAM::Role', SCHEDULER_ROLES.digestRole).logicalId,
      match: functionOf(s.appStack, 'MatchFunction').logicalId,
      followup: functionOf(s.appStack, 'FollowupFunction').logicalId,
      digest: functionOf(s.appStack, 'DigestFunction').logicalId,
    };
  }, SYNTH_TIMEOUT_MS);

  describe('functions', () => {
    it('runs matching on nodejs22.x arm64 with 1536 MB for 5 minutes', () => {
      expect(functionOf(s.appStack, 'MatchFunction').properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 1536,
        Timeout: 300,
      });
    });

    it('runs follow-ups on nodejs22.x arm64 for 1 minute, under a known name', () => {
      expect(functionOf(s.appStack, 'FollowupFunction').properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Timeout: 60,
        FunctionName: 'mentoring-demo-followup',
      });
    });

    it('runs the digest on nodejs22.x arm64 with 512 MB for 1 minute, under a generated name', () => {
      const { properties } = functionOf(s.appStack, 'DigestFunction');
      expect(properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 512,
        Timeout: 60,
        Description: 'Mentoring demo: weekly KPI digest to the admins',
      });
      // Nothing needs its ARN before it exists: the digest schedule takes it from the function.
      expect(properties.FunctionName).toBeUndefined();
    });

    it.each(['MatchFunction', 'FollowupFunction'])('%s gets the program, table, secret, email and scheduler variables', (id) => {
      const { env } = functionOf(s.appStack, id);
      // The export bucket is the API function's own (the console's large CSV exports).
      const { EXPORT_BUCKET: _exports, ...api } = functionOf(s.appStack, 'ApiFunction').env;
      // The API function also creates and cancels schedules (a check-in reschedules the pair's nudges).
      expect(Object.keys(env).sort()).toEqual(Object.keys(api).sort());
      for (const name of SCHEDULER_ENV) expect(env[name]).toEqual(api[name]);
      expect(env).toMatchObject({
        SCHEDULE_GROUP: 'mentoring-demo',
        FOLLOWUP_FUNCTION_ARN: FOLLOWUP_ARN,
        SCHEDULER_ROLE_ARN: { 'Fn::GetAtt': [ids.followupRole, 'Arn'] },
        SCHEDULER_DLQ_ARN: { 'Fn::GetAtt': [ids.dlq, 'Arn'] },
        TABLE_NAME: api.TABLE_NAME,
        TOKEN_SECRET_ARN: api.TOKEN_SECRET_ARN,
        PROGRAM_ID: 'demo',
      });
    });

    it('gives the digest function the program, table, secret and email variables, and no scheduler ones', () => {
      const { env } = functionOf(s.appStack, 'DigestFunction');
      const { EXPORT_BUCKET: _exports, ...api } = functionOf(s.appStack, 'ApiFunction').env;
      // Everything the API function gets except the scheduler variables: the digest creates no schedules.
      expect(Object.keys(env).sort()).toEqual(
        Object.keys(api)
          .filter((name) => !SCHEDULER_ENV.includes(name))
          .sort(),
      );
      for (const name of Object.keys(env)) expect(env[name], name).toEqual(api[name]);
      expect(env).toMatchObject({
        TABLE_NAME: api.TABLE_NAME,
        TOKEN_SECRET_ARN: { Ref: logicalIdOf(s.appStack, 'AWS::SecretsManager::Secret') },
        ADMIN_EMAILS: 'admin@example.com',
        DIGEST_CRON: 'cron(0 8 ? * MON *)',
        PROGRAM_ID: 'demo',
      });
    });

    it('gives the scheduler variables to exactly the functions that reschedule a pair', () => {
      for (const id of ['ApiFunction', 'InboundFunction']) {
        expect(functionOf(s.appStack, id).env).toMatchObject({
          SCHEDULE_GROUP: 'mentoring-demo',
          FOLLOWUP_FUNCTION_ARN: FOLLOWUP_ARN,
          SCHEDULER_ROLE_ARN: { 'Fn::GetAtt': [ids.followupRole, 'Arn'] },
          SCHEDULER_DLQ_ARN: { 'Fn::GetAtt': [ids.dlq, 'Arn'] },
        });
      }
      // Suppressing an address, or reporting the week to the admins, never touches a pair's timeline.
      for (const id of ['SesEventsFunction', 'DigestFunction']) {
        const fn = functionOf(s.appStack, id);
        for (const name of SCHEDULER_ENV) expect(fn.env, id).not.toHaveProperty(name);
        expect(
          fn.statements.flatMap(actionsOf).filter((a) => a.startsWith('scheduler:') || a === 'iam:PassRole'),
          id,
        ).toEqual([]);
      }
    });

    it('dead-letters no API invocation: API Gateway calls it synchronously', () => {
      const api = functionOf(s.appStack, 'ApiFunction');
      // Its only SQS action puts emails in the send queues (issue 9), never in a dead-letter queue.
      const sqsStatements = api.statements.filter((st) => actionsOf(st).some((a) => a.startsWith('sqs:')));
      expect(sqsStatements.map((st) => st.Sid)).toEqual(['EnqueueEmail']);
      expect(joined(sqsStatements)).not.toContain(ids.dlq);
      const configs = Object.values(s.appStack.findResources('AWS::Lambda::EventInvokeConfig')) as { Properties: { FunctionName: unknown } }[];
      expect(configs.map((c) => c.Properties.FunctionName)).not.toContainEqual({ Ref: api.logicalId });
    });

    it('names its own ARN without referring to itself, so the template has no dependency cycle', () => {
      expect(joined(functionOf(s.appStack, 'FollowupFunction').env)).not.toContain(ids.followup);
      // Template.fromStack refuses a template with a cycle (CloudFormation would at deploy; `cdk synth` does not).
      expect(() => Template.fromStack(s.stacks.app)).not.toThrow();
      const selfReferencing = { Fn: { Type: 'AWS::Lambda::Function', Properties: { Environment: { Variables: { ARN: { 'Fn::GetAtt': ['Fn', 'Arn'] } } } } } };
      expect(() => Template.fromJSON({ Resources: selfReferencing })).toThrow(/dependency cycle/);
    });

    it('sends a run that still fails after Lambda retries to the dead-letter queue', () => {
      for (const fn of [ids.match, ids.followup, ids.digest]) {
        s.appStack.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
          FunctionName: { Ref: fn },
          Qualifier: '$LATEST',
          MaximumRetryAttempts: 2,
          DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [ids.dlq, 'Arn'] } } },
        });
      }
      // The other two (inbound, SES events) report to their own queues: see inbound-email and delivery-events tests.
      const toSchedulerDlq = Object.values(s.appStack.findResources('AWS::Lambda::EventInvokeConfig')).filter((c) => joined(c).includes(ids.dlq));
      expect(toSchedulerDlq).toHaveLength(3);
    });
  });

  describe('function permissions', () => {
    it.each(['MatchFunction', 'FollowupFunction', 'ApiFunction', 'InboundFunction'])(
      '%s may manage schedules of its group only, and pass the follow-up role only',
      (id) => {
        const { statements } = functionOf(s.appStack, id);
        const schedules = statementWith(statements, 'scheduler:CreateSchedule');
        expect(actionsOf(schedules)).toEqual(['scheduler:CreateSchedule', 'scheduler:DeleteSchedule']);
        expect(schedules.Resource).toEqual(SCHEDULES_ARN);
        expect(schedules.Condition).toBeUndefined();

        const passRole = statementWith(statements, 'iam:PassRole');
        expect(actionsOf(passRole)).toEqual(['iam:PassRole']);
        expect(passRole.Resource).toEqual({ 'Fn::GetAtt': [ids.followupRole, 'Arn'] });
        expect(passRole.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } });

        // Every scheduler action anywhere in the role is in that one statement.
        expect(statements.flatMap(actionsOf).filter((a) => a.startsWith('scheduler:'))).toEqual(actionsOf(schedules));
        for (const statement of statements) {
          expect(statement.Effect).toBe('Allow');
          expect(resourcesOf(statement)).not.toContain('*');
          for (const action of actionsOf(statement)) expect(action).not.toMatch(/\*/);
        }
        // Never invokes functions itself: the schedules do, as the scheduler role.
        expect(statements.flatMap(actionsOf)).not.toContain('lambda:InvokeFunction');
      },
    );

    it('DigestFunction may use the table, the secret, the send queues and the DLQ, and nothing about schedules', () => {
      const { statements, logicalId } = functionOf(s.appStack, 'DigestFunction');
      // The whole role, action by action: no scheduler action, no PassRole, no invoke.
      expect(statements.flatMap(actionsOf).sort()).toEqual(
        [
          'logs:CreateLogStream',
          'logs:PutLogEvents',
          ...TABLE_ACCESS.digest,
          'secretsmanager:DescribeSecret',
          'secretsmanager:GetSecretValue',
          // The digest email goes to the send queue.
          'sqs:SendMessage',
          // Its failed runs go to the scheduler DLQ (the on-failure destination sends as the function).
          'sqs:GetQueueAttributes',
          'sqs:GetQueueUrl',
          'sqs:SendMessage',
        ].sort(),
      );
      expect(statementWith(statements, 'logs:PutLogEvents').Resource).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/^DigestFunctionLogs/), 'Arn'],
      });
      const sends = statements.filter((st) => actionsOf(st).includes('sqs:SendMessage'));
      expect(sends.map((st) => st.Resource)).toContainEqual({ 'Fn::GetAtt': [ids.dlq, 'Arn'] });
      expect(sends.find((st) => st.Sid === 'EnqueueEmail')).toBeDefined();
      for (const statement of statements) {
        expect(statement.Effect).toBe('Allow');
        expect(statement.Condition).toBeUndefined();
        expect(resourcesOf(statement)).not.toContain('*');
        for (const action of actionsOf(statement)) expect(action).not.toMatch(/\*/);
      }
      expect(joined(statements)).not.toContain(ids.followupRole);
      expect(logicalId).toBe(ids.digest);
    });

    it.each([
      ['MatchFunction', TABLE_ACCESS.match],
      ['FollowupFunction', TABLE_ACCESS.followup],
      ['DigestFunction', TABLE_ACCESS.digest],
    ] as const)('%s keeps its table and secret grants, and queues emails instead of calling SES', (id, access) => {
      const { statements } = functionOf(s.appStack, id);
      const api = functionOf(s.appStack, 'ApiFunction').statements;
      const table = statementWith(statements, 'dynamodb:PutItem');
      expect(actionsOf(table)).toEqual([...access].sort());
      expect(resourcesOf(table)).toHaveLength(1 + TABLE.indexes.length);
      expect(table.Resource).toEqual(statementWith(api, 'dynamodb:PutItem').Resource);
      expect(statementWith(statements, 'secretsmanager:GetSecretValue').Resource).toEqual({
        Ref: logicalIdOf(s.appStack, 'AWS::SecretsManager::Secret'),
      });
      expect(statements.flatMap(actionsOf).filter((a) => a.startsWith('ses:'))).toEqual([]);
      const enqueue = statements.find((st) => st.Sid === 'EnqueueEmail')!;
      expect(actionsOf(enqueue)).toEqual(['sqs:SendMessage']);
      expect(enqueue.Resource).toEqual(api.find((st) => st.Sid === 'EnqueueEmail')!.Resource);
    });

    it('lets no policy in the stack pass a role other than the follow-up scheduler role', () => {
      const passes = statementsOf(s.appStack).filter((st) => actionsOf(st).includes('iam:PassRole'));
      // Match, follow-up, API, inbound (not the digest, not SES events).
      expect(passes).toHaveLength(4);
      for (const st of passes) expect(st.Resource).toEqual({ 'Fn::GetAtt': [ids.followupRole, 'Arn'] });
    });
  });

  describe('schedule group and scheduler roles', () => {
    it('has one schedule group per program', () => {
      s.appStack.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
      s.appStack.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'mentoring-demo' });
    });

    it('has one execution role per recurring schedule, and one for the follow-ups', () => {
      const roles = [ids.followupRole, ids.matchingRole, ids.digestRole];
      expect(new Set(roles).size).toBe(3);
      const scheduleRoles = Object.values(s.appStack.findResources('AWS::Scheduler::Schedule')).map(
        (schedule) => (schedule as { Properties: { Target: { RoleArn: unknown } } }).Properties.Target.RoleArn,
      );
      expect(scheduleRoles).toEqual(expect.arrayContaining([{ 'Fn::GetAtt': [ids.matchingRole, 'Arn'] }, { 'Fn::GetAtt': [ids.digestRole, 'Arn'] }]));
      expect(scheduleRoles).toHaveLength(2);
    });

    it.each(Object.keys(SCHEDULER_ROLES) as (keyof typeof SCHEDULER_ROLES)[])(
      '%s can be assumed only by EventBridge Scheduler for this account and group',
      (key) => {
        const { properties } = resourceOf(s.appStack, 'AWS::IAM::Role', SCHEDULER_ROLES[key]);
        expect(properties.AssumeRolePolicyDocument).toEqual({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'sts:AssumeRole',
              Principal: { Service: 'scheduler.amazonaws.com' },
              Condition: {
                StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' }, 'aws:SourceArn': { 'Fn::GetAtt': [ids.group, 'Arn'] } },
              },
            },
          ],
        });
        expect(properties.ManagedPolicyArns).toBeUndefined();
      },
    );

    const bare = (statements: Statement[]) => statements.map(({ Action, Resource, Effect, Condition }) => ({ Action, Resource, Effect, Condition }));

    it('lets follow-up schedules invoke the follow-up function (unqualified) and dead-letter, nothing else', () => {
      expect(bare(statementsOfRole(s.appStack, ids.followupRole))).toEqual([
        { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: FOLLOWUP_ARN, Condition: undefined },
        { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [ids.dlq, 'Arn'] }, Condition: undefined },
      ]);
    });

    it('lets the matching schedule invoke the match function (unqualified) and dead-letter, nothing else', () => {
      expect(bare(statementsOfRole(s.appStack, ids.matchingRole))).toEqual([
        { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [ids.match, 'Arn'] }, Condition: undefined },
        { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [ids.dlq, 'Arn'] }, Condition: undefined },
      ]);
    });

    it('lets the digest schedule invoke the digest function (unqualified) and dead-letter, nothing else', () => {
      expect(bare(statementsOfRole(s.appStack, ids.digestRole))).toEqual([
        { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [ids.digest, 'Arn'] }, Condition: undefined },
        { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [ids.dlq, 'Arn'] }, Condition: undefined },
      ]);
    });

    it('lets no role but its own schedule invoke the digest function', () => {
      const invokers = statementsOf(s.appStack).filter((st) => actionsOf(st).includes('lambda:InvokeFunction') && joined(st.Resource).includes(ids.digest));
      expect(invokers).toHaveLength(1);
      expect(statementsOfRole(s.appStack, ids.digestRole)).toContainEqual(invokers[0]);
    });
  });

  /** The `DependsOn` of the schedule with construct id `constructId`. */
  const dependsOnOf = (constructId: string) => {
    const { logicalId } = resourceOf(s.appStack, 'AWS::Scheduler::Schedule', constructId);
    return [(s.appStack.findResources('AWS::Scheduler::Schedule')[logicalId] as { DependsOn?: string | string[] }).DependsOn ?? []].flat();
  };

  describe('recurring schedules', () => {
    it('are exactly matching and the digest, both in the program group', () => {
      s.appStack.resourceCountIs('AWS::Scheduler::Schedule', 2);
      const schedules = Object.values(s.appStack.findResources('AWS::Scheduler::Schedule')) as { Properties: { Name: string; GroupName: string } }[];
      expect(schedules.map((x) => x.Properties.Name).sort()).toEqual(['digest', 'matching']);
      for (const schedule of schedules) expect(schedule.Properties.GroupName).toBe('mentoring-demo');
    });
  });

  describe('recurring matching schedule', () => {
    it('wakes the match function every hour on the hour (the heartbeat) in UTC, in the group, with retries and the DLQ', () => {
      const { properties } = resourceOf(s.appStack, 'AWS::Scheduler::Schedule', 'SchedulingMatchingSchedule');
      expect(properties).toMatchObject({
        Name: 'matching',
        GroupName: 'mentoring-demo',
        ScheduleExpression: 'cron(0 * * * ? *)',
        ScheduleExpressionTimezone: 'Etc/UTC',
        State: 'ENABLED',
        FlexibleTimeWindow: { Mode: 'OFF' },
      });
      expect(properties.Target).toEqual({
        Arn: { 'Fn::GetAtt': [ids.match, 'Arn'] },
        RoleArn: { 'Fn::GetAtt': [ids.matchingRole, 'Arn'] },
        Input: RECURRING_INPUT_JSON,
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [ids.dlq, 'Arn'] } },
      });
    });

    it('is created only once its role may invoke the target', () => {
      expect(dependsOnOf('SchedulingMatchingSchedule')).toEqual(
        expect.arrayContaining([ids.matchingRole, expect.stringMatching(/^SchedulingMatchingScheduleRoleDefaultPolicy/)]),
      );
    });
  });

  describe('recurring digest schedule', () => {
    it('wakes the digest function every hour on the hour (the heartbeat) in UTC, in the group, with retries and the DLQ', () => {
      const { properties } = resourceOf(s.appStack, 'AWS::Scheduler::Schedule', 'SchedulingDigestSchedule');
      expect(properties).toMatchObject({
        Name: 'digest',
        GroupName: 'mentoring-demo',
        Description: 'Mentoring demo: hourly heartbeat of the weekly KPI digest',
        ScheduleExpression: 'cron(0 * * * ? *)',
        ScheduleExpressionTimezone: 'Etc/UTC',
        State: 'ENABLED',
        FlexibleTimeWindow: { Mode: 'OFF' },
      });
      expect(properties.Target).toEqual({
        Arn: { 'Fn::GetAtt': [ids.digest, 'Arn'] },
        RoleArn: { 'Fn::GetAtt': [ids.digestRole, 'Arn'] },
        Input: RECURRING_INPUT_JSON,
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [ids.dlq, 'Arn'] } },
      });
    });

    it('is created only once its role may invoke the target', () => {
      const dependsOn = dependsOnOf('SchedulingDigestSchedule');
      expect(dependsOn).toEqual(expect.arrayContaining([ids.digestRole, expect.stringMatching(/^SchedulingDigestScheduleRoleDefaultPolicy/)]));
      // Its own role only, not the matching schedule's.
      expect(dependsOn.filter((id) => id.startsWith('SchedulingMatchingScheduleRole'))).toEqual([]);
    });
  });

  describe('dead-letter queue', () => {
    it('is encrypted, TLS-only and keeps messages 14 days', () => {
      expect(resourceOf(s.appStack, 'AWS::SQS::Queue', 'SchedulingDeadLetterQueue').properties).toEqual({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
      s.appStack.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: ids.dlq }],
        PolicyDocument: {
          Statement: [
            {
              Effect: 'Deny',
              Action: 'sqs:*',
              Principal: { AWS: '*' },
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              Resource: { 'Fn::GetAtt': [ids.dlq, 'Arn'] },
            },
          ],
        },
      });
    });

    it('raises a clearly named alarm as soon as a message is visible', () => {
      const { properties } = resourceOf(s.appStack, 'AWS::CloudWatch::Alarm', 'SchedulingDeadLetterAlarm');
      expect(properties).toMatchObject({
        AlarmName: 'mentoring-demo-scheduler-dlq-not-empty',
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.dlq, 'QueueName'] } }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
      });
      // Published to the program's alarms topic (test/infra/observability.test.ts).
      expect(properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^ObservabilityAlarmTopic/) }]);
    });
  });
});

describe('scheduling with deployment context', () => {
  it('keeps the heartbeats whatever the crons, and hands the configured crons to the functions as version-1 settings', () => {
    const s = synthProgram({ programId: 'acme', matchingCron: 'cron(30 7 ? * TUE *)', digestCron: 'cron(15 6 ? * FRI *)' });
    s.appStack.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'mentoring-acme' });
    for (const name of ['matching', 'digest'])
      s.appStack.hasResourceProperties('AWS::Scheduler::Schedule', {
        Name: name,
        GroupName: 'mentoring-acme',
        ScheduleExpression: 'cron(0 * * * ? *)',
        ScheduleExpressionTimezone: 'Etc/UTC',
      });
    // No schedule runs on the program's own crons: the jobs decide from the settings data.
    const expressions = Object.values(s.appStack.findResources('AWS::Scheduler::Schedule')).map(
      (r) => (r as { Properties: { ScheduleExpression: string } }).Properties.ScheduleExpression,
    );
    expect(expressions).toEqual(['cron(0 * * * ? *)', 'cron(0 * * * ? *)']);
    // The deploy-time crons reach the functions: version 1 of the program's settings is written from them.
    expect(functionOf(s.appStack, 'DigestFunction').env.DIGEST_CRON).toBe('cron(15 6 ? * FRI *)');
    expect(functionOf(s.appStack, 'MatchFunction').env.MATCHING_CRON).toBe('cron(30 7 ? * TUE *)');
    const followup = functionOf(s.appStack, 'FollowupFunction');
    expect(followup.properties.FunctionName).toBe('mentoring-acme-followup');
    expect(followup.env.SCHEDULE_GROUP).toBe('mentoring-acme');
    expect(joined(followup.env.FOLLOWUP_FUNCTION_ARN)).toContain(':function:mentoring-acme-followup');
    expect(joined(statementWith(followup.statements, 'scheduler:CreateSchedule').Resource)).toContain(':schedule/mentoring-acme/*"');
  });
});
