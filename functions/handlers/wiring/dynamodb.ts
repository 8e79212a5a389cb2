import { DynamoDeferredConfirmations } from '../../adapters/dynamodb/deferred-confirmations';
import { createDb } from '../../adapters/dynamodb/client';
import { DynamoEmailLog } from '../../adapters/dynamodb/email-log';
import { DynamoPairStore } from '../../adapters/dynamodb/pair-store';
import { DynamoJobRuns, DynamoProgramSettings } from '../../adapters/dynamodb/program-settings';
import { DynamoParticipantStore } from '../../adapters/dynamodb/participant-store';
import { DynamoRateLimiter } from '../../adapters/dynamodb/rate-limiter';
import { DynamoSendRateBucket } from '../../adapters/dynamodb/send-rate-bucket';
import { DynamoStats } from '../../adapters/dynamodb/stats';
import type { AdminDeps, AppDeps, JobDeps } from '../../app/support/deps';
import { DynamoAdminSessions } from '../../adapters/dynamodb/admin-sessions';
import { DynamoAdminAddresses, DynamoAdminStore } from '../../adapters/dynamodb/admin-store';
import { DynamoApiKeys } from '../../adapters/dynamodb/api-keys';
import { DynamoAuditLog } from '../../adapters/dynamodb/audit-log';
import { DynamoSignInTokens } from '../../adapters/dynamodb/sign-in-tokens';
import { DynamoRoundStore } from '../../adapters/dynamodb/round-store';
import { DynamoOfferStore } from '../../adapters/dynamodb/offer-store';
import { loadAwsTableConfig } from '../../config';
import type { ProgramConfig } from '../../domain/program';
import type { Env } from './common';

/** The program's stores in its DynamoDB table (TABLE_NAME). */
export function tableStores(
  env: Env,
): Pick<AppDeps, 'participants' | 'pairs' | 'stats' | 'emailLog' | 'rateLimiter' | 'deferredConfirmations' | 'settingsStore' | 'jobRuns' | 'adminAddresses'> &
  Pick<JobDeps, 'rounds' | 'offers'> {
  const { tableName } = loadAwsTableConfig(env);
  const db = createDb();
  return {
    participants: new DynamoParticipantStore(db, tableName),
    pairs: new DynamoPairStore(db, tableName),
    stats: new DynamoStats(db, tableName),
    emailLog: new DynamoEmailLog(db, tableName),
    rateLimiter: new DynamoRateLimiter(db, tableName),
    deferredConfirmations: new DynamoDeferredConfirmations(db, tableName),
    rounds: new DynamoRoundStore(db, tableName),
    offers: new DynamoOfferStore(db, tableName),
    settingsStore: new DynamoProgramSettings(db, tableName),
    jobRuns: new DynamoJobRuns(db, tableName),
    adminAddresses: new DynamoAdminAddresses(db, tableName),
  };
}

/** What only the admin console (the HTTP API function) keeps in the table. */
export function consoleStores(env: Env): Pick<AdminDeps, 'audit' | 'admins' | 'signInTokens' | 'adminSessions' | 'apiKeys'> {
  const { tableName } = loadAwsTableConfig(env);
  const db = createDb();
  return {
    audit: new DynamoAuditLog(db, tableName),
    admins: new DynamoAdminStore(db, tableName),
    signInTokens: new DynamoSignInTokens(db, tableName),
    adminSessions: new DynamoAdminSessions(db, tableName),
    apiKeys: new DynamoApiKeys(db, tableName),
  };
}

/** What the sender needs of the table: the email log, the program's send-rate bucket, and the admins (its notice near the quota). */
export function senderTable(env: Env, config: ProgramConfig) {
  const { tableName } = loadAwsTableConfig(env);
  const db = createDb();
  return {
    emailLog: new DynamoEmailLog(db, tableName),
    sendRate: new DynamoSendRateBucket(db, tableName, config.id, config.sesMaxSendRate),
    adminAddresses: new DynamoAdminAddresses(db, tableName),
  };
}
