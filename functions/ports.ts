/**
 * Ports: what use cases need from the outside world. Adapters implement them
 * (adapters/dynamodb, adapters/ses, adapters/local); tests use in-memory fakes.
 */
import type { Activity, MeetingClaim } from './domain/activity';
import type { CalendarReply } from './domain/calendar/reply';
import type { Cohort, Gauges, IsoWeek, WeekStats } from './domain/kpi/aggregates';
import type { StatsDelta } from './domain/kpi/stats-delta';
import type { Role } from './domain/signup-schema';
import type { Pair, PairEndReason, PairStart, PairStatus, TimelineStep } from './domain/pair';
import type { Invitation } from './domain/invitation';
import type { Participant, ParticipantStatus } from './domain/participant';
import type { MailVerdicts } from './domain/reply/verdicts';
import type { MetricName } from './metric-names';
import type { MatchingRound, RoundSummary } from './domain/round';

export interface Clock {
  now(): Date;
}

export interface Ids {
  /** A new unique, URL-safe identifier. */
  next(): string;
}

export interface Secrets {
  /** The HMAC key for signed links. Cached by the adapter after the first read. */
  tokenSecret(): Promise<string>;
}

export class EmailTaken extends Error {
  override name = 'EmailTaken' as const;
}

/** A list cursor this store did not hand out (or one of another query). */
export class BadCursor extends Error {
  override name = 'BadCursor' as const;
}

/** The console's people list: by role and status, and by name, email or skill (`q`, see domain/people-search). */
export interface ParticipantQuery {
  role?: Role;
  status?: ParticipantStatus;
  q?: string;
}

export interface ParticipantPage {
  participants: Participant[];
  /** Pass back for the next page; absent on the last one. A page may hold fewer than `limit` when reads ran out of budget. */
  cursor?: string;
}

export interface ParticipantStore {
  /** Writes the participant and its email guard in one transaction; throws EmailTaken if the address exists. */
  create(participant: Participant): Promise<void>;
  get(id: string): Promise<Participant | undefined>;
  /** Several participants at once (strongly consistent, as `get`), in no particular order; unknown ids are left out. */
  getMany(ids: readonly string[]): Promise<Participant[]>;
  findByEmail(programId: string, email: string): Promise<Participant | undefined>;
  /**
   * Moves a participant from one of `from` to `to` (conditional write).
   * Returns the updated participant, or undefined when it was not in one of `from`.
   */
  transition(id: string, from: ParticipantStatus[], to: ParticipantStatus, at: string): Promise<Participant | undefined>;
  /** The matching pool and other status views, by program and status. */
  listByStatus(programId: string, status: ParticipantStatus): Promise<Participant[]>;
  /** Sets (or with `undefined`, removes) flags that don't change the status; `stats` is counted in the same transaction. */
  setFlags(
    participant: Pick<Participant, 'id' | 'programId'>,
    flags: Partial<Pick<Participant, 'pausedUntil' | 'suppressed' | 'priorityUntil'>>,
    at: string,
    stats?: StatsDelta,
  ): Promise<void>;
  /** Sets `incentiveEligibleAt` once (and lists the earner for the week's digest); false when it was already set. */
  markIncentiveEligible(id: string, at: string): Promise<boolean>;
  /**
   * Removes the personal data, the address guard, the search index entries and the address's invitation;
   * keeps id, role, program and dates for anonymous counts.
   */
  erase(id: string, at: string): Promise<void>;
  /**
   * One page of the program's participants, never by a table scan: by status (and role)
   * from the pool index, or by `q` from the search terms index. Without `status`, erased participants are left out.
   * Each call reads a bounded number of items (a few times `limit`), whatever the program's size. Throws BadCursor.
   */
  search(programId: string, query: ParticipantQuery, page: { limit: number; cursor?: string }): Promise<ParticipantPage>;
  /**
   * One bounded step of the search index backfill: participants created before the index existed
   * (no `searchTerms` on their profile) get their index entries. Reads about `limit` profiles of the
   * program's status lists (never a scan); idempotent (a profile already indexed is left alone).
   * `cursor` absent in the answer: every list was read. Throws BadCursor.
   */
  indexForSearch(programId: string, page: { limit: number; cursor?: string }): Promise<{ read: number; indexed: number; cursor?: string }>;
  /**
   * Which of these (normalised) addresses already belong to a participant or were invited: batch reads,
   * 100 keys a request, so a large import checks everyone in a few requests. Addresses in neither are left out.
   */
  knownAddresses(programId: string, emails: readonly string[]): Promise<Map<string, 'participant' | 'invited'>>;
  /** Records an invitation unless its address was invited before (keyed on the invitation's id). */
  invite(invitation: Invitation): Promise<'invited' | 'already_invited'>;
  invitation(programId: string, id: string): Promise<Invitation | undefined>;
}

