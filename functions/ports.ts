/**
 * Ports: what use cases need from the outside world. Adapters implement them
 * (adapters/dynamodb, adapters/ses, adapters/local); tests use in-memory fakes.
 */
import type { Pair, TimelineStep } from './domain/pair';
import type { Participant, ParticipantStatus } from './domain/participant';

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

export interface ParticipantStore {
  /** Writes the participant and its email guard in one transaction; throws EmailTaken if the address exists. */
  create(participant: Participant): Promise<void>;
  get(id: string): Promise<Participant | undefined>;
  findByEmail(programId: string, email: string): Promise<Participant | undefined>;
  /**
   * Moves a participant from one of `from` to `to` (conditional write).
   * Returns the updated participant, or undefined when it was not in one of `from`.
   */
  transition(id: string, from: ParticipantStatus[], to: ParticipantStatus, at: string): Promise<Participant | undefined>;
  /** The matching pool and other status views, by program and status. */
  listByStatus(programId: string, status: ParticipantStatus): Promise<Participant[]>;
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
}

export interface Mailer {
  /** Sends one email; returns the provider's message id. Throws after retries are exhausted. */
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

export type DeliveryState = 'sending' | 'sent' | 'failed';

/** Idempotency records for every email: one key, at most one send. */
export interface EmailLog {
  /** Claims the key. False when it was already claimed (sent, or in flight). A `failed` key can be claimed again. */
  claim(key: string, at: string, meta: { template: string }): Promise<boolean>;
  markSent(key: string, messageId: string, at: string): Promise<void>;
  markFailed(key: string, error: string, at: string): Promise<void>;
  get(key: string): Promise<{ state: DeliveryState; template: string; error?: string } | undefined>;
}

export interface RateLimiter {
  /** Counts one hit for `key` in the current window; `allowed` is false past `limit`. */
  hit(key: string, limit: number, windowSeconds: number, now: Date): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}

export interface PairRef {
  mentorId: string;
  menteeId: string;
}

/** What the pair's members looked like when the pool was read: the write is conditioned on it. */
export interface MemberSnapshot {
  id: string;
  status: ParticipantStatus;
  activePairs: number;
  capacity: number;
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
  blocked(programId: string): Promise<PairRef[]>;
  /** Pairs whose intro emails and timeline are not done yet (a crash mid-run leaves some). */
  pendingSetup(programId: string): Promise<Pair[]>;
  markSetUp(pairId: string): Promise<void>;
  /** Records that a timeline step fired (idempotent per pair and step). */
  recordStep(pairId: string, step: TimelineStep, at: string): Promise<'recorded' | 'duplicate'>;
}

export interface OneTimeSchedule {
  /** Unique per pair and step; creating an existing name is a no-op. */
  name: string;
  at: string;
  payload: { pairId: string; step: TimelineStep };
}

export interface Scheduler {
  scheduleOnce(schedule: OneTimeSchedule): Promise<void>;
  cancel(name: string): Promise<void>;
}
