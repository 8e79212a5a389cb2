/**
 * The environment CDK gives the functions (infra/constructs/bindings.ts), pointed at DynamoDB Local,
 * the SES emulator and the AWS stand-in through the SDK's standard `AWS_ENDPOINT_URL_<SERVICE>`
 * variables. Set before a handler module is imported: handlers build their deps at cold start.
 */
import { inject } from 'vitest';
import type { SQSEvent } from 'aws-lambda';
import type { AwsStandIn, SqsMessage } from './aws-stand-in';

export const HANDLER_PROGRAM_ID = 'handlers';

export function setHandlerEnv(opts: { tableName: string; standIn: AwsStandIn; extra?: Record<string, string> }): void {
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${inject('ddbPort')}`,
    AWS_ENDPOINT_URL_SESV2: `http://127.0.0.1:${inject('sesPort')}`,
    AWS_ENDPOINT_URL_S3: opts.standIn.url,
    AWS_ENDPOINT_URL_SCHEDULER: opts.standIn.url,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: opts.standIn.url,
    AWS_ENDPOINT_URL_SQS: opts.standIn.url,
    AWS_LAMBDA_FUNCTION_NAME: 'handler-test',
    TABLE_NAME: opts.tableName,
    TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:token',
    SES_CONFIGURATION_SET: 'mentoring-handlers',
    PROGRAM_ID: HANDLER_PROGRAM_ID,
    PROGRAM_NAME: 'Handler Test Program',
    SENDER_EMAIL: 'Handler Test Program <mentoring@example.com>',
    REPLY_DOMAIN: 'reply.example.com',
    PUBLIC_URL: 'https://mentoring.example.com',
    ADMIN_EMAILS: 'admin.handlers@example.com',
    SCHEDULE_GROUP: `mentoring-${HANDLER_PROGRAM_ID}`,
    FOLLOWUP_FUNCTION_ARN: `arn:aws:lambda:eu-west-1:123456789012:function:mentoring-${HANDLER_PROGRAM_ID}-followup`,
    SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/scheduler',
    SCHEDULER_DLQ_ARN: 'arn:aws:sqs:eu-west-1:123456789012:scheduler-dlq',
    INBOUND_BUCKET: 'inbound-mail',
    INBOUND_PREFIX: 'inbound/',
    // The console's exports (infra/constructs/export-files.ts); S3 on the stand-in like the inbound mail.
    EXPORT_BUCKET: 'exports',
    // On the stand-in's host: the SQS client sends to the queue URL's host.
    PRIORITY_QUEUE_URL: `${opts.standIn.url}/123456789012/mentoring-${HANDLER_PROGRAM_ID}-send-now`,
    BULK_QUEUE_URL: `${opts.standIn.url}/123456789012/mentoring-${HANDLER_PROGRAM_ID}-send-bulk`,
    ...opts.extra,
  });
}

/** The Lambda context the runtime passes (only what the handlers' logging reads matters). */
export const lambdaContext = (functionName: string) =>
  ({
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: `req-${Math.random().toString(36).slice(2)}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/30/[$LATEST]abc',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }) as import('aws-lambda').Context;

/** Every JSON line the handler wrote to stdout or stderr while `run` ran (Powertools logs and EMF). */
export async function capturedLines<T>(run: () => Promise<T>): Promise<{ result: T; lines: Record<string, unknown>[] }> {
  const lines: Record<string, unknown>[] = [];
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write.bind(stream));
  streams.forEach((stream, i) => {
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      let captured = false;
      for (const line of String(chunk).split('\n')) {
        if (!line.trim().startsWith('{')) continue;
        try {
          lines.push(JSON.parse(line) as Record<string, unknown>);
          captured = true;
        } catch {
          // not a JSON line of ours
        }
      }
      return captured ? true : (originals[i] as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
  });
  try {
    return { result: await run(), lines };
  } finally {
    streams.forEach((stream, i) => (stream.write = originals[i]!));
  }
}

/** The SQS event a queue's messages make for the sender function (batches of up to 10, as its event source). */
export function sqsEvent(messages: SqsMessage[]): SQSEvent {
  return {
    Records: messages.map((m) => ({
      messageId: m.messageId,
      receiptHandle: `handle-${m.messageId}`,
      body: m.body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: String(Date.now()),
        SenderId: 'AROAEXAMPLE',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:eu-west-1:123456789012:${m.queueUrl.split('/').at(-1)}`,
      awsRegion: 'eu-west-1',
    })),
  };
}

/**
 * Sends what the handlers queued by invoking the real sender function with SQS batches, as its
 * event sources would (registered with `registerSender`, so `inbox()` reads after it).
 */
export function senderDelivery(standIn: AwsStandIn): () => Promise<void> {
  return async () => {
    const { handler } = await import('../../functions/handlers/sender');
    for (let batch = standIn.takeMessages(); batch.length > 0; batch = standIn.takeMessages()) {
      for (let i = 0; i < batch.length; i += 10) {
        const response = await handler(sqsEvent(batch.slice(i, i + 10)), lambdaContext('sender'));
        if (response.batchItemFailures.length > 0) throw new Error(`sender failed ${response.batchItemFailures.length} message(s)`);
      }
    }
  };
}
