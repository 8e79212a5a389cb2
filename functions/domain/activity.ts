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

/**
 * Meetings to add to the pair's count. "We met" adds one. The feedback form asks
 * how many times they have met in all, so it only raises the count to that
 * number (clicking "We met" and then filling the form never counts twice).
 */
export function meetingsAdded(activity: Pick<Activity, 'kind' | 'feedback'>, loggedSoFar: number): number {
  if (activity.kind === 'met') return 1;
  if (activity.kind === 'feedback' && activity.feedback?.met === 'yes') {
    const total = Math.max(1, Math.min(activity.feedback.timesMet ?? 1, 50));
    return Math.max(0, total - loggedSoFar);
  }
  return 0;
}
