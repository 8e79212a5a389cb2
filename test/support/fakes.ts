/** In-memory implementations of the ports, for unit tests of use cases and routes. */
import type { AdminDeps, SenderDeps } from '../../functions/app/support/deps';
import { MemoryAdmins, MemoryAdminSessions, MemoryApiKeys, MemorySignInTokens } from './admin-fakes';
import { MemoryRounds } from './memory-rounds';
import type { MentorDecline, Offer, OfferState, OfferedMentor } from '../../functions/domain/offer';
import type { OfferStore } from '../../functions/ports';
import { createSender, type Sender, type SendResult } from '../../functions/app/use-cases/send-queued';
import { takeTokens, type BucketState } from '../../functions/domain/sending';
import type { Activity, MeetingClaim } from '../../functions/domain/activity';
import type { StatsDelta } from '../../functions/domain/kpi/stats-delta';
import { isoWeekOf, type IsoWeek } from '../../functions/domain/kpi/iso-week';
import type { Pair, PairEndReason, PairStart, PairStatus, TimelineStep } from '../../functions/domain/pair';
import type { Participant, ParticipantStatus } from '../../functions/domain/participant';
import { defaultGoals, type ProgramConfig } from '../../functions/domain/program';
import { loadProgramConfig } from '../../functions/config';
import { slideWindow } from '../../functions/domain/sign-up-protection';
import { afterPairing } from '../../functions/domain/membership';
import { invitationId, type Invitation } from '../../functions/domain/invitation';
import { normalizeEmail } from '../../functions/domain/participant';
import { matchesAll, queryWords, searchTerms } from '../../functions/domain/people-search';
import type { AuditEntry, AuditLog, AuditPage, ExportFiles, JobRunLog, ProgramSettingsStore, RecurringJob, StoredSettingsVersion } from '../../functions/ports';
import {
  BadCursor,
  EmailTaken,
  type ParticipantPage,
  type ParticipantQuery,
  isDeferredConfirmations,
  type Clock,
  type DeferredConfirmation,
  type DeferredConfirmationQueue,
  type DeferredConfirmationsPayload,
  type DeliveryState,
  type EmailLog,
  type EmailQueue,
  type Mailer,
  type QueuedEmail,
  type RawEmail,
  type SendQuota,
  type SendQuotaSource,
  type SendRateBucket,
  type MemberChange,
  type MemberSnapshot,
  type OneTimeSchedule,
  type OutgoingEmail,
  type PairRef,
  type PairStore,
  type SchedulePayload,
  type Scheduler,
  type StatsStore,
  type ParticipantStore,
  type RateLimiter,
} from '../../functions/ports';

