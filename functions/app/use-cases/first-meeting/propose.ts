import { FIRST_MEETING_LEAD_HOURS, meetingSlot } from '../../../domain/calendar/first-slot';
import { firstMeetingUid, proposedMeeting } from '../../../domain/calendar/first-meeting';
import type { FirstMeeting, Pair } from '../../../domain/pair';
import type { JobDeps } from '../../support/deps';
import { sendMeetingEmails } from './invitation-emails';

/** Compare-and-set rounds before giving up (each loses only to another writer of the same pair). */
export const START_WRITE_ATTEMPTS = 5;

/** The earliest start of a new proposal: 48 hours ahead of pairing, or of now when setting up runs late. */
export const proposalFrom = (pair: Pair, nowMs: number) => Math.max(Date.parse(pair.createdAt), nowMs) + FIRST_MEETING_LEAD_HOURS * 3_600_000;

/**
 * The first meeting of a new pair (after its intros): the earliest slot in both members'
 * availability, stored (attempt 1, SEQUENCE 0) and sent to each member as an invitation.
 * Safe to repeat (setting up is retried after a failed send): a pair that already has its
 * invitation gets the same emails again, which their keys make a no-op once sent. With no
 * shared slot in the search, nothing is proposed: the intro's overlap line already asks
 * the pair to agree on a time by reply.
 */
/** The first meetings both members already have with other partners (proposed or accepted): a new one must not clash. */
export async function otherMeetings(deps: JobDeps, pair: Pair): Promise<FirstMeeting[]> {
  const theirs = await Promise.all([deps.pairs.pairsOf(pair.mentorId), deps.pairs.pairsOf(pair.menteeId)]);
  return theirs
    .flat()
    .filter((p) => p.id !== pair.id && p.status !== 'ended')
    .flatMap((p) => (p.firstMeeting && (p.firstMeeting.state === 'proposed' || p.firstMeeting.state === 'scheduled') ? [p.firstMeeting] : []));
}

export async function proposeFirstMeeting(deps: JobDeps, pair: Pair): Promise<FirstMeeting | undefined> {
  let current: Pair | undefined = pair;
  for (let attempt = 0; attempt < START_WRITE_ATTEMPTS && current && current.status !== 'ended'; attempt++) {
    if (current.firstMeeting) {
      if (current.firstMeeting.state === 'proposed') await sendMeetingEmails(deps, current, current.firstMeeting, 'request');
      return current.firstMeeting;
    }
    const [mentor, mentee] = await Promise.all([deps.participants.get(current.mentorId), deps.participants.get(current.menteeId)]);
    if (!mentor || !mentee) return undefined;
    const slot = meetingSlot(mentor, mentee, {
      notBefore: proposalFrom(current, deps.clock.now().getTime()),
      minutes: deps.config.firstMeetingMinutes,
      busy: await otherMeetings(deps, current),
    });
    if (!slot) return undefined;
    const meeting = proposedMeeting(firstMeetingUid(current.id, deps.config.replyDomain), slot);
    if ((await deps.pairs.setStart(current, { firstMeeting: meeting })) === 'updated') {
      await sendMeetingEmails(deps, current, meeting, 'request');
      deps.log?.('first_meeting_proposed', { attempt: 1 });
      return meeting;
    }
    current = await deps.pairs.get(pair.id);
  }
  if (current && current.status !== 'ended') throw new Error(`pair ${pair.id}: its first meeting kept changing while it was being proposed`);
  return undefined;
}
