import type { FitAnswerValue, Pair } from '../../../domain/pair';
import { firstName, type Participant } from '../../../domain/participant';
import { wording } from '../../../email-rendering/wording';
import type { JobDeps } from '../../support/deps';
import { deliverToParticipant } from '../../support/deliver-email';
import { signedLink } from '../../support/links';
import { sendReplyConfirmation } from '../../support/reply-confirmation';
import { recordActivity, type RecordOutcome } from '../record-activity';
import { recordFitAnswer } from './answer-fit-check';

/**
 * "good fit" / "still deciding" by reply, from the member the reply address was sent to (handle-reply
 * only passes commands from them): the reply counts as contact like any other, once per message, and
 * the answer is recorded when a fit check awaits it. "not a good fit" never acts by email: see below.
 */
export async function answerFitByReply(
  deps: JobDeps,
  pair: Pair,
  participant: Participant,
  answer: Exclude<FitAnswerValue, 'not'>,
  messageKey: string,
): Promise<RecordOutcome> {
  const outcome = await recordActivity(deps, pair, { key: `reply#${messageKey}`, participantId: participant.id, source: 'reply', kind: 'message' });
  if (outcome === 'recorded') await recordFitAnswer(deps, pair, participant.id, answer);
  return outcome;
}

/**
 * "not a good fit" by reply ends a pair, so, like stop and pause, it is confirmed: the member gets
 * their fit page with the answer chosen (`?answer=not`) at their own stored address (never the From
 * header), once per reply message and within the daily cap it shares with them (sendReplyConfirmation); the page acts on a button
 * press. Nothing is sent when no fit check of a running pair awaits their answer.
 */
export async function confirmNotFitByReply(deps: JobDeps, participant: Participant, messageKey: string): Promise<'confirmation_sent' | 'confirmation_skipped'> {
  const pair = (await deps.pairs.pairsOf(participant.id)).find((p) => p.status !== 'ended' && p.fitCheck !== undefined);
  if (!pair) return 'confirmation_skipped';
  const partner = await deps.participants.get(pair.mentorId === participant.id ? pair.menteeId : pair.mentorId);
  if (!partner) return 'confirmation_skipped';
  const key = `fit-confirm#${participant.id}#${messageKey}`;
  return sendReplyConfirmation(deps, participant, key, async () =>
    deliverToParticipant(deps, {
      key,
      template: 'fit-confirm',
      to: participant,
      requestedNow: true,
      vars: {
        firstName: firstName(participant.name),
        partnerFirstName: firstName(partner.name),
        confirmUrl: `${await signedLink(deps, 'fit', pair.id, participant.id)}?answer=not`,
        preheader: wording['fit-confirm'].preheader(),
      },
    }),
  );
}