export interface OutgoingEmail {
  to: string[];
  replyTo: string[];
  subject: string;
  html: string;
  text: string;
  headers: { name: string; value: string }[];
  /** Non-PII labels for SES event tracking (template name, program). */
  tags: Record<string, string>;
  /**
   * An iCalendar object (RFC 5545) sent as an invitation (RFC 6047): the mailer adds it as a
   * `text/calendar; method=…` part of the multipart/alternative body, plus an .ics attachment
   * for clients that only read attachments. `method` must match the object's METHOD.
   */
  calendar?: CalendarPart;
}

export interface CalendarPart {
  method: 'REQUEST' | 'CANCEL' | 'PUBLISH';
  ics: string;
}

/**
 * A complete MIME message (RFC 5322), for what the structured form cannot say
 * (e.g. a text/calendar invitation part). Sent with SES `Content.Raw`: the
 * message's own From/To headers address it.
 */
export interface RawEmail {
  raw: string;
  /** Non-PII labels for SES event tracking, as OutgoingEmail's. */
  tags?: Record<string, string>;
}

export const isRawEmail = (email: OutgoingEmail | RawEmail): email is RawEmail => typeof (email as Partial<RawEmail>).raw === 'string';

/** The mail provider refused for its send rate or quota (SES throttling, HTTP 429): nothing was sent, try later. */
export class SendThrottled extends Error {
  override name = 'SendThrottled' as const;
}

/** The mail provider answered that it could not take the email now (HTTP 5xx), or could not be reached at all: nothing was sent, try later. */
export class SendUnavailable extends Error {
  override name = 'SendUnavailable' as const;
}

/** The mail provider refused this email for good (HTTP 4xx other than throttling: unverified sender, bad address…). `message` is the provider's error name. */
export class SendRejected extends Error {
  override name = 'SendRejected' as const;
}

export interface Mailer {
  /**
   * Sends one email; returns the provider's message id. Throws SendThrottled or SendUnavailable when
   * nothing was sent (try later), SendRejected when it never will be; any other error (a timeout, a
   * connection lost mid-call) leaves it unknown whether the provider took the email.
   */
  send(email: OutgoingEmail | RawEmail): Promise<{ messageId: string }>;
}

/**
 * `now`: a person is waiting for it (confirmations, "already registered", command
 * confirmations, resent links, sign-in links); `bulk`: everything else (intros,
 * follow-ups, digests, escalations). `now` mail is always taken first.
 */
export type EmailPriority = 'now' | 'bulk';

/** One email waiting to be sent: rendered in full by the producer, so the sender needs nothing else. */
export interface QueuedEmail {
  /** The email log's idempotency key. */
  key: string;
  priority: EmailPriority;
  /** Template name, for logs and the failure record (no PII). */
  template: string;
  email: OutgoingEmail | RawEmail;
}

/** Where jobs and routes put their emails (SQS in AWS, a table-backed queue locally). */
export interface EmailQueue {
  /** `delaySeconds`: not delivered before then (at most 900, as SQS allows). */
  enqueue(item: QueuedEmail, options?: { delaySeconds?: number }): Promise<void>;
}

