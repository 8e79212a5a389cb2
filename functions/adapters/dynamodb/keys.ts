/**
 * Every key of the single table, and the access patterns they serve. No other
 * module spells a `pk`, `sk` or GSI key: the stores, the local stand-ins and
 * the benchmarks build them here. The formats are the physical layout of a
 * deployed table, pinned by test/unit/dynamodb-keys.test.ts: change one only
 * with a migration.
 *
 * Access patterns (index: base table unless named; who: the code that runs it)
 *
 * | pattern                               | key condition                                            | index | who                                       |
 * |---------------------------------------|----------------------------------------------------------|-------|-------------------------------------------|
 * | participant by id                     | pk=P#<id>, sk=PROFILE                                    |       | ParticipantStore.get, every member update |
 * | participant by email (unique)         | pk=EMAIL#<program>#<email>, sk=GUARD                     |       | ParticipantStore.create/findByEmail/erase |
 * | pool by program and status            | gsi1pk=PROG#<program>#STATUS#<status>                    | gsi1  | ParticipantStore.listByStatus             |
 * |   (sorted by)                         | gsi1sk=<role>#<createdAt>#<id>                           |       |                                           |
 * |   people list by status (and role)    | gsi1pk=…#STATUS#<status>, begins_with(gsi1sk, <role>#)   | gsi1  | ParticipantStore.search (no q), Limit     |
 * | people search by term prefix          | pk=PROG#<program>#TERM#<term's 1st char>,                |       | ParticipantStore.search (q), Limit, then  |
 * |                                       |   begins_with(sk, <query word>) (sk=<term>#<id>)         |       |   BatchGet of the profiles found          |
 * | invitation by address (idempotent)    | pk=INVITE#<program>#<invitation id>, sk=INVITE           |       | ParticipantStore.invite/invitation/erase  |
 * | pair by id                            | pk=PAIR#<id>, sk=PAIR                                    |       | PairStore.get/setLadder/endPair…          |
 * | pairs by program (history, export)   | gsi1pk=PROG#<program>#PAIRS, gsi1sk=<createdAt>#<id>     | gsi1  | PairStore.history/all                     |
 * | pairs pending setup (sparse)          | gsi2pk=PROG#<program>#SETUP, gsi2sk=<createdAt>#<id>     | gsi2  | PairStore.pendingSetup (markSetUp clears) |
 * | pairs at risk (sparse)                | gsi2pk=PROG#<program>#ATRISK, gsi2sk=<lastActivity>#<id> | gsi2  | PairStore.atRisk (activity/end clear it)  |
 * | pairs by participant                  | pk=P#<participant>, begins_with(sk, PAIR#)               |       | PairStore.pairsOf (then BatchGet pairs)   |
 * | timeline step fired once              | pk=PAIR#<pair>, sk=STEP#<step>                           |       | PairStore.recordStep                      |
 * | activity once per key                 | pk=PAIR#<pair>, sk=ACTKEY#<key hash>                     |       | PairStore.recordActivity                  |
 * | activity by pair and time             | pk=PAIR#<pair>, begins_with(sk, ACT#) (<at>#<key hash>)  |       | PairStore.activities/scrubActivities      |
 * | blocked pairs of a program            | pk=PROG#<program>, begins_with(sk, BLOCK#)               |       | PairStore.blocked/block                   |
 * | incentive earners by week             | pk=PROG#<program>, begins_with(sk, INCENTIVE#<week>#)    |       | StatsStore.incentiveEarners               |
 * | weekly aggregates by program          | pk=PROG#<program>, sk=STATS#WEEK#<week> / STATS#TOTAL /  |       | StatsStore.read (BatchGet), statsUpdates  |
 * |                                       |   STATS#COHORT#<week> / STATS#SNAP#<week>                |       | StatsStore.saveSnapshot/snapshots         |
 * | a delta counted once                  | pk=COUNTED#<key>, sk=COUNTED                             |       | StatsStore.add with `once`                |
 * | email idempotency                     | pk=MAIL#<key>, sk=MAIL                                   |       | EmailLog.*                                |
 * | emails of a participant, newest     | gsi1pk=P#<participant>#MAILS, gsi1sk=<claimedAt>#<key>   | gsi1  | EmailLog.ofParticipant (person page)      |
 * | emails left `sending` (sparse)        | gsi2pk=MAILSENDING#<program>, gsi2sk < <before>          | gsi2  | EmailLog.countUnknown                     |
 * | rate-limit windows (TTL)              | pk=RL#<client>#<window start>, sk=RL                     |       | RateLimiter.hit                           |
 * | sliding rate-limit logs (TTL)         | pk=RLS#<hashed key>, sk=RL                               |       | RateLimiter.hitSliding                    |
 * | settings versions, newest first       | pk=PROG#<program>, begins_with(sk, SETTINGS#V#) (10-digit) |     | ProgramSettingsStore.*                    |
 * | a recurring job's run, once           | pk=PROG#<program>, sk=JOBRUN#<job>#<scheduled for>       |       | JobRunLog.claim/finish/release            |
 * | a recurring job's last finished run   | pk=PROG#<program>, sk=JOBLAST#<job>                      |       | JobRunLog.finish/lastFinished             |
 * | deferred confirmations, oldest first  | pk=PROG#<program>#DEFERRED, sk=<deferredAt>#<email key>  |       | DeferredConfirmationQueue.*               |
 * | send-rate token bucket                | pk=SENDRATE#<program>, sk=BUCKET                         |       | SendRateBucket.take                       |
 * | admins of a program, oldest first     | pk=PROG#<program>#ADMINS, begins_with(sk, ADMIN#)        |       | AdminStore.list/get                       |
 * | admin by email (unique)               | pk=PROG#<program>#ADMINS, sk=EMAIL#<email>               |       | AdminStore.findByEmail/add/remove         |
 * | admin count (last admin stays)        | pk=PROG#<program>#ADMINS, sk=COUNT                       |       | AdminStore.add/remove (in the transaction)|
 * | address seeded once from ADMIN_EMAILS | pk=PROG#<program>#ADMINS, sk=SEEDED#<email hash>         |       | AdminStore.seed                           |
 * | sign-in link by token hash (TTL)      | pk=SIGNIN#<token hash>, sk=SIGNIN                        |       | SignInTokenStore.* (consume: cond. delete)|
 * | admin session by secret hash (TTL)    | pk=ASESSION#<secret hash>, sk=SESSION                    |       | AdminSessionStore.get/touch/remove        |
 * |   sessions of an admin                | gsi1pk=PROG#<program>#ADMIN#<admin>#SESSIONS             | gsi1  | AdminSessionStore.listOf/revoke           |
 * |   (sorted by)                         | gsi1sk=<createdAt>#<session id>                          |       |                                           |
 * | API key by key hash                   | pk=APIKEY#<key hash>, sk=APIKEY                          |       | ApiKeyStore.findByHash/touch              |
 * |   API keys of a program               | gsi1pk=PROG#<program>#APIKEYS, gsi1sk=<createdAt>#<id>   | gsi1  | ApiKeyStore.list/revoke                   |
 * | audit log, newest first               | pk=PROG#<program>#AUDIT, sk=<at>#<id> (descending query) |       | AuditLog.record/list                      |
 * | matching round by id (header, chunks) | pk=ROUND#<program>#<id>, sk=ROUND / CHUNK#<nnn>          |       | RoundStore.get/update/close (header only) |
 * | rounds by program, newest first       | gsi1pk=PROG#<program>#ROUNDS, gsi1sk=<createdAt>#<id>    | gsi1  | RoundStore.list (headers only)            |
 * | rounds still proposed (sparse)        | gsi2pk=PROG#<program>#PROPOSED, gsi2sk=<createdAt>#<id>  | gsi2  | RoundStore.proposed (close clears it)     |
 * | mentee's offer (choice mode)         | pk=OFFER#<program>#<mentee>, sk=OFFER                    |       | OfferStore.create/get/addMentor/close     |
 * | open offers, oldest first (sparse)    | gsi2pk=PROG#<program>#OFFERS, gsi2sk=<sentAt>#<mentee>   | gsi2  | OfferStore.listOpen (close clears it)     |
 * | a mentor's one decline                | pk=DECLINE#<program>#<mentor>, sk=DECLINE                |       | OfferStore.recordDecline/declineOf        |
 * |   declines by program, newest first   | gsi1pk=PROG#<program>#DECLINES, gsi1sk=<at>#<mentor>     | gsi1  | OfferStore.declines                       |
 * | local one-time schedules              | pk=SCHED#<name>, sk=SCHED                                |       | TableScheduler (local stack only)         |
 * |   due by time (sparse)                | gsi2pk=PROG#<program>#DUE, gsi2sk <= <until>#~           | gsi2  | TableScheduler.due/dueAll                 |
 * | local send queues, visible first      | pk=SENDQ#<program>#<priority>, sk <= <now>#~             |       | TableEmailQueue (local stack only)        |
 * |   their dead letters                  | pk=SENDQ#<program>#dead, sk=<set-aside at>#<id>          |       | TableEmailQueue.deadLetters               |
 *
 * People search: each participant has one small index item per search term
 * (domain/people-search: name words, address, its words and domain, skill
 * words; at most 40), written in the participant's create transaction and
 * deleted in its erase transaction (the profile keeps the list of its terms,
 * so erase deletes exactly what was written). Terms never change after
 * sign-up, so status changes touch none of them: the index item holds only
 * the term and the id, and role/status filters are applied to the profiles
 * read back. A search Querys the shard of its longest word's first character
 * with `begins_with`, `Limit`ed to the page size, at most SEARCH_ROUNDS times,
 * and BatchGets those profiles: a page reads at most 2 × SEARCH_ROUNDS ×
 * limit items, for 100 or 10,000 participants alike, never a Scan. (A GSI
 * per term was weighed: it would copy the whole profile per term, or still
 * need the BatchGet; and a query of the status partitions with a filter on
 * the name reads the whole pool, 10,000 items, for a rare name.) Sharding
 * the terms by first character spreads a program's ~10–25 items per person
 * over ~36 partitions instead of one hot one.
 *
 * Both GSIs are generic and every entry on gsi2 is sparse: an item is listed
 * only while it is in that state, so those queries read what is pending, not
 * history.
 *
 * Why not ElectroDB: it was weighed and left out. Its key templates can spell
 * these formats, but (1) it owns items through its own identifier attributes
 * (`__edb_e__`/`__edb_v__`) and skips items without them unless every call
 * passes `ignoreOwnership`, and every item of a deployed table lacks them;
 * (2) the aggregate items have open-ended counter attributes (one per KPI
 * counter, added with `ADD` in the event's own transaction), which a
 * schema-first entity would have to declare one by one; (3) pair-store's
 * transactions read DynamoDB's positional `CancellationReasons` to tell "the
 * pair already ended" from "a member changed", which ElectroDB's transaction
 * wrapper reshapes; and (4) it adds a runtime (with `jsonschema`) to bundles
 * that must stay ≤ 600 KB. The key builders below plus plain SDK commands keep
 * the transactions as DynamoDB sees them, at no bundle cost.
 */
