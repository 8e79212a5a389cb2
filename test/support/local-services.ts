/** Wiring for integration tests: a fresh table in the shared DynamoDB Local, and the SES emulator. */
import { randomUUID } from 'node:crypto';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { inject } from 'vitest';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTable } from '../../functions/adapters/dynamodb/create-table';
import { localDeps } from '../../scripts/local/deps';
import { drainLocalQueue } from '../../scripts/local/local-sender';
import { LOCAL_CREDENTIALS, localDynamoClient } from '../../scripts/local/dynamodb-local';
import type { Clock } from '../../functions/ports';
import { testConfig } from './fakes';

export interface StoredEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
  headers?: { name: string; value: string }[];
}

export async function freshTable() {
  const client = localDynamoClient(inject('ddbPort'));
  const tableName = `t-${randomUUID()}`;
  await ensureTable(client, tableName);
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { client, db, tableName };
}

export function sesClient() {
  return new SESv2Client({ endpoint: `http://127.0.0.1:${inject('sesPort')}`, region: 'aws-ses-v2-local', credentials: LOCAL_CREDENTIALS });
}

/** The local senders of this test file's programs: `inbox` lets them drain first. */
const senders = new Set<() => Promise<void>>();

let draining: Promise<void> = Promise.resolve();

/**
 * Lets every registered sender send what is queued. Callers take turns: a
 * reader that arrives while another's drain runs waits for a drain of its own,
 * so it never reads the inbox while an email it caused is still on its way.
 */
export function sendQueued(): Promise<void> {
  draining = draining
    .catch(() => undefined)
    .then(async () => {
      for (const drain of senders) await drain();
    });
  return draining;
}

/** Registers how a program's queued emails are sent (integrationDeps does it for its own). */
export function registerSender(drain: () => Promise<void>): void {
  senders.add(drain);
}

/**
 * Emails the emulator holds for one recipient (each test uses unique addresses),
 * once every registered sender has sent what is queued: what the local stack's
 * sender does within a quarter second.
 */
export async function inbox(to: string): Promise<StoredEmail[]> {
  await sendQueued();
  const res = await fetch(`http://127.0.0.1:${inject('sesPort')}/store`);
  const { emails } = (await res.json()) as { emails: StoredEmail[] };
  return emails.filter((e) => e.destination.to.includes(to));
}

export async function integrationDeps(clock?: Clock, config = testConfig()) {
  const table = await freshTable();
  const deps = localDeps({
    config,
    dynamo: table.client,
    ses: sesClient(),
    tableName: table.tableName,
    secret: 'integration-secret',
    clock,
    quiet: true,
  });
  const drain = () => drainLocalQueue(deps.emailQueue, deps.sender);
  registerSender(drain);
  return { ...table, deps, drain };
}

export const uniqueEmail = (label: string) => `${label}.${randomUUID().slice(0, 8)}@example.com`;
