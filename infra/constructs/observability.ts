/**
 * What an operator watches for one program: alarms on what needs a person (a function failing, the API
 * answering 5xx, SES reputation near the levels at which SES reviews an account) and one CloudWatch
 * dashboard with the functions, the API, the program's own metrics (published by the functions in EMF,
 * functions/handlers/observability.ts), the dead-letter queues and SES reputation.
 *
 * The dead-letter "not empty" alarms live with their queues (./dead-letter.ts); they are charted and
 * listed here. Every alarm, going off and clearing, publishes to one SNS topic: the context
 * `alarmEmail` subscribes an address; chat or paging tools subscribe to the topic (README, Operations).
 */
import { Duration, Validations } from 'aws-cdk-lib';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, PROGRAM_DIMENSION, REPLY_OUTCOME_DIMENSION, SERVICE_NAME, type MetricName } from '../../functions/metric-names';

/** SES reviews an account whose bounce rate reaches 10% and warns around 5%; alarm at 5%. */
export const SES_BOUNCE_RATE_THRESHOLD = 0.05;
/** SES reviews an account whose complaint rate reaches 0.5% and warns around 0.1%; alarm at 0.1%. */
export const SES_COMPLAINT_RATE_THRESHOLD = 0.001;

export interface ObservabilityProps {
  programId: string;
  /** The program's functions by short name (`api`, `match`…): one errors alarm each, charted together. */
  functions: Record<string, lambda.IFunction>;
  httpApi: apigw.IHttpApi;
  /** Dead-letter queues by short name, with their "not empty" alarms. */
  deadLetters: Record<string, { queue: sqs.IQueue; alarm: cloudwatch.Alarm }>;
  /** Subscribed to the alarms topic by email (SNS asks the address to confirm once). */
  alarmEmail?: string;
}

const FIVE_MINUTES = Duration.minutes(5);

export class ProgramObservability extends Construct {
  readonly functionErrorAlarms: Record<string, cloudwatch.Alarm> = {};
  readonly apiServerErrorAlarm: cloudwatch.Alarm;
  readonly sesBounceRateAlarm: cloudwatch.Alarm;
  readonly sesComplaintRateAlarm: cloudwatch.Alarm;
  readonly dashboard: cloudwatch.Dashboard;
  /** Where every alarm publishes when it goes off and when it clears. */
  readonly alarmTopic: sns.Topic;

  private readonly programId: string;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.programId = props.programId;
    const name = (what: string) => `mentoring-${props.programId}-${what}`;

