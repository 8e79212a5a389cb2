/**
 * Parsers from stored items to domain values: every read of the table goes
 * through one of these instead of a cast. They check what the rest of the code
 * relies on (types, closed sets, required fields), build the value from named
 * fields only (so keys, `type` and `v` never leak into domain objects), and
 * throw MalformedItem naming the item and field otherwise. Error messages name
 * ids and field types, never stored values (they may be personal data).
 */
import { ACTIVITY_KINDS, type Activity, type ActivitySource, type Feedback } from '../../domain/activity';
import type { Invitation } from '../../domain/invitation';
import {
  FIRST_MEETING_STATES,
  FIT_ANSWERS,
  INVITATION_ANSWERS,
  PAIR_STATUSES,
  isTimelineStep,
  type FirstMeeting,
  type FitCheck,
  type Pair,
} from '../../domain/pair';
import { PARTICIPANT_STATUSES, type Participant } from '../../domain/participant';
import { DAYS, ROLES, TOOLS } from '../../domain/signup-schema';
import type {
  Admin,
  AdminSession,
  ApiKeyRecord,
  AuditEntry,
  DeferredConfirmation,
  DeliveryState,
  EmailLogEntry,
  EmailPriority,
  PairRef,
  QueuedEmail,
  SchedulePayload,
  SignInToken,
  StoredSettingsVersion,
} from '../../ports';
import { ROUND_STATUSES, type MatchingRound } from '../../domain/round';
import type { ReviewedPair } from '../../domain/matching/review';
import { ItemFields, MalformedItem, defined, isMap as isMapValue, type Item } from './item-fields';

export { MalformedItem };

const DELIVERY_STATES: readonly DeliveryState[] = ['queued', 'sending', 'sent', 'failed'];
const ACTIVITY_SOURCES: readonly ActivitySource[] = ['link', 'form', 'reply'];

const fieldsOf = (item: Item, type: string) => {
  const what = `${type} ${typeof item.pk === 'string' && !item.pk.startsWith('EMAIL#') ? item.pk : '(item)'}`;
  const f = new ItemFields(item, what);
  f.literal('type', type);
  return f;
};

/**
 * A participant. Erased ones (`deleted`) keep only id, program, role, status,
 * dates and counters: the personal fields are required of everyone else.
 */
export function parseParticipant(item: Item): Participant {
  const f = fieldsOf(item, 'participant');
  const status = f.oneOf('status', PARTICIPANT_STATUSES);
  const lifecycle = {
    id: f.string('id'),
    programId: f.string('programId'),
    role: f.oneOf('role', ROLES),
    status,
    createdAt: f.string('createdAt'),
    confirmedAt: f.optionalString('confirmedAt'),
    updatedAt: f.string('updatedAt'),
    activePairs: f.optionalNumber('activePairs'),
    pausedUntil: f.optionalString('pausedUntil'),
    suppressed: f.optionalOneOf('suppressed', ['bounce', 'complaint'] as const),
    incentiveEligibleAt: f.optionalString('incentiveEligibleAt'),
    priorityUntil: f.optionalString('priorityUntil'),
  };
  // The type still says Participant: erased members are returned as they are stored, as the port documents.
  if (status === 'deleted') return defined(lifecycle) as Participant;
  return defined({
    ...lifecycle,
    name: f.string('name'),
    email: f.string('email'),
    timezone: f.string('timezone'),
    skills: f.strings('skills'),
    goals: f.string('goals'),
    department: f.optionalString('department'),
    yearsExperience: f.optionalNumber('yearsExperience'),
    languages: f.strings('languages'),
    preferredTools: f.oneOfEach('preferredTools', TOOLS),
    availability: f.maps('availability').map((slot) => ({ day: slot.oneOf('day', DAYS), from: slot.string('from'), to: slot.string('to') })),
    capacity: f.optionalNumber('capacity'),
    consent: f.literal('consent', true),
  });
}

/** The search terms a participant item was indexed under when it was written (none for items older than the search). */
export const parseSearchTerms = (item: Item): string[] => fieldsOf(item, 'participant').optionalStrings('searchTerms') ?? [];

/** A search index entry: the participant it points to. */
export const parseSearchEntry = (item: Item): { participantId: string; sk: string } => {
  const f = fieldsOf(item, 'search_term');
  return { participantId: f.string('participantId'), sk: f.string('sk') };
};

