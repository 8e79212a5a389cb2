/**
 * The weekly digest's KPIs, defined once: what each number means is written
 * on its field below (the README copies these words). Pure: stored aggregates
 * and the time in, numbers out.
 *
 * "This week" is always the report week: the last complete ISO week (Monday
 * to Sunday, UTC) before the digest runs. Numbers marked "now" come from the
 * running totals at the moment the digest is built. Every ratio is null, never
 * NaN, when there is nothing to divide by (an empty program, a first week).
 */
import type { ProgramConfig } from '../program';
import type { AtRiskPair, Cohort, DigestInputs, Gauge, Gauges, IncentiveEarner, IsoWeek, WeekStats, WeeklyCounter } from './aggregates';
import { MATCH_DAY_BUCKETS } from './aggregates';
import { evaluateGoals, type GoalMetric, type GoalProgress, type MetricHistory } from './goals';
import { DAY_MS, isIsoWeek, lastCompleteWeek, previousWeeks, weekEnd, weekStart } from './iso-week';

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

export const HEADLINE_KEYS = ['newSignups', 'newPairs', 'activePairs', 'meetings', 'checkinAnswers', 'avgRating', 'matchRate', 'shareOnTrack', 'atRiskPairs', 'unsubscribes'] as const;
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

export interface DigestKpis {
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
    /** Emails in an unknown state: handed to SES or not, never resent (see functions/app/send-queued.ts), now. */
    emailsUnknown: number;
  };

  /** The numbers at the top of the digest, each with last week's value and the change. */
  headlines: Record<HeadlineKey, Change>;
  /** The last 8 weeks, oldest first, for the trend chart. */
  trend: TrendPoint[];
  /** Progress against each of the program's SMART goals. */
  goals: GoalProgress[];
}

const EPSILON = 1e-9;
const RATINGS: readonly Rating[] = [1, 2, 3, 4, 5];
const LEFT_STATUSES = ['unsubscribed', 'deleted'] as const;
const ALL_STATUSES = ['pending', 'waiting', 'matched', 'alumni', 'unsubscribed', 'deleted'] as const;
type Status = (typeof ALL_STATUSES)[number];