import type { IsoWeek } from '../../domain/kpi/aggregates';
import type { ParticipantStatus } from '../../domain/participant';
import type { TimelineStep } from '../../domain/pair';
import type { EmailPriority, PairRef } from '../../ports';
import type { Role } from '../../domain/signup-schema';
import { TABLE } from './table-definition';

/** A base-table key (a type alias, not an interface, so it fits the SDK's `Record<string, unknown>` keys). */
export type TableKey = { pk: string; sk: string };

/** Index names, as table-definition.ts creates them. */
export const GSI1 = TABLE.indexes[0].name;
export const GSI2 = TABLE.indexes[1].name;

/** Sort-key prefixes, for `begins_with` queries. */
export const SK_PREFIX = {
  membership: 'PAIR#',
  activity: 'ACT#',
  blockedPair: 'BLOCK#',
  roundChunk: 'CHUNK#',
  incentivesOfWeek: (week: IsoWeek) => `INCENTIVE#${week}#`,
  settingsVersion: 'SETTINGS#V#',
} as const;

/**
 * Upper bound for a sort key `<time>#<anything>` at `time`: `~` sorts after
 * every character ids and ISO times use, so `sk <= timeCeiling(t)` takes all
 * items of instant `t`.
 */
export const timeCeiling = (time: string) => `${time}#~`;

