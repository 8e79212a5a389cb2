/**
 * The Powertools adapter of the log and metrics ports: structured JSON lines with the
 * correlation id and no addresses, EMF metrics in the MentorLoop namespace with the
 * program as dimension, flushed at the end of every invocation (also a failed one).
 */
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { METRICS_NAMESPACE, Observability, redact } from '../../../functions/handlers/observability';

type Line = Record<string, unknown> & { _aws?: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] } };

let lines: Line[] = [];
beforeEach(() => {
  lines = [];
  const capture = (chunk: unknown) => {
    for (const text of String(chunk).split('\n')) if (text.trim().startsWith('{')) lines.push(JSON.parse(text) as Line);
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
});
afterEach(() => vi.restoreAllMocks());

const context = {
  functionName: 'mentoring-demo-api',
  awsRequestId: 'lambda-req-1',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:1:function:f',
  memoryLimitInMB: '512',
} as Context;
const emf = () => lines.filter((l) => l._aws);
const logs = () => lines.filter((l) => !l._aws);

describe('Observability', () => {
  it('logs structured lines with the function, program and correlation id, masking addresses', async () => {
    const o = new Observability('api');
    o.setProgram('demo');
    const handler = o.handler(
      (e: { id: string }) => e.id,
      async () => o.log('signed_up', { role: 'mentee', note: 'from ada@example.com' }),
    );
    await handler({ id: 'api-req-1' }, context);
    const line = logs().find((l) => l.message === 'signed_up')!;
    expect(line).toMatchObject({
      level: 'INFO',
      service: 'mentorloop',
      function: 'api',
      programId: 'demo',
      correlation_id: 'api-req-1',
      role: 'mentee',
      note: 'from [address]',
    });
    expect(JSON.stringify(lines)).not.toContain('ada@example.com');
  });

  it('publishes summed counts per invocation in EMF, with the program as dimension and outcomes as their own', async () => {
    const o = new Observability('inbound');
    o.setProgram('demo');
    const handler = o.handler(
      () => 'ses-1',
      async () => {
        o.metrics.count('EmailsSent');
        o.metrics.count('EmailsSent', 2);
        o.metrics.count('Replies', 1, { Outcome: 'recorded' });
        o.metrics.count('Replies', 1, { Outcome: 'recorded' });
      },
    );
    await handler({}, context);
    const sent = emf().find((l) => 'EmailsSent' in l)!;
    expect(sent.EmailsSent).toBe(3);
    expect(sent.ProgramId).toBe('demo');
    expect(sent._aws!.CloudWatchMetrics[0]).toMatchObject({ Namespace: METRICS_NAMESPACE, Dimensions: [['service', 'ProgramId']] });
    const replies = emf().find((l) => 'Replies' in l)!;
    expect(replies).toMatchObject({ Replies: 2, Outcome: 'recorded', ProgramId: 'demo' });
    expect(replies._aws!.CloudWatchMetrics[0]!.Dimensions).toEqual([['service', 'ProgramId', 'Outcome']]);

    lines = [];
    await o.handler(
      () => undefined,
      async () => undefined,
    )({}, context);
    expect(emf().filter((l) => 'EmailsSent' in l)).toEqual([]); // counted once, not again next invocation
  });

  it('logs a failed invocation without its addresses, still flushes its metrics, and rethrows for Lambda', async () => {
    const o = new Observability('followup');
    o.setProgram('demo');
    const handler = o.handler(
      () => 'p1-icebreakers',
      async () => {
        o.metrics.count('EmailsFailed');
        throw new TypeError('no route to grace@example.com');
      },
    );
    await expect(handler({}, context)).rejects.toThrow(TypeError);
    expect(logs().find((l) => l.message === 'invocation_failed')).toMatchObject({
      level: 'ERROR',
      errorName: 'TypeError',
      errorMessage: 'no route to [address]',
      correlation_id: 'p1-icebreakers',
    });
    expect(emf().find((l) => 'EmailsFailed' in l)?.EmailsFailed).toBe(1);
    expect(JSON.stringify(lines)).not.toContain('grace@example.com');
  });

  it('does not carry a correlation id into the next invocation', async () => {
    const o = new Observability('api');
    const handler = o.handler(
      (e: { id?: string }) => e.id,
      async () => o.log('ping'),
    );
    await handler({ id: 'first' }, context);
    await handler({}, context);
    expect(
      logs()
        .filter((l) => l.message === 'ping')
        .map((l) => l.correlation_id),
    ).toEqual(['first', undefined]);
  });

  it('masks addresses in every string field', () => {
    expect(redact({ a: 'x <Ada.Lovelace@Example.com>', n: 3 })).toEqual({ a: 'x <[address]>', n: 3 });
  });
});
