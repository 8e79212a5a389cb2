import { runFollowUp } from '../app/run-follow-up';
import { isTimelineStep } from '../domain/pair';
import { awsJobDeps } from './aws-deps';

const deps = awsJobDeps(process.env);

/** Invoked by a pair's one-time schedule with `{pairId, step}`. */
export async function handler(event: { pairId?: unknown; step?: unknown }): Promise<void> {
  const { pairId, step } = event ?? {};
  // A malformed payload can never succeed: log and drop it rather than retry into the DLQ.
  if (typeof pairId !== 'string' || !isTimelineStep(step)) {
    console.error(JSON.stringify({ event: 'followup_bad_payload' }));
    return;
  }
  const outcome = await runFollowUp(deps, { pairId, step });
  console.log(JSON.stringify({ event: 'followup', step, outcome }));
}