/**
 * The email log's states: `queued` (claimed by a producer, waiting in a queue),
 * `sending` (claimed by the sender just before the SES call), `sent`, `failed`.
 * A `sending` that stays is an email in an unknown state: it is never resent.
 */
export type DeliveryState = 'queued' | 'sending' | 'sent' | 'failed';

/** One email as the log knows it: ids and template only, no address or content. */
export interface EmailLogEntry {
  key: string;
  template: string;
  state: DeliveryState;
  /** When it was (last) claimed. */
  at: string;
}

/** Idempotency records for every email: one key, at most one send. */
export interface EmailLog {
  /**
   * Claims the key as `queued`. False once it is `sending` or `sent`. A `failed` key can be claimed
   * again, and so can a `queued` one: a producer that died between claim and enqueue left no message,
   * and a second message of one email is harmless (the sender's `startSending` lets one through).
   */
  claim(key: string, at: string, meta: { template: string; programId: string; participantId?: string }): Promise<boolean>;
  /** `queued` → `sending` (conditional): false when it is not `queued` (a duplicate queue delivery, or already sent). */
  startSending(key: string, at: string): Promise<boolean>;
  /** `sending` → `queued`, after SES refused for throttling or the quota (nothing was sent). */
  requeue(key: string, at: string): Promise<void>;
  markSent(key: string, messageId: string, at: string): Promise<void>;
  markFailed(key: string, error: string, at: string): Promise<void>;
  get(key: string): Promise<{ state: DeliveryState; template: string; error?: string } | undefined>;
  /** Emails claimed for a participant (`meta.participantId`), newest first, at most `limit` (the console's person page). */
  ofParticipant(participantId: string, limit: number): Promise<EmailLogEntry[]>;
  /** Emails of the program left `sending` since before `before`: the sender crashed between claim and record (digest: "unknown state"). */
  countUnknown(programId: string, before: string): Promise<number>;
}

/** A shared token bucket: the one place the send rate of every sender instance is kept. */
export interface SendRateBucket {
  /**
   * Takes up to `wanted` tokens at `now`: `granted` (0…wanted), and when fewer
   * than wanted were granted, how long until the next token (`waitMs`).
   */
  take(wanted: number, now: Date): Promise<{ granted: number; waitMs: number }>;
}

/** SES's 24-hour sending quota of the account (SESv2 GetAccount SendQuota). */
export interface SendQuota {
  max24HourSend: number;
  sentLast24Hours: number;
}

export interface SendQuotaSource {
  read(): Promise<SendQuota>;
}

export interface RateLimiter {
  /** Counts one hit for `key` in the current window; `allowed` is false past `limit`. */
  hit(key: string, limit: number, windowSeconds: number, now: Date): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
  /**
   * Sliding window: allowed while fewer than `limit` hits were granted for `key` in
   * the `windowSeconds` before `now`. Only granted hits are counted.
   */
  hitSliding(key: string, limit: number, windowSeconds: number, now: Date): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}

/** A confirmation email held back by the program-wide hourly cap, waiting for a later hour. */
export interface DeferredConfirmation {
  participantId: string;
  /** The email's idempotency key, e.g. `confirm#<participantId>`. */
  key: string;
  deferredAt: string;
}

/** Deferred confirmations of a program, oldest first (a FIFO queue in the table). */
export interface DeferredConfirmationQueue {
  /** Adds one; adding the same key at the same time again is a no-op. */
  add(programId: string, item: DeferredConfirmation): Promise<void>;
  /** The oldest `limit` waiting. */
  oldest(programId: string, limit: number): Promise<DeferredConfirmation[]>;
  remove(programId: string, item: DeferredConfirmation): Promise<void>;
}

export interface PairRef {
  mentorId: string;
  menteeId: string;
}

/** What the pair's members looked like when the pool was read: the write is conditioned on it. */
export interface MemberSnapshot {
  id: string;
  role: Role;
  status: ParticipantStatus;
  activePairs: number;
  capacity: number;
  /** When they joined the pool (for the days-to-match KPI). */
  waitingSince?: string;
}

