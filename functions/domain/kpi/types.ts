/**
 * The weekly digest's KPIs, defined once: what each number means is written
 * on its field below (the README copies these words).
 *
 * "This week" is always the report week: the last complete ISO week (Monday
 * to Sunday, UTC) before the digest runs. Numbers marked "now" come from the
 * running totals at the moment the digest is built. Every ratio is null, never
 * NaN, when there is nothing to divide by (an empty program, a first week).
 */
import type { ProgramConfig } from '../program';
import type { AtRiskPair, DigestInputs, Gauges, IncentiveEarner, IsoWeek } from './aggregates';
import type { GoalProgress } from './goals';

/** Weeks in the digest's window (the report week and the 7 before it). */
export const WINDOW_WEEKS = 8;
/** Weeks the per-pair monthly activity rates are averaged over. */
export const ACTIVITY_WEEKS = 4;
/** Days after pairing at which retention is measured. */
export const RETENTION_DAYS = [30, 60, 90] as const;
/** A "month" in per-month rates and in the cadence benchmark. */
export const MONTH_DAYS = 30;

/**
 * The gauges as they stood when a week ended. The digest job stores one per
 * report week (the gauges it read) so gauge-based KPIs — match rate, share of
 * pairs on track, at-risk pairs — have a weekly history for trends and goals.
 */
export interface GaugeSnapshot {
  week: IsoWeek;
  gauges: Gauges;
}

export type KpiInputs = DigestInputs & {
  snapshots?: GaugeSnapshot[];
  /** Emails the sender claimed `sending` and never recorded (a crash between SES and the log), now; 0 when not known. */
  emailsUnknown?: number;
};
export type KpiConfig = Pick<ProgramConfig, 'meetingCadenceDays' | 'goals'>;

/** A head count, in total and per role. */
export interface ByRole {
  total: number;
  mentor: number;
  mentee: number;
}

/** A number next to last week's. */
export interface Change {
  /** This week's value (null when it cannot be measured, e.g. no ratings this week). */
  value: number | null;
  /** Last week's value (null in the program's first week, or when last week has nothing to compare). */
  previous: number | null;
  /** value − previous; null when either is missing. */
  delta: number | null;
  /** Whether the number went up, down or stayed the same since last week; null when there is nothing to compare. */
  direction: 'up' | 'down' | 'flat' | null;
}

export type Rating = 1 | 2 | 3 | 4 | 5;
export type RatingDistribution = Record<Rating, number>;

export interface RetentionWindow {
  /** Days after pairing. */
  days: (typeof RETENTION_DAYS)[number];
  /**
   * Of the mentors paired long enough ago (whole pairing weeks that ended at least this many days
   * ago), the share still in their pair this many days after pairing — they did not unsubscribe,
   * ask for deletion or get re-matched. Null when no pairing week is old enough yet.
   */
  mentors: number | null;
  /** The same for mentees. */
  mentees: number | null;
  /** How many pairs the two shares are based on. */
  pairs: number;
}

export interface AtRiskPairKpi extends AtRiskPair {
  /** Whole days since the pair's last recorded activity (a meeting, check-in answer, reply or feedback). */
  daysQuiet: number;
}

/** One week of the 8-week trend (oldest first). Null: the week is before the program started, or the number cannot be known for it. */
export interface TrendPoint {
  week: IsoWeek;
  /** Monday 00:00 UTC, ISO-8601. */
  weekStartsAt: string;
  /** People who signed up that week. */
  signups: number | null;
  /** Pairs formed that week. */
  newPairs: number | null;
  /** Meetings logged that week. */
  meetings: number | null;
  /** Check-in questions answered that week. */
  checkinAnswers: number | null;
  /** Email replies from pairs that week. */
  replies: number | null;
  /** Ratings given that week. */
  ratings: number | null;
  /** Average rating given that week (1–5). */
  avgRating: number | null;
  /** Active pairs at the end of the week (for the report week: now). Worked back from now with the pairs formed and ended each week, or taken from that week's snapshot. */
  activePairs: number | null;
  /** Match rate at the end of the week (from the week's snapshot; the report week: now). */
  matchRate: number | null;
  /** Share of active pairs on track at the end of the week (from the week's snapshot; the report week: now). */
  shareOnTrack: number | null;
}