export class MemoryParticipants implements ParticipantStore {
  readonly byId = new Map<string, Participant>();
  readonly invitations = new Map<string, Invitation>();
  /** Who earned the incentive and when, as the table lists them by week (read by MemoryStats.incentiveEarners). */
  readonly incentives: { programId: string; participantId: string; at: string }[] = [];
  async search(programId: string, query: ParticipantQuery, page: { limit: number; cursor?: string }): Promise<ParticipantPage> {
    const words = queryWords(query.q ?? '');
    const found = [...this.byId.values()]
      .filter((p) => p.programId === programId)
      .filter((p) => (query.status ? p.status === query.status : p.status !== 'deleted'))
      .filter((p) => !query.role || p.role === query.role)
      .filter((p) => words.length === 0 || (p.status !== 'deleted' && matchesAll(searchTerms(p), words)))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    let from = 0;
    if (page.cursor !== undefined) {
      from = Number(Buffer.from(page.cursor, 'base64url').toString('utf8').replace(/^at:/, ''));
      if (!Number.isInteger(from) || from < 0) throw new BadCursor('not a cursor of this list');
    }
    const participants = found.slice(from, from + page.limit).map((p) => structuredClone(p));
    const next = from + page.limit;
    return { participants, cursor: next < found.length ? Buffer.from(`at:${next}`).toString('base64url') : undefined };
  }
  /** The fake's search reads profiles directly (no index to fill): pages through the program, indexing nothing. */
  async indexForSearch(programId: string, page: { limit: number; cursor?: string }) {
    const from = page.cursor === undefined ? 0 : Number(page.cursor);
    if (!Number.isInteger(from) || from < 0) throw new BadCursor('not a cursor of the search backfill');
    const mine = [...this.byId.values()].filter((p) => p.programId === programId && p.status !== 'deleted');
    const read = Math.max(0, Math.min(page.limit, mine.length - from));
    return { read, indexed: 0, ...(from + read < mine.length ? { cursor: String(from + read) } : {}) };
  }
  async knownAddresses(programId: string, emails: readonly string[]) {
    const known = new Map<string, 'participant' | 'invited'>();
    for (const email of new Set(emails)) {
      if (await this.findByEmail(programId, email)) known.set(email, 'participant');
      else if (this.invitations.has(`${programId}#${invitationId(programId, email)}`)) known.set(email, 'invited');
    }
    return known;
  }
  async invite(invitation: Invitation) {
    const key = `${invitation.programId}#${invitation.id}`;
    if (this.invitations.has(key)) return 'already_invited' as const;
    this.invitations.set(key, structuredClone(invitation));
    return 'invited' as const;
  }
  async invitation(programId: string, id: string) {
    const found = this.invitations.get(`${programId}#${id}`);
    return found && structuredClone(found);
  }
  async create(p: Participant) {
    for (const other of this.byId.values()) if (other.programId === p.programId && other.email === p.email) throw new EmailTaken('taken');
    this.byId.set(p.id, structuredClone(p));
  }
  async get(id: string) {
    const p = this.byId.get(id);
    return p && structuredClone(p);
  }
  async getMany(ids: readonly string[]) {
    return [...new Set(ids)].flatMap((id) => {
      const p = this.byId.get(id);
      return p ? [structuredClone(p)] : [];
    });
  }
  async findByEmail(programId: string, email: string) {
    const p = [...this.byId.values()].find((p) => p.programId === programId && p.email === email);
    return p && structuredClone(p);
  }
  async transition(id: string, from: ParticipantStatus[], to: ParticipantStatus, at: string) {
    const p = this.byId.get(id);
    if (!p || !from.includes(p.status)) return undefined;
    p.status = to;
    p.updatedAt = at;
    if (to === 'waiting') p.confirmedAt ??= at;
    return structuredClone(p);
  }
  async listByStatus(programId: string, status: ParticipantStatus) {
    return [...this.byId.values()].filter((p) => p.programId === programId && p.status === status).map((p) => structuredClone(p));
  }
  async setFlags(target: Pick<Participant, 'id'>, flags: Partial<Pick<Participant, 'pausedUntil' | 'suppressed' | 'priorityUntil'>>, at: string) {
    const p = this.byId.get(target.id);
    if (!p) throw new Error(`no participant ${target.id}`);
    p.updatedAt = at;
    for (const [k, v] of Object.entries(flags)) {
      if (v === undefined) delete (p as unknown as Record<string, unknown>)[k];
      else (p as unknown as Record<string, unknown>)[k] = v;
    }
  }
  async markIncentiveEligible(id: string, at: string) {
    const p = this.byId.get(id);
    if (!p || p.incentiveEligibleAt) return false;
    p.incentiveEligibleAt = at;
    this.incentives.push({ programId: p.programId, participantId: id, at });
    return true;
  }
  async erase(id: string, at: string) {
    const p = this.byId.get(id);
    if (!p || p.status === 'deleted') return;
    this.invitations.delete(`${p.programId}#${invitationId(p.programId, normalizeEmail(p.email))}`);
    // What the table keeps of an erased member: no personal field, only what anonymous counts need.
    const { programId, role, createdAt, confirmedAt, activePairs, incentiveEligibleAt } = p;
    const kept = { id, programId, role, status: 'deleted', createdAt, confirmedAt, updatedAt: at, activePairs, incentiveEligibleAt };
    this.byId.set(id, Object.fromEntries(Object.entries(kept).filter(([, v]) => v !== undefined)) as unknown as Participant);
  }
}