// ── participants ───────────────────────────────────────────────────────────
export const participantKey = (id: string): TableKey => ({ pk: `P#${id}`, sk: 'PROFILE' });
export const emailGuardKey = (programId: string, email: string): TableKey => ({ pk: `EMAIL#${programId}#${email}`, sk: 'GUARD' });
export const poolKey = (programId: string, status: ParticipantStatus) => `PROG#${programId}#STATUS#${status}`;
export const poolSortKey = (p: { role: Role; createdAt: string; id: string }) => `${p.role}#${p.createdAt}#${p.id}`;
/** The search index's shard of the terms that start with the first character of `termOrWord`. */
export const searchShard = (programId: string, termOrWord: string) => `PROG#${programId}#TERM#${[...termOrWord][0] ?? ''}`;
/** One search index entry: `term` (normalised, see domain/people-search) → participant. */
export const searchTermKey = (programId: string, term: string, participantId: string): TableKey => ({
  pk: searchShard(programId, term),
  sk: `${term}#${participantId}`,
});
export const invitationKey = (programId: string, invitationId: string): TableKey => ({ pk: `INVITE#${programId}#${invitationId}`, sk: 'INVITE' });

// ── pairs ──────────────────────────────────────────────────────────────────
export const pairKey = (id: string): TableKey => ({ pk: `PAIR#${id}`, sk: 'PAIR' });
export const pairsOfProgram = (programId: string) => `PROG#${programId}#PAIRS`;
export const pairsPendingSetup = (programId: string) => `PROG#${programId}#SETUP`;
export const pairsAtRisk = (programId: string) => `PROG#${programId}#ATRISK`;
/** gsi1sk of a pair and gsi2sk while its setup is pending. */
export const pairSortKey = (pair: { createdAt: string; id: string }) => `${pair.createdAt}#${pair.id}`;
/** gsi2sk while at risk: the oldest activity first. */
export const atRiskSortKey = (pair: { lastActivityAt: string; id: string }) => `${pair.lastActivityAt}#${pair.id}`;
/** A participant's link to a pair (pairs by participant). */
export const membershipKey = (participantId: string, pairId: string): TableKey => ({
  pk: participantKey(participantId).pk,
  sk: `${SK_PREFIX.membership}${pairId}`,
});
export const pairStepKey = (pairId: string, step: TimelineStep): TableKey => ({ pk: pairKey(pairId).pk, sk: `STEP#${step}` });
/** `keyHash`: a digest of the activity's key (see pair-store), short and free of PII. */
export const activityGuardKey = (pairId: string, keyHash: string): TableKey => ({ pk: pairKey(pairId).pk, sk: `ACTKEY#${keyHash}` });
export const activityKey = (pairId: string, at: string, keyHash: string): TableKey => ({ pk: pairKey(pairId).pk, sk: `${SK_PREFIX.activity}${at}#${keyHash}` });