export function parseInvitation(item: Item): Invitation {
  const f = fieldsOf(item, 'invitation');
  return {
    id: f.string('id'),
    programId: f.string('programId'),
    name: f.string('name'),
    email: f.string('email'),
    role: f.oneOf('role', ROLES),
    invitedAt: f.string('invitedAt'),
  };
}

/** The participant id an email guard points to. */
export const parseEmailGuard = (item: Item): string => fieldsOf(item, 'email_guard').string('participantId');

export function parsePair(item: Item): Pair {
  const f = fieldsOf(item, 'pair');
  return defined({
    id: f.string('id'),
    programId: f.string('programId'),
    mentorId: f.string('mentorId'),
    menteeId: f.string('menteeId'),
    score: f.number('score'),
    reasons: f.strings('reasons'),
    status: f.oneOf('status', PAIR_STATUSES),
    createdAt: f.string('createdAt'),
    endsAt: f.string('endsAt'),
    lastActivityAt: f.string('lastActivityAt'),
    meetingsLogged: f.optionalNumber('meetingsLogged'),
    lastMeetingPeriod: f.optionalNumber('lastMeetingPeriod'),
    nudgeLevel: f.optionalNumber('nudgeLevel'),
    nudgeSchedule: f.optionalString('nudgeSchedule'),
    endedAt: f.optionalString('endedAt'),
    endReason: f.optionalOneOf('endReason', ['completed', 'rematched', 'declined', 'not_fit'] as const),
    origin: f.optionalOneOf('origin', ['matched', 'chosen', 'manual'] as const),
    firstMeeting: f.has('firstMeeting') ? parseFirstMeeting(f.map('firstMeeting')) : undefined,
    fitCheck: f.has('fitCheck') ? parseFitCheck(f.map('fitCheck')) : undefined,
    startRev: f.optionalNumber('startRev'),
  });
}

function parseFirstMeeting(f: ItemFields): FirstMeeting {
  const answers = f.map('answers');
  return {
    uid: f.string('uid'),
    sequence: f.number('sequence'),
    start: f.string('start'),
    end: f.string('end'),
    state: f.oneOf('state', FIRST_MEETING_STATES),
    attempts: f.number('attempts'),
    answers: defined({ mentor: answers.optionalOneOf('mentor', INVITATION_ANSWERS), mentee: answers.optionalOneOf('mentee', INVITATION_ANSWERS) }),
  };
}

function parseFitCheck(f: ItemFields): FitCheck {
  const answers = f.map('answers');
  return {
    round: f.number('round'),
    askedAt: f.string('askedAt'),
    answers: defined({ mentor: answers.optionalOneOf('mentor', FIT_ANSWERS), mentee: answers.optionalOneOf('mentee', FIT_ANSWERS) }),
  };
}

/** Mentor and mentee of a pair or a blocked pair (a projection: no `type` to check). */
export function parsePairRef(item: Item): PairRef {
  const f = new ItemFields(item, 'pair reference');
  return { mentorId: f.string('mentorId'), menteeId: f.string('menteeId') };
}

/** The pair id of a participant's membership link (a projection: no `type` to check). */
export const parseMembership = (item: Item): string => new ItemFields(item, 'membership').string('pairId');

function parseFeedback(f: ItemFields): Feedback {
  return defined({
    met: f.oneOf('met', ['yes', 'no'] as const),
    timesMet: f.optionalNumber('timesMet'),
    satisfaction: f.optionalNumber('satisfaction'),
    wentWell: f.optionalString('wentWell'),
    toImprove: f.optionalString('toImprove'),
    comments: f.optionalString('comments'),
  });
}

export function parseActivity(item: Item): Activity {
  const f = fieldsOf(item, 'activity');
  return defined({
    key: f.string('key'),
    pairId: f.string('pairId'),
    participantId: f.string('participantId'),
    kind: f.oneOf('kind', ACTIVITY_KINDS),
    source: f.oneOf('source', ACTIVITY_SOURCES),
    at: f.string('at'),
    rating: f.optionalNumber('rating'),
    feedback: f.has('feedback') ? parseFeedback(f.map('feedback')) : undefined,
  });
}

/** The feedback of an activity read with a projection (scrubbing). */
export const parseProjectedFeedback = (item: Item): Feedback => parseFeedback(new ItemFields(item, 'activity').map('feedback'));