export class MemoryPairs implements PairStore {
  readonly byId = new Map<string, Pair & { setUp: boolean }>();
  readonly steps = new Set<string>();
  private readonly blockedByProgram = new Map<string, PairRef[]>();
  /** Every blocked pair, of any program (for assertions). */
  get blockedPairs(): PairRef[] {
    return [...this.blockedByProgram.values()].flat();
  }
  constructor(private readonly participants: MemoryParticipants) {}
  async createPair(pair: Pair, mentor: MemberSnapshot, mentee: MemberSnapshot) {
    const members = [mentor, mentee].map((snap) => ({ snap, p: this.participants.byId.get(snap.id) }));
    if (members.some(({ snap, p }) => !p || p.status !== snap.status || (p.activePairs ?? 0) !== snap.activePairs)) return 'conflict' as const;
    for (const { snap, p } of members) Object.assign(p!, afterPairing(snap));
    this.byId.set(pair.id, { ...structuredClone(pair), setUp: false });
    for (const member of [pair.mentorId, pair.menteeId]) this.idsByMember.set(member, [...(this.idsByMember.get(member) ?? []), pair.id]);
    return 'created' as const;
  }
  async get(id: string) {
    const p = this.byId.get(id);
    if (!p) return undefined;
    const { setUp: _setUp, ...pair } = structuredClone(p);
    return pair;
  }
  async setStart(pair: Pair, change: PairStart) {
    const stored = this.byId.get(pair.id);
    if (!stored || stored.status === 'ended' || stored.startRev !== pair.startRev) return 'conflict' as const;
    for (const field of ['firstMeeting', 'fitCheck'] as const)
      if (change[field] !== undefined) Object.assign(stored, { [field]: structuredClone(change[field]) });
    stored.startRev = (pair.startRev ?? 0) + 1;
    return 'updated' as const;
  }
  async history(programId: string) {
    return [...this.byId.values()].filter((p) => p.programId === programId).map(({ mentorId, menteeId }) => ({ mentorId, menteeId }));
  }
  async blocked(programId: string) {
    return (this.blockedByProgram.get(programId) ?? []).map((ref) => ({ ...ref }));
  }
  async pendingSetup(programId: string) {
    return [...this.byId.values()].filter((p) => p.programId === programId && !p.setUp).map(({ setUp: _s, ...pair }) => structuredClone(pair));
  }
  async markSetUp(pairId: string) {
    this.byId.get(pairId)!.setUp = true;
  }
  async recordStep(pairId: string, step: TimelineStep) {
    const key = `${pairId}#${step}`;
    if (this.steps.has(key)) return 'duplicate' as const;
    this.steps.add(key);
    return 'recorded' as const;
  }
  readonly activityLog: Activity[] = [];
  readonly blockedAt = new Map<string, string>();
  async recordActivity(activity: Activity, meeting: MeetingClaim | undefined, _pairBefore: unknown) {
    if (this.activityLog.some((a) => a.pairId === activity.pairId && a.key === activity.key)) return { outcome: 'duplicate' as const, meetingCounted: false };
    this.activityLog.push(structuredClone(activity));
    const pair = this.byId.get(activity.pairId)!;
    let meetingCounted = false;
    if (pair.status !== 'ended') {
      Object.assign(pair, { lastActivityAt: activity.at, nudgeLevel: 0, status: 'active' });
      if (meeting && (pair.lastMeetingPeriod === undefined || pair.lastMeetingPeriod < meeting.period)) {
        pair.meetingsLogged = (pair.meetingsLogged ?? 0) + 1;
        pair.lastMeetingPeriod = meeting.period;
        meetingCounted = true;
      }
    }
    return { outcome: 'recorded' as const, meetingCounted };
  }
  async activities(pairId: string) {
    // As the table sorts them: by time.
    return this.activityLog
      .filter((a) => a.pairId === pairId)
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
      .map((a) => structuredClone(a));
  }
  async setLadder(target: Pair, fields: { nudgeLevel?: number; nudgeSchedule?: string; status?: PairStatus }) {
    const pair = this.byId.get(target.id)!;
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) (pair as unknown as Record<string, unknown>)[k] = v;
  }
  async endPair(pair: Pair, reason: PairEndReason, at: string, members: MemberChange[], _dropped: unknown) {
    const stored = this.byId.get(pair.id)!;
    if (stored.status === 'ended') return 'conflict' as const;
    // Like the table's transaction: nothing is written when a member is no longer as it was read.
    const current = members.map((m) => ({ m, p: this.participants.byId.get(m.id) }));
    if (current.some(({ m, p }) => !p || p.status !== m.from || p.activePairs !== m.fromActivePairs)) return 'stale' as const;
    Object.assign(stored, { status: 'ended', endedAt: at, endReason: reason });
    for (const { m, p } of current) Object.assign(p!, { status: m.status, activePairs: m.activePairs, updatedAt: at });
    return 'ended' as const;
  }
  async all(programId: string) {
    return [...this.byId.values()].filter((p) => p.programId === programId).map(({ setUp: _s, ...pair }) => structuredClone(pair));
  }
  async atRisk(programId: string, limit: number) {
    // As the index sorts them: the longest without activity first.
    return [...this.byId.values()]
      .filter((p) => p.programId === programId && p.status === 'at_risk')
      .sort((a, b) => (`${a.lastActivityAt}#${a.id}` < `${b.lastActivityAt}#${b.id}` ? -1 : 1))
      .slice(0, limit)
      .map(({ setUp: _s, ...pair }) => structuredClone(pair));
  }
  async block(programId: string, ref: PairRef, at: string) {
    const blocked = this.blockedByProgram.get(programId) ?? [];
    // One item per pair in the table: blocking again overwrites it.
    if (!blocked.some((b) => b.mentorId === ref.mentorId && b.menteeId === ref.menteeId))
      this.blockedByProgram.set(programId, [...blocked, { mentorId: ref.mentorId, menteeId: ref.menteeId }]);
    this.blockedAt.set(`${ref.mentorId}#${ref.menteeId}`, at);
  }
  async scrubActivities(pairId: string, participantId: string) {
    for (const a of this.activityLog) {
      if (a.pairId === pairId && a.participantId === participantId && a.feedback)
        a.feedback = { met: a.feedback.met, timesMet: a.feedback.timesMet, satisfaction: a.feedback.satisfaction };
    }
  }
  /** Pair ids by member, as the table's member index (a round at 10k reads members' pairs 20,000 times: no scans). */
  private readonly idsByMember = new Map<string, string[]>();
  async pairsOf(participantId: string) {
    return (this.idsByMember.get(participantId) ?? [])
      .map((id) => this.byId.get(id)!)
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
      .map(({ setUp: _s, ...pair }) => structuredClone(pair));
  }
}

