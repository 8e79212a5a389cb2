/**
 * What pairs do, as recorded: check-in answers, ratings, feedback and email
 * replies. Every recorded activity counts as the pair being active (it resets
 * the nudge ladder); some also count a meeting.
 */
export const ACTIVITY_KINDS = ['met', 'not_yet', 'rating', 'feedback', 'message', 'pause', 'stop'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export type ActivitySource = 'link' | 'form' | 'reply';

export interface Feedback {
  met: 'yes' | 'no';
  timesMet?: number;
  satisfaction?: number;
  wentWell?: string;
  toImprove?: string;
  comments?: string;
}

export interface Activity {
  /** Stable per real-world event (a reply's Message-ID, a link's step and answer), so duplicates collapse. */
  key: string;
  pairId: string;
  participantId: string;
  kind: ActivityKind;
  source: ActivitySource;
  at: string;
  /** 1–5, for ratings and feedback. */
  rating?: number;
  feedback?: Feedback;
}

/** A meeting the pair reported, counted at most once per check-in period. */
export interface MeetingClaim {
  /** Which check-in period it falls in (see checkInPeriod). */
  period: number;
}

const DAY_MS = 86_400_000;

/**
 * The check-in period an instant falls in: 0 from pairing until the first
 * check-in, then one per meeting cadence. At most one meeting per pair is
 * counted in a period, whoever reports it and however (link, reply, form), so
 * repeated reports can never inflate the count (or make a pair incentive-eligible).
 */
export function checkInPeriod(pairCreatedAt: string, at: string, cadenceDays: number): number {
  const elapsed = Date.parse(at) - Date.parse(pairCreatedAt);
  return Math.max(0, Math.floor(elapsed / (cadenceDays * DAY_MS)));
}

/** Whether this activity reports a meeting: "We met" (link or reply), or feedback saying they met. */
export function reportsMeeting(activity: Pick<Activity, 'kind' | 'feedback'>): boolean {
  return activity.kind === 'met' || (activity.kind === 'feedback' && activity.feedback?.met === 'yes');
}

/** The meeting claim of an activity at `at`, or undefined when it reports none. */
export function meetingClaim(activity: Pick<Activity, 'kind' | 'feedback'>, pairCreatedAt: string, at: string, cadenceDays: number): MeetingClaim | undefined {
  return reportsMeeting(activity) ? { period: checkInPeriod(pairCreatedAt, at, cadenceDays) } : undefined;
}