/** Computes every KPI for the last complete week before `nowMs` (see `lastCompleteWeek`). Weeks are matched by id, so missing or extra weeks in the inputs are harmless. */
export function computeKpis(inputs: KpiInputs, config: KpiConfig, nowMs: number): DigestKpis {
  const reportWeek = lastCompleteWeek(nowMs);
  const weekIds = previousWeeks(reportWeek, WINDOW_WEEKS);
  const last = WINDOW_WEEKS - 1;
  const byWeek = new Map(inputs.weeks.map((w) => [w.week, w]));
  const weeks = weekIds.map((id) => byWeek.get(id) ?? { week: id, counts: {} });
  const snapshotByWeek = new Map((inputs.snapshots ?? []).map((s) => [s.week, s.gauges]));
  const snapshots = weekIds.map((id, i) => (i === last ? inputs.gauges : snapshotByWeek.get(id)));
  const started = programStarted(weekIds, weeks, inputs.cohorts, inputs.snapshots ?? []);
  const gauges = inputs.gauges;
  const report = weeks[last] as WeekStats;
  const c = (w: WeekStats, k: WeeklyCounter) => count(w.counts[k]);
  const sum = (ws: readonly WeekStats[], k: WeeklyCounter) => ws.reduce((s, w) => s + c(w, k), 0);
  const perWeek = (k: WeeklyCounter | ((w: WeekStats) => number)) => weeks.map((w, i) => (started[i] ? (typeof k === 'function' ? k(w) : c(w, k)) : null));

  // Participants (gauges, now).
  const g = (name: Gauge) => count(gauges[name]);
  const role = (statuses: readonly Status[]): ByRole => {
    const mentor = statuses.reduce((s, st) => s + g(`participants_${st}_mentor`), 0);
    const mentee = statuses.reduce((s, st) => s + g(`participants_${st}_mentee`), 0);
    return { total: mentor + mentee, mentor, mentee };
  };
  const confirmedStatuses = ALL_STATUSES.filter((s) => s !== 'pending');
  const newMentors = c(report, 'signups_mentor');
  const newMentees = c(report, 'signups_mentee');

  // Matching.
  const matchOf = (gs: Gauges) => {
    const at = (name: Gauge) => count(gs[name]);
    const matched = at('participants_matched_mentee') + at('participants_alumni_mentee');
    const confirmed = confirmedStatuses.reduce((s, st) => s + at(`participants_${st}_mentee`), 0);
    return { matched, confirmed, rate: share(matched, confirmed) };
  };
  const onTrackOf = (gs: Gauges) => share(count(gs.pairs_active) - count(gs.pairs_quiet), count(gs.pairs_active));
  const match = matchOf(gauges);

  // Active pairs per week: anchored on now (or a week's snapshot) and worked back with pairs formed and ended.
  const activePairs: (number | null)[] = new Array<number | null>(WINDOW_WEEKS).fill(null);
  let anchor = g('pairs_active');
  for (let i = last; i >= 0; i--) {
    const snap = snapshots[i];
    if (snap && i !== last) anchor = count(snap.pairs_active);
    activePairs[i] = started[i] ? anchor : null;
    const w = weeks[i] as WeekStats;
    anchor = Math.max(0, anchor - c(w, 'pairs_created') + c(w, 'pairs_ended'));
  }

  // Activity over the last 4 weeks, per pair-week.
  const recent = weeks.slice(-ACTIVITY_WEEKS);
  const pairWeeks = activePairs.slice(-ACTIVITY_WEEKS).reduce<number>((s, a) => s + (a ?? 0), 0);
  const perPairPerMonth = (k: WeeklyCounter) => ratio(sum(recent, k) * MONTH_DAYS, pairWeeks * 7);
  const cadence = config.meetingCadenceDays;
  const expected = Number.isFinite(cadence) && cadence > 0 ? MONTH_DAYS / cadence : null;
  const meetingsPerPairPerMonth = perPairPerMonth('meetings');

  // Satisfaction.
  const distribution = (ws: readonly WeekStats[]): RatingDistribution => ({ 1: sum(ws, 'ratings_1'), 2: sum(ws, 'ratings_2'), 3: sum(ws, 'ratings_3'), 4: sum(ws, 'ratings_4'), 5: sum(ws, 'ratings_5') });
  const ratingsIn = (ws: readonly WeekStats[]) => RATINGS.reduce((s, r) => s + distribution(ws)[r], 0);
  const average = (ws: readonly WeekStats[]) => {
    const d = distribution(ws);
    return ratio(RATINGS.reduce((s, r) => s + r * d[r], 0), ratingsIn(ws));
  };

  // Trend.
  const avgRatings = weeks.map((w, i) => (started[i] ? average([w]) : null));
  const matchRates = snapshots.map((s) => (s ? matchOf(s).rate : null));
  const onTrack = snapshots.map((s) => (s ? onTrackOf(s) : null));
  const atRiskCounts = snapshots.map((s, i) => (i === last ? (gauges.pairs_at_risk === undefined ? inputs.atRisk.length : g('pairs_at_risk')) : s ? count(s.pairs_at_risk) : null));
  const signups = perWeek((w) => c(w, 'signups_mentor') + c(w, 'signups_mentee'));
  const newPairs = perWeek('pairs_created');
  const meetings = perWeek('meetings');
  const checkinAnswers = perWeek('checkin_answers');
  const unsubscribes = perWeek('unsubscribes');
  const trend: TrendPoint[] = weeks.map((w, i) => ({
    week: w.week,
    weekStartsAt: new Date(weekStart(w.week)).toISOString(),
    signups: signups[i] ?? null,
    newPairs: newPairs[i] ?? null,
    meetings: meetings[i] ?? null,
    checkinAnswers: checkinAnswers[i] ?? null,
    replies: started[i] ? c(w, 'replies') : null,
    ratings: started[i] ? ratingsIn([w]) : null,
    avgRating: avgRatings[i] ?? null,
    activePairs: activePairs[i] ?? null,
    matchRate: matchRates[i] ?? null,
    shareOnTrack: onTrack[i] ?? null,
  }));
  const change = (series: readonly (number | null)[]) => changeOf(series[last] ?? null, series[last - 1] ?? null);

  const histories: Record<GoalMetric, MetricHistory> = {
    match_rate: { current: match.rate, weekly: trend.map((t) => ({ week: t.week, value: t.matchRate })) },
    avg_satisfaction: { current: average(weeks), weekly: trend.map((t) => ({ week: t.week, value: t.avgRating })) },
    pairs_on_cadence: { current: onTrackOf(gauges), weekly: trend.map((t) => ({ week: t.week, value: t.shareOnTrack })) },
  };

  const from = weekStart(reportWeek);
  const to = weekEnd(reportWeek);
  const requestsThisWeek = c(report, 'checkin_requests');

  return {
    reportWeek,
    weekStartsAt: new Date(from).toISOString(),
    weekEndsAt: new Date(to).toISOString(),
    generatedAt: new Date(nowMs).toISOString(),
    participants: {
      signedUp: role(ALL_STATUSES),
      confirmed: role(confirmedStatuses),
      pendingConfirmation: role(['pending']),
      waiting: role(['waiting']),
      inActivePair: role(['matched']),
      alumni: role(['alumni']),
      left: role(LEFT_STATUSES),
      newThisWeek: { total: newMentors + newMentees, mentor: newMentors, mentee: newMentees },
    },
    matching: {
      matchRate: match.rate,
      matchedMentees: match.matched,
      confirmedMentees: match.confirmed,
      menteesMatchedThisWeek: histogram([report]).reduce((s, n) => s + n, 0),
      medianDaysToMatchThisWeek: medianOfHistogram(histogram([report])),
      medianDaysToMatch8Weeks: medianOfHistogram(histogram(weeks)),
      newPairsThisWeek: c(report, 'pairs_created'),
      activePairs: g('pairs_active'),
    },
    activity: {
      meetingsThisWeek: c(report, 'meetings'),
      checkinAnswersThisWeek: c(report, 'checkin_answers'),
      repliesThisWeek: c(report, 'replies'),
      meetingsPerPairPerMonth,
      checkinAnswersPerPairPerMonth: perPairPerMonth('checkin_answers'),
      repliesPerPairPerMonth: perPairPerMonth('replies'),
      expectedMeetingsPerPairPerMonth: expected,
      meetingsVsExpected: meetingsPerPairPerMonth === null || expected === null ? null : meetingsPerPairPerMonth / expected,
      quietPairs: Math.min(g('pairs_quiet'), g('pairs_active')),
      shareOnTrack: onTrackOf(gauges),
    },
    retention: {
      windows: RETENTION_DAYS.map((days) => retentionAfter(days, inputs.cohorts, nowMs)),
      unsubscribesThisWeek: c(report, 'unsubscribes'),
      pausesThisWeek: c(report, 'pauses'),
      deletionsThisWeek: c(report, 'deletions'),
      pairsEndedThisWeek: c(report, 'pairs_ended'),
    },
    satisfaction: {
      avgRatingThisWeek: average([report]),
      avgRating8Weeks: average(weeks),
      ratingsThisWeek: ratingsIn([report]),
      ratings8Weeks: ratingsIn(weeks),
      distributionThisWeek: distribution([report]),
      distribution8Weeks: distribution(weeks),
      checkinRequestsThisWeek: requestsThisWeek,
      responseRateThisWeek: share(ratingsIn([report]), requestsThisWeek),
      responseRate8Weeks: share(ratingsIn(weeks), sum(weeks, 'checkin_requests')),
    },
    atRisk: {
      count: atRiskCounts[last] ?? 0,
      pairs: inputs.atRisk
        .map((p) => ({ ...p, daysQuiet: daysQuiet(p, nowMs) }))
        .sort((a, b) => b.daysQuiet - a.daysQuiet || a.pairedAt.localeCompare(b.pairedAt) || a.pairId.localeCompare(b.pairId)),
    },
    incentives: {
      count: c(report, 'incentives'),
      earners: inputs.incentives
        .filter((e) => {
          const at = Date.parse(e.at);
          return at >= from && at < to;
        })
        .sort((a, b) => Date.parse(a.at) - Date.parse(b.at)),
    },
    deliverability: {
      bouncesThisWeek: c(report, 'bounces'),
      complaintsThisWeek: c(report, 'complaints'),
      suppressedAddresses: g('suppressed'),
      emailsUnknown: inputs.emailsUnknown ?? 0,
    },
    headlines: {
      newSignups: change(signups),
      newPairs: change(newPairs),
      activePairs: change(activePairs),
      meetings: change(meetings),
      checkinAnswers: change(checkinAnswers),
      avgRating: change(avgRatings),
      matchRate: change(matchRates),
      shareOnTrack: change(onTrack),
      atRiskPairs: change(atRiskCounts),
      unsubscribes: change(unsubscribes),
    },
    trend,
    goals: evaluateGoals(config.goals, histories, nowMs),
  };
}

