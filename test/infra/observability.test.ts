/**
 * Operations in the template (issue 9, item 4): an errors alarm per function, API 5xx, SES bounce and
 * complaint rates at 5% and 0.1%, the dead-letter alarms kept, one dashboard per program that charts
 * the functions, the API, the program's own EMF metrics (the names the functions publish), the DLQs
 * and SES reputation; every alarm on one SNS topic (context alarmEmail subscribes an address); and the
 * optional reserved concurrency of the inbound function.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { METRIC_NAMES, METRICS_NAMESPACE } from '../../functions/metric-names';
import { SYNTH_TIMEOUT_MS, synthProgram, type Synthesized } from './synth';
import { functionOf, resourceOf } from './template';

interface AlarmProps {
  AlarmName: string;
  Namespace?: string;
  MetricName?: string;
  Dimensions?: { Name: string; Value: unknown }[];
  Statistic?: string;
  Threshold: number;
  ComparisonOperator: string;
  TreatMissingData?: string;
  AlarmActions?: unknown;
}

const alarmsOf = (s: Synthesized) =>
  Object.values(s.appStack.findResources('AWS::CloudWatch::Alarm') as Record<string, { Properties: AlarmProps }>).map((r) => r.Properties);

describe('program observability', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthProgram();
  }, SYNTH_TIMEOUT_MS);

  it('alarms on any error of each function, naming the function', () => {
    const alarms = alarmsOf(s);
    for (const [fn, id] of [
      ['api', 'ApiFunction'],
      ['match', 'MatchFunction'],
      ['followup', 'FollowupFunction'],
      ['digest', 'DigestFunction'],
      ['inbound', 'InboundFunction'],
      ['ses-events', 'SesEventsFunction'],
    ] as const) {
      const alarm = alarms.find((a) => a.AlarmName === `mentoring-demo-${fn}-errors`);
      expect(alarm, fn).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Statistic: 'Sum',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
      });
      expect(alarm!.Dimensions).toEqual([{ Name: 'FunctionName', Value: { Ref: functionOf(s.appStack, id).logicalId } }]);
    }
  });

  it('alarms on HTTP API 5xx', () => {
    const alarm = alarmsOf(s).find((a) => a.AlarmName === 'mentoring-demo-api-5xx');
    expect(alarm).toMatchObject({ Namespace: 'AWS/ApiGateway', MetricName: '5xx', Statistic: 'Sum', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    expect(alarm!.Dimensions).toEqual([{ Name: 'ApiId', Value: { Ref: resourceOf(s.appStack, 'AWS::ApiGatewayV2::Api', 'HttpApi').logicalId } }]);
  });

  it('alarms on the SES account bounce rate over 5% and complaint rate over 0.1%', () => {
    const alarms = alarmsOf(s);
    expect(alarms.find((a) => a.AlarmName === 'mentoring-demo-ses-bounce-rate')).toMatchObject({
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.BounceRate',
      Threshold: 0.05,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(alarms.find((a) => a.AlarmName === 'mentoring-demo-ses-complaint-rate')).toMatchObject({
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.ComplaintRate',
      Threshold: 0.001,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('keeps the dead-letter "not empty" alarms', () => {
    const names = alarmsOf(s).map((a) => a.AlarmName);
    for (const dlq of ['scheduler', 'inbound', 'ses-events']) expect(names).toContain(`mentoring-demo-${dlq}-dlq-not-empty`);
  });

  describe('dashboard', () => {
    let body: string;
    beforeAll(() => {
      const { properties } = resourceOf(s.appStack, 'AWS::CloudWatch::Dashboard', 'ObservabilityDashboard');
      expect(properties.DashboardName).toBe('mentoring-demo-operations');
      // The body is an Fn::Join of strings and references; its text is enough to find what it charts.
      body = JSON.stringify(properties.DashboardBody);
    });

    it('is the only one, named after the program', () => {
      expect(Object.keys(s.appStack.findResources('AWS::CloudWatch::Dashboard'))).toHaveLength(1);
    });

    it("charts every function's invocations, errors and duration", () => {
      for (const metric of ['Invocations', 'Errors', 'Duration']) expect(body).toContain(`\\"AWS/Lambda\\",\\"${metric}\\"`);
      for (const id of ['ApiFunction', 'MatchFunction', 'FollowupFunction', 'DigestFunction', 'InboundFunction', 'SesEventsFunction']) {
        expect(body).toContain(functionOf(s.appStack, id).logicalId);
      }
    });

    it('charts the API requests, 4xx, 5xx and latency', () => {
      for (const metric of ['Count', '4xx', '5xx', 'Latency']) expect(body).toContain(`\\"AWS/ApiGateway\\",\\"${metric}\\"`);
    });

    it('charts every custom metric the functions publish, for this program', () => {
      for (const name of METRIC_NAMES.filter((m) => m !== 'Replies')) {
        expect(body).toContain(`\\"${METRICS_NAMESPACE}\\",\\"${name}\\",\\"ProgramId\\",\\"demo\\",\\"service\\",\\"mentorloop\\"`);
      }
      expect(body).toContain(`SEARCH('{${METRICS_NAMESPACE},ProgramId,Outcome,service} MetricName=\\\\\\"Replies\\\\\\" ProgramId=\\\\\\"demo\\\\\\"'`);
    });

    it('charts the dead-letter queues and SES reputation, and lists the alarms', () => {
      expect(body.match(/ApproximateNumberOfMessagesVisible/g)).toHaveLength(5);
      expect(body).toContain('Reputation.BounceRate');
      expect(body).toContain('Reputation.ComplaintRate');
      expect(body).toContain('\\"type\\":\\"alarm\\"');
    });
  });

  it('publishes every alarm, going off and clearing, to one TLS-only topic, with no subscription unless asked', () => {
    const topics = s.appStack.findResources('AWS::SNS::Topic');
    expect(Object.keys(topics)).toHaveLength(1);
    const [topicId] = Object.keys(topics);
    expect(topics[topicId!]!.Properties).toMatchObject({ TopicName: 'mentoring-demo-alarms' });
    const alarms = alarmsOf(s) as (AlarmProps & { OKActions?: unknown })[];
    expect(alarms.length).toBeGreaterThanOrEqual(14);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions, alarm.AlarmName).toEqual([{ Ref: topicId }]);
      expect(alarm.OKActions, alarm.AlarmName).toEqual([{ Ref: topicId }]);
    }
    const policy = Object.values(s.appStack.findResources('AWS::SNS::TopicPolicy'))[0] as { Properties: { PolicyDocument: { Statement: unknown[] } } };
    expect(JSON.stringify(policy.Properties.PolicyDocument.Statement)).toContain('"aws:SecureTransport":"false"');
    s.appStack.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it(
    'subscribes the address in context alarmEmail to the alarms topic',
    () => {
      const subscribed = synthProgram({ alarmEmail: 'oncall@example.com' });
      subscribed.appStack.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
      expect(() => synthProgram({ alarmEmail: 'not an address' })).toThrow(/alarmEmail/);
    },
    SYNTH_TIMEOUT_MS,
  );

  it('reserves no concurrency for the inbound function unless asked', () => {
    expect(functionOf(s.appStack, 'InboundFunction').properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  it(
    'reserves the inbound function the concurrency set in context inboundReservedConcurrency',
    () => {
      const reserved = synthProgram({ inboundReservedConcurrency: '5' });
      expect(functionOf(reserved.appStack, 'InboundFunction').properties.ReservedConcurrentExecutions).toBe(5);
      expect(functionOf(reserved.appStack, 'ApiFunction').properties.ReservedConcurrentExecutions).toBeUndefined();
    },
    SYNTH_TIMEOUT_MS,
  );
});
