/**
 * Fault injection for integration tests: client middleware that makes the
 * database or SES fail at a chosen point, deterministically, and a dedicated
 * DynamoDB Local with its data on disk that a test may really stop and restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { startDynamoDbLocal, type RunningDynamoDb } from '../../scripts/local/dynamodb-local';
import { freePort } from '../../scripts/local/ports';

/** A DynamoDB call as the middleware sees it: the low-level command name and the document-level input. */
export interface DbCall {
  command: string;
  input: Record<string, unknown>;
}

/** What the network says when nothing listens any more (the SDK sees the same from a stopped DynamoDB Local). */
export const connectionRefused = () =>
  Object.assign(new Error('connect ECONNREFUSED (injected outage)'), { name: 'Error', code: 'ECONNREFUSED', $metadata: {} });

type Middlewared = Pick<DynamoDBClient | SESv2Client, 'middlewareStack'>;

/**
 * Watches and breaks one client's calls. Runs at the `initialize` step, above
 * the SDK's own retries: an injected failure is final for that call, so a test
 * decides exactly which calls fail.
 */
export class Faults<Call> {
  /** While true every call fails at once, as in an outage. */
  down = false;
  /** Calls that completed, in order (failed ones are not counted). */
  readonly completed: Call[] = [];
  failed = 0;
  private inFlight = 0;
  private readonly afterRules: ((call: Call) => void | Promise<void>)[] = [];
  private readonly beforeRules: ((call: Call) => Error | undefined)[] = [];
  private readonly holds: ((call: Call) => Promise<void> | undefined)[] = [];

  constructor(
    client: Middlewared,
    describe: (commandName: string, input: Record<string, unknown>) => Call,
    private readonly outageError: () => Error = connectionRefused,
  ) {
    (client.middlewareStack as DynamoDBClient['middlewareStack']).add(
      (next, context) => async (args) => {
        const call = describe(String(context.commandName), args.input as Record<string, unknown>);
        const refusal = this.down ? this.outageError() : this.beforeRules.map((rule) => rule(call)).find(Boolean);
        if (refusal) {
          this.failed++;
          throw refusal;
        }
        this.inFlight++;
        try {
          for (const hold of this.holds) await hold(call);
          const out = await next(args);
          this.completed.push(call);
          for (const rule of this.afterRules) await rule(call);
          return out;
        } finally {
          this.inFlight--;
        }
      },
      { step: 'initialize', name: 'injectedFaults', priority: 'high' },
    );
  }

  /** After the `n`th completed call that `matches`, run `then` (default: the service goes down). */
  after(n: number, matches: (call: Call) => boolean, then: () => void | Promise<void> = () => void (this.down = true)): this {
    let seen = 0;
    this.afterRules.push(async (call) => {
      if (matches(call) && ++seen === n) await then();
    });
    return this;
  }

  /** Every call that `matches` fails with `error()` (a call-level fault, e.g. SES throttling), from its `from`th match on. */
  failWhen(matches: (call: Call) => boolean, error: () => Error, from = 1, times = Infinity): this {
    let seen = 0;
    this.beforeRules.push((call) => {
      if (!matches(call)) return undefined;
      seen++;
      return seen >= from && seen < from + times ? error() : undefined;
    });
    return this;
  }

  /** Calls that `matches` wait for `until()` before they go out (to force an interleaving of concurrent runs). */
  hold(matches: (call: Call) => boolean, until: () => Promise<void>): this {
    this.holds.push((call) => (matches(call) ? until() : undefined));
    return this;
  }

  /**
   * The process died: every later call fails, and this resolves once the
   * calls already on the wire have finished (so none of them lands after a
   * restart, as none could once a Lambda instance is gone).
   */
  async kill(): Promise<void> {
    this.down = true;
    while (this.inFlight > 0) await new Promise((r) => setTimeout(r, 20));
  }
}

export const dynamoFaults = (client: DynamoDBClient) => new Faults<DbCall>(client, (command, input) => ({ command, input }));

/** An SES call: its command, and (for SendEmail) the recipients and subject. */
export interface SesCall {
  command: string;
  to: string[];
  subject: string;
}

export const sesFaults = (client: SESv2Client) =>
  new Faults<SesCall>(client, (command, input) => {
    const i = input as { Destination?: { ToAddresses?: string[] }; Content?: { Simple?: { Subject?: { Data?: string } } } };
    return { command, to: i.Destination?.ToAddresses ?? [], subject: i.Content?.Simple?.Subject?.Data ?? '' };
  });

export const isSend = (call: SesCall) => call.command === 'SendEmailCommand';

/** SES answering 503 and SES throttling (nothing sent: the sender puts the email back), and a call whose answer never came (SES may have taken it). */
export const sesUnavailable = () =>
  Object.assign(new Error('Service Unavailable (injected)'), { name: 'ServiceUnavailable', $fault: 'server', $metadata: { httpStatusCode: 503 } });
export const sesTimeout = () => Object.assign(new Error('socket timed out (injected)'), { name: 'TimeoutError', $metadata: {} });
export const sesThrottled = () =>
  Object.assign(new Error('Maximum sending rate exceeded (injected)'), {
    name: 'TooManyRequestsException',
    $fault: 'client',
    $metadata: { httpStatusCode: 429 },
  });

/** The transaction that writes a new pair (its first item is the pair). */
export const isPairWrite = (call: DbCall) =>
  call.command === 'TransactWriteItemsCommand' &&
  (call.input.TransactItems as { Put?: { Item?: { type?: string } } }[] | undefined)?.[0]?.Put?.Item?.type === 'pair';

/** The transaction that ends a pair (its first item sets the pair's `endedAt`). */
export const isPairEnd = (call: DbCall) =>
  call.command === 'TransactWriteItemsCommand' &&
  String((call.input.TransactItems as { Update?: { UpdateExpression?: string } }[] | undefined)?.[0]?.Update?.UpdateExpression ?? '').includes('endedAt');

/** Resolves for everyone once `n` callers are waiting (and at once for any caller after that). */
export function barrier(n: number): () => Promise<void> {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  return () => {
    if (++arrived >= n) release();
    return all;
  };
}

/** The update that marks an email as sent (after SES accepted it). */
export const isSentMark = (call: DbCall) => call.command === 'UpdateItemCommand' && String(call.input.UpdateExpression ?? '').includes('#state = :sent');

/**
 * A DynamoDB Local of its own, with its data on disk so that it survives
 * `restart()` (stop the process, start a new one on the same port and files).
 */
export async function dedicatedDynamoDb() {
  const dir = mkdtempSync(join(tmpdir(), 'ddb-faults-'));
  const port = await freePort();
  let running: RunningDynamoDb | undefined = await startDynamoDbLocal(port, dir);
  return {
    port,
    dir,
    async stop() {
      await running?.stop();
      running = undefined;
    },
    async start() {
      running ??= await startDynamoDbLocal(port, dir);
    },
    async dispose() {
      await running?.stop();
      running = undefined;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