/** A member's state change when their pair ends. */
export interface MemberChange {
  id: string;
  role: Role;
  from: ParticipantStatus;
  status: ParticipantStatus;
  activePairs: number;
  /** The counter as it was read (undefined: never set). The write is conditioned on it and on `from`. */
  fromActivePairs?: number;
}

export interface PairStore {
  /**
   * Writes the pair, both membership links and both members' new state in one
   * transaction, conditioned on the members being as in the snapshots. Returns
   * 'conflict' when either changed meanwhile (another run matched them first).
   */
  createPair(pair: Pair, mentor: MemberSnapshot, mentee: MemberSnapshot): Promise<'created' | 'conflict'>;
  get(pairId: string): Promise<Pair | undefined>;
  /** Every pair the program ever had (for "never the same pair twice"). */
  history(programId: string): Promise<PairRef[]>;
  /** Every pair the program ever had, in full (admin export). */
  all(programId: string): Promise<Pair[]>;
  blocked(programId: string): Promise<PairRef[]>;
  /** Pairs whose intro emails and timeline are not done yet (a crash mid-run leaves some). */
  pendingSetup(programId: string): Promise<Pair[]>;
  markSetUp(pairId: string): Promise<void>;
  /** Records that a timeline step fired (idempotent per pair and step). */
  recordStep(pairId: string, step: TimelineStep, at: string): Promise<'recorded' | 'duplicate'>;
  /**
   * Stores the activity once per key and, in the same transaction, marks the pair
   * active from `activity.at` (nudge ladder back to 0) and counts the `meeting`
   * unless the pair already has one in that check-in period (then the activity is
   * still stored, without the meeting). An ended pair keeps the activity only.
   */
  recordActivity(activity: Activity, meeting: MeetingClaim | undefined, pairBefore: Pick<Pair, 'programId' | 'status' | 'nudgeLevel'>): Promise<RecordResult>;
  activities(pairId: string): Promise<Activity[]>;
  /** Nudge-ladder bookkeeping and the at-risk flag (which lists the pair for the digest); `stats` counted in the same transaction. */
  setLadder(pair: Pair, fields: { nudgeLevel?: number; nudgeSchedule?: string; status?: PairStatus }, stats?: StatsDelta): Promise<void>;
  /**
   * Ends an active pair and updates both members (activePairs − 1, new status)
   * in one transaction, with the aggregates. `dropped`: roles that left early.
   * 'conflict' when the pair had already ended; 'stale' (nothing written) when a
   * member changed since it was read (read again and retry).
   */
  endPair(pair: Pair, reason: PairEndReason, at: string, members: MemberChange[], dropped: Role[]): Promise<'ended' | 'conflict' | 'stale'>;
  /** Pairs flagged at risk, the longest without activity first (a bounded, sparse index: at most `limit`). */
  atRisk(programId: string, limit: number): Promise<Pair[]>;
  /**
   * Writes the first meeting and/or fit check of `pair` if no one changed them since `pair`
   * was read (its `startRev`); `conflict`: re-read and decide again. An ended pair is never written.
   */
  setStart(pair: Pair, change: PairStart): Promise<'updated' | 'conflict'>;
  block(programId: string, ref: PairRef, at: string): Promise<void>;
  /** Pairs a participant is or was in, newest first. */
  pairsOf(participantId: string): Promise<Pair[]>;
  /** Removes what a participant wrote (feedback text) from a pair's activity; counts and ratings stay. */
  scrubActivities(pairId: string, participantId: string): Promise<void>;
}

/** A pair's timeline step. `basis`: for nudges, the activity time the ladder counts from. */
export interface PairStepPayload {
  pairId: string;
  step: TimelineStep;
  basis?: string;
}

/** Sends confirmations the hourly cap deferred (`hour`: the UTC hour it was scheduled for, e.g. `2026-11-30T10`). */
export interface DeferredConfirmationsPayload {
  kind: 'deferred-confirmations';
  hour: string;
}

