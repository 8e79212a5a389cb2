import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDeferredConfirmations } from '../../functions/adapters/dynamodb/deferred-confirmations';
import { DynamoEmailLog } from '../../functions/adapters/dynamodb/email-log';
import { DynamoPairStore } from '../../functions/adapters/dynamodb/pair-store';
import { DynamoJobRuns, DynamoProgramSettings } from '../../functions/adapters/dynamodb/program-settings';
import { DynamoStats } from '../../functions/adapters/dynamodb/stats';
import { DynamoRoundStore } from '../../functions/adapters/dynamodb/round-store';
import { DynamoOfferStore } from '../../functions/adapters/dynamodb/offer-store';
import { DynamoParticipantStore } from '../../functions/adapters/dynamodb/participant-store';
import { TableScheduler } from '../../functions/adapters/local/table-scheduler';
import { FolderExportFiles } from '../../functions/adapters/local/folder-export-files';
import { join } from 'node:path';
import { DynamoRateLimiter } from '../../functions/adapters/dynamodb/rate-limiter';
import { DynamoSendRateBucket } from '../../functions/adapters/dynamodb/send-rate-bucket';
import { TableEmailQueue } from '../../functions/adapters/local/table-email-queue';
import { SesMailer, unlimitedQuota } from '../../functions/adapters/ses/ses-mailer';
import { createSender, type Sender } from '../../functions/app/use-cases/send-queued';
import { staticSecret, systemClock, ulidIds } from '../../functions/adapters/system';
import type { AdminDeps } from '../../functions/app/support/deps';
import { DynamoAdminSessions } from '../../functions/adapters/dynamodb/admin-sessions';
import { DynamoAdminAddresses, DynamoAdminStore } from '../../functions/adapters/dynamodb/admin-store';
import { DynamoApiKeys } from '../../functions/adapters/dynamodb/api-keys';
import { DynamoAuditLog } from '../../functions/adapters/dynamodb/audit-log';
import { DynamoSignInTokens } from '../../functions/adapters/dynamodb/sign-in-tokens';
import type { ProgramConfig } from '../../functions/domain/program';
import type { Clock } from '../../functions/ports';

/**
 * The same use-case dependencies as in AWS, wired to DynamoDB Local, the SES
 * emulator, the table-backed scheduler and the table-backed send queues; and
 * the sender that drains those queues (run by the local stack, see local-sender.ts).
 * The sender keeps the wall clock whatever `clock` says: its token bucket
 * paces real sends.
 */
export function localDeps(opts: {
  config: ProgramConfig;
  dynamo: DynamoDBClient;
  ses: SESv2Client;
  tableName: string;
  secret: string;
  clock?: Clock;
  quiet?: boolean;
}): AdminDeps & { scheduler: TableScheduler; stats: DynamoStats; emailQueue: TableEmailQueue; sender: Sender } {
  const db = DynamoDBDocumentClient.from(opts.dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const emailLog = new DynamoEmailLog(db, opts.tableName);
  const log = opts.quiet
    ? undefined
    : (event: string, fields?: Record<string, string | number | boolean>) => console.log(`  · ${event}${fields ? ' ' + JSON.stringify(fields) : ''}`);
  const emailQueue = new TableEmailQueue(db, opts.tableName, opts.config.id, Date.now, (reason) => log?.('email_dead_letter', { reason }));
  const adminAddresses = new DynamoAdminAddresses(db, opts.tableName);
  const sender = createSender({
    config: opts.config,
    clock: systemClock,
    emailLog,
    emailQueue,
    adminAddresses,
    mailer: new SesMailer(opts.ses, { from: opts.config.sender }),
    sendRate: new DynamoSendRateBucket(db, opts.tableName, opts.config.id, opts.config.sesMaxSendRate),
    // The SES emulator has no account quota.
    quota: unlimitedQuota,
    log,
  });
  return {
    config: opts.config,
    clock: opts.clock ?? systemClock,
    ids: ulidIds,
    secrets: staticSecret(opts.secret),
    participants: new DynamoParticipantStore(db, opts.tableName),
    pairs: new DynamoPairStore(db, opts.tableName),
    stats: new DynamoStats(db, opts.tableName),
    scheduler: new TableScheduler(db, opts.tableName, opts.config.id),
    emailLog,
    emailQueue,
    sender,
    rateLimiter: new DynamoRateLimiter(db, opts.tableName),
    deferredConfirmations: new DynamoDeferredConfirmations(db, opts.tableName),
    audit: new DynamoAuditLog(db, opts.tableName),
    admins: new DynamoAdminStore(db, opts.tableName),
    signInTokens: new DynamoSignInTokens(db, opts.tableName),
    adminSessions: new DynamoAdminSessions(db, opts.tableName),
    apiKeys: new DynamoApiKeys(db, opts.tableName),
    rounds: new DynamoRoundStore(db, opts.tableName),
    offers: new DynamoOfferStore(db, opts.tableName),
    exportFiles: localExportFiles({ config: opts.config, secret: opts.secret, clock: opts.clock }),
    settingsStore: new DynamoProgramSettings(db, opts.tableName),
    jobRuns: new DynamoJobRuns(db, opts.tableName),
    adminAddresses,
    log,
  };
}

/** The local stand-in for the export bucket: `.local/exports/`, served by the console's signed, expiring `/admin/export-files/<token>`. */
export function localExportFiles(opts: { config: ProgramConfig; secret: string; clock?: Clock; dir?: string }): FolderExportFiles {
  return new FolderExportFiles(opts.dir ?? join('.local', 'exports'), opts.config.publicUrl, staticSecret(opts.secret), opts.clock ?? systemClock);
}