export const HEADLINE_KEYS = [
  'newSignups',
  'newPairs',
  'activePairs',
  'meetings',
  'checkinAnswers',
  'avgRating',
  'matchRate',
  'shareOnTrack',
  'atRiskPairs',
  'unsubscribes',
] as const;
export type HeadlineKey = (typeof HEADLINE_KEYS)[number];

/** Labels for the headline numbers, in display order. */
export const HEADLINE_LABELS: Record<HeadlineKey, string> = {
  newSignups: 'New sign-ups',
  newPairs: 'New pairs',
  activePairs: 'Active pairs',
  meetings: 'Meetings logged',
  checkinAnswers: 'Check-ins answered',
  avgRating: 'Average rating',
  matchRate: 'Match rate',
  shareOnTrack: 'Pairs on track',
  atRiskPairs: 'Pairs at risk',
  unsubscribes: 'Unsubscribes',
};

/** Fit-check answers given, by answer. */
export interface FitAnswerCounts {
  good: number;
  deciding: number;
  not: number;
}

export interface DigestKpis {
  /** The first meeting as a calendar invitation: of the pairs made in the last 8 weeks, how many have it accepted by both. */
  firstMeetings: {
    pairsMade8Weeks: number;
    scheduled8Weeks: number;
    /** scheduled8Weeks ÷ pairsMade8Weeks; null without new pairs. */
    shareScheduled: number | null;
  };
  /** The week reported on, e.g. "2026-W48". */
  reportWeek: IsoWeek;
  /** Monday 00:00 UTC that starts the report week, ISO-8601. */
  weekStartsAt: string;
  /** Monday 00:00 UTC right after the report week (exclusive), ISO-8601. */
  weekEndsAt: string;
  /** When the numbers were computed; "now" for the running totals. */
  generatedAt: string;

  participants: {
    /** Everyone who ever signed up, whatever happened since (including people who left or asked for deletion). */
    signedUp: ByRole;
    /** Everyone who clicked the confirmation link in their sign-up email — all sign-ups except those still unconfirmed (people who confirmed and later left are included). */
    confirmed: ByRole;
    /** Signed up but has not clicked the confirmation link yet, now. */
    pendingConfirmation: ByRole;
    /** Confirmed and waiting to be matched, now. */
    waiting: ByRole;
    /** In an active pair now (a mentor with two mentees counts once). */
    inActivePair: ByRole;
    /** Finished a mentorship and did not take up another pair, now. */
    alumni: ByRole;
    /** Unsubscribed or had their data deleted, all-time. */
    left: ByRole;
    /** Sign-ups during the report week. */
    newThisWeek: ByRole;
  };

  matching: {
    /** Share of confirmed mentees who are in an active pair or have completed a mentorship (now). Mentees who left count as not matched, so dropouts lower it. Null without confirmed mentees. */
    matchRate: number | null;
    /** Mentees in an active pair or alumni, now (the match rate's numerator). */
    matchedMentees: number;
    /** Confirmed mentees, now (the match rate's denominator). */
    confirmedMentees: number;
    /** Mentees matched during the report week. */
    menteesMatchedThisWeek: number;
    /** Median days from confirming to being matched, for mentees matched during the report week (60 means 60 or more). Null when nobody was matched. */
    medianDaysToMatchThisWeek: number | null;
    /** The same over the last 8 weeks. */
    medianDaysToMatch8Weeks: number | null;
    /** Pairs formed during the report week. */
    newPairsThisWeek: number;
    /** Pairs currently running, now. */
    activePairs: number;
  };

