/**
 * The program's introductory session (tip 2 of the guide) as a calendar event. Its SEQUENCE
 * is the settings version that last changed it: versions only grow, so every change the
 * admin makes is a higher SEQUENCE, and an unrelated settings edit changes nothing.
 * Pure: the settings history comes in as data, newest first.
 */
import type { Webinar } from '../program';
import type { CalendarEvent, CalendarMethod, CalendarPerson } from './ics';

/** The session is shown as this long: the settings hold only its start. */
export const WEBINAR_MINUTES = 60;

export interface WebinarVersion {
  version: number;
  webinar: Webinar | null;
}

export interface WebinarState {
  /** The session as it stands; null: removed (or never set). */
  current: Webinar | null;
  /** The settings version that last changed it: the SEQUENCE of what goes out now. */
  sequence: number;
  /** When `current` is null: the session that was removed (what a CANCEL names). */
  removed?: Webinar;
  /** The SEQUENCEs invitations to earlier versions of the session went out under, newest first (as far as the history was read). */
  earlier: number[];
}

export const sameWebinar = (a: Webinar | null, b: Webinar | null): boolean =>
  a === b || (a !== null && b !== null && a.title === b.title && a.url === b.url && Date.parse(a.at) === Date.parse(b.at));

/**
 * Reads the history (newest first) into runs of equal sessions. A run's SEQUENCE is its oldest
 * version. If the history read is cut short inside the newest run, its oldest version read
 * stands in (higher than the true one: at worst an update nobody needed).
 */
export function webinarState(newestFirst: readonly WebinarVersion[]): WebinarState | undefined {
  const runs: { webinar: Webinar | null; sequence: number }[] = [];
  for (const v of newestFirst) {
    const last = runs.at(-1);
    if (last && sameWebinar(last.webinar, v.webinar)) last.sequence = v.version;
    else runs.push({ webinar: v.webinar, sequence: v.version });
  }
  const [now, ...before] = runs;
  if (!now) return undefined;
  const earlier = before.filter((r) => r.webinar !== null).map((r) => r.sequence);
  const removed = now.webinar === null ? (before[0]?.webinar ?? undefined) : undefined;
  return { current: now.webinar, sequence: now.sequence, ...(removed ? { removed } : {}), earlier };
}

export interface WebinarInvitation {
  programId: string;
  programName: string;
  /** The domain of the program's reply addresses (also the UID's domain). */
  domain: string;
  webinar: Webinar;
  sequence: number;
  method: Extract<CalendarMethod, 'REQUEST' | 'CANCEL'>;
  stamp: string;
  attendee: CalendarPerson;
  /** The attendee's own reply address: an answer (REPLY) comes back to the program, tied to them. */
  organizerEmail: string;
}

/** One participant's copy of the session: one UID per program, so an update or CANCEL replaces the same calendar entry. */
export function webinarEvent(i: WebinarInvitation): CalendarEvent {
  const start = Date.parse(i.webinar.at);
  return {
    method: i.method,
    uid: `webinar-${i.programId}@${i.domain}`,
    sequence: i.sequence,
    start: new Date(start).toISOString(),
    end: new Date(start + WEBINAR_MINUTES * 60_000).toISOString(),
    stamp: i.stamp,
    summary: i.webinar.title,
    description: `${i.programName}: ${i.webinar.title}. Join: ${i.webinar.url}`,
    location: i.webinar.url,
    url: i.webinar.url,
    organizer: { name: i.programName, email: i.organizerEmail },
    attendees: [i.attendee],
  };
}
