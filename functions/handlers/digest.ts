import { backfillSearchIndex } from '../app/use-cases/backfill-search';
import { runIfDue } from '../app/use-cases/run-recurring';
import { sendDigest } from '../app/use-cases/send-digest';
import { digestDeps } from './wiring/digest';
import { Observability } from './observability';
import { scheduledRunId, type ScheduledJobInput } from './scheduled-input';

const observability = new Observability('digest');
const deps = digestDeps(observability);

/**
 * Invoked by the hourly heartbeat (EventBridge Scheduler): sends the weekly digest when the program's
 * current `digestCron` says one is due and it has not been sent yet (app/use-cases/run-recurring.ts),
 * and moves the people search's one-off index backfill on (app/use-cases/backfill-search.ts).
 */
export const handler = observability.handler(scheduledRunId, async (_input: ScheduledJobInput) => {
  const started = Date.now();
  const outcome = await runIfDue(deps, 'digest', deps.clock.now(), (live) => sendDigest(live, live.clock.now()));
  // Once per program, a bounded step per heartbeat until done (then one read a heartbeat).
  await backfillSearchIndex(deps);
  if (!outcome.ran) {
    observability.log('digest_skipped', { reason: outcome.reason, ...(outcome.scheduledFor ? { scheduledFor: outcome.scheduledFor } : {}) });
    return;
  }
  const { kpis, outcome: email } = outcome.result;
  observability.log('digest_run', { week: kpis.reportWeek, outcome: email, scheduledFor: outcome.scheduledFor, ms: Date.now() - started });
});
