import type { Feedback } from '../domain/activity';
import type { JobDeps } from './deps';
import { pairLinkContext, type PairContext } from './pair-links';
import { recordActivity, type RecordOutcome } from './record-activity';

/** The feedback form's submission; `submissionId` comes from the rendered form, so a double submit counts once. */
export async function submitFeedback(deps: JobDeps, token: string, feedback: Feedback, submissionId: string): Promise<PairContext & { outcome: RecordOutcome }> {
  const context = await pairLinkContext(deps, token, 'feedback');
  const outcome = await recordActivity(deps, context.pair, {
    key: `feedback#${context.pair.id}#${context.me.id}#${submissionId}`,
    participantId: context.me.id,
    kind: 'feedback',
    source: 'form',
    rating: feedback.satisfaction,
    feedback,
  });
  return { ...context, outcome };
}

export const feedbackTarget = (deps: JobDeps, token: string) => pairLinkContext(deps, token, 'feedback');
