/**
 * The console's list of mentors' declines of chosen pairs (matching mode `choice`), newest
 * first: who declined whom, when, and the mentor's reason, each linked to the people and
 * the pair. One query and one batch read, whatever the program's size.
 */
import type { AdminDeps } from '../../support/deps';

export const DECLINES_SHOWN = 20;

export interface ConsoleDecline {
  at: string;
  mentorName: string;
  mentorUrl: string;
  menteeName: string;
  menteeUrl: string;
  pairUrl: string;
  reason: string;
}

const personUrl = (id: string) => `/admin/people/${encodeURIComponent(id)}`;

export async function recentDeclines(deps: Pick<AdminDeps, 'config' | 'offers' | 'participants'>, limit = DECLINES_SHOWN): Promise<ConsoleDecline[]> {
  const declines = await deps.offers.declines(deps.config.id, limit);
  if (declines.length === 0) return [];
  const people = await deps.participants.getMany([...new Set(declines.flatMap((d) => [d.mentorId, d.menteeId]))]);
  const nameOf = (id: string) => people.find((p) => p.id === id && p.status !== 'deleted')?.name ?? 'A removed participant';
  return declines.map((d) => ({
    at: d.at,
    mentorName: nameOf(d.mentorId),
    mentorUrl: personUrl(d.mentorId),
    menteeName: nameOf(d.menteeId),
    menteeUrl: personUrl(d.menteeId),
    pairUrl: `/admin/pairs/${encodeURIComponent(d.pairId)}`,
    reason: d.reason,
  }));
}
