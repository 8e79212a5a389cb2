import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE } from '../../functions/adapters/dynamodb/table-definition';
import { SYNTH_TIMEOUT_MS, synthProgram, type Synthesized } from './synth';
import {
  actionsOf,
  functionOf,
  joined,
  logicalIdOf,
  resourceOf,
  resourcesOf,
  statementsOf,
  statementsOfRole,
  statementWith,
  type Statement,
} from './template';

const SCHEDULER_ENV = ['SCHEDULE_GROUP', 'FOLLOWUP_FUNCTION_ARN', 'SCHEDULER_ROLE_ARN', 'SCHEDULER_DLQ_ARN'];
/** `arn:<partition>:<service>:<region>:<account>:<resource>` as CDK's formatArn renders it. */
const arn = (service: string, resource: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${service}:`, { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${resource}`]],
});
const FOLLOWUP_ARN = arn('lambda', 'function:mentoring-demo-followup');
const SCHEDULES_ARN = arn('scheduler', 'schedule/mentoring-demo/*');

describe('scheduling (matching and follow-ups)', () => {
  let s: Synthesized;
  let ids: { group: string; dlq: string; followupRole: string; matchingRole: string; match: string; followup: string };
  beforeAll(() => {
    s = synthProgram();
    ids = {
      group: logicalIdOf(s.appStack, 'AWS::Scheduler::ScheduleGroup'),
      dlq: resourceOf(s.appStack, 'AWS::SQS::Queue', 'SchedulingDeadLetterQueue').logicalId,
      followupRole: resourceOf(s.appStack, 'AWS::IAM::Role', 'SchedulingFollowupSchedulerRole').logicalId,
      matchingRole: resourceOf(s.appStack, 'AWS::IAM::Role', 'SchedulingMatchingScheduleRole').logicalId,
      match: functionOf(s.appStack, 'MatchFunction').logicalId,
      followup: functionOf(s.appStack, 'FollowupFunction').logicalId,
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

    it.each(['MatchFunction', 'FollowupFunction'])('%s gets the program, table, secret, email and scheduler variables', (id) => {
      const { env } = functionOf(s.appStack, id);
      const api = functionOf(s.appStack, 'ApiFunction').env;
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
        SES_CONFIGURATION_SET: api.SES_CONFIGURATION_SET,
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
      // Suppressing an address never touches a pair's timeline.
      const sesEvents = functionOf(s.appStack, 'SesEventsFunction');
      for (const name of SCHEDULER_ENV) expect(sesEvents.env).not.toHaveProperty(name);
      expect(sesEvents.statements.flatMap(actionsOf).filter((a) => a.startsWith('scheduler:') || a === 'iam:PassRole')).toEqual([]);
    });

    it('dead-letters no API invocation: API Gateway calls it synchronously', () => {
      const api = functionOf(s.appStack, 'ApiFunction');
      expect(api.statements.flatMap(actionsOf).filter((a) => a.startsWith('sqs:'))).toEqual([]);
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
      for (const fn of [ids.match, ids.followup]) {
        s.appStack.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
          FunctionName: { Ref: fn },
          Qualifier: '$LATEST',
          MaximumRetryAttempts: 2,
          DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [ids.dlq, 'Arn'] } } },
        });
      }
      // The other two (inbound, SES events) report to their own queues: see inbound-email and delivery-events tests.
      const toSchedulerDlq = Object.values(s.appStack.findResources('AWS::Lambda::EventInvokeConfig')).filter((c) => joined(c).includes(ids.dlq));
      expect(toSchedulerDlq).toHaveLength(2);
    });
  });

  describe('function permissions', () => {
    it.each(['MatchFunction', 'FollowupFunction', 'ApiFunction', 'InboundFunction'])('%s may manage schedules of its group only, and pass the follow-up role only', (id) => {
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
    });

    it.each(['MatchFunction', 'FollowupFunction'])('%s keeps the table, secret and SES grants', (id) => {
      const { statements } = functionOf(s.appStack, id);
      const table = statementWith(statements, 'dynamodb:PutItem');
      expect(resourcesOf(table)).toHaveLength(1 + TABLE.indexes.length);
      expect(statementWith(statements, 'secretsmanager:GetSecretValue').Resource).toEqual({
        Ref: logicalIdOf(s.appStack, 'AWS::SecretsManager::Secret'),
      });
      expect(resourcesOf(statementWith(statements, 'ses:SendEmail'))).toHaveLength(2);
    });

    it('lets no policy in the stack pass a role other than the follow-up scheduler role', () => {
      const passes = statementsOf(s.appStack).filter((st) => actionsOf(st).includes('iam:PassRole'));
      // Match, follow-up, API, inbound.
      expect(passes).toHaveLength(4);
      for (const st of passes) expect(st.Resource).toEqual({ 'Fn::GetAtt': [ids.followupRole, 'Arn'] });
    });
  });

  describe('schedule group and scheduler roles', () => {
    it('has one schedule group per program', () => {
      s.appStack.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
      s.appStack.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'mentoring-demo' });
    });

    it.each(['followupRole', 'matchingRole'] as const)('%s can be assumed only by EventBridge Scheduler for this account and group', (key) => {
      const { properties } = resourceOf(s.appStack, 'AWS::IAM::Role', key === 'followupRole' ? 'SchedulingFollowupSchedulerRole' : 'SchedulingMatchingScheduleRole');
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
    });

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
  });

  describe('recurring matching schedule', () => {
    it('runs the match function on the program cron in UTC, in the group, with retries and the DLQ', () => {
      s.appStack.resourceCountIs('AWS::Scheduler::Schedule', 1);
      const { properties } = resourceOf(s.appStack, 'AWS::Scheduler::Schedule', 'SchedulingMatchingSchedule');
      expect(properties).toMatchObject({
        Name: 'matching',
        GroupName: 'mentoring-demo',
        ScheduleExpression: 'cron(0 9 ? * MON *)',
        ScheduleExpressionTimezone: 'Etc/UTC',
        State: 'ENABLED',
        FlexibleTimeWindow: { Mode: 'OFF' },
      });
      expect(properties.Target).toEqual({
        Arn: { 'Fn::GetAtt': [ids.match, 'Arn'] },
        RoleArn: { 'Fn::GetAtt': [ids.matchingRole, 'Arn'] },
        Input: '{}',
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [ids.dlq, 'Arn'] } },
      });
    });

    it('is created only once its role may invoke the target', () => {
      const schedule = Object.entries(s.appStack.findResources('AWS::Scheduler::Schedule'))[0]![1] as { DependsOn: string[] };
      expect(schedule.DependsOn).toEqual(expect.arrayContaining([ids.matchingRole, expect.stringMatching(/^SchedulingMatchingScheduleRoleDefaultPolicy/)]));
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
      expect(properties.AlarmActions).toBeUndefined();
    });
  });
});

describe('scheduling with deployment context', () => {
  it('uses the program id and the configured matching cron', () => {
    const s = synthProgram({ programId: 'acme', matchingCron: 'cron(30 7 ? * TUE *)' });
    s.appStack.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'mentoring-acme' });
    s.appStack.hasResourceProperties('AWS::Scheduler::Schedule', {
      GroupName: 'mentoring-acme',
      ScheduleExpression: 'cron(30 7 ? * TUE *)',
      ScheduleExpressionTimezone: 'Etc/UTC',
    });
    const followup = functionOf(s.appStack, 'FollowupFunction');
    expect(followup.properties.FunctionName).toBe('mentoring-acme-followup');
    expect(followup.env.SCHEDULE_GROUP).toBe('mentoring-acme');
    expect(joined(followup.env.FOLLOWUP_FUNCTION_ARN)).toContain(':function:mentoring-acme-followup');
    expect(joined(statementWith(followup.statements, 'scheduler:CreateSchedule').Resource)).toContain(':schedule/mentoring-acme/*"');
  });
});