/** What a one-time schedule hands the follow-up function. */
export type SchedulePayload = PairStepPayload | DeferredConfirmationsPayload;

export interface OneTimeSchedule<P extends SchedulePayload = PairStepPayload> {
  /** Unique per pair and step (or per hour, for deferred confirmations); creating an existing name is a no-op. */
  name: string;
  at: string;
  payload: P;
}

export const isDeferredConfirmations = (payload: SchedulePayload): payload is DeferredConfirmationsPayload =>
  (payload as Partial<DeferredConfirmationsPayload>).kind === 'deferred-confirmations';

export interface Scheduler {
  scheduleOnce(schedule: OneTimeSchedule<SchedulePayload>): Promise<void>;
  cancel(name: string): Promise<void>;
}

/** An inbound email as the mail system handed it over: routed by its real envelope, never by its headers. */
export interface InboundMail {
  /** The envelope recipients (SES `receipt.recipients`, SMTP RCPT TO), bare. */
  envelopeRecipients: string[];
  /** SES's verdicts in AWS; absent locally, where mail counts as passing. */
  verdicts?: MailVerdicts;
  /** The raw RFC 5322 message; left empty by an adapter that saw `size` was over the limit. */
  raw: Buffer;
  /** The message's size in bytes when known before reading it (S3's ContentLength); else raw.length. */
  size?: number;
}

/** An inbound message reduced to what the reply use case reads. */
export interface ParsedReply {
  messageId?: string;
  /** Bare, lower-case address of the one From header; absent when missing or ambiguous. */
  from?: string;
  /** The sender's own words, quoted history and signature removed. */
  text: string;
  /** Auto-replies and bulk mail, which never count as activity. */
  autoSubmitted: boolean;
  /** The d= domain of every DKIM-Signature header, lower-case. */
  dkimDomains: string[];
  /** A calendar client's answer to an invitation (METHOD:REPLY), when the message carries one. */
  calendarReply?: CalendarReply;
}

/** MIME parsing (adapters/email), behind a port so the use case checks address and verdicts before any parsing. */
export interface MessageParser {
  parse(raw: Buffer): Promise<ParsedReply>;
}

export interface RecordResult {
  outcome: 'recorded' | 'duplicate';
  /** Whether the activity's meeting was counted (false when none was claimed, or its period already had one). */
  meetingCounted: boolean;
}

/** A delivery event from SES (via EventBridge in AWS). */
export interface DeliveryEvent {
  type: 'bounce' | 'complaint' | 'delivery' | 'other';
  /** For bounces: 'Permanent' (hard), 'Transient' or 'Undetermined'. */
  bounceType?: string;
  recipients: string[];
}

/** The program's aggregates (DESIGN §1.5): written with the events, read in a bounded batch. */
export interface StatsStore {
  /** With `once`, a key of its own: the delta is applied at most once for it, so a re-run job counts nothing twice. */
  add(programId: string, delta: StatsDelta, once?: string): Promise<void>;
  read(programId: string, weeks: IsoWeek[], cohortWeeks: IsoWeek[]): Promise<{ weeks: WeekStats[]; gauges: Gauges; cohorts: Cohort[] }>;
  /** Incentive earners of one ISO week. */
  incentiveEarners(programId: string, week: IsoWeek): Promise<{ participantId: string; at: string }[]>;
  /** The gauges as they stood at a week's digest, for weekly trends of gauge-based KPIs. */
  saveSnapshot(programId: string, week: IsoWeek, gauges: Gauges): Promise<void>;
  snapshots(programId: string, weeks: IsoWeek[]): Promise<{ week: IsoWeek; gauges: Gauges }[]>;
}

/**
 * Operational counters (DESIGN §8): CloudWatch metrics in EMF in AWS (functions/handlers/observability.ts),
 * nothing locally. Dimensions are small closed sets (a reply's outcome), never ids or addresses.
 */
