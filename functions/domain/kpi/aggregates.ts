/**
 * The numbers a digest is built from, kept incrementally as events happen
 * (never by scanning): weekly counters per program and ISO week, running
 * gauges for the current state, and pairing-week cohorts for retention.
 * Stored as flat counters (DynamoDB `ADD`), read as these plain records.
 */

/** ISO week id, e.g. "2026-W48". */
export type IsoWeek = string;

export const MATCH_DAY_BUCKETS = 61; // 0…59 days, and 60 for "60 or more"

/** Things that happen, counted per ISO week (of the event, in UTC). */
export const WEEKLY_COUNTERS = [
  'signups_mentor',
  'signups_mentee',
  'confirmed_mentor',
  'confirmed_mentee',
  'pairs_created',
  'meetings',
  'checkin_requests',
  'checkin_answers',
  'replies',
  'feedback',
  'ratings_1',
  'ratings_2',
  'ratings_3',
  'ratings_4',
  'ratings_5',
  'unsubscribes',
  'pauses',
  'deletions',
  'bounces',
  'complaints',
  'incentives',
  'escalations',
  'pairs_ended',
  /** Pairs whose first-meeting invitation both accepted, in the week the pair was made (once per pair). */
  'first_meetings_scheduled',
  /** Fit-check answers, one per member and round (issue 12). */
  'fit_good',
  'fit_deciding',
  'fit_not',
] as const;
export type WeeklyCounter = (typeof WEEKLY_COUNTERS)[number] | `match_days_${number}`;

export interface WeekStats {
  week: IsoWeek;
  /** Missing counters are 0. `match_days_<n>`: mentees matched this week after n days of waiting (histogram). */
  counts: Partial<Record<WeeklyCounter, number>>;
}

/** The current state, as running totals (+1/−1 with every change). */
export type Gauge =
  | `participants_${'pending' | 'awaiting_approval' | 'waiting' | 'matched' | 'alumni' | 'unsubscribed' | 'blocked' | 'deleted'}_${'mentor' | 'mentee'}`
  | 'pairs_active'
  | 'pairs_at_risk'
  /** Active pairs that have been nudged since their last activity (not on track). */
  | 'pairs_quiet'
  | 'suppressed';

export type Gauges = Partial<Record<Gauge, number>>;

/** Pairs formed in one ISO week, and how many of their members dropped out early (unsubscribed, deleted, or the pair was re-matched). */
export interface Cohort {
  week: IsoWeek;
  counts: Partial<Record<'pairs' | `dropped_${'mentor' | 'mentee'}_${30 | 60 | 90}`, number>>;
}

/** A pair flagged at risk by the nudge ladder, for the digest's list (a bounded index, not a scan). */
export interface AtRiskPair {
  pairId: string;
  mentorName: string;
  menteeName: string;
  lastActivityAt: string;
  pairedAt: string;
  pairUrl?: string;
}

export interface IncentiveEarner {
  participantId: string;
  name: string;
  email: string;
  role: 'mentor' | 'mentee';
  at: string;
}

/** Everything the KPI calculation needs: a bounded number of items, whatever the program's size. */
export interface DigestInputs {
  /** The week the digest reports on (the last complete ISO week) and the 7 before it, oldest first; missing weeks are empty. */
  weeks: WeekStats[];
  gauges: Gauges;
  /** Cohorts of the last 13+ weeks (enough for 90-day retention), oldest first. */
  cohorts: Cohort[];
  atRisk: AtRiskPair[];
  incentives: IncentiveEarner[];
}
