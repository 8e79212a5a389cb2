/**
 * iCalendar objects (RFC 5545) for invitations sent by email (iTIP/iMIP, RFC 5546 and
 * 6047), written by ical-generator: escaping, line folding and the property rules are
 * a library's job. Pure: every time comes in as data (DTSTAMP too), so the same event
 * gives the same text. Times are written in UTC (`…Z`), which every client converts
 * to the reader's zone, so no VTIMEZONE is needed.
 */
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

export type CalendarMethod = 'REQUEST' | 'CANCEL' | 'PUBLISH';

export interface CalendarPerson {
  name: string;
  email: string;
}

export interface CalendarEvent {
  method: CalendarMethod;
  /** Stable across every update and the cancellation of the same event. */
  uid: string;
  /** Raised on every change (RFC 5546 §2.1.4); a client ignores an update whose SEQUENCE is not higher. */
  sequence: number;
  /** ISO 8601 instants. */
  start: string;
  end: string;
  /** When this version was written (DTSTAMP). */
  stamp: string;
  summary: string;
  description: string;
  location?: string;
  url?: string;
  /** Who sends the invitation and receives the REPLY: for a pair, the pair's reply address. */
  organizer: CalendarPerson;
  /** Each attendee is asked to answer (RSVP) unless the method is PUBLISH. */
  attendees: CalendarPerson[];
}

const METHODS: Record<CalendarMethod, ICalCalendarMethod> = {
  REQUEST: ICalCalendarMethod.REQUEST,
  CANCEL: ICalCalendarMethod.CANCEL,
  PUBLISH: ICalCalendarMethod.PUBLISH,
};

export function calendarObject(event: CalendarEvent, product: { company: string; product: string }): string {
  const calendar = ical({ method: METHODS[event.method], prodId: { ...product, language: 'EN' } });
  const rsvp = event.method === 'REQUEST';
  calendar.createEvent({
    id: event.uid,
    sequence: event.sequence,
    stamp: new Date(event.stamp),
    start: new Date(event.start),
    end: new Date(event.end),
    summary: event.summary,
    description: event.description,
    ...(event.location ? { location: event.location } : {}),
    ...(event.url ? { url: event.url } : {}),
    status: event.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: event.organizer.name, email: event.organizer.email },
    attendees: event.attendees.map((a) => ({
      name: a.name,
      email: a.email,
      role: ICalAttendeeRole.REQ,
      ...(rsvp ? { rsvp: true, status: ICalAttendeeStatus.NEEDSACTION } : {}),
    })),
  });
  return calendar.toString();
}