/** Accumulates deltas like the DynamoDB counters do: one set of counters per program and item (a week, the totals, a cohort). */
export class MemoryStats implements StatsStore {
  readonly deltas: StatsDelta[] = [];
  private readonly onceKeys = new Set<string>();
  private readonly counters = new Map<string, Record<string, number>>();
  private bump(item: string, counts: Record<string, number | undefined>) {
    // Zero moves are not written (no attribute appears), as in the table's ADD.
    const moved = Object.entries(counts).filter((e): e is [string, number] => e[1] !== undefined && e[1] !== 0);
    if (moved.length === 0) return;
    const into = this.counters.get(item) ?? {};
    for (const [k, by] of moved) into[k] = (into[k] ?? 0) + by;
    this.counters.set(item, into);
  }
  async add(programId: string, delta: StatsDelta, once?: string) {
    if (once !== undefined) {
      if (this.onceKeys.has(once)) return;
      this.onceKeys.add(once);
    }
    this.deltas.push(delta);
    if (delta.week) this.bump(`${programId}#week#${delta.week.week}`, delta.week.counts);
    if (delta.gauges) this.bump(`${programId}#total`, delta.gauges);
    if (delta.cohort) this.bump(`${programId}#cohort#${delta.cohort.week}`, delta.cohort.counts);
  }
  async read(programId: string, weeks: string[], cohortWeeks: string[]) {
    const counts = (item: string) => ({ ...this.counters.get(`${programId}#${item}`) });
    return {
      weeks: weeks.map((week) => ({ week, counts: counts(`week#${week}`) })),
      gauges: counts('total'),
      cohorts: cohortWeeks.map((week) => ({ week, counts: counts(`cohort#${week}`) })),
    };
  }
  /** Earners are listed by the participant store's writes (as in the table): given it, this reads them. */
  constructor(private readonly participants?: MemoryParticipants) {}
  async incentiveEarners(programId: string, week: IsoWeek) {
    return (this.participants?.incentives ?? [])
      .filter((e) => e.programId === programId && isoWeekOf(Date.parse(e.at)) === week)
      .map(({ participantId, at }) => ({ participantId, at }));
  }
  readonly snaps = new Map<string, Record<string, number>>();
  /** Keeps the first snapshot of a week, as the table's conditional put does. */
  async saveSnapshot(programId: string, week: string, gauges: Record<string, number>) {
    const key = `${programId}#${week}`;
    if (!this.snaps.has(key)) this.snaps.set(key, { ...gauges });
  }
  async snapshots(programId: string, weeks: string[]) {
    return [...weeks]
      .sort()
      .filter((w) => this.snaps.has(`${programId}#${w}`))
      .map((week) => ({ week, gauges: { ...this.snaps.get(`${programId}#${week}`)! } }));
  }
}

export class MemoryScheduler implements Scheduler {
  /** Pair-step schedules. */
  readonly schedules = new Map<string, OneTimeSchedule>();
  /** Drains of deferred confirmations, kept apart so `schedules` stays pair steps only. */
  readonly drains = new Map<string, OneTimeSchedule<DeferredConfirmationsPayload>>();
  async scheduleOnce(schedule: OneTimeSchedule<SchedulePayload>) {
    const { payload } = schedule;
    if (isDeferredConfirmations(payload)) {
      if (!this.drains.has(schedule.name)) this.drains.set(schedule.name, { ...schedule, payload });
    } else if (!this.schedules.has(schedule.name)) this.schedules.set(schedule.name, { ...schedule, payload });
  }
  async cancel(name: string) {
    this.schedules.delete(name);
    this.drains.delete(name);
  }
}

/** Deferred confirmations, oldest first, like the table's sort key. */
export class MemoryDeferredConfirmations implements DeferredConfirmationQueue {
  readonly items = new Map<string, DeferredConfirmation & { programId: string }>();
  private id = (programId: string, item: DeferredConfirmation) => `${programId}#${item.deferredAt}#${item.key}`;
  async add(programId: string, item: DeferredConfirmation) {
    this.items.set(this.id(programId, item), { ...item, programId });
  }
  async oldest(programId: string, limit: number) {
    return [...this.items.entries()]
      .filter(([, i]) => i.programId === programId)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .slice(0, limit)
      .map(([, { programId: _p, ...item }]) => item);
  }
  async remove(programId: string, item: DeferredConfirmation) {
    this.items.delete(this.id(programId, item));
  }
}

