/**
 * The API function through its real entry point (`handler` = hono/aws-lambda `handle(app)` inside the
 * observability wrapper) with the events API Gateway sends: HTTP API payload format 2.0, the form
 * body base64-encoded as API Gateway delivers it, cookies in `cookies`, the client address in
 * `requestContext.http.sourceIp`. Against DynamoDB Local and the SES emulator.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsStandIn, type AwsStandIn } from '../support/aws-stand-in';
import { signupForm } from '../support/fakes';
import { capturedLines, HANDLER_PROGRAM_ID, lambdaContext, senderDelivery, setHandlerEnv } from '../support/handler-env';
import { freshTable, inbox, registerSender, uniqueEmail } from '../support/local-services';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const DOMAIN = 'a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com';
let standIn: AwsStandIn;
let handler: Handler;

beforeAll(async () => {
  standIn = await startAwsStandIn();
  const { tableName } = await freshTable();
  setHandlerEnv({ tableName, standIn });
  registerSender(senderDelivery(standIn));
  ({ handler } = (await import('../../functions/handlers/api')) as unknown as { handler: Handler });
});
afterAll(() => standIn.close());

let n = 0;
/** An HTTP API (payload format 2.0) event, as documented for Lambda proxy integrations. */
function httpEvent(
  method: string,
  path: string,
  opts: { body?: string; base64?: boolean; headers?: Record<string, string>; cookies?: string[]; query?: string } = {},
): APIGatewayProxyEventV2 {
  const requestId = `Ab${++n}CdEfGhIjKl=`;
  const body = opts.body === undefined ? undefined : opts.base64 ? Buffer.from(opts.body, 'utf8').toString('base64') : opts.body;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: opts.query ?? '',
    ...(opts.cookies ? { cookies: opts.cookies } : {}),
    headers: {
      accept: 'text/html,application/xhtml+xml',
      'accept-encoding': 'gzip, deflate, br',
      'content-length': String(opts.body?.length ?? 0),
      host: DOMAIN,
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64)',
      'x-amzn-trace-id': 'Root=1-67891233-abcdef012345678912345678',
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      ...opts.headers,
    },
    ...(opts.query ? { queryStringParameters: Object.fromEntries(new URLSearchParams(opts.query)) } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'a1b2c3d4e5',
      domainName: DOMAIN,
      domainPrefix: 'a1b2c3d4e5',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' },
      requestId,
      routeKey: '$default',
      stage: '$default',
      time: '30/Nov/2026:09:00:00 +0000',
      timeEpoch: Date.parse('2026-11-30T09:00:00Z'),
    },
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: Boolean(opts.base64),
  };
}

const formBody = (fields: Record<string, string | string[]>) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const value of [v].flat()) params.append(k, value);
  return params.toString();
};
const formPost = (path: string, fields: Record<string, string | string[]>) =>
  httpEvent('POST', path, {
    body: formBody(fields),
    base64: true,
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://mentoring.example.com' },
    cookies: ['_ga=GA1.1.123.456'],
  });

describe('api handler (HTTP API payload 2.0)', () => {
  it('answers GET /health', async () => {
    const res = await handler(httpEvent('GET', '/health'), lambdaContext('api'));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.isBase64Encoded ? Buffer.from(res.body!, 'base64').toString() : res.body!)).toEqual({ ok: true });
  });

  it('signs up from the base64 form body, emails the confirmation, confirms by POST; logs and counts without the address', async () => {
    const email = uniqueEmail('api.handler');
    const event = formPost('/signup', signupForm({ email, name: 'Ada Handler' }));
    const { result: res, lines } = await capturedLines(() => handler(event, lambdaContext('api')));
    expect(res.statusCode).toBe(303);
    expect(res.headers?.location).toBe('/thanks');

    // The API queued the confirmation on the priority queue; the sender function sent it (SQS batch → SES).
    const {
      result: [message],
      lines: senderLines,
    } = await capturedLines(() => inbox(email));
    expect(message?.subject).toContain('Confirm');
    expect(senderLines.find((l) => l.message === 'email_send')).toMatchObject({
      function: 'sender',
      outcome: 'sent',
      template: 'confirm',
      priority: 'now',
      programId: HANDLER_PROGRAM_ID,
    });
    expect(senderLines.filter((l) => l._aws).find((l) => 'EmailsSent' in l)).toMatchObject({ EmailsSent: 1, ProgramId: HANDLER_PROGRAM_ID });
    expect(JSON.stringify(senderLines)).not.toContain(email);
    const token = /\/confirm\/(\S+)/.exec(message!.body.text!)![1]!;
    expect(message!.body.text).toContain('https://mentoring.example.com/confirm/');

    const page = await handler(httpEvent('GET', `/confirm/${token}`), lambdaContext('api'));
    expect(page.statusCode).toBe(200);
    const confirmed = await handler(formPost(`/confirm/${token}`, {}), lambdaContext('api'));
    expect(confirmed.statusCode).toBeLessThan(400);

    const signedUp = lines.find((l) => l.message === 'signed_up');
    expect(signedUp).toMatchObject({
      level: 'INFO',
      service: 'mentorloop',
      function: 'api',
      programId: HANDLER_PROGRAM_ID,
      correlation_id: event.requestContext.requestId,
      function_name: 'api',
    });
    const emf = lines.filter((l) => l._aws);
    expect(emf.find((l) => 'SignUps' in l)).toMatchObject({ SignUps: 1, ProgramId: HANDLER_PROGRAM_ID });
    expect(JSON.stringify(lines)).not.toContain(email);
    expect(JSON.stringify(lines)).not.toContain('Ada Handler');
  });

  it('answers the JSON API with 400 naming the field, and a form from another origin with 403', async () => {
    const bad = await handler(
      httpEvent('POST', '/api/signups', {
        body: JSON.stringify({ email: 'not-an-address' }),
        headers: { 'content-type': 'application/json', accept: 'application/json', origin: 'https://mentoring.example.com' },
      }),
      lambdaContext('api'),
    );
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body!)).toMatchObject({ error: 'invalid_signup' });
    const foreign = formPost('/signup', signupForm({ email: uniqueEmail('csrf') }));
    foreign.headers.origin = 'https://evil.example';
    expect((await handler(foreign, lambdaContext('api'))).statusCode).toBe(403);
  });

  it('answers a query string and an unknown path without a 5xx', async () => {
    const res = await handler(httpEvent('GET', '/no-such-page', { query: 'utm_source=mail&x=1' }), lambdaContext('api'));
    expect(res.statusCode).toBe(404);
  });
});
