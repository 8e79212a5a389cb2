import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDeferredConfirmations } from '../../functions/adapters/dynamodb/deferred-confirmations';
import { DynamoEmailLog } from '../../functions/adapters/dynamodb/email-log';
import { DynamoPairStore } from '../../functions/adapters/dynamodb/pair-store';
import { DynamoStats } from '../../functions/adapters/dynamodb/stats';
import { DynamoParticipantStore } from '../../functions/adapters/dynamodb/participant-store';
import { TableScheduler } from '../../functions/adapters/local/table-scheduler';
import { DynamoRateLimiter } from '../../functions/adapters/dynamodb/rate-limiter';
import { SesMailer } from '../../functions/adapters/ses/ses-mailer';
import { staticSecret, systemClock, ulidIds } from '../../functions/adapters/system';
import type { JobDeps } from '../../functions/app/deps';
import type { ProgramConfig } from '../../functions/domain/program';
import type { Clock } from '../../functions/ports';

/** The same use-case dependencies as in AWS, wired to DynamoDB Local, the SES emulator and the table-backed scheduler. */
export function localDeps(opts: {
  config: ProgramConfig;
  dynamo: DynamoDBClient;
  ses: SESv2Client;
  tableName: string;
  secret: string;
  clock?: Clock;
  quiet?: boolean;
}): JobDeps & { scheduler: TableScheduler; stats: DynamoStats } {
  const db = DynamoDBDocumentClient.from(opts.dynamo, { marshallOptions: { removeUndefinedValues: true } });
  return {
    config: opts.config,
    clock: opts.clock ?? systemClock,
    ids: ulidIds,
    secrets: staticSecret(opts.secret),
    participants: new DynamoParticipantStore(db, opts.tableName),
    pairs: new DynamoPairStore(db, opts.tableName),
    stats: new DynamoStats(db, opts.tableName),
    scheduler: new TableScheduler(db, opts.tableName, opts.config.id),
    emailLog: new DynamoEmailLog(db, opts.tableName),
    rateLimiter: new DynamoRateLimiter(db, opts.tableName),
    deferredConfirmations: new DynamoDeferredConfirmations(db, opts.tableName),
    mailer: new SesMailer(opts.ses, { from: opts.config.sender }),
    log: opts.quiet ? undefined : (event, fields) => console.log(`  · ${event}${fields ? ' ' + JSON.stringify(fields) : ''}`),
  };
}