export class MemoryEmailLog implements EmailLog {
  readonly entries = new Map<
    string,
    {
      state: DeliveryState;
      template: string;
      error?: string;
      programId?: string;
      sendingAt?: string;
      messageId?: string;
      claimedAt?: string;
      participantId?: string;
    }
  >();
  async claim(key: string, at: string, meta: { template: string; programId: string; participantId?: string }) {
    const e = this.entries.get(key);
    if (e && e.state !== 'failed' && e.state !== 'queued') return false;
    this.entries.set(key, { state: 'queued', template: meta.template, programId: meta.programId, claimedAt: at, participantId: meta.participantId });
    return true;
  }
  async ofParticipant(participantId: string, limit: number) {
    return [...this.entries.entries()]
      .filter(([, e]) => e.participantId === participantId)
      .map(([key, e]) => ({ key, template: e.template, state: e.state, at: e.claimedAt! }))
      .sort((a, b) => (`${a.at}#${a.key}` < `${b.at}#${b.key}` ? 1 : -1))
      .slice(0, limit);
  }
  async startSending(key: string, at: string) {
    const e = this.entries.get(key);
    if (e?.state !== 'queued') return false;
    Object.assign(e, { state: 'sending', sendingAt: at });
    return true;
  }
  async requeue(key: string) {
    const e = this.entries.get(key)!;
    if (e.state === 'sending') Object.assign(e, { state: 'queued', sendingAt: undefined });
  }
  async markSent(key: string, messageId: string) {
    Object.assign(this.entries.get(key)!, { state: 'sent', messageId, sendingAt: undefined, error: undefined });
  }
  async markFailed(key: string, error: string) {
    Object.assign(this.entries.get(key)!, { state: 'failed', error, sendingAt: undefined });
  }
  async get(key: string) {
    const e = this.entries.get(key);
    return e && { state: e.state, template: e.template, ...(e.error === undefined ? {} : { error: e.error }) };
  }
  async countUnknown(programId: string, before: string) {
    return [...this.entries.values()].filter((e) => e.programId === programId && e.state === 'sending' && e.sendingAt! < before).length;
  }
}

/** What the mailer was handed: the structured email, or a raw MIME message. */
export type SentEmail = OutgoingEmail;

export class MemoryMailer implements Mailer {
  readonly sent: OutgoingEmail[] = [];
  readonly raw: RawEmail[] = [];
  failWith: Error | undefined;
  async send(email: OutgoingEmail | RawEmail) {
    if (this.failWith) throw this.failWith;
    if ('raw' in email) this.raw.push(email);
    else this.sent.push(email);
    return { messageId: `m-${this.sent.length + this.raw.length}` };
  }
}

/**
 * The send queues in memory, drained by the real sender use case. `sendNow`
 * (the default in memoryDeps): each enqueued email is handed to the sender at
 * once, as the local stack's sender does within a quarter second, so a test
 * reads `mailer.sent` right after the use case. With `sendNow: false` emails
 * wait until `drain()`. A throttled email stays queued until the next drain.
 */
export class MemoryEmailQueue implements EmailQueue {
  readonly waiting: { item: QueuedEmail; receiveCount: number; delaySeconds: number; tries: number }[] = [];
  /** Everything ever enqueued, in order (re-queued deferrals included). */
  readonly enqueued: QueuedEmail[] = [];
  readonly results: SendResult[] = [];
  sender: Sender | undefined;
  constructor(public sendNow = true) {}
  async enqueue(item: QueuedEmail, options?: { delaySeconds?: number }) {
    this.enqueued.push(structuredClone(item));
    this.waiting.push({ item: structuredClone(item), receiveCount: 0, delaySeconds: options?.delaySeconds ?? 0, tries: 0 });
    // A drain under way picks this one up too (it loops until nothing untried is left).
    if (this.sendNow) await (this.draining ?? this.drain());
  }
  private draining: Promise<SendResult[]> | undefined;
  /**
   * Sends what is waiting, priority mail first; a throttled email is tried up to
   * `rounds` times in this drain, a deferred one (quota) is left waiting.
   */
  drain(rounds = 1): Promise<SendResult[]> {
    const sender = this.sender;
    if (!sender) throw new Error('MemoryEmailQueue: no sender attached');
    const run = async () => {
      const out: SendResult[] = [];
      const next = () =>
        this.waiting
          .filter((m) => m.tries < rounds && m.delaySeconds === 0)
          .sort((a, b) => Number(b.item.priority === 'now') - Number(a.item.priority === 'now'))[0];
      try {
        for (let message = next(); message; message = next()) {
          this.waiting.splice(this.waiting.indexOf(message), 1);
          message.receiveCount++;
          message.tries++;
          const result = await sender.send(message);
          out.push(result);
          if (result.outcome === 'retry') this.waiting.push(message);
        }
      } finally {
        for (const m of this.waiting) m.tries = 0;
        this.draining = undefined;
      }
      this.results.push(...out);
      return out;
    };
    this.draining = run();
    return this.draining;
  }
}