// ── program-wide items ─────────────────────────────────────────────────────
export const programKey = (programId: string) => `PROG#${programId}`;
export const blockedPairKey = (programId: string, ref: PairRef): TableKey => ({
  pk: programKey(programId),
  sk: `${SK_PREFIX.blockedPair}${ref.mentorId}#${ref.menteeId}`,
});
export const incentiveKey = (programId: string, week: IsoWeek, participantId: string): TableKey => ({
  pk: programKey(programId),
  sk: `${SK_PREFIX.incentivesOfWeek(week)}${participantId}`,
});
export const statsKeys = {
  week: (programId: string, week: IsoWeek): TableKey => ({ pk: programKey(programId), sk: `STATS#WEEK#${week}` }),
  total: (programId: string): TableKey => ({ pk: programKey(programId), sk: 'STATS#TOTAL' }),
  cohort: (programId: string, week: IsoWeek): TableKey => ({ pk: programKey(programId), sk: `STATS#COHORT#${week}` }),
  snapshot: (programId: string, week: IsoWeek): TableKey => ({ pk: programKey(programId), sk: `STATS#SNAP#${week}` }),
};
/** Zero-padded so the sort key orders versions numerically. */
export const settingsVersionKey = (programId: string, version: number): TableKey => ({
  pk: programKey(programId),
  sk: `${SK_PREFIX.settingsVersion}${String(version).padStart(10, '0')}`,
});
export const jobRunKey = (programId: string, job: string, scheduledFor: string): TableKey => ({
  pk: programKey(programId),
  sk: `JOBRUN#${job}#${scheduledFor}`,
});
export const jobLastRunKey = (programId: string, job: string): TableKey => ({ pk: programKey(programId), sk: `JOBLAST#${job}` });
export const countedOnceKey = (once: string): TableKey => ({ pk: `COUNTED#${once}`, sk: 'COUNTED' });
export const deferredQueueKey = (programId: string) => `PROG#${programId}#DEFERRED`;
export const deferredItemKey = (programId: string, item: { deferredAt: string; key: string }): TableKey => ({
  pk: deferredQueueKey(programId),
  sk: `${item.deferredAt}#${item.key}`,
});

