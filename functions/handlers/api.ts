import { handle } from 'hono/aws-lambda';
import { createApp } from '../http/app';
import { awsDeps } from './aws-deps';

type LambdaEvent = { requestContext?: { http?: { sourceIp?: string } } };

// Built once per cold start and reused by every request of this instance.
const app = createApp(awsDeps(process.env), {
  clientAddress: (c) => (c.env as { event?: LambdaEvent } | undefined)?.event?.requestContext?.http?.sourceIp,
});

export const handler = handle(app);