/** A token bucket on a clock (the domain's arithmetic, as the DynamoDB one). */
export class MemorySendRateBucket implements SendRateBucket {
  state: BucketState | undefined;
  taken = 0;
  constructor(private readonly rate: number) {}
  async take(wanted: number, now: Date) {
    const { next, granted, waitMs } = takeTokens(this.state, now.getTime(), this.rate, wanted);
    this.state = next;
    this.taken += granted;
    return { granted, waitMs };
  }
}

/** Unit tests send without a rate (their clock does not move). */
export const unlimitedRate: SendRateBucket = { take: async (wanted) => ({ granted: wanted, waitMs: 0 }) };

export class FixedQuota implements SendQuotaSource {
  reads = 0;
  constructor(public quota: SendQuota = { max24HourSend: -1, sentLast24Hours: 0 }) {}
  async read() {
    this.reads++;
    return { ...this.quota };
  }
}

export class MemoryRateLimiter implements RateLimiter {
  readonly counts = new Map<string, number>();
  async hit(key: string, limit: number, windowSeconds: number, now: Date) {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const windowStart = nowSeconds - (nowSeconds % windowSeconds);
    const k = `${key}#${windowStart}`;
    const n = (this.counts.get(k) ?? 0) + 1;
    this.counts.set(k, n);
    return { allowed: n <= limit, retryAfterSeconds: windowStart + windowSeconds - nowSeconds };
  }
  readonly logs = new Map<string, number[]>();
  async hitSliding(key: string, limit: number, windowSeconds: number, now: Date) {
    const decision = slideWindow(this.logs.get(key) ?? [], limit, windowSeconds, Math.floor(now.getTime() / 1000));
    this.logs.set(key, decision.hits);
    return { allowed: decision.allowed, retryAfterSeconds: decision.retryAfterSeconds };
  }
}

