import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DELIVERY_EVENT_RETRY, SUPPRESSING_DETAIL_TYPES } from '../../infra/constructs/delivery-events';
import { SYNTH_TIMEOUT_MS, synthProgram, type Synthesized } from './synth';
import { actionsOf, functionOf, joined, logicalIdOf, resourceOf, resourcesOf, statementWith } from './template';

const DEFAULT_BUS_ARN = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':event-bus/default']],
};

describe('delivery events (bounces and complaints)', () => {
  let s: Synthesized;
  let ids: { configurationSet: string; fn: string; dlq: string; rule: string };
  beforeAll(() => {
    s = synthProgram();
    ids = {
      configurationSet: logicalIdOf(s.appStack, 'AWS::SES::ConfigurationSet'),
      fn: functionOf(s.appStack, 'SesEventsFunction').logicalId,
      dlq: resourceOf(s.appStack, 'AWS::SQS::Queue', 'DeliveryEventsDeadLetterQueue').logicalId,
      rule: logicalIdOf(s.appStack, 'AWS::Events::Rule'),
    };
  }, SYNTH_TIMEOUT_MS);

  describe('configuration set event destination', () => {
    it('publishes bounces, complaints, rejects, delays and deliveries to the default bus', () => {
      s.appStack.resourceCountIs('AWS::SES::ConfigurationSetEventDestination', 1);
      s.appStack.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
        ConfigurationSetName: { Ref: ids.configurationSet },
        EventDestination: {
          Name: 'eventbridge-default-bus',
          Enabled: true,
          EventBridgeDestination: { EventBusArn: DEFAULT_BUS_ARN },
          MatchingEventTypes: Match.arrayEquals(['bounce', 'complaint', 'reject', 'deliveryDelay', 'delivery']),
        },
      });
    });

    it('does not track opens or clicks', () => {
      const { EventDestination } = Object.values(s.appStack.findResources('AWS::SES::ConfigurationSetEventDestination'))[0]!.Properties as {
        EventDestination: { MatchingEventTypes: string[] };
      };
      expect(EventDestination.MatchingEventTypes).not.toContain('open');
      expect(EventDestination.MatchingEventTypes).not.toContain('click');
    });
  });

  describe('EventBridge rule', () => {
    it("matches SES bounces and complaints of this program's configuration set, on the default bus", () => {
      const { properties } = resourceOf(s.appStack, 'AWS::Events::Rule', 'DeliveryEventsSuppressingEventsRule');
      expect(properties.EventBusName).toBeUndefined();
      expect(properties.State).toBe('ENABLED');
      expect(properties.EventPattern).toEqual({
        source: ['aws.ses'],
        'detail-type': ['Email Bounced', 'Email Complaint Received'],
        detail: { mail: { tags: { 'ses:configuration-set': [{ Ref: ids.configurationSet }] } } },
      });
      expect(SUPPRESSING_DETAIL_TYPES).toEqual(['Email Bounced', 'Email Complaint Received']);
    });

    it('targets the SES-events function with retries, a maximum event age and the dead-letter queue', () => {
      const { properties } = resourceOf(s.appStack, 'AWS::Events::Rule', 'DeliveryEventsSuppressingEventsRule');
      expect(properties.Targets).toEqual([
        {
          Id: 'Target0',
          Arn: { 'Fn::GetAtt': [ids.fn, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 24 * 3600 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [ids.dlq, 'Arn'] } },
        },
      ]);
      expect(DELIVERY_EVENT_RETRY.retryAttempts).toBe(10);
      expect(DELIVERY_EVENT_RETRY.maxEventAge.toSeconds()).toBe(24 * 3600);
    });

    it('is the only principal allowed to invoke the function', () => {
      const permissions = Object.values(s.appStack.findResources('AWS::Lambda::Permission') as Record<string, { Properties: Record<string, unknown> }>)
        .map((p) => p.Properties)
        .filter((p) => joined(p.FunctionName).includes(ids.fn));
      expect(permissions).toEqual([
        {
          Action: 'lambda:InvokeFunction',
          FunctionName: { 'Fn::GetAtt': [ids.fn, 'Arn'] },
          Principal: 'events.amazonaws.com',
          SourceArn: { 'Fn::GetAtt': [ids.rule, 'Arn'] },
        },
      ]);
    });
  });

  describe('dead-letter queue', () => {
    it('is encrypted, TLS-only, keeps messages 14 days, and only this rule may send to it', () => {
      expect(resourceOf(s.appStack, 'AWS::SQS::Queue', 'DeliveryEventsDeadLetterQueue').properties).toEqual({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
      const { properties } = resourceOf(s.appStack, 'AWS::SQS::QueuePolicy', 'DeliveryEventsDeadLetterQueuePolicy');
      expect(properties.Queues).toEqual([{ Ref: ids.dlq }]);
      const statements = (properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
      expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
      expect(statements.filter((st) => st.Effect === 'Allow')).toEqual([
        expect.objectContaining({
          Action: 'sqs:SendMessage',
          Principal: { Service: 'events.amazonaws.com' },
          Resource: { 'Fn::GetAtt': [ids.dlq, 'Arn'] },
          Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [ids.rule, 'Arn'] } } },
        }),
      ]);
    });

    it('also receives runs that still fail after Lambda retries', () => {
      s.appStack.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: ids.fn },
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [ids.dlq, 'Arn'] } } },
      });
    });

    it('raises a clearly named alarm as soon as a message is visible', () => {
      expect(resourceOf(s.appStack, 'AWS::CloudWatch::Alarm', 'DeliveryEventsDeadLetterAlarm').properties).toMatchObject({
        AlarmName: 'mentoring-demo-ses-events-dlq-not-empty',
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.dlq, 'QueueName'] } }],
        Statistic: 'Maximum',
        Period: 300,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
      });
    });
  });

  describe('SES-events function', () => {
    it('may get and update items of the table (no index, no writes of new items), and may not read the secret', () => {
      const { statements } = functionOf(s.appStack, 'SesEventsFunction');
      const table = statementWith(statements, 'dynamodb:UpdateItem');
      expect(actionsOf(table)).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
      expect(resourcesOf(table)).toHaveLength(1);
      expect(statements.flatMap(actionsOf).filter((a) => a.startsWith('secretsmanager:'))).toEqual([]);
    });

    it('may not send email, schedule anything, read mail or read the secret: table, logs and its dead-letter queue only', () => {
      const actions = functionOf(s.appStack, 'SesEventsFunction').statements.flatMap(actionsOf);
      expect(actions.filter((a) => /^(ses|scheduler|s3|lambda):|^iam:PassRole$/.test(a))).toEqual([]);
      expect([...new Set(actions.map((a) => a.split(':')[0]))].sort()).toEqual(['dynamodb', 'logs', 'sqs']);
    });

    it('gets the program settings and the table; no secret, queues or SES configuration set (it builds only what it uses)', () => {
      const { env } = functionOf(s.appStack, 'SesEventsFunction');
      expect(env).toMatchObject({ PROGRAM_ID: 'demo', INCENTIVE_MEETINGS: '3' });
      expect(joined(env.TABLE_NAME)).toContain('Mentoring-demo-Data');
      for (const name of ['SCHEDULE_GROUP', 'INBOUND_BUCKET', 'TOKEN_SECRET_ARN', 'SES_CONFIGURATION_SET', 'PRIORITY_QUEUE_URL'])
        expect(env).not.toHaveProperty(name);
    });
  });
});

