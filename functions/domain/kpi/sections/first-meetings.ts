import type { DigestKpis } from '../types';
import { share } from '../numbers';
import type { KpiWindow } from '../window';

/**
 * New pairs whose first meeting both members accepted (the calendar invitation, issue 12).
 * `first_meetings_scheduled` is counted once per pair in the week the pair was made, so the
 * two counts over the window compare like with like, whenever the answers came in.
 */
export function firstMeetings({ weeks, c }: KpiWindow): DigestKpis['firstMeetings'] {
  const pairsMade8Weeks = weeks.reduce((s, w) => s + c(w, 'pairs_created'), 0);
  const scheduled8Weeks = weeks.reduce((s, w) => s + c(w, 'first_meetings_scheduled'), 0);
  return { pairsMade8Weeks, scheduled8Weeks, shareScheduled: share(scheduled8Weeks, pairsMade8Weeks) };
}