  activity: {
    /** Meetings pairs logged during the report week. */
    meetingsThisWeek: number;
    /** Check-in questions answered during the report week. */
    checkinAnswersThisWeek: number;
    /** Email replies from pairs during the report week. */
    repliesThisWeek: number;
    /** Meetings per active pair per 30 days, over the last 4 weeks (pair-weeks: each week's meetings against the pairs active that week). Null without active pairs. */
    meetingsPerPairPerMonth: number | null;
    /** Check-in answers per active pair per 30 days, over the last 4 weeks. */
    checkinAnswersPerPairPerMonth: number | null;
    /** Email replies per active pair per 30 days, over the last 4 weeks. */
    repliesPerPairPerMonth: number | null;
    /** The program's benchmark: meetings a pair should have per 30 days at the configured cadence (30 ÷ cadence in days). */
    expectedMeetingsPerPairPerMonth: number | null;
    /** Meetings per pair per month ÷ the benchmark: 1 means pairs meet exactly as often as the program asks, 0.5 half as often. Can exceed 1. */
    meetingsVsExpected: number | null;
    /** Active pairs that were sent a nudge and have not been active since, now. */
    quietPairs: number;
    /** Share of active pairs on track: not nudged since their last activity, now. Null without active pairs. */
    shareOnTrack: number | null;
  };

  retention: {
    /** Still-active shares at 30, 60 and 90 days after pairing, by role. */
    windows: RetentionWindow[];
    /** Participants who unsubscribed during the report week. */
    unsubscribesThisWeek: number;
    /** Participants who paused reminders during the report week. */
    pausesThisWeek: number;
    /** Participants whose data was deleted on request during the report week. */
    deletionsThisWeek: number;
    /** Pairs that ended during the report week (finished, left or re-matched). */
    pairsEndedThisWeek: number;
  };

  satisfaction: {
    /** Average rating (1–5) given during the report week. Null without ratings. */
    avgRatingThisWeek: number | null;
    /** Average rating over the last 8 weeks. Null without ratings. */
    avgRating8Weeks: number | null;
    /** Ratings given during the report week. */
    ratingsThisWeek: number;
    /** Ratings given over the last 8 weeks. */
    ratings8Weeks: number;
    /** How many ratings of 1, 2, 3, 4 and 5 were given during the report week. */
    distributionThisWeek: RatingDistribution;
    /** The same over the last 8 weeks. */
    distribution8Weeks: RatingDistribution;
    /** Check-in emails asking for a rating, sent during the report week. */
    checkinRequestsThisWeek: number;
    /** Ratings ÷ check-in requests in the report week, capped at 100% (ratings can also come by reply or the feedback form). Null without requests. */
    responseRateThisWeek: number | null;
    /** The same over the last 8 weeks (less affected by answers arriving the week after the request). */
    responseRate8Weeks: number | null;
  };

  atRisk: {
    /** Pairs the nudge ladder flagged at risk (still quiet after repeated nudges), now. */
    count: number;
    /** The flagged pairs, longest quiet first. */
    pairs: AtRiskPairKpi[];
  };

  incentives: {
    /** Rewards earned during the report week (by logging the program's number of meetings). */
    count: number;
    /** Who earned one during the report week, in the order they earned it. */
    earners: IncentiveEarner[];
  };

  deliverability: {
    /** Emails that bounced during the report week. */
    bouncesThisWeek: number;
    /** Recipients who marked an email as spam during the report week. */
    complaintsThisWeek: number;
    /** Addresses no email is sent to any more (bounced or complained), now. */
    suppressedAddresses: number;
    /** Emails in an unknown state: handed to SES or not, never resent (see functions/app/use-cases/send-queued.ts), now. */
    emailsUnknown: number;
  };

  /** Fit-check answers after the first meeting ("good fit", "still deciding", "not a good fit"): during the report week and the last 8 weeks. */
  fitCheck: { thisWeek: FitAnswerCounts; eightWeeks: FitAnswerCounts };

  /** The numbers at the top of the digest, each with last week's value and the change. */
  headlines: Record<HeadlineKey, Change>;
  /** The last 8 weeks, oldest first, for the trend chart. */
  trend: TrendPoint[];
  /** Progress against each of the program's SMART goals. */
  goals: GoalProgress[];
}