describe('alarms', () => {
  it(
    'has exactly one not-empty alarm per dead-letter queue',
    () => {
      const s = synthProgram();
      // Every queue but the two send queues is a dead-letter queue: schedules, inbound, SES events, and the send queues' two.
      const queues = Object.keys(s.appStack.findResources('AWS::SQS::Queue'))
        .filter((id) => !/^SendQueues(Priority|Bulk)Queue/.test(id))
        .sort();
      expect(queues).toHaveLength(5);
      const alarmed = Object.values(
        s.appStack.findResources('AWS::CloudWatch::Alarm') as Record<string, { Properties: { MetricName: string; Dimensions: unknown } }>,
      )
        .filter((a) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible')
        .map((a) => (a.Properties.Dimensions as { Value: { 'Fn::GetAtt': [string, string] } }[])[0]!.Value['Fn::GetAtt'][0])
        .sort();
      expect(alarmed).toEqual(queues);
      // The other alarms are the program's operations alarms (test/infra/observability.test.ts), none on a queue.
      const names = Object.values(s.appStack.findResources('AWS::CloudWatch::Alarm') as Record<string, { Properties: { AlarmName: string } }>).map(
        (a) => a.Properties.AlarmName,
      );
      expect(names.filter((n) => n.endsWith('-dlq-not-empty'))).toHaveLength(5);
    },
    SYNTH_TIMEOUT_MS,
  );
});
