import { DynamoDeferredConfirmations } from '../../adapters/dynamodb/deferred-confirmations';
import { createDb } from '../../adapters/dynamodb/client';
import { DynamoEmailLog } from '../../adapters/dynamodb/email-log';
import { DynamoPairStore } from '../../adapters/dynamodb/pair-store';
import { DynamoJobRuns, DynamoProgramSettings } from '../../adapters/dynamodb/program-settings';
import { DynamoParticipantStore } from '../../adapters/dynamodb/participant-store';
import { DynamoRateLimiter } from '../../adapters/dynamodb/rate-limiter';
import { DynamoSendRateBucket } from '../../adapters/dynamodb/send-rate-bucket';
import { DynamoStats } from '../../adapters/dynamodb/stats';
import type { AppDeps } from '../../app/support/deps';
import { loadAwsTableConfig } from '../../config';
import type { ProgramConfig } from '../../domain/program';
import type { Env } from './common';

/** The program's stores in its DynamoDB table (TABLE_NAME). */
export function tableStores(
  env: Env,
): Pick<AppDeps, 'participants' | 'pairs' | 'stats' | 'emailLog' | 'rateLimiter' | 'deferredConfirmations' | 'settingsStore' | 'jobRuns'> {
  const { tableName } = loadAwsTableConfig(env);
  const db = createDb();
  return {
    participants: new DynamoParticipantStore(db, tableName),
    pairs: new DynamoPairStore(db, tableName),
    stats: new DynamoStats(db, tableName),
    emailLog: new DynamoEmailLog(db, tableName),
    rateLimiter: new DynamoRateLimiter(db, tableName),
    deferredConfirmations: new DynamoDeferredConfirmations(db, tableName),
    settingsStore: new DynamoProgramSettings(db, tableName),
    jobRuns: new DynamoJobRuns(db, tableName),
  };
}

/** What the sender needs of the table: the email log and the program's send-rate bucket. */
export function senderTable(env: Env, config: ProgramConfig) {
  const { tableName } = loadAwsTableConfig(env);
  const db = createDb();
  return { emailLog: new DynamoEmailLog(db, tableName), sendRate: new DynamoSendRateBucket(db, tableName, config.id, config.sesMaxSendRate) };
}
