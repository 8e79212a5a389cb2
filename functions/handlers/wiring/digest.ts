import type { AppDeps } from '../../app/support/deps';
import type { Observability } from '../observability';
import { programBasics, type Env } from './common';
import { tableStores } from './dynamodb';
import { tokenSecrets } from './secrets';
import { sendQueues } from './sqs';

/** The weekly digest: the table, signed links (export, rematch) and the send queues; no schedules. */
export function digestDeps(observability: Observability, env: Env = process.env): AppDeps {
  return { ...programBasics(env, observability), ...tableStores(env), secrets: tokenSecrets(env), emailQueue: sendQueues(env).emailQueue };
}
