import type { ByRole, DigestKpis } from '../types';
import type { KpiWindow } from '../window';

const LEFT_STATUSES = ['unsubscribed', 'blocked', 'deleted'] as const;
const ALL_STATUSES = ['pending', 'awaiting_approval', 'waiting', 'matched', 'alumni', 'unsubscribed', 'blocked', 'deleted'] as const;
type Status = (typeof ALL_STATUSES)[number];
/** Everyone past the confirmation link, including those who left since. */
export const CONFIRMED_STATUSES = ALL_STATUSES.filter((s) => s !== 'pending');

/** Head counts per status, from the gauges (now), and this week's sign-ups. */
export function participants({ g, c, report }: KpiWindow): DigestKpis['participants'] {
  const role = (statuses: readonly Status[]): ByRole => {
    const mentor = statuses.reduce((s, st) => s + g(`participants_${st}_mentor`), 0);
    const mentee = statuses.reduce((s, st) => s + g(`participants_${st}_mentee`), 0);
    return { total: mentor + mentee, mentor, mentee };
  };
  const newMentors = c(report, 'signups_mentor');
  const newMentees = c(report, 'signups_mentee');
  return {
    signedUp: role(ALL_STATUSES),
    confirmed: role(CONFIRMED_STATUSES),
    pendingConfirmation: role(['pending']),
    waiting: role(['waiting']),
    inActivePair: role(['matched']),
    alumni: role(['alumni']),
    left: role(LEFT_STATUSES),
    newThisWeek: { total: newMentors + newMentees, mentor: newMentors, mentee: newMentees },
  };
}
