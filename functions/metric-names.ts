/**
 * Names shared by the functions that publish the custom metrics (functions/handlers/observability.ts)
 * and the infrastructure that charts them (infra/constructs/observability.ts).
 */

/** CloudWatch namespace of the custom metrics. */
export const METRICS_NAMESPACE = 'MentorLoop';
/** Powertools' `service`: a dimension of every custom metric and a key of every log line, the same in every function. */
export const SERVICE_NAME = 'mentorloop';
/** The program dimension of every custom metric. */
export const PROGRAM_DIMENSION = 'ProgramId';

export const METRIC_NAMES = [
  'EmailsSent',
  'EmailsFailed',
  'EmailsThrottled',
  'EmailsDeferred',
  'EmailsUnknown',
  'PairsCreated',
  'Replies',
  'SignUps',
  'ConfirmationsDeferred',
] as const;

export type MetricName = (typeof METRIC_NAMES)[number];

/** `Replies` also carries this dimension: the reply use case's outcome (a closed set). */
export const REPLY_OUTCOME_DIMENSION = 'Outcome';
