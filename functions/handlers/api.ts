import { handle } from 'hono/aws-lambda';
import { createApp } from '../http/app';
import { awsJobDeps } from './aws-deps';

type LambdaEvent = { requestContext?: { http?: { sourceIp?: string } } };

// Built once per cold start and reused by every request of this instance.
const app = createApp(awsJobDeps(process.env), {
  clientAddress: (c) => (c.env as { event?: LambdaEvent } | undefined)?.event?.requestContext?.http?.sourceIp,
});

export const handler = handle(app);