export class FixedClock implements Clock {
  constructor(public current: Date) {}
  now() {
    return new Date(this.current);
  }
  advanceDays(days: number) {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}

export function testConfig(overrides: Partial<ProgramConfig> = {}): ProgramConfig {
  // A program whose settings hold the default goals written in 2026 (the deploy-time config has none: goals are data).
  return { ...loadProgramConfig({ PUBLIC_URL: 'http://localhost:3000' }), goals: defaultGoals(2026), ...overrides };
}

let counter = 0;
export function memoryDeps(overrides: Partial<AdminDeps> = {}, options: { sendNow?: boolean } = {}) {
  const participants = new MemoryParticipants();
  const pairs = new MemoryPairs(participants);
  const scheduler = new MemoryScheduler();
  const stats = new MemoryStats(participants);
  const emailLog = new MemoryEmailLog();
  const mailer = new MemoryMailer();
  const emailQueue = new MemoryEmailQueue(options.sendNow ?? true);
  const quota = new FixedQuota();
  const rateLimiter = new MemoryRateLimiter();
  const deferredConfirmations = new MemoryDeferredConfirmations();
  const clock = new FixedClock(new Date('2026-11-30T09:00:00Z'));
  const audit = new MemoryAuditLog();
  const admins = new MemoryAdmins();
  const signInTokens = new MemorySignInTokens();
  const adminSessions = new MemoryAdminSessions();
  const apiKeys = new MemoryApiKeys();
  const exportFiles = new MemoryExportFiles();
  // The console's stores too (AdminDeps), so that createApp takes these deps as they are.
  const deps: AdminDeps = {
    config: testConfig(),
    clock,
    ids: { next: () => `id${String(++counter).padStart(4, '0')}` },
    secrets: { tokenSecret: async () => 'test-secret-for-unit-tests' },
    participants,
    pairs,
    stats,
    scheduler,
    emailLog,
    emailQueue,
    rateLimiter,
    deferredConfirmations,
    audit,
    admins,
    signInTokens,
    adminSessions,
    apiKeys,
    rounds: new MemoryRounds(),
    exportFiles,
    settingsStore: new MemoryProgramSettings(),
    jobRuns: new MemoryJobRuns(),
    offers: new MemoryOffers(),
    // The admins' addresses as the table reads them (admins and seed markers); a test's own AdminStore: its list.
    adminAddresses: {
      list: async (programId, seed) =>
        deps.admins instanceof MemoryAdmins ? deps.admins.addresses(programId, seed) : (await deps.admins.list(programId)).map((a) => a.email),
    },
    ...overrides,
  };
  const senderDeps: SenderDeps = {
    config: deps.config,
    clock: deps.clock,
    emailLog: deps.emailLog,
    emailQueue: deps.emailQueue,
    adminAddresses: deps.adminAddresses,
    mailer,
    sendRate: unlimitedRate,
    quota,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
  };
  emailQueue.sender = createSender(senderDeps);
  /** Sends what waits in the queues with the real sender (see MemoryEmailQueue). */
  const drain = (rounds?: number) => emailQueue.drain(rounds);
  return {
    deps,
    participants,
    pairs,
    stats,
    scheduler,
    emailLog,
    emailQueue,
    mailer,
    quota,
    senderDeps,
    drain,
    rateLimiter,
    deferredConfirmations,
    clock,
    audit,
    admins,
    signInTokens,
    adminSessions,
    apiKeys,
  };
}

/** A valid sign-up record (JSON shape); override fields per test. */
/** The sign-up form's fields (as a browser posts them) for a valid mentee; override any. */
export const signupForm = (overrides: Record<string, string | string[]> = {}) => ({
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  role: 'mentee',
  timezone: 'Europe/London',
  languages: 'en, fr',
  skills: 'maths, writing',
  goals: 'Publish my notes',
  preferredTools: ['zoom', 'meet'],
  avail_tue_from: '09:00',
  avail_tue_to: '11:00',
  capacity: '1',
  consent: 'yes',
  ...overrides,
});

export function signupRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Grace Hopper',
    email: `grace.${Math.random().toString(36).slice(2, 8)}@example.com`,
    role: 'mentor',
    timezone: 'America/New_York',
    skills: ['leadership', 'compilers'],
    goals: 'Help someone ship their first big project.',
    department: 'Engineering',
    yearsExperience: 20,
    languages: ['en'],
    preferredTools: ['zoom', 'slack'],
    availability: [{ day: 'tue', from: '09:00', to: '11:30' }],
    capacity: 2,
    consent: true,
    ...overrides,
  };
}

/** The audit log in memory: newest first, the cursor is the index of the next entry. */
export class MemoryAuditLog implements AuditLog {
  readonly entries: (AuditEntry & { id: string; programId: string })[] = [];

  async record(programId: string, entry: AuditEntry): Promise<void> {
    this.entries.unshift({ ...entry, programId, id: `audit-${this.entries.length + 1}` });
  }

  async list(programId: string, { limit, cursor }: { limit: number; cursor?: string }): Promise<AuditPage> {
    const mine = this.entries.filter((e) => e.programId === programId);
    const start = cursor ? Number(cursor) : 0;
    const page = mine.slice(start, start + limit).map(({ programId: _, ...entry }) => entry);
    return { entries: page, cursor: start + limit < mine.length ? String(start + limit) : undefined };
  }
}

/** Exports kept in memory; the "link" names the file. */
export class MemoryExportFiles implements ExportFiles {
  readonly files = new Map<string, { body: Uint8Array; contentType: string }>();
  async put(name: string, body: Uint8Array, contentType: string) {
    this.files.set(name, { body, contentType });
    return `https://exports.example/${name}?signed=1`;
  }
}

/** Settings versions in memory, with the table's rules: a version number is written once. */
export class MemoryProgramSettings implements ProgramSettingsStore {
  readonly versions = new Map<string, StoredSettingsVersion[]>();
  async current(programId: string) {
    const list = this.versions.get(programId) ?? [];
    return list.length ? structuredClone(list[list.length - 1]) : undefined;
  }
  async write(programId: string, version: StoredSettingsVersion) {
    const list = this.versions.get(programId) ?? [];
    if (list.some((v) => v.version === version.version)) return 'conflict' as const;
    // Stored as JSON, as the table does: what is read back is what JSON keeps.
    list.push({ ...version, settings: JSON.parse(JSON.stringify(version.settings)) as Record<string, unknown> });
    list.sort((a, b) => a.version - b.version);
    this.versions.set(programId, list);
    return 'written' as const;
  }
  async history(programId: string, options: { limit: number; cursor?: string }) {
    const before = options.cursor === undefined ? Infinity : Number(options.cursor);
    const newest = [...(this.versions.get(programId) ?? [])].reverse().filter((v) => v.version < before);
    const versions = newest.slice(0, options.limit).map((v) => structuredClone(v));
    const last = versions.at(-1);
    return newest.length > options.limit && last ? { versions, cursor: String(last.version) } : { versions };
  }
}

