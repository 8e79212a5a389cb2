/**
 * The port contracts (test/contract), each run against the in-memory fake the
 * unit tests use and the DynamoDB adapter on DynamoDB Local: a fake that
 * behaves differently from the table fails here, not in production.
 */
import { DynamoAdminSessions } from '../../functions/adapters/dynamodb/admin-sessions';
import { DynamoAdminAddresses, DynamoAdminStore } from '../../functions/adapters/dynamodb/admin-store';
import { DynamoApiKeys } from '../../functions/adapters/dynamodb/api-keys';
import { DynamoAuditLog } from '../../functions/adapters/dynamodb/audit-log';
import { DynamoSignInTokens } from '../../functions/adapters/dynamodb/sign-in-tokens';
import { adminAccessContract } from '../contract/admin-access.contract';
import { MemoryAdmins, MemoryAdminSessions, MemoryApiKeys, MemorySignInTokens } from '../support/admin-fakes';
import { DynamoDeferredConfirmations } from '../../functions/adapters/dynamodb/deferred-confirmations';
import { DynamoEmailLog } from '../../functions/adapters/dynamodb/email-log';
import { DynamoPairStore } from '../../functions/adapters/dynamodb/pair-store';
import { DynamoJobRuns, DynamoProgramSettings } from '../../functions/adapters/dynamodb/program-settings';
import { DynamoParticipantStore } from '../../functions/adapters/dynamodb/participant-store';
import { DynamoRateLimiter } from '../../functions/adapters/dynamodb/rate-limiter';
import { DynamoStats } from '../../functions/adapters/dynamodb/stats';
import { DynamoRoundStore } from '../../functions/adapters/dynamodb/round-store';
import { roundStoreContract } from '../contract/round-store.contract';
import { MemoryRounds } from '../support/memory-rounds';
import { deferredConfirmationsContract } from '../contract/deferred-confirmations.contract';
import { emailLogContract } from '../contract/email-log.contract';
import { pairStoreContract } from '../contract/pair-store.contract';
import { participantStoreContract } from '../contract/participant-store.contract';
import { jobRunLogContract, programSettingsContract } from '../contract/program-settings.contract';
import { rateLimiterContract } from '../contract/rate-limiter.contract';
import { statsStoreContract } from '../contract/stats-store.contract';
import {
  MemoryAuditLog,
  MemoryDeferredConfirmations,
  MemoryEmailLog,
  MemoryJobRuns,
  MemoryPairs,
  MemoryParticipants,
  MemoryProgramSettings,
  MemoryRateLimiter,
  MemoryStats,
} from '../support/fakes';
import { freshTable } from '../support/local-services';
import { DynamoOfferStore } from '../../functions/adapters/dynamodb/offer-store';
import { offerStoreContract } from '../contract/offer-store.contract';
import { MemoryOffers } from '../support/fakes';

participantStoreContract('in memory', async () => new MemoryParticipants());
participantStoreContract('DynamoDB', async () => {
  const { db, tableName } = await freshTable();
  return new DynamoParticipantStore(db, tableName);
});

pairStoreContract('in memory', async () => {
  const participants = new MemoryParticipants();
  return { participants, pairs: new MemoryPairs(participants) };
});
pairStoreContract('DynamoDB', async () => {
  const { db, tableName } = await freshTable();
  return { participants: new DynamoParticipantStore(db, tableName), pairs: new DynamoPairStore(db, tableName) };
});

emailLogContract('in memory', async () => new MemoryEmailLog());
emailLogContract('DynamoDB', async () => {
  const { db, tableName } = await freshTable();
  return new DynamoEmailLog(db, tableName);
});

statsStoreContract('in memory', async () => {
  const participants = new MemoryParticipants();
  return { participants, stats: new MemoryStats(participants) };
});
statsStoreContract('DynamoDB', async () => {
  const { db, tableName } = await freshTable();
  return { participants: new DynamoParticipantStore(db, tableName), stats: new DynamoStats(db, tableName) };
});

rateLimiterContract('in memory', async () => new MemoryRateLimiter());
rateLimiterContract('DynamoDB', async () => {
  const { db, tableName } = await freshTable();
  return new DynamoRateLimiter(db, tableName);
});

deferredConfirmationsContract('in memory', async () => new MemoryDeferredConfirmations());
deferredConfirmationsContract('DynamoDB', async () => {
  const { db, tableName } = await freshTable();
  return new DynamoDeferredConfirmations(db, tableName);
});

adminAccessContract('in memory', async () => {
  const admins = new MemoryAdmins();
  return {
    admins,
    adminAddresses: { list: (programId, seed) => admins.addresses(programId, seed) },
    signInTokens: new MemorySignInTokens(),
    adminSessions: new MemoryAdminSessions(),
    apiKeys: new MemoryApiKeys(),
    audit: new MemoryAuditLog(),
  };
});
adminAccessContract('DynamoDB', async () => {
  const { db, tableName } = await freshTable();
  return {
    admins: new DynamoAdminStore(db, tableName),
    adminAddresses: new DynamoAdminAddresses(db, tableName),
    signInTokens: new DynamoSignInTokens(db, tableName),
    adminSessions: new DynamoAdminSessions(db, tableName),
    apiKeys: new DynamoApiKeys(db, tableName),
    audit: new DynamoAuditLog(db, tableName),
  };
});
roundStoreContract('in memory', async () => new MemoryRounds());
roundStoreContract('DynamoDB', async () => {
  const { db, tableName } = await freshTable();
  return new DynamoRoundStore(db, tableName);
});

programSettingsContract('in memory', async () => new MemoryProgramSettings());
programSettingsContract('DynamoDB', async () => {
  const { db, tableName } = await freshTable();
  return new DynamoProgramSettings(db, tableName);
});

jobRunLogContract('in memory', async () => new MemoryJobRuns());
jobRunLogContract('DynamoDB', async () => {
  const { db, tableName } = await freshTable();
  return new DynamoJobRuns(db, tableName);
});

offerStoreContract('in memory', async () => new MemoryOffers());
offerStoreContract('DynamoDB', async () => {
  const { db, tableName } = await freshTable();
  return new DynamoOfferStore(db, tableName);
});
