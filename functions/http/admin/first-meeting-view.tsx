/**
 * The first meeting on the console's pair page: when (UTC, the console's one clock),
 * where it stands, and each member's answer to the invitation.
 */
import type { FirstMeeting } from '../../domain/pair';

const STATES: Record<FirstMeeting['state'], string> = {
  proposed: 'proposed, waiting for answers',
  scheduled: 'scheduled (both accepted)',
  by_reply: 'no time suited: agreeing by reply',
  cancelled: 'cancelled',
};
const ANSWERS = { accepted: 'accepted', declined: 'declined', another_time: 'asked for another time' } as const;

const utc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

export function FirstMeetingSection(props: { meeting: FirstMeeting | undefined }) {
  const m = props.meeting;
  return (
    <>
      <h2>First meeting</h2>
      {m ? (
        <p>
          {utc(m.start)}–{m.end.slice(11, 16)} · <span class="badge">{STATES[m.state]}</span> · time {m.attempts} of 3 · mentor:{' '}
          {m.answers.mentor ? ANSWERS[m.answers.mentor] : 'no answer yet'} · mentee: {m.answers.mentee ? ANSWERS[m.answers.mentee] : 'no answer yet'}
        </p>
      ) : (
        <p>No invitation sent (the two share no free time in the next six weeks, or the pair predates invitations).</p>
      )}
    </>
  );
}
