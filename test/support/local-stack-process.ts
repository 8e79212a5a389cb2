/** Runs `scripts/local-stack.ts` (what `npm start` runs) as a child process on free ports, for e2e tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { sendQueueKey } from '../../functions/adapters/dynamodb/keys';
import { localDynamoClient } from '../../scripts/local/dynamodb-local';
import { freePort, waitFor } from '../../scripts/local/ports';

export interface StackProcess {
  appUrl: string;
  sesUrl: string;
  ports: { port: number; sesPort: number; ddbPort: number; smtpPort: number };
  output: () => string;
  stop: () => Promise<number | null>;
  /** Program settings the stack was started with; jobs must run with the same. */
  env: Record<string, string>;
}

const portEnv = (p: StackProcess['ports']) => ({
  PORT: String(p.port),
  SES_PORT: String(p.sesPort),
  DDB_PORT: String(p.ddbPort),
  SMTP_PORT: String(p.smtpPort),
});

export async function startStack(dataDir: string, ports?: StackProcess['ports'], extraEnv: Record<string, string> = {}): Promise<StackProcess> {
  const p = ports ?? { port: await freePort(), sesPort: await freePort(), ddbPort: await freePort(), smtpPort: await freePort() };
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/local-stack.ts'], {
    env: { ...process.env, ...portEnv(p), LOCAL_DATA_DIR: dataDir, ADMIN_EMAILS: 'admin@example.com', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const appUrl = `http://localhost:${p.port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`local stack exited:\n${out}`);
      // Ready once it answers and has printed its banner (it listens before it prints: the scheduler's first read comes between).
      return (await fetch(`${appUrl}/health`)).ok && out.includes('is running locally');
    },
    'the local stack',
    90_000,
  );
  const sesUrl = `http://localhost:${p.sesPort}`;
  const env = { ...process.env, ...extraEnv };
  sendQueues.set(sesUrl, { ddbPort: p.ddbPort, table: env.TABLE_NAME ?? 'mentoring-local', programId: env.PROGRAM_ID ?? 'demo' });
  return {
    env: extraEnv,
    appUrl,
    sesUrl,
    ports: p,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}

/** Runs the stack expecting it to fail fast; returns its exit code and output. */
export function runStackExpectingFailure(dataDir: string, ports: StackProcess['ports']): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/local-stack.ts'], {
      env: { ...process.env, ...portEnv(ports), LOCAL_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => resolve({ code, output: out }));
  });
}

type Stored = {
  subject: string;
  destination: { to: string[] };
  body: { text?: string; html?: string };
  replyTo: string[];
  headers?: { name: string; value: string }[];
  /** Parts of a raw message the emulator lists apart from text and HTML, e.g. a text/calendar invitation (content base64). */
  attachments?: { contentType: string; content: string; filename?: string }[];
};

/** Where each running stack keeps its send queues (table-backed, scripts/local/local-sender.ts), by its SES URL. */
const sendQueues = new Map<string, { ddbPort: number; table: string; programId: string }>();

/** Waits until the stack's send queues are empty: its sender has delivered (and recorded) every email queued so far. */
async function sendQueuesDrained(sesUrl: string, timeoutMs = 60_000): Promise<void> {
  const where = sendQueues.get(sesUrl);
  if (!where) return;
  const client = localDynamoClient(where.ddbPort);
  try {
    await waitFor(
      async () => {
        for (const priority of ['now', 'bulk'] as const) {
          const { Count } = await client.send(
            new QueryCommand({
              TableName: where.table,
              KeyConditionExpression: 'pk = :pk',
              ExpressionAttributeValues: { ':pk': { S: sendQueueKey(where.programId, priority) } },
              Select: 'COUNT',
              Limit: 1,
            }),
          );
          if (Count) return false;
        }
        return true;
      },
      'the local sender to empty its queues',
      timeoutMs,
    );
  } finally {
    client.destroy();
  }
}

/**
 * The emails the SES emulator holds for `to`. Actions only enqueue emails and
 * the stack's local sender delivers them within moments, so the store is read
 * once the stack's send queues are empty (an email leaves its queue only
 * after SES accepted it).
 */
export async function storedEmails(sesUrl: string, to: string) {
  await sendQueuesDrained(sesUrl);
  const { emails } = (await (await fetch(`${sesUrl}/store`)).json()) as { emails: Stored[] };
  return emails.filter((e) => e.destination.to.includes(to));
}

/** Runs `npm run job -- …` (the same script) against a running stack; returns its one JSON line. */
export function runJob(stack: StackProcess, dataDir: string, args: string[]): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/job.ts', ...args], {
      env: { ...process.env, ...portEnv(stack.ports), LOCAL_DATA_DIR: dataDir, ...stack.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`job ${args.join(' ')} exited ${code}: ${err}`));
      const lines = out.trim().split('\n');
      if (lines.length !== 1) return reject(new Error(`job printed ${lines.length} lines: ${out}`));
      resolve(JSON.parse(lines[0]!) as Record<string, unknown>);
    });
  });
}