export class MemoryJobRuns implements JobRunLog {
  readonly runs = new Map<string, { state: 'running' | 'done' | 'released'; claimedAt?: string; resumeFrom?: string }>();
  readonly last = new Map<string, string>();
  async claim(programId: string, job: RecurringJob, scheduledFor: string, at: string, staleAfterMs: number) {
    const key = `${programId}#${job}#${scheduledFor}`;
    const run = this.runs.get(key);
    if (run && run.state !== 'released' && !(run.state === 'running' && Date.parse(run.claimedAt!) < Date.parse(at) - staleAfterMs)) return false;
    this.runs.set(key, { state: 'running', claimedAt: at });
    return true;
  }
  async finish(programId: string, job: RecurringJob, scheduledFor: string) {
    this.runs.set(`${programId}#${job}#${scheduledFor}`, { state: 'done' });
    const last = this.last.get(`${programId}#${job}`);
    if (last === undefined || last < scheduledFor) this.last.set(`${programId}#${job}`, scheduledFor);
  }
  async release(programId: string, job: RecurringJob, scheduledFor: string, resumeFrom?: string) {
    const key = `${programId}#${job}#${scheduledFor}`;
    if (this.runs.get(key)?.state === 'running') this.runs.set(key, { state: 'released', ...(resumeFrom ? { resumeFrom } : {}) });
  }
  async resumePoint(programId: string, job: RecurringJob, scheduledFor: string) {
    const run = this.runs.get(`${programId}#${job}#${scheduledFor}`);
    return run?.state === 'released' ? run.resumeFrom : undefined;
  }
  async lastFinished(programId: string, job: RecurringJob) {
    return this.last.get(`${programId}#${job}`);
  }
}

/** OfferStore in memory (matching mode `choice`); the same contract as the table's (test/contract/offer-store.contract.ts). */
export class MemoryOffers implements OfferStore {
  readonly byMentee = new Map<string, Offer>();
  readonly declineByMentor = new Map<string, MentorDecline>();
  private key = (programId: string, id: string) => `${programId}#${id}`;
  async erase(programId: string, participantId: string) {
    this.byMentee.delete(this.key(programId, participantId));
    this.declineByMentor.delete(this.key(programId, participantId));
  }

  async create(offer: Offer) {
    const before = this.byMentee.get(this.key(offer.programId, offer.menteeId));
    if (before?.state === 'open') return 'exists' as const;
    this.byMentee.set(this.key(offer.programId, offer.menteeId), structuredClone(offer));
    return 'created' as const;
  }
  async get(programId: string, menteeId: string) {
    const offer = this.byMentee.get(this.key(programId, menteeId));
    return offer ? structuredClone(offer) : undefined;
  }
  async listOpen(programId: string) {
    return [...this.byMentee.values()]
      .filter((o) => o.programId === programId && o.state === 'open')
      .sort((a, b) => (`${a.sentAt}#${a.menteeId}` < `${b.sentAt}#${b.menteeId}` ? -1 : 1))
      .map((o) => structuredClone(o));
  }
  private current(offer: Offer) {
    const stored = this.byMentee.get(this.key(offer.programId, offer.menteeId));
    return stored && stored.state === 'open' && stored.rev === offer.rev && stored.id === offer.id ? stored : undefined;
  }
  async addMentor(offer: Offer, mentor: OfferedMentor) {
    const stored = this.current(offer);
    if (!stored) return 'conflict' as const;
    stored.mentors.push(structuredClone(mentor));
    stored.rev++;
    return 'updated' as const;
  }
  async close(offer: Offer, change: { state: Exclude<OfferState, 'open'>; at: string; pairId?: string }) {
    const stored = this.current(offer);
    if (!stored) return 'conflict' as const;
    Object.assign(stored, { state: change.state, closedAt: change.at, rev: stored.rev + 1 }, change.pairId ? { pairId: change.pairId } : {});
    return 'closed' as const;
  }
  async recordDecline(decline: MentorDecline) {
    const before = this.declineByMentor.get(this.key(decline.programId, decline.mentorId));
    if (before) return structuredClone(before);
    this.declineByMentor.set(this.key(decline.programId, decline.mentorId), structuredClone(decline));
    return 'recorded' as const;
  }
  async declineOf(programId: string, mentorId: string) {
    const d = this.declineByMentor.get(this.key(programId, mentorId));
    return d ? structuredClone(d) : undefined;
  }
  async declines(programId: string, limit: number) {
    return [...this.declineByMentor.values()]
      .filter((d) => d.programId === programId)
      .sort((a, b) => (`${a.at}#${a.mentorId}` < `${b.at}#${b.mentorId}` ? 1 : -1))
      .slice(0, limit)
      .map((d) => structuredClone(d));
  }
}
