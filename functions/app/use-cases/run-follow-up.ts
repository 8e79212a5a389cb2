import type { Pair, TimelineStep } from '../../domain/pair';
import type { JobDeps } from '../support/deps';
import { parseStep, type FollowUpOutcome, type Members, type ParsedStep, type StepKind } from '../support/follow-up/step';
import { followUpSteps } from '../support/follow-up/steps';

export type { FollowUpOutcome } from '../support/follow-up/step';

/**
 * A pair's one-time schedule fired. It always re-reads the pair and its members,
 * acts only if still relevant, and every email has its own key, so a late or
 * repeated firing never sends twice. The step itself lives in support/follow-up/steps/.
 */
export async function runFollowUp(deps: JobDeps, input: { pairId: string; step: TimelineStep; basis?: string }): Promise<FollowUpOutcome> {
  const pair = await deps.pairs.get(input.pairId);
  if (!pair) return 'no_pair';
  if (pair.status === 'ended') return 'pair_ended';
  const [mentor, mentee] = await Promise.all([deps.participants.get(pair.mentorId), deps.participants.get(pair.menteeId)]);
  if (!mentor || !mentee) return 'no_pair';
  return runStep(deps, input.step, parseStep(input.step), pair, { mentor, mentee }, input.basis);
}

// Generic over the kind so the table's entry and the parsed step are known to match.
async function runStep<K extends StepKind>(
  deps: JobDeps,
  name: TimelineStep,
  step: ParsedStep<K>,
  pair: Pair,
  members: Members,
  basis: string | undefined,
): Promise<FollowUpOutcome> {
  const handler = followUpSteps[step.kind];
  if (handler.milestone) await deps.pairs.recordStep(pair.id, name, deps.clock.now().toISOString());
  const outcome = await handler.run(deps, { pair, members, step, basis });
  if (handler.milestone) deps.log?.('follow_up', { step: name });
  return outcome;
}
