import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { createApp } from '../http/app';
import { Observability } from './observability';
import { adminDeps } from './wiring/jobs';

const observability = new Observability('api');

// Built once per cold start and reused by every request of this instance.
const app = createApp(adminDeps(observability), {
  clientAddress: (c) => (c.env as { event?: APIGatewayProxyEventV2 } | undefined)?.event?.requestContext?.http?.sourceIp,
});
const serve = handle(app);

/** HTTP API (payload format 2.0); log lines carry API Gateway's request id as their correlation id. */
export const handler = observability.handler(
  (event: APIGatewayProxyEventV2) => event.requestContext?.requestId,
  // Hono declares its own copy of the event type (`body: string | null`); the payload is the same.
  (event, context) => serve(event as unknown as LambdaEvent, context),
);