// ── matching rounds under review ───────────────────────────────────────────
/** A round's header; its pairs and unmatched ids are in chunk items under the same pk (an item holds at most 400 KB). */
export const roundKey = (programId: string, roundId: string): TableKey => ({ pk: `ROUND#${programId}#${roundId}`, sk: 'ROUND' });
export const roundChunkKey = (programId: string, roundId: string, index: number): TableKey => ({
  pk: roundKey(programId, roundId).pk,
  sk: `${SK_PREFIX.roundChunk}${String(index).padStart(3, '0')}`,
});
export const roundsOfProgram = (programId: string) => `PROG#${programId}#ROUNDS`;
export const roundsProposed = (programId: string) => `PROG#${programId}#PROPOSED`;
export const roundSortKey = (round: { createdAt: string; id: string }) => `${round.createdAt}#${round.id}`;

// ── email ──────────────────────────────────────────────────────────────────
export const emailLogKey = (key: string): TableKey => ({ pk: `MAIL#${key}`, sk: 'MAIL' });
/** gsi1pk of the emails claimed for a participant (gsi1sk: `<claimedAt>#<key>`). */
export const emailsOfParticipant = (participantId: string) => `P#${participantId}#MAILS`;
/** gsi2pk of an email while it is `sending` (gsi2sk: when it started). */
export const emailsSending = (programId: string) => `MAILSENDING#${programId}`;
export const sendRateBucketKey = (programId: string): TableKey => ({ pk: `SENDRATE#${programId}`, sk: 'BUCKET' });

// ── rate limiting (items expire by TTL) ────────────────────────────────────
export const rateWindowKey = (clientKey: string, windowStart: number): TableKey => ({ pk: `RL#${clientKey}#${windowStart}`, sk: 'RL' });
export const rateLogKey = (hashedKey: string): TableKey => ({ pk: `RLS#${hashedKey}`, sk: 'RL' });

