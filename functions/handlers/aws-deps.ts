import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDeferredConfirmations } from '../adapters/dynamodb/deferred-confirmations';
import { DynamoEmailLog } from '../adapters/dynamodb/email-log';
import { createDb } from '../adapters/dynamodb/client';
import { DynamoPairStore } from '../adapters/dynamodb/pair-store';
import { DynamoStats } from '../adapters/dynamodb/stats';
import { DynamoParticipantStore } from '../adapters/dynamodb/participant-store';
import { EventBridgeScheduler } from '../adapters/scheduler/eventbridge-scheduler';
import { DynamoRateLimiter } from '../adapters/dynamodb/rate-limiter';
import { noTokenSecret, SecretsManagerSecrets } from '../adapters/aws/secrets-manager';
import { DynamoSendRateBucket } from '../adapters/dynamodb/send-rate-bucket';
import { SesMailer, SesSendQuota } from '../adapters/ses/ses-mailer';
import { SqsEmailQueue } from '../adapters/sqs/sqs-email-queue';
import { systemClock, ulidIds } from '../adapters/system';
import type { AppDeps, JobDeps, SenderDeps } from '../app/deps';
import type { EmailQueue } from '../ports';
import { loadAwsQueueConfig, loadAwsRuntimeConfig, loadAwsSchedulerConfig, loadProgramConfig } from '../config';
import type { Observability } from './observability';

/** For a function CDK gave no send queues (bindSendQueues). */
const noEmailQueue: EmailQueue = {
  enqueue: async () => {
    throw new Error('This function has no send queues (PRIORITY_QUEUE_URL, BULK_QUEUE_URL): it may not send email');
  },
};

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
    // The SES-events function never emails anyone and is given no queue: should it ever try, it fails loudly.
    emailQueue: env.PRIORITY_QUEUE_URL || env.BULK_QUEUE_URL ? new SqsEmailQueue(new SQSClient({}), loadAwsQueueConfig(env)) : noEmailQueue,
    log: observability?.log ?? ((event, fields) => console.log(JSON.stringify({ event, ...fields }))),
    ...(observability ? { metrics: observability.metrics } : {}),
  };
}

/** The scheduled jobs' dependencies: the API's, plus EventBridge Scheduler for one-time schedules. */
export function awsJobDeps(env: Record<string, string | undefined>, observability?: Observability): JobDeps {
  return { ...awsDeps(env, observability), scheduler: new EventBridgeScheduler(new SchedulerClient({}), loadAwsSchedulerConfig(env)) };
}

/**
 * The sender's dependencies: SES (one attempt per call: the SDK's own retries
 * could send twice on a timeout), the shared send-rate bucket and the quota.
 */
export function awsSenderDeps(env: Record<string, string | undefined>, observability?: Observability): SenderDeps {
  const runtime = loadAwsRuntimeConfig(env);
  const config = loadProgramConfig(env, new Date());
  observability?.setProgram(config.id);
  const db = createDb();
  const ses = new SESv2Client({ maxAttempts: 1 });
  return {
    config,
    clock: systemClock,
    emailLog: new DynamoEmailLog(db, runtime.tableName),
    emailQueue: new SqsEmailQueue(new SQSClient({}), loadAwsQueueConfig(env)),
    mailer: new SesMailer(ses, { from: config.sender, configurationSet: runtime.configurationSet }),
    sendRate: new DynamoSendRateBucket(db, runtime.tableName, config.id, config.sesMaxSendRate),
    quota: new SesSendQuota(ses),
    log: observability?.log ?? ((event, fields) => console.log(JSON.stringify({ event, ...fields }))),
    ...(observability ? { metrics: observability.metrics } : {}),
  };
}