/** A counter or gauge as a usable count: missing, negative (a drifting gauge) or non-finite values are 0. */
function count(v: number | undefined): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
}

/** a ÷ b, or null when b is 0. */
export function ratio(a: number, b: number): number | null {
  return b > 0 && Number.isFinite(a) && Number.isFinite(b) ? a / b : null;
}

/** a ÷ b kept within 0…1 (a part can't exceed its whole, even if the running totals briefly disagree), or null when b is 0. */
export function share(part: number, whole: number): number | null {
  const r = ratio(part, whole);
  return r === null ? null : Math.min(1, Math.max(0, r));
}

export function changeOf(value: number | null, previous: number | null): Change {
  if (value === null || previous === null) return { value, previous, delta: null, direction: null };
  const delta = value - previous;
  return { value, previous, delta, direction: Math.abs(delta) < EPSILON ? 'flat' : delta > 0 ? 'up' : 'down' };
}

/** Mentees matched after 0, 1, … 60+ days of waiting, summed over the weeks. */
function histogram(weeks: readonly WeekStats[]): number[] {
  const buckets = new Array<number>(MATCH_DAY_BUCKETS).fill(0);
  for (const w of weeks) {
    for (const [key, value] of Object.entries(w.counts)) {
      const m = /^match_days_(\d+)$/.exec(key);
      if (!m) continue;
      const day = Math.min(MATCH_DAY_BUCKETS - 1, Number(m[1]));
      buckets[day] = (buckets[day] ?? 0) + count(value);
    }
  }
  return buckets;
}