// ── local stand-ins (local stack only) ─────────────────────────────────────
export const scheduleKey = (name: string): TableKey => ({ pk: `SCHED#${name}`, sk: 'SCHED' });
/** gsi2pk of a local schedule until it fires (gsi2sk: `<at>#<name>`). */
export const schedulesDue = (programId: string) => `PROG#${programId}#DUE`;
export const scheduleDueSortKey = (s: { at: string; name: string }) => `${s.at}#${s.name}`;
export const sendQueueKey = (programId: string, priority: EmailPriority) => `SENDQ#${programId}#${priority}`;
/** The local send queues' dead letters (SQS's dead-letter queues in AWS). */
export const sendDeadLetterKey = (programId: string) => `SENDQ#${programId}#dead`;
/** A queued message's sort key: visible from `visibleAt`, oldest first. */
export const sendQueueSortKey = (visibleAt: string, id: string) => `${visibleAt}#${id}`;

// ── admin console: admins, sign-in links, sessions, API keys, audit log ─────
export const adminsPartition = (programId: string) => `PROG#${programId}#ADMINS`;
export const ADMIN_SK_PREFIX = 'ADMIN#';
export const adminKey = (programId: string, adminId: string): TableKey => ({ pk: adminsPartition(programId), sk: `${ADMIN_SK_PREFIX}${adminId}` });
export const adminEmailKey = (programId: string, email: string): TableKey => ({ pk: adminsPartition(programId), sk: `EMAIL#${email}` });
export const adminCountKey = (programId: string): TableKey => ({ pk: adminsPartition(programId), sk: 'COUNT' });
/** `emailHash`: a digest of the address, so a removed admin's address is not kept by the marker. */
export const adminSeededKey = (programId: string, emailHash: string): TableKey => ({ pk: adminsPartition(programId), sk: `SEEDED#${emailHash}` });
export const signInTokenKey = (tokenHash: string): TableKey => ({ pk: `SIGNIN#${tokenHash}`, sk: 'SIGNIN' });
export const adminSessionKey = (secretHash: string): TableKey => ({ pk: `ASESSION#${secretHash}`, sk: 'SESSION' });
export const sessionsOfAdmin = (programId: string, adminId: string) => `PROG#${programId}#ADMIN#${adminId}#SESSIONS`;
export const apiKeyKey = (keyHash: string): TableKey => ({ pk: `APIKEY#${keyHash}`, sk: 'APIKEY' });
export const apiKeysOfProgram = (programId: string) => `PROG#${programId}#APIKEYS`;
/** gsi1sk of a session or an API key: oldest first (queried backwards for newest first). */
export const createdSortKey = (item: { createdAt: string; id: string }) => `${item.createdAt}#${item.id}`;
export const auditPartition = (programId: string) => `PROG#${programId}#AUDIT`;
export const auditKey = (programId: string, at: string, id: string): TableKey => ({ pk: auditPartition(programId), sk: `${at}#${id}` });

// ── choice mode: offers and mentors' declines ──────────────────────────────
export const offerKey = (programId: string, menteeId: string): TableKey => ({ pk: `OFFER#${programId}#${menteeId}`, sk: 'OFFER' });
export const offersOpen = (programId: string) => `PROG#${programId}#OFFERS`;
export const offerOpenSortKey = (offer: { sentAt: string; menteeId: string }) => `${offer.sentAt}#${offer.menteeId}`;
export const mentorDeclineKey = (programId: string, mentorId: string): TableKey => ({ pk: `DECLINE#${programId}#${mentorId}`, sk: 'DECLINE' });
export const declinesOfProgram = (programId: string) => `PROG#${programId}#DECLINES`;
export const declineSortKey = (decline: { at: string; mentorId: string }) => `${decline.at}#${decline.mentorId}`;
