import type { AdminDeps, JobDeps } from '../../app/support/deps';
import type { Observability } from '../observability';
import { programBasics, type Env } from './common';
import { consoleStores, tableStores } from './dynamodb';
import { exportFiles } from './s3';
import { pairScheduler } from './scheduler';
import { tokenSecrets } from './secrets';
import { sendQueues } from './sqs';

/**
 * The HTTP API, matching and follow-ups (and replies: inbound.ts): the table, signed links, the send queues and
 * the pairs' one-time schedules (recorded activity reschedules nudges).
 */
export function jobDeps(observability: Observability, env: Env = process.env): JobDeps {
  return {
    ...programBasics(env, observability),
    ...tableStores(env),
    secrets: tokenSecrets(env),
    emailQueue: sendQueues(env).emailQueue,
    scheduler: pairScheduler(env),
  };
}

/** The HTTP API function: the jobs' dependencies and the admin console's stores. */
export function adminDeps(observability: Observability, env: Env = process.env): AdminDeps {
  return { ...jobDeps(observability, env), ...consoleStores(env), exportFiles: exportFiles(env) };
}
