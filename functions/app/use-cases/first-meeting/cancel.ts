import { needsCancel } from '../../../domain/calendar/first-meeting';
import { scheduleName, type Pair } from '../../../domain/pair';
import type { JobDeps } from '../../support/deps';
import { sendMeetingEmails } from './invitation-emails';
import { START_WRITE_ATTEMPTS } from './propose';

/**
 * Withdraws a pair's first-meeting invitation while it is still ahead: state `cancelled`,
 * then a METHOD:CANCEL (same UID, SEQUENCE + 1) to each member who may still be emailed.
 * Called by endPair before the pair is ended (an ended pair's start is never written), so
 * every way a pair ends (completed, re-match, admin end, a member unsubscribing or erasing
 * their data) passes here. A member leaving still gets it: their address is erased only after
 * their pairs have ended, and the CANCEL is what takes the meeting out of their calendar.
 */
export async function cancelFirstMeeting(deps: JobDeps, pair: Pair): Promise<void> {
  let current: Pair | undefined = pair;
  for (let attempt = 0; attempt < START_WRITE_ATTEMPTS && current && current.status !== 'ended'; attempt++) {
    const meeting = current.firstMeeting;
    if (!needsCancel(meeting, deps.clock.now().toISOString())) return;
    const cancelled = { ...meeting, sequence: meeting.sequence + 1, state: 'cancelled' as const };
    if ((await deps.pairs.setStart(current, { firstMeeting: cancelled })) === 'updated') {
      if (meeting.state === 'scheduled') await deps.scheduler.cancel(scheduleName(current.id, 'fit-1', meeting.end));
      await sendMeetingEmails(deps, current, cancelled, 'cancel');
      deps.log?.('first_meeting_cancelled', { was: meeting.state });
      return;
    }
    current = await deps.pairs.get(pair.id);
  }
}
