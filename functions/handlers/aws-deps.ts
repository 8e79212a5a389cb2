import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDeferredConfirmations } from '../adapters/dynamodb/deferred-confirmations';
import { DynamoEmailLog } from '../adapters/dynamodb/email-log';
import { createDb } from '../adapters/dynamodb/client';
import { DynamoPairStore } from '../adapters/dynamodb/pair-store';
import { DynamoStats } from '../adapters/dynamodb/stats';
import { DynamoParticipantStore } from '../adapters/dynamodb/participant-store';
import { EventBridgeScheduler } from '../adapters/scheduler/eventbridge-scheduler';
import { DynamoRateLimiter } from '../adapters/dynamodb/rate-limiter';
import { noTokenSecret, SecretsManagerSecrets } from '../adapters/aws/secrets-manager';
import { SesMailer } from '../adapters/ses/ses-mailer';
import { systemClock, ulidIds } from '../adapters/system';
import type { AppDeps, JobDeps } from '../app/deps';
import { loadAwsRuntimeConfig, loadAwsSchedulerConfig, loadProgramConfig } from '../config';
import type { Observability } from './observability';

/**
 * Builds the use cases' dependencies from the Lambda environment, once per cold start. Logs and
 * metrics go to `observability` (Powertools); without it, logs are plain JSON lines.
 * The SDK clients take their endpoints from the standard `AWS_ENDPOINT_URL_<SERVICE>` variables,
 * which is how the handler tests point them at DynamoDB Local, the SES emulator and an S3 stand-in.
 */
export function awsDeps(env: Record<string, string | undefined>, observability?: Observability): AppDeps {
  const runtime = loadAwsRuntimeConfig(env);
  const config = loadProgramConfig(env, new Date());
  observability?.setProgram(config.id);
  const db = createDb();
  return {
    config,
    clock: systemClock,
    ids: ulidIds,
    secrets: runtime.tokenSecretArn ? new SecretsManagerSecrets(new SecretsManagerClient({}), runtime.tokenSecretArn) : noTokenSecret,
    participants: new DynamoParticipantStore(db, runtime.tableName),
    pairs: new DynamoPairStore(db, runtime.tableName),
    stats: new DynamoStats(db, runtime.tableName),
    emailLog: new DynamoEmailLog(db, runtime.tableName),
    rateLimiter: new DynamoRateLimiter(db, runtime.tableName),
    deferredConfirmations: new DynamoDeferredConfirmations(db, runtime.tableName),
    mailer: new SesMailer(new SESv2Client({}), {
      from: config.sender,
      configurationSet: runtime.configurationSet,
      onThrottled: () => observability?.metrics.count('EmailsThrottled'),
    }),
    log: observability?.log ?? ((event, fields) => console.log(JSON.stringify({ event, ...fields }))),
    ...(observability ? { metrics: observability.metrics } : {}),
  };
}

/** The scheduled jobs' dependencies: the API's, plus EventBridge Scheduler for one-time schedules. */
export function awsJobDeps(env: Record<string, string | undefined>, observability?: Observability): JobDeps {
  return { ...awsDeps(env, observability), scheduler: new EventBridgeScheduler(new SchedulerClient({}), loadAwsSchedulerConfig(env)) };
}