/** The median of a histogram of whole days (the mean of the two middle values when the count is even); null when empty. */
export function medianOfHistogram(buckets: readonly number[]): number | null {
  const n = buckets.reduce((s, b) => s + b, 0);
  if (n <= 0) return null;
  const valueAt = (rank: number) => {
    let seen = 0;
    for (let day = 0; day < buckets.length; day++) {
      seen += buckets[day] ?? 0;
      if (seen > rank) return day;
    }
    return buckets.length - 1;
  };
  return (valueAt(Math.floor((n - 1) / 2)) + valueAt(Math.floor(n / 2))) / 2;
}

/** Pairs formed in weeks that ended at least `days` ago, and the share of each role still in the pair `days` after pairing. */
function retentionAfter(days: RetentionWindow['days'], cohorts: readonly Cohort[], nowMs: number): RetentionWindow {
  let pairs = 0;
  let droppedMentors = 0;
  let droppedMentees = 0;
  for (const cohort of cohorts) {
    if (!isIsoWeek(cohort.week) || weekEnd(cohort.week) + days * DAY_MS > nowMs) continue;
    pairs += count(cohort.counts.pairs);
    droppedMentors += count(cohort.counts[`dropped_mentor_${days}`]);
    droppedMentees += count(cohort.counts[`dropped_mentee_${days}`]);
  }
  const kept = (dropped: number) => {
    const lost = share(dropped, pairs);
    return lost === null ? null : 1 - lost;
  };
  return { days, mentors: kept(droppedMentors), mentees: kept(droppedMentees), pairs };
}

function daysQuiet(pair: AtRiskPair, nowMs: number): number {
  const last = Date.parse(pair.lastActivityAt);
  const since = Number.isFinite(last) ? last : Date.parse(pair.pairedAt);
  return Number.isFinite(since) ? Math.max(0, Math.floor((nowMs - since) / DAY_MS)) : 0;
}

/**
 * Which weeks of the window belong to the program: from the first week with any
 * recorded event, snapshot or pairing cohort on. Earlier weeks have no values
 * (rather than zeros), so a first week shows no change instead of "up from 0".
 */
function programStarted(weekIds: readonly IsoWeek[], weeks: readonly WeekStats[], cohorts: readonly Cohort[], snapshots: readonly GaugeSnapshot[]): boolean[] {
  const hasEvents = (w: WeekStats) => Object.values(w.counts).some((v) => count(v) > 0);
  const marks = [
    ...weeks.filter(hasEvents).map((w) => w.week),
    ...cohorts.filter((c) => count(c.counts.pairs) > 0).map((c) => c.week),
    ...snapshots.filter((s) => Object.values(s.gauges).some((v) => count(v) > 0)).map((s) => s.week),
  ].filter(isIsoWeek);
  const first = marks.reduce<IsoWeek | null>((min, w) => (min === null || w < min ? w : min), null);
  const lastIndex = weekIds.length - 1;
  return weekIds.map((id, i) => i === lastIndex || (first !== null && id >= first));
}