export type { MetricName };

export interface Metrics {
  count(name: MetricName, value?: number, dimensions?: Record<string, string>): void;
}

/** Who acts in the admin console: a signed-in admin, or a script holding an admin's API key. */
export interface AdminPrincipal {
  /** Stable id of the admin (the audit log keeps ids, not addresses). */
  adminId: string;
  email: string;
  via: 'session' | 'key';
  /** The session's or API key's id. */
  credentialId: string;
}

/** One admin action or settings change. Ids only, never personal data: erasing a person leaves nothing of them here. */
export interface AuditEntry {
  at: string;
  /** The acting admin's id; `system` for the jobs. */
  actorId: string;
  /** What was done, e.g. `participant.pause`, `settings.update`, `round.publish`, `admin.add`. */
  action: string;
  /** Ids the action touched (participant, pair, round, settings version, admin, API key). */
  targets: string[];
  /** Non-personal details: a version number, an outcome, a count. */
  details?: Record<string, string | number | boolean>;
}

export interface AuditPage {
  entries: (AuditEntry & { id: string })[];
  /** Pass back to read the next (older) page; absent on the last page. */
  cursor?: string;
}

export interface AuditLog {
  record(programId: string, entry: AuditEntry): Promise<void>;
  /** Newest first. */
  list(programId: string, options: { limit: number; cursor?: string }): Promise<AuditPage>;
}

/** An admin of the program (admins are data: seeded from ADMIN_EMAILS, then added and removed in the console). */
export interface Admin {
  id: string;
  /** Lower-case. */
  email: string;
  addedAt: string;
  /** The adding admin's id, or `system` for the seed from ADMIN_EMAILS. */
  addedBy: string;
}

export interface AdminStore {
  /** Every admin, oldest first (a program has a handful). */
  list(programId: string): Promise<Admin[]>;
  get(programId: string, id: string): Promise<Admin | undefined>;
  findByEmail(programId: string, email: string): Promise<Admin | undefined>;
  /** 'exists' (nothing written) when the address already belongs to an admin. */
  add(programId: string, admin: Admin): Promise<'added' | 'exists'>;
  /** 'last' (nothing written) when it is the only admin left: a program always keeps one. */
  remove(programId: string, id: string): Promise<'removed' | 'missing' | 'last'>;
  /**
   * Adds each address the seed never added before (once per address, ever): an admin removed
   * in the console stays removed, and an address newly listed in ADMIN_EMAILS is added. Returns how many were added.
   */
  seed(programId: string, emails: string[], at: string): Promise<number>;
}

/** A one-time sign-in link, stored by the SHA-256 hash of its token. */
export interface SignInToken {
  tokenHash: string;
  programId: string;
  adminId: string;
  /** A local `/admin…` path to land on after signing in. */
  next?: string;
  createdAt: string;
  expiresAt: string;
}

export interface SignInTokenStore {
  create(token: SignInToken): Promise<void>;
  /** The unexpired, unused token (reading never uses it up). */
  peek(tokenHash: string, now: string): Promise<SignInToken | undefined>;
  /** Uses the token up with a conditional delete: of two concurrent calls, one gets it. Undefined when expired, used or unknown. */
  consume(tokenHash: string, now: string): Promise<SignInToken | undefined>;
}

/** A signed-in browser. The cookie holds a random secret; only its SHA-256 hash is stored. */
export interface AdminSession {
  /** Public id (listing, revoking); not the cookie's secret. */
  id: string;
  programId: string;
  adminId: string;
  createdAt: string;
  lastSeenAt: string;
  /** lastSeenAt + the idle timeout; also the item's TTL. */
  expiresAt: string;
}

