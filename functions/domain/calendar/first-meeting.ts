/**
 * The first meeting's invitation and what each answer does to it (pure). One event per
 * pair: its UID never changes, its SEQUENCE rises with every new time, the withdrawal of
 * the last one, and the cancellation (RFC 5546 §2.1.4: clients ignore an update whose
 * SEQUENCE is not higher than the one they hold).
 */
import { TOOL_LABELS } from '../intro-content';
import type { FirstMeeting, InvitationAnswer } from '../pair';
import type { ToolLinks } from '../program';
import { TOOLS, type Role, type Tool } from '../signup-schema';
import type { CalendarEvent, CalendarMethod, CalendarPerson } from './ics';
import type { Slot } from './first-slot';

/** Proposed times in all: after the third fails, the pair agrees one by reply. */
export const MAX_ATTEMPTS = 3;

export const firstMeetingUid = (pairId: string, replyDomain: string) => `first-meeting-${pairId}@${replyDomain}`;

/** The first tool both named, in the order intro-content's suggestion uses (so the intro and the invitation agree). */
export function sharedTool(a: readonly Tool[], b: readonly Tool[]): Tool | undefined {
  return TOOLS.find((t) => a.includes(t) && b.includes(t));
}

/** LOCATION: the shared tool's name, with the admin's link for it when set. */
export function meetingPlace(tool: Tool | undefined, links: ToolLinks, noTool: string): { label: string; link?: string } {
  if (!tool) return { label: noTool };
  const link = links[tool];
  return { label: TOOL_LABELS[tool], ...(link ? { link } : {}) };
}

export const locationLine = (place: { label: string; link?: string }) => (place.link ? `${place.label}: ${place.link}` : place.label);

export function proposedMeeting(uid: string, slot: Slot, before?: FirstMeeting): FirstMeeting {
  return {
    uid,
    sequence: before ? before.sequence + 1 : 0,
    start: slot.start,
    end: slot.end,
    state: 'proposed',
    attempts: before ? before.attempts + 1 : 1,
    answers: {},
  };
}

/**
 * What an answer does. `unchanged`: nothing awaits it (already settled, cancelled, the same
 * answer again, or a calendar reply to an older SEQUENCE); `waiting`: recorded, the partner's
 * answer is still out; `scheduled`: both accepted; `reschedule`: a decline or "another time",
 * so the next time is proposed (or, after the third, the pair agrees by reply).
 */
export type AnswerStep =
  | { kind: 'unchanged' }
  | { kind: 'waiting'; meeting: FirstMeeting }
  | { kind: 'scheduled'; meeting: FirstMeeting }
  | { kind: 'reschedule'; lastAttempt: boolean };

export function answerStep(meeting: FirstMeeting, role: Role, answer: InvitationAnswer, sequence?: number): AnswerStep {
  if (sequence !== undefined && sequence < meeting.sequence) return { kind: 'unchanged' };
  // A scheduled meeting still hears a decline (a member can decline it in their calendar later); never a second accept.
  if (meeting.state !== 'proposed' && !(meeting.state === 'scheduled' && answer !== 'accepted')) return { kind: 'unchanged' };
  if (meeting.answers[role] === answer) return { kind: 'unchanged' };
  if (answer !== 'accepted') return { kind: 'reschedule', lastAttempt: meeting.attempts >= MAX_ATTEMPTS };
  const answers = { ...meeting.answers, [role]: answer };
  const both = answers.mentor === 'accepted' && answers.mentee === 'accepted';
  return both ? { kind: 'scheduled', meeting: { ...meeting, answers, state: 'scheduled' } } : { kind: 'waiting', meeting: { ...meeting, answers } };
}

/** Whether a plain "accept"/"decline"/"another time" from this member answers the invitation (else it is a plain message). */
export const awaitsAnswer = (meeting: FirstMeeting | undefined): meeting is FirstMeeting => meeting?.state === 'proposed';

/** Whether ending the pair must withdraw the invitation: it is still in calendars and still ahead. */
export const needsCancel = (meeting: FirstMeeting | undefined, nowIso: string): meeting is FirstMeeting =>
  (meeting?.state === 'proposed' || meeting?.state === 'scheduled') && meeting.end > nowIso;

/** The calendar object of one member's copy: that member's own reply address organizes it, so their REPLY names them. */
export function invitationEvent(input: {
  method: CalendarMethod;
  meeting: FirstMeeting;
  stamp: string;
  organizer: CalendarPerson;
  attendees: CalendarPerson[];
  summary: string;
  description: string;
  place: { label: string; link?: string };
}): CalendarEvent {
  return {
    method: input.method,
    uid: input.meeting.uid,
    sequence: input.meeting.sequence,
    start: input.meeting.start,
    end: input.meeting.end,
    stamp: input.stamp,
    summary: input.summary,
    description: input.description,
    location: locationLine(input.place),
    ...(input.place.link ? { url: input.place.link } : {}),
    organizer: input.organizer,
    attendees: input.attendees,
  };
}
