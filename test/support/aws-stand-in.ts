/**
 * A tiny stand-in for the AWS APIs the handlers call that have no local emulator here:
 * S3 GetObject (the raw inbound message SES stored), EventBridge Scheduler Create/DeleteSchedule,
 * Secrets Manager GetSecretValue and SQS SendMessage/ChangeMessageVisibility (the send queues). The handlers' own SDK clients reach it through the standard
 * `AWS_ENDPOINT_URL_<SERVICE>` variables (see handlerEnv), so no handler code knows about tests.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AwsStandIn {
  url: string;
  /** `bucket/key` → raw bytes served by GetObject. */
  objects: Map<string, Buffer>;
  /** Every S3 GetObject, as `bucket/key`. */
  reads: string[];
  /** CreateSchedule requests by schedule name (Input parsed). */
  schedules: Map<string, { group?: string; expression?: string; input: unknown }>;
  secret: string;
  /** SQS messages sent and not yet taken (see `takeMessages`), in order. */
  messages: SqsMessage[];
  /** Removes and returns the messages sent so far. */
  takeMessages(): SqsMessage[];
  close(): Promise<void>;
}

export interface SqsMessage {
  queueUrl: string;
  messageId: string;
  body: string;
  delaySeconds?: number;
}

const body = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

export async function startAwsStandIn(secret = 'handler-test-secret'): Promise<AwsStandIn> {
  const objects = new Map<string, Buffer>();
  const reads: string[] = [];
  const schedules: AwsStandIn['schedules'] = new Map();
  const messages: SqsMessage[] = [];
  const server: Server = createServer(async (req, res) => {
    const raw = await body(req);
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://stand-in').pathname);
    const target = req.headers['x-amz-target'];
    const json = (status: number, value: unknown, errorType?: string) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
      res.end(JSON.stringify(errorType ? { __type: errorType, Message: errorType } : value));
    };
    if (target === 'AmazonSQS.SendMessage') {
      const request = JSON.parse(raw.toString('utf8')) as { QueueUrl: string; MessageBody: string; DelaySeconds?: number };
      const messageId = randomUUID();
      messages.push({ queueUrl: request.QueueUrl, messageId, body: request.MessageBody, delaySeconds: request.DelaySeconds });
      // The SDK checks the body's MD5 in the answer.
      return json(200, { MessageId: messageId, MD5OfMessageBody: createHash('md5').update(request.MessageBody).digest('hex') });
    }
    if (target === 'AmazonSQS.ChangeMessageVisibility') return json(200, {});
    if (target === 'secretsmanager.GetSecretValue')
      return json(200, { ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:token', Name: 'token', SecretString: secret });
    const schedule = /^\/schedules\/([^/]+)$/.exec(path);
    if (schedule) {
      if (req.method === 'DELETE') return schedules.delete(schedule[1]!) ? json(200, {}) : json(404, {}, 'ResourceNotFoundException');
      const request = JSON.parse(raw.toString('utf8') || '{}') as { GroupName?: string; ScheduleExpression?: string; Target?: { Input?: string } };
      if (schedules.has(schedule[1]!)) return json(409, {}, 'ConflictException');
      schedules.set(schedule[1]!, { group: request.GroupName, expression: request.ScheduleExpression, input: JSON.parse(request.Target?.Input ?? 'null') });
      return json(200, { ScheduleArn: `arn:aws:scheduler:eu-west-1:123456789012:schedule/${request.GroupName}/${schedule[1]}` });
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      const key = path.slice(1);
      reads.push(key);
      const object = objects.get(key);
      if (!object) {
        res.writeHead(404, { 'content-type': 'application/xml' });
        return res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>none</Message></Error>');
      }
      res.writeHead(200, { 'content-type': 'message/rfc822', 'content-length': String(object.length) });
      return res.end(req.method === 'HEAD' ? undefined : object);
    }
    json(400, { message: `stand-in: unexpected ${req.method} ${path}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    objects,
    reads,
    schedules,
    secret,
    messages,
    takeMessages: () => messages.splice(0),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