export interface AdminSessionStore {
  create(secretHash: string, session: AdminSession): Promise<void>;
  get(secretHash: string): Promise<AdminSession | undefined>;
  /** Moves the idle expiry on (no-op for a session already gone). */
  touch(secretHash: string, lastSeenAt: string, expiresAt: string): Promise<void>;
  /** An admin's sessions (expired ones may still be listed until the TTL removes them), newest first. */
  listOf(programId: string, adminId: string): Promise<AdminSession[]>;
  /** Deletes by the secret (sign-out). */
  remove(secretHash: string): Promise<void>;
  /** Deletes one of the admin's sessions by its public id; false when there is none. */
  revoke(programId: string, adminId: string, sessionId: string): Promise<boolean>;
}

/** An API key as listed: the key itself is shown once, at creation, and only its SHA-256 hash is stored. */
export interface ApiKeyRecord {
  id: string;
  programId: string;
  label: string;
  /** The creating admin's id: the key acts as that admin, while they remain one. */
  createdBy: string;
  createdAt: string;
  lastUsedAt?: string;
}

export interface ApiKeyStore {
  create(keyHash: string, key: ApiKeyRecord): Promise<void>;
  findByHash(keyHash: string): Promise<ApiKeyRecord | undefined>;
  /** Newest first. */
  list(programId: string): Promise<ApiKeyRecord[]>;
  /** Records a use (callers write it at most every few minutes). */
  touch(keyHash: string, at: string): Promise<void>;
  revoke(programId: string, id: string): Promise<boolean>;
}

/** Matching rounds under review (matching mode `review`). */
export interface RoundStore {
  /** Stores a new proposal. */
  create(round: MatchingRound): Promise<void>;
  get(programId: string, roundId: string): Promise<MatchingRound | undefined>;
  /** Newest first. */
  list(programId: string, options: { limit: number; cursor?: string }): Promise<{ rounds: RoundSummary[]; cursor?: string }>;
  /** Rounds still `proposed`, oldest first (a sparse index: only open proposals). */
  proposed(programId: string): Promise<MatchingRound[]>;
  /**
   * Replaces the proposal (pairs, unmatched, pins, exclusions, score) and bumps
   * the version, conditioned on the round still being `proposed` at `round.version`.
   * 'conflict' when it changed meanwhile.
   */
  update(round: MatchingRound): Promise<'updated' | 'conflict'>;
  /** Moves a `proposed` round on (conditional write); false when it was no longer `proposed`. */
  close(
    programId: string,
    roundId: string,
    change: { status: 'published'; at: string; by: string } | { status: 'superseded'; at: string; by: string },
  ): Promise<boolean>;
  /** Marks the reminder sent, once; false when it already was. */
  markReminded(programId: string, roundId: string, at: string): Promise<boolean>;
}

/** Large exports: a file stored for a short while, reached by a short-lived signed link. */
export interface ExportFiles {
  /** Stores `body` as `name` and returns a link that serves it for EXPORT_LINK_SECONDS. */
  put(name: string, body: Uint8Array, contentType: string): Promise<string>;
}

/** How long an export's link works. */
export const EXPORT_LINK_SECONDS = 300;

/**
 * One version of the program's settings. Version 1 holds the deploy-time values; each admin
 * edit writes the next. `settings` is the stored document as written (the use case checks it
 * against the current schema and fills settings added since from the deploy-time values).
 */
export interface StoredSettingsVersion {
  version: number;
  /** ISO 8601. */
  updatedAt: string;
  /** The admin's id; `deploy` for version 1. */
  updatedBy: string;
  settings: Record<string, unknown>;
}

export interface SettingsVersionPage {
  /** Newest first. */
  versions: StoredSettingsVersion[];
  /** Pass back for the next (older) page; absent on the last page. */
  cursor?: string;
}

/** The program's settings, versioned: each write is the next version, never an overwrite. */
export interface ProgramSettingsStore {
  /** The newest version; undefined before version 1 is written. */
  current(programId: string): Promise<StoredSettingsVersion | undefined>;
  /**
   * Writes `version` unless a version with that number exists: 'written', or 'conflict' when
   * someone else wrote it first (the caller's base version is stale). Version 1 is written the same way.
   */
  write(programId: string, version: StoredSettingsVersion): Promise<'written' | 'conflict'>;
  /** Newest first. */
  history(programId: string, options: { limit: number; cursor?: string }): Promise<SettingsVersionPage>;
}