export function parseEmailLogEntry(item: Item): { state: DeliveryState; template: string; error?: string } {
  const f = fieldsOf(item, 'email');
  return defined({ state: f.oneOf('state', DELIVERY_STATES), template: f.string('template'), error: f.optionalString('error') });
}

/** An email listed for a participant: its key (pk `MAIL#<key>`), template, state and claim time. */
export function parseParticipantEmail(item: Item): EmailLogEntry {
  const f = fieldsOf(item, 'email');
  return { key: f.string('pk').replace(/^MAIL#/, ''), template: f.string('template'), state: f.oneOf('state', DELIVERY_STATES), at: f.string('claimedAt') };
}

export function parseDeferredConfirmation(item: Item): DeferredConfirmation {
  const f = fieldsOf(item, 'deferred_confirmation');
  return { participantId: f.string('participantId'), key: f.string('key'), deferredAt: f.string('deferredAt') };
}

export function parseIncentive(item: Item): { participantId: string; at: string } {
  const f = fieldsOf(item, 'incentive');
  return { participantId: f.string('participantId'), at: f.string('at') };
}

/** Counters of an aggregate item: its numeric attributes other than keys and the schema version (none for a missing item). */
export function parseCounters(item: Item | undefined): Record<string, number> {
  const META = new Set(['pk', 'sk', 'type', 'v', 'week']);
  return Object.fromEntries(Object.entries(item ?? {}).filter(([k, v]) => !META.has(k) && typeof v === 'number')) as Record<string, number>;
}

export function parseSnapshot(item: Item): { week: string; gauges: Record<string, number> } {
  return { week: fieldsOf(item, 'stats_snapshot').string('week'), gauges: parseCounters(item) };
}

/** The optimistic-revision items (rate logs, the send-rate bucket): revision 0 when the item does not exist yet. */
export const parseRevision = (item: Item | undefined): number => (item ? new ItemFields(item, String(item.type)).number('rev') : 0);

export const parseRateLog = (item: Item | undefined): number[] => (item ? fieldsOf(item, 'rate_log').numbers('hits') : []);

export function parseSendRateBucket(item: Item | undefined): { tokens: number; atMs: number } | undefined {
  if (!item) return undefined;
  const f = fieldsOf(item, 'send_rate_bucket');
  return { tokens: f.number('tokens'), atMs: f.number('atMs') };
}

/** A local one-time schedule (table-scheduler). */
export function parseSchedule(item: Item): { name: string; at: string; payload: SchedulePayload } {
  const f = fieldsOf(item, 'schedule');
  const payload = f.map('payload');
  const parsed: SchedulePayload = payload.has('kind')
    ? { kind: payload.literal('kind', 'deferred-confirmations'), hour: payload.string('hour') }
    : (defined({ pairId: payload.string('pairId'), step: payload.string('step'), basis: payload.optionalString('basis') }) as SchedulePayload);
  if ('step' in parsed && !isTimelineStep(parsed.step)) throw new MalformedItem(`schedule ${String(item.pk)}: payload.step is not a timeline step`);
  return { name: f.string('name'), at: f.string('at'), payload: parsed };
}

/** A message of the local send queues (table-email-queue): `body` is the QueuedEmail its producer wrote, as JSON. */
export function parseQueuedMessage(item: Item): { sk: string; id: string; receiveCount: number; email: QueuedEmail } {
  const f = fieldsOf(item, 'queued_email');
  const email: unknown = JSON.parse(f.string('body'));
  const body = new ItemFields(isMapValue(email) ? email : {}, `queued_email ${String(item.pk)} body`);
  body.string('key');
  body.oneOf('priority', ['now', 'bulk'] satisfies EmailPriority[]);
  body.string('template');
  body.map('email');
  return { sk: f.string('sk'), id: f.string('id'), receiveCount: f.number('receiveCount'), email: email as QueuedEmail };
}

// ── admin console ──────────────────────────────────────────────────────────

export function parseAdmin(item: Item): Admin {
  const f = fieldsOf(item, 'admin');
  return { id: f.string('id'), email: f.string('email'), addedAt: f.string('addedAt'), addedBy: f.string('addedBy') };
}

/** The admin id an admin's email guard points to. */
export const parseAdminEmailGuard = (item: Item): string => fieldsOf(item, 'admin_email').string('adminId');

export function parseSignInToken(item: Item): SignInToken {
  const f = fieldsOf(item, 'sign_in_token');
  return defined({
    tokenHash: f.string('tokenHash'),
    programId: f.string('programId'),
    adminId: f.string('adminId'),
    next: f.optionalString('next'),
    createdAt: f.string('createdAt'),
    expiresAt: f.string('expiresAtIso'),
  });
}

export function parseAdminSession(item: Item): AdminSession {
  const f = fieldsOf(item, 'admin_session');
  return {
    id: f.string('id'),
    programId: f.string('programId'),
    adminId: f.string('adminId'),
    createdAt: f.string('createdAt'),
    lastSeenAt: f.string('lastSeenAt'),
    expiresAt: f.string('expiresAtIso'),
  };
}

export function parseApiKey(item: Item): ApiKeyRecord {
  const f = fieldsOf(item, 'api_key');
  return defined({
    id: f.string('id'),
    programId: f.string('programId'),
    label: f.string('label'),
    createdBy: f.string('createdBy'),
    createdAt: f.string('createdAt'),
    lastUsedAt: f.optionalString('lastUsedAt'),
  });
}

export function parseAuditEntry(item: Item): AuditEntry & { id: string } {
  const f = fieldsOf(item, 'audit');
  let details: Record<string, string | number | boolean> | undefined;
  if (f.has('details')) {
    const raw = item.details;
    if (!isMapValue(raw) || !Object.values(raw).every((v) => ['string', 'number', 'boolean'].includes(typeof v)))
      throw new MalformedItem(`audit ${String(item.pk)}: details must be a map of strings, numbers and booleans`);
    details = { ...(raw as Record<string, string | number | boolean>) };
  }
  return defined({ id: f.string('id'), at: f.string('at'), actorId: f.string('actorId'), action: f.string('action'), targets: f.strings('targets'), details });
}

const refsOf = (f: ItemFields, field: string): PairRef[] => f.maps(field).map((r) => ({ mentorId: r.string('mentorId'), menteeId: r.string('menteeId') }));

/** A matching round's header (its pairs and unmatched ids come from its chunks). */
export function parseRoundHeader(item: Item): Omit<MatchingRound, 'pairs' | 'unmatched'> & { chunkCount: number; pairCount: number; unmatchedCount: number } {
  const f = fieldsOf(item, 'round');
  return defined({
    id: f.string('id'),
    programId: f.string('programId'),
    createdAt: f.string('createdAt'),
    status: f.oneOf('status', ROUND_STATUSES),
    version: f.number('version'),
    pins: refsOf(f, 'pins'),
    exclusions: refsOf(f, 'exclusions'),
    totalScore: f.number('totalScore'),
    chunkCount: f.number('chunkCount'),
    pairCount: f.number('pairCount'),
    unmatchedCount: f.number('unmatchedCount'),
    publishedAt: f.optionalString('publishedAt'),
    publishedBy: f.optionalString('publishedBy'),
    supersededAt: f.optionalString('supersededAt'),
    supersededBy: f.optionalString('supersededBy'),
    remindedAt: f.optionalString('remindedAt'),
  });
}

/** One chunk of a round's proposal. */
export function parseRoundChunk(item: Item): { index: number; pairs: ReviewedPair[]; unmatched: string[] } {
  const f = fieldsOf(item, 'round_chunk');
  return {
    index: f.number('index'),
    pairs: f.maps('pairs').map((p) => ({
      mentorId: p.string('mentorId'),
      menteeId: p.string('menteeId'),
      score: p.number('score'),
      reasons: p.strings('reasons'),
      // Stored only on pinned pairs.
      pinned: p.has('pinned') ? p.literal('pinned', true) : false,
    })),
    unmatched: f.strings('unmatched'),
  };
}

/** A settings version; its document is stored as JSON text (nested lists and nulls kept exactly as written). */
export function parseSettingsVersion(item: Item): StoredSettingsVersion {
  const f = fieldsOf(item, 'settings_version');
  const text = f.string('document');
  let settings: unknown;
  try {
    settings = JSON.parse(text);
  } catch {
    throw new MalformedItem(`settings_version ${String(item.sk)}: document must be JSON`);
  }
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings))
    throw new MalformedItem(`settings_version ${String(item.sk)}: document must be an object`);
  return { version: f.number('version'), updatedAt: f.string('updatedAt'), updatedBy: f.string('updatedBy'), settings: settings as Record<string, unknown> };
}

export const parseJobLastRun = (item: Item | undefined): string | undefined => (item ? fieldsOf(item, 'job_last_run').string('scheduledFor') : undefined);
