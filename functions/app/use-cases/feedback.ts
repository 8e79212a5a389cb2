import { checkInPeriod, type Feedback } from '../../domain/activity';
import type { JobDeps } from '../support/deps';
import { pairLinkContext, type PairContext } from '../support/pair-links';
import { recordActivity, type RecordOutcome } from './record-activity';

/**
 * The feedback form's answer: one per member and check-in period, keyed on the
 * server (a resubmitted or replayed form is a 'duplicate', whatever the client sends).
 */
export async function submitFeedback(deps: JobDeps, token: string, feedback: Feedback): Promise<PairContext & { outcome: RecordOutcome }> {
  const context = await pairLinkContext(deps, token, 'feedback');
  const period = checkInPeriod(context.pair.createdAt, deps.clock.now().toISOString(), deps.config.meetingCadenceDays);
  const outcome = await recordActivity(deps, context.pair, {
    key: `feedback#${context.pair.id}#${context.me.id}#${period}`,
    participantId: context.me.id,
    kind: 'feedback',
    source: 'form',
    rating: feedback.satisfaction,
    feedback,
  });
  return { ...context, outcome };
}

export const feedbackTarget = (deps: JobDeps, token: string) => pairLinkContext(deps, token, 'feedback');
