/**
 * A mentoring pair and its timeline: the follow-up steps that fire after
 * pairing (DESIGN §1.3). Pure: dates come in as data.
 */
import type { ProgramConfig } from './program';

export const PAIR_STATUSES = ['active', 'at_risk', 'ended'] as const;
export type PairStatus = (typeof PAIR_STATUSES)[number];

export interface Pair {
  id: string;
  programId: string;
  mentorId: string;
  menteeId: string;
  score: number;
  reasons: string[];
  status: PairStatus;
  createdAt: string;
  /** When the mentorship is planned to end (createdAt + program duration). */
  endsAt: string;
  /** Last check-in, feedback or reply of either member; starts at pairing. */
  lastActivityAt: string;
  /** Meetings the pair reported ("We met" links, "met" replies, feedback). */
  meetingsLogged?: number;
  /** The check-in period of the last counted meeting: one meeting per period at most. */
  lastMeetingPeriod?: number;
  /** Where the nudge ladder stands since the last activity: 0 none, 1–2 nudges sent, 3 escalated. */
  nudgeLevel?: number;
  /** Name of the pending nudge schedule, cancelled when activity arrives. */
  nudgeSchedule?: string;
  endedAt?: string;
  endReason?: PairEndReason;
  /** How the pair came about; `chosen`: a mentee picked the mentor from an offer (choice mode). */
  origin?: 'matched' | 'chosen' | 'manual';
  /** The first meeting's calendar invitation, once sent. */
  firstMeeting?: FirstMeeting;
  /** The fit check after the first meeting, once asked. */
  fitCheck?: FitCheck;
  /** Raised by every write of `firstMeeting` or `fitCheck`: the compare-and-set that keeps two answers at once from overwriting each other. */
  startRev?: number;
}

/** The fields of a pair's strong start, written together by PairStore.setStart. */
export type PairStart = Partial<Pick<Pair, 'firstMeeting' | 'fitCheck'>>;

export const INVITATION_ANSWERS = ['accepted', 'declined', 'another_time'] as const;
export const FIRST_MEETING_STATES = ['proposed', 'scheduled', 'by_reply', 'cancelled'] as const;
export const FIT_ANSWERS = ['good', 'deciding', 'not'] as const;

/**
 * `rematched`: an admin or a re-match ended it; `declined`: the mentor declined a pair the
 * mentee chose; `not_fit`: a member answered "not a good fit" to the fit check.
 */
export type PairEndReason = 'completed' | 'rematched' | 'declined' | 'not_fit';

export type InvitationAnswer = (typeof INVITATION_ANSWERS)[number];

/**
 * The first meeting, sent as an iCalendar invitation to both members. `proposed`: waiting
 * for answers; `scheduled`: both accepted; `by_reply`: three slots failed, the pair agrees
 * a time by replying; `cancelled`: the pair ended or a member left (a CANCEL went out).
 */
export interface FirstMeeting {
  uid: string;
  sequence: number;
  start: string;
  end: string;
  state: (typeof FIRST_MEETING_STATES)[number];
  /** Slots proposed so far (1–3). */
  attempts: number;
  answers: { mentor?: InvitationAnswer; mentee?: InvitationAnswer };
}

export type FitAnswerValue = (typeof FIT_ANSWERS)[number];

/** The fit check's answers; `round` counts the asks (two "still deciding" ask again after the next meeting). */
export interface FitCheck {
  round: number;
  askedAt: string;
  answers: { mentor?: FitAnswerValue; mentee?: FitAnswerValue };
}

/** Steps a pair's one-time schedules fire. `checkin-<n>` follows the n-th expected meeting; `nudge-<n>` climbs the ladder. */
export type TimelineStep = 'icebreakers' | 'starters' | `checkin-${number}` | 'end' | NudgeStep | `fit-${number}`;
export type NudgeStep = 'nudge-1' | 'nudge-2' | 'nudge-3';

export interface TimelineEntry {
  step: TimelineStep;
  at: string;
}

const DAY_MS = 86_400_000;
export const ICEBREAKERS_AFTER_DAYS = 2;
export const STARTERS_AFTER_DAYS = 9;

/**
 * Ice-breakers at +2 days, conversation starters at +9 days, a check-in after
 * each expected meeting (every cadence), and the end of the mentorship.
 */
export function pairTimeline(createdAt: string, config: Pick<ProgramConfig, 'meetingCadenceDays' | 'mentorshipWeeks'>): TimelineEntry[] {
  const start = Date.parse(createdAt);
  const endMs = start + config.mentorshipWeeks * 7 * DAY_MS;
  const at = (ms: number) => new Date(ms).toISOString();
  const entries: TimelineEntry[] = [
    { step: 'icebreakers', at: at(start + ICEBREAKERS_AFTER_DAYS * DAY_MS) },
    { step: 'starters', at: at(start + STARTERS_AFTER_DAYS * DAY_MS) },
  ];
  for (let n = 1; start + n * config.meetingCadenceDays * DAY_MS < endMs; n++) {
    entries.push({ step: `checkin-${n}`, at: at(start + n * config.meetingCadenceDays * DAY_MS) });
  }
  entries.push({ step: 'end', at: at(endMs) });
  return entries;
}

export function pairEndsAt(createdAt: string, mentorshipWeeks: number): string {
  return new Date(Date.parse(createdAt) + mentorshipWeeks * 7 * DAY_MS).toISOString();
}

/**
 * EventBridge Scheduler names: ≤ 64 characters of [0-9a-zA-Z-_.]. Nudges carry
 * their basis (the activity they count from), so a new ladder never collides with an old one.
 */
export function scheduleName(pairId: string, step: TimelineStep, basis?: string): string {
  return basis ? `${pairId}-${step}-${Math.floor(Date.parse(basis) / 60_000).toString(36)}` : `${pairId}-${step}`;
}

const TIMELINE_STEP = /^(icebreakers|starters|end|checkin-[1-9]\d{0,2}|nudge-[123]|fit-[1-9])$/;
export function isTimelineStep(value: unknown): value is TimelineStep {
  return typeof value === 'string' && TIMELINE_STEP.test(value);
}