    for (const [fnName, fn] of Object.entries(props.functions)) {
      this.functionErrorAlarms[fnName] = new cloudwatch.Alarm(this, `${pascal(fnName)}ErrorsAlarm`, {
        alarmName: name(`${fnName}-errors`),
        alarmDescription:
          `Mentoring ${props.programId}: the ${fnName} function failed (an uncaught error, a timeout or running out of memory). ` +
          'Its log group has the failed invocation with its correlation id; asynchronous runs are retried, then dead-lettered.',
        metric: fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }

    this.apiServerErrorAlarm = new cloudwatch.Alarm(this, 'ApiServerErrorsAlarm', {
      alarmName: name('api-5xx'),
      alarmDescription:
        `Mentoring ${props.programId}: the HTTP API answered 5xx. Bad input never gets a 5xx, so this is a fault on our side ` +
        '(the API function failing or timing out, or a dependency down): look for unhandled_error in the API function logs.',
      metric: props.httpApi.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    // Account-level metrics (the same for every program sending from this account and region).
    this.sesBounceRateAlarm = new cloudwatch.Alarm(this, 'SesBounceRateAlarm', {
      alarmName: name('ses-bounce-rate'),
      alarmDescription:
        `Mentoring ${props.programId}: the SES account's bounce rate is over ${SES_BOUNCE_RATE_THRESHOLD * 100}% (SES puts an account under ` +
        'review at 10%). Check the imported or signed-up addresses; bounced addresses are suppressed automatically.',
      metric: sesReputation('Reputation.BounceRate'),
      threshold: SES_BOUNCE_RATE_THRESHOLD,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.sesComplaintRateAlarm = new cloudwatch.Alarm(this, 'SesComplaintRateAlarm', {
      alarmName: name('ses-complaint-rate'),
      alarmDescription:
        `Mentoring ${props.programId}: the SES account's complaint rate is over ${SES_COMPLAINT_RATE_THRESHOLD * 100}% (SES puts an account ` +
        'under review at 0.5%). People are marking program emails as spam: check who gets what, and how often.',
      metric: sesReputation('Reputation.ComplaintRate'),
      threshold: SES_COMPLAINT_RATE_THRESHOLD,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    const fns = Object.entries(props.functions);
    const perFunction = (metric: (fn: lambda.IFunction) => cloudwatch.IMetric) => fns.map(([fnName, fn]) => withLabel(metric(fn), fnName));
    const alarms: cloudwatch.Alarm[] = [
      ...Object.values(this.functionErrorAlarms),
      this.apiServerErrorAlarm,
      this.sesBounceRateAlarm,
      this.sesComplaintRateAlarm,
      ...Object.values(props.deadLetters).map((d) => d.alarm),
    ];
    this.alarmTopic = this.notifyOn(alarms, name('alarms'), props.alarmEmail);

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: name('operations'),
      defaultInterval: Duration.days(7),
      widgets: [
        [
          new cloudwatch.TextWidget({
            markdown: `# Mentoring ${props.programId}\nFunctions, HTTP API, the program's own metrics (namespace \`${METRICS_NAMESPACE}\`), dead-letter queues and SES reputation. Every alarm publishes to the SNS topic \`${name('alarms')}\`.`,
            width: 16,
            height: 2,
          }),
          new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms, width: 8, height: 6 }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Function invocations',
            left: perFunction((fn) => fn.metricInvocations({ period: FIVE_MINUTES, statistic: 'Sum' })),
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'Function errors',
            left: perFunction((fn) => fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' })),
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'Function duration (p95, ms)',
            left: perFunction((fn) => fn.metricDuration({ period: FIVE_MINUTES, statistic: 'p95' })),
            width: 8,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'HTTP API requests, 4xx, 5xx',
            left: [
              withLabel(props.httpApi.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' }), 'requests'),
              withLabel(props.httpApi.metricClientError({ period: FIVE_MINUTES, statistic: 'Sum' }), '4xx'),
              withLabel(props.httpApi.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }), '5xx'),
            ],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'HTTP API latency (ms)',
            left: [
              withLabel(props.httpApi.metricLatency({ period: FIVE_MINUTES, statistic: 'p50' }), 'p50'),
              withLabel(props.httpApi.metricLatency({ period: FIVE_MINUTES, statistic: 'p95' }), 'p95'),
              withLabel(props.httpApi.metricLatency({ period: FIVE_MINUTES, statistic: 'p99' }), 'p99'),
            ],
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Emails',
            left: (['EmailsSent', 'EmailsFailed', 'EmailsThrottled', 'EmailsDeferred', 'EmailsUnknown'] as const).map((m) => this.programMetric(m)),
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'Sign-ups and pairs',
            left: (['SignUps', 'ConfirmationsDeferred', 'PairsCreated'] as const).map((m) => this.programMetric(m)),
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'Replies by outcome',
            left: [
              new cloudwatch.MathExpression({
                expression: `SEARCH('{${METRICS_NAMESPACE},${PROGRAM_DIMENSION},${REPLY_OUTCOME_DIMENSION},service} MetricName="Replies" ${PROGRAM_DIMENSION}="${props.programId}"', 'Sum', 3600)`,
                label: '',
                period: Duration.hours(1),
              }),
            ],
            width: 8,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Dead-letter queues (messages waiting)',
            left: Object.entries(props.deadLetters).map(([dlqName, { queue }]) =>
              withLabel(queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }), dlqName),
            ),
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'SES reputation (account)',
            left: [withLabel(sesReputation('Reputation.BounceRate'), 'bounce rate'), withLabel(sesReputation('Reputation.ComplaintRate'), 'complaint rate')],
            leftAnnotations: [
              { value: SES_BOUNCE_RATE_THRESHOLD, label: `bounce alarm ${SES_BOUNCE_RATE_THRESHOLD * 100}%`, color: cloudwatch.Color.RED },
              { value: SES_COMPLAINT_RATE_THRESHOLD, label: `complaint alarm ${SES_COMPLAINT_RATE_THRESHOLD * 100}%`, color: cloudwatch.Color.ORANGE },
            ],
            width: 12,
          }),
        ],
      ],
    });
  }

  /** One topic for every alarm, going off and clearing (so whoever is told of a fault is told when it is over). */
  private notifyOn(alarms: cloudwatch.Alarm[], topicName: string, email: string | undefined): sns.Topic {
    const topic = new sns.Topic(this, 'AlarmTopic', { topicName, displayName: topicName, enforceSSL: true });
    Validations.of(topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'CloudWatch alarms cannot publish to a topic encrypted with the AWS-managed SNS key, and a customer-managed key ' +
        'would be billed for messages that carry only alarm names, states and metric values (no personal data).',
    });
    const action = new actions.SnsAction(topic);
    for (const alarm of alarms) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
    if (email) topic.addSubscription(new subscriptions.EmailSubscription(email));
    return topic;
  }

  /** One of the program's own metrics, summed per hour. */
  private programMetric(metricName: MetricName): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName,
      dimensionsMap: { service: SERVICE_NAME, [PROGRAM_DIMENSION]: this.programId },
      statistic: 'Sum',
      period: Duration.hours(1),
      label: metricName,
    });
  }
}

/** SES publishes the account's reputation (a fraction, 0–1) without dimensions. */
const sesReputation = (metricName: 'Reputation.BounceRate' | 'Reputation.ComplaintRate') =>
  new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, statistic: 'Maximum', period: Duration.hours(1) });

const withLabel = (metric: cloudwatch.IMetric, label: string): cloudwatch.IMetric => (metric instanceof cloudwatch.Metric ? metric.with({ label }) : metric);

const pascal = (s: string) => s.replace(/(^|[-_])(\w)/g, (_, __, c: string) => c.toUpperCase());
