import { runMatching } from '../app/use-cases/run-matching';
import { runIfDue } from '../app/use-cases/run-recurring';
import { finishStalledSetups } from '../app/support/matching-round';
import { sendWebinarUpdates } from '../app/use-cases/webinar-invitations';
import { withCurrentConfig } from '../app/support/current-config';
import { jobDeps } from './wiring/jobs';
import { Observability } from './observability';
import { scheduledRunId, type ScheduledJobInput } from './scheduled-input';

const observability = new Observability('match');
const deps = jobDeps(observability);

/**
 * Invoked by the hourly heartbeat (EventBridge Scheduler): runs a matching round when the program's
 * current `matchingCron` says one is due and it has not run yet (app/use-cases/run-recurring.ts).
 */
export const handler = observability.handler(scheduledRunId, async (_input: ScheduledJobInput) => {
  const started = Date.now();
  // The introductory session's update, if the admin changed it (bounded pages, once per SEQUENCE).
  // A failure is logged and does not hold up matching: the claim is released, the next heartbeat sends the rest.
  const live = await withCurrentConfig(deps);
  await sendWebinarUpdates(live).catch((error: unknown) => observability.log('webinar_updates_failed', { reason: (error as Error).name || 'Error' }));
  const outcome = await runIfDue(deps, 'match', deps.clock.now(), (live) => runMatching(live, live.clock.now()));
  if (!outcome.ran) {
    observability.log('matching_skipped', { reason: outcome.reason, ...(outcome.scheduledFor ? { scheduledFor: outcome.scheduledFor } : {}) });
    const finished = await finishStalledSetups(live);
    if (finished.pairsSetUp > 0) observability.log('stalled_setups_finished', finished);
    return;
  }
  const { pool, ...counts } = outcome.result;
  observability.log('matching_run', { ...counts, mentors: pool.mentors, mentees: pool.mentees, scheduledFor: outcome.scheduledFor, ms: Date.now() - started });
});
