/** Runs `scripts/local-stack.ts` (what `npm start` runs) as a child process on free ports, for e2e tests. */
import { spawn, type ChildProcess } from 'node:child_process';
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

const portEnv = (p: StackProcess['ports']) => ({ PORT: String(p.port), SES_PORT: String(p.sesPort), DDB_PORT: String(p.ddbPort), SMTP_PORT: String(p.smtpPort) });

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
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`local stack exited:\n${out}`);
    return (await fetch(`${appUrl}/health`)).ok;
  }, 'the local stack', 90_000);
  return {
    env: extraEnv,
    appUrl,
    sesUrl: `http://localhost:${p.sesPort}`,
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

type Stored = { subject: string; destination: { to: string[] }; body: { text?: string; html?: string }; replyTo: string[]; headers?: { name: string; value: string }[] };

/**
 * The emails the SES emulator holds for `to`, once the stack's sender has gone
 * quiet: actions only enqueue emails, and the local sender (polling every
 * 250 ms) delivers them at SES_MAX_SEND_RATE, so the store is read when its
 * size has not changed for SETTLE_CHECKS checks in a row (a second, four poll
 * intervals of the sender).
 */
export async function storedEmails(sesUrl: string, to: string) {
  const read = async () => ((await (await fetch(`${sesUrl}/store`)).json()) as { emails: Stored[] }).emails;
  let emails = await read();
  for (let same = 0; same < SETTLE_CHECKS; ) {
    await new Promise((r) => setTimeout(r, SETTLE_INTERVAL_MS));
    const now = await read();
    same = now.length === emails.length ? same + 1 : 0;
    emails = now;
  }
  return emails.filter((e) => e.destination.to.includes(to));
}

const SETTLE_CHECKS = 4;
const SETTLE_INTERVAL_MS = 250;

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
