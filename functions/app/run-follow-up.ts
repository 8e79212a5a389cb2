import type { TimelineStep } from '../domain/pair';
import type { JobDeps } from './deps';

export type FollowUpOutcome = 'recorded' | 'duplicate' | 'no_pair';

/**
 * A pair's one-time schedule fired. It always re-reads state, so a late or
 * repeated firing is harmless. This records the step; the emails each step
 * sends (ice-breakers, starters, check-ins, nudges, closing survey) build on it.
 */
export async function runFollowUp(deps: JobDeps, input: { pairId: string; step: TimelineStep }): Promise<FollowUpOutcome> {
  const pair = await deps.pairs.get(input.pairId);
  if (!pair) return 'no_pair';
  return deps.pairs.recordStep(pair.id, input.step, deps.clock.now().toISOString());
}