/** The jobs the heartbeat decides about: the scheduled ones, the introductory-session updates, and one-off maintenance run once per program (the search index backfill). */
export type RecurringJob = 'match' | 'digest' | 'webinar' | 'search-backfill';

/**
 * One run per job and scheduled time: what makes a repeated heartbeat or a retried delivery
 * harmless. A claim that is neither finished nor released (the run crashed) can be taken over
 * once it is older than `staleAfterMs`.
 */
export interface JobRunLog {
  /** True when this caller now owns the run of `job` scheduled for `scheduledFor`. */
  claim(programId: string, job: RecurringJob, scheduledFor: string, at: string, staleAfterMs: number): Promise<boolean>;
  /** The run succeeded: never run again. */
  finish(programId: string, job: RecurringJob, scheduledFor: string, at: string): Promise<void>;
  /** The run failed, or stopped part-way: a retry may claim it again at once, and resume from `resumeFrom` (resumePoint). */
  release(programId: string, job: RecurringJob, scheduledFor: string, resumeFrom?: string): Promise<void>;
  /** Where a run released part-way asked the next one to go on from (read it before claiming). */
  resumePoint(programId: string, job: RecurringJob, scheduledFor: string): Promise<string | undefined>;
  /** The newest finished run's scheduled time, if any. */
  lastFinished(programId: string, job: RecurringJob): Promise<string | undefined>;
}

// Types imported inline so this block stays an append at the end of the file (several helpers add ports).
type Offer = import('./domain/offer').Offer;
type OfferState = import('./domain/offer').OfferState;
type OfferedMentor = import('./domain/offer').OfferedMentor;
type MentorDecline = import('./domain/offer').MentorDecline;

/** Matching mode `choice`: each mentee's open offer of mentors, and mentors' one decline (domain/offer.ts). */
export interface OfferStore {
  /** Stores a new open offer unless the mentee has one open ('exists': nothing written). Replaces a closed one. */
  create(offer: Offer): Promise<'created' | 'exists'>;
  /** The mentee's latest offer (open or closed). */
  get(programId: string, menteeId: string): Promise<Offer | undefined>;
  /** Every open offer of the program, oldest first (a sparse index: only open offers). */
  listOpen(programId: string): Promise<Offer[]>;
  /** Appends a mentor to an open offer, conditioned on `offer.rev`: 'conflict' when it changed or closed meanwhile. */
  addMentor(offer: Offer, mentor: OfferedMentor): Promise<'updated' | 'conflict'>;
  /** Closes an open offer, conditioned on `offer.rev`: 'conflict' when it changed or closed meanwhile. */
  close(offer: Offer, change: { state: Exclude<OfferState, 'open'>; at: string; pairId?: string }): Promise<'closed' | 'conflict'>;
  /** Records a mentor's one decline: 'recorded', or the decline recorded before (nothing written). */
  recordDecline(decline: MentorDecline): Promise<'recorded' | MentorDecline>;
  declineOf(programId: string, mentorId: string): Promise<MentorDecline | undefined>;
  /** The program's declines, newest first, at most `limit` (for the admins). */
  declines(programId: string, limit: number): Promise<MentorDecline[]>;
  /** "Delete my data": the person's offer (as a mentee) and decline with its reason, their own words (as a mentor), go. */
  erase(programId: string, participantId: string): Promise<void>;
}

/**
 * Where admin mail (digest, escalations, notices, reminders) goes: the admins stored as data,
 * plus each of `seed` (ADMIN_EMAILS, normalised) that AdminStore.seed has never seen. That is
 * what the seed would make, read without writing: a fresh deploy reaches ADMIN_EMAILS before
 * anyone signs in, and an admin removed in the console stays removed.
 */
export interface AdminAddresses {
  list(programId: string, seed: readonly string[]): Promise<string[]>;
}
