import { answerStep, awaitsAnswer, proposedMeeting } from '../../../domain/calendar/first-meeting';
import { meetingSlot } from '../../../domain/calendar/first-slot';
import type { CalendarReply } from '../../../domain/calendar/reply';
import { counted } from '../../../domain/kpi/stats-delta';
import { scheduleName, type FirstMeeting, type InvitationAnswer, type Pair } from '../../../domain/pair';
import type { ReplyIntent } from '../../../domain/reply/interpret';
import type { ParsedReply } from '../../../ports';
import type { JobDeps } from '../../support/deps';
import { scheduleFitCheck } from '../../support/follow-up/fit-check-schedule';
import { sendMeetingEmails } from './invitation-emails';
import { otherMeetings, proposalFrom, START_WRITE_ATTEMPTS } from './propose';

export interface InvitationAnswerInput {
  pairId: string;
  /** Who answered, as the reply address (and its MAC) says: never the ATTENDEE line. */
  participantId: string;
  answer: InvitationAnswer;
  /** A calendar REPLY names the event and the version it answers; a plain reply answers the current one. */
  calendar?: { uid: string; sequence: number };
}

/**
 * `not_awaited`: no invitation of this pair awaits this answer (a plain "yes" is then just a
 * message); `unchanged`: already counted, or an answer to an older version.
 */
export type AnswerOutcome = 'not_awaited' | 'unchanged' | 'waiting' | 'scheduled' | 'rescheduled' | 'by_reply';

/**
 * One member's answer to the first meeting's invitation. Both accept → `scheduled`, and the
 * fit check is set for a day after it. A decline or "another time" → the next time both are
 * free (same UID, SEQUENCE + 1, answers reset), at most three times in all; after the third,
 * the last invitation is withdrawn and the pair is asked to agree a time by reply.
 * Written by compare-and-set: when both answer at once, the loser re-reads and decides again,
 * so both answers count.
 */
export async function answerInvitation(deps: JobDeps, input: InvitationAnswerInput): Promise<AnswerOutcome> {
  for (let attempt = 0; attempt < START_WRITE_ATTEMPTS; attempt++) {
    const pair = await deps.pairs.get(input.pairId);
    const meeting = pair?.firstMeeting;
    if (!pair || pair.status === 'ended' || !meeting) return 'not_awaited';
    if (input.calendar ? input.calendar.uid !== meeting.uid : !awaitsAnswer(meeting)) return 'not_awaited';
    const role = input.participantId === pair.mentorId ? 'mentor' : input.participantId === pair.menteeId ? 'mentee' : undefined;
    if (!role) return 'not_awaited';
    const step = answerStep(meeting, role, input.answer, input.calendar?.sequence);
    if (step.kind === 'unchanged') return 'unchanged';
    if (step.kind === 'waiting' || step.kind === 'scheduled') {
      if ((await deps.pairs.setStart(pair, { firstMeeting: step.meeting })) === 'conflict') continue;
      if (step.kind === 'scheduled') {
        await scheduleFitCheck(deps, pair.id, 1, step.meeting.end);
        // For the digest: once per pair, in the week the pair was made.
        await deps.stats.add(pair.programId, counted('first_meetings_scheduled', pair.createdAt), `first-meeting-scheduled#${pair.id}`);
      }
      deps.log?.('first_meeting_answer', { answer: input.answer, state: step.meeting.state });
      return step.kind;
    }
    const outcome = await reschedule(deps, pair, meeting, step.lastAttempt);
    if (outcome === 'conflict') continue;
    deps.log?.('first_meeting_answer', { answer: input.answer, state: outcome });
    return outcome;
  }
  throw new Error(`pair ${input.pairId}: its first meeting kept changing while an answer was being counted`);
}

/** The next proposal (after the current time, in another shared window), or the pair agrees by reply. */
async function reschedule(deps: JobDeps, pair: Pair, meeting: FirstMeeting, lastAttempt: boolean): Promise<'rescheduled' | 'by_reply' | 'conflict'> {
  const [mentor, mentee] = await Promise.all([deps.participants.get(pair.mentorId), deps.participants.get(pair.menteeId)]);
  // Each proposal is the earliest after the one before, so "after the current one" excludes all tried so far.
  const notBefore = Math.max(proposalFrom(pair, deps.clock.now().getTime()), Date.parse(meeting.end));
  const minutes = Math.round((Date.parse(meeting.end) - Date.parse(meeting.start)) / 60_000);
  const slot =
    !lastAttempt && mentor && mentee ? meetingSlot(mentor, mentee, { notBefore, minutes, tried: [meeting], busy: await otherMeetings(deps, pair) }) : undefined;
  const next: FirstMeeting = slot
    ? proposedMeeting(meeting.uid, slot, meeting)
    : { ...meeting, sequence: meeting.sequence + 1, state: 'by_reply', answers: {} };
  if ((await deps.pairs.setStart(pair, { firstMeeting: next })) === 'conflict') return 'conflict';
  // A scheduled meeting declined later: its fit check is not due any more.
  if (meeting.state === 'scheduled') await deps.scheduler.cancel(scheduleName(pair.id, 'fit-1', meeting.end));
  await sendMeetingEmails(deps, pair, next, slot ? 'request' : 'by_reply');
  return slot ? 'rescheduled' : 'by_reply';
}

const PARTSTAT_ANSWERS: Record<CalendarReply['partstat'], InvitationAnswer | undefined> = {
  ACCEPTED: 'accepted',
  DECLINED: 'declined',
  // "Maybe" is no answer yet: the invitation keeps waiting.
  TENTATIVE: undefined,
};
const INTENT_ANSWERS: Partial<Record<ReplyIntent['kind'], InvitationAnswer>> = { accept: 'accepted', decline: 'declined', another_time: 'another_time' };

/**
 * The reply pipeline's entry (handle-reply.ts, once per accepted message, only from the member
 * the reply address was sent to): a calendar REPLY, else a plain "accept"/"decline"/"another
 * time". Everything else, and answers nothing awaits, stay plain messages.
 */
export async function answerFromReply(
  deps: JobDeps,
  sender: { participant: { id: string }; pair?: Pair; mayCommand: boolean },
  intent: ReplyIntent,
  message: Pick<ParsedReply, 'calendarReply'>,
): Promise<AnswerOutcome> {
  if (!sender.mayCommand || !sender.pair) return 'not_awaited';
  const base = { pairId: sender.pair.id, participantId: sender.participant.id };
  const cal = message.calendarReply;
  if (cal) {
    const answer = PARTSTAT_ANSWERS[cal.partstat];
    return answer ? answerInvitation(deps, { ...base, answer, calendar: { uid: cal.uid, sequence: cal.sequence } }) : 'unchanged';
  }
  const answer = INTENT_ANSWERS[intent.kind];
  return answer ? answerInvitation(deps, { ...base, answer }) : 'not_awaited';
}
