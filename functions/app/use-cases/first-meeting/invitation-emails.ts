import { calendarObject } from '../../../domain/calendar/ics';
import { slotInZone } from '../../../domain/calendar/first-slot';
import { invitationEvent, meetingPlace, sharedTool } from '../../../domain/calendar/first-meeting';
import { overlapSummary } from '../../../domain/intro-content';
import type { FirstMeeting, Pair } from '../../../domain/pair';
import { firstName, type Participant } from '../../../domain/participant';
import { memberReplyAddress } from '../../../domain/reply-address';
import { wording } from '../../../email-rendering/wording';
import { allSettledOrThrow } from '../../../lib/map-limit';
import type { JobDeps } from '../../support/deps';
import { deliverToParticipant, type DeliveryOutcome } from '../../support/deliver-email';

/**
 * `request`: the invitation (a first time or a new one); `by_reply`: three times failed, so
 * the last one is withdrawn and the pair asked to agree by reply; `cancel`: the pair ended.
 */
export type MeetingEmail = 'request' | 'by_reply' | 'cancel';

const PRODUCT = (deps: JobDeps) => ({ company: deps.config.name, product: 'Mentoring program' });

/**
 * One copy per member, each its own email: the ORGANIZER is the recipient's own signed reply
 * address for this pair, so their calendar's REPLY comes back to an address that names them
 * (never the ATTENDEE line, which anyone can write). Keyed per pair, member and SEQUENCE:
 * a repeated run sends nothing twice, and every change (a higher SEQUENCE) is a new email.
 * Members who may not be emailed (unsubscribed, suppressed, erased) are skipped by deliverToParticipant;
 * a paused member still gets a new time or a cancellation of the meeting they hold, never a first invitation.
 */
export async function sendMeetingEmails(deps: JobDeps, pair: Pair, meeting: FirstMeeting, kind: MeetingEmail): Promise<DeliveryOutcome[]> {
  const [mentor, mentee] = await Promise.all([deps.participants.get(pair.mentorId), deps.participants.get(pair.menteeId)]);
  if (!mentor || !mentee) return [];
  const secret = await deps.secrets.tokenSecret();
  const place = meetingPlace(sharedTool(mentor.preferredTools, mentee.preferredTools), deps.config.toolLinks, wording['first-meeting'].noTool());
  const attendees = [mentor, mentee].filter((m) => m.email).map((m) => ({ name: m.name, email: m.email }));
  const stamp = deps.clock.now().toISOString();

  const copyTo = async (recipient: Participant, partner: Participant): Promise<DeliveryOutcome> => {
    const own = memberReplyAddress(pair, recipient.id, secret, deps.config.replyDomain);
    const calendar = (method: 'REQUEST' | 'CANCEL') => ({
      method,
      ics: calendarObject(
        invitationEvent({
          method,
          meeting,
          stamp,
          organizer: { name: deps.config.name, email: own },
          attendees,
          summary: `${firstName(mentor.name)} & ${firstName(mentee.name)}: first mentoring meeting`,
          description: `Your first meeting as a mentoring pair in ${deps.config.name}. Reply to the email with "accept", "decline" or "another time", or answer in your calendar.`,
          place,
        }),
        PRODUCT(deps),
      ),
    });
    const key = `first-meeting#${pair.id}#${recipient.id}#${meeting.sequence}`;
    // A new time or a cancellation replaces an event the member already holds (see mayCorrectCalendar).
    const base = { key, to: recipient, replyTo: [own], correctsCalendar: kind !== 'request' || meeting.sequence > 0 };
    if (kind === 'request') {
      return deliverToParticipant(deps, {
        ...base,
        template: 'first-meeting',
        calendar: calendar('REQUEST'),
        vars: {
          firstName: firstName(recipient.name),
          partnerFirstName: firstName(partner.name),
          when: slotInZone(meeting.start, recipient.timezone),
          partnerWhen: slotInZone(meeting.start, partner.timezone),
          minutes: Math.round((Date.parse(meeting.end) - Date.parse(meeting.start)) / 60_000),
          place: place.label,
          link: place.link ? [{ url: place.link }] : [],
          lead: meeting.attempts > 1 ? wording['first-meeting'].newLead(firstName(partner.name)) : wording['first-meeting'].firstLead(firstName(partner.name)),
          preheader: wording['first-meeting'].preheader(firstName(partner.name)),
        },
      });
    }
    if (kind === 'by_reply') {
      return deliverToParticipant(deps, {
        ...base,
        // Agreeing a time is a conversation: a reply reaches the partner too.
        replyTo: [own, partner.email],
        template: 'first-meeting-by-reply',
        calendar: calendar('CANCEL'),
        vars: {
          firstName: firstName(recipient.name),
          partnerFirstName: firstName(partner.name),
          overlapSummary: overlapSummary(
            { firstName: firstName(recipient.name), timezone: recipient.timezone, availability: recipient.availability },
            { firstName: firstName(partner.name), timezone: partner.timezone, availability: partner.availability },
            Date.parse(stamp),
          ),
          preheader: wording['first-meeting-by-reply'].preheader(),
        },
      });
    }
    return deliverToParticipant(deps, {
      ...base,
      template: 'first-meeting-cancelled',
      calendar: calendar('CANCEL'),
      vars: {
        firstName: firstName(recipient.name),
        when: slotInZone(meeting.start, recipient.timezone),
        preheader: wording['first-meeting-cancelled'].preheader(),
      },
    });
  };
  // Settled before any failure is thrown: a claimed email is never abandoned unsent (see mapLimit).
  return allSettledOrThrow([copyTo(mentor, mentee), copyTo(mentee, mentor)]);
}
