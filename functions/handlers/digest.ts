import { sendDigest } from '../app/use-cases/send-digest';
import { digestDeps } from './wiring/digest';
import { Observability } from './observability';
import { scheduledRunId, type ScheduledJobInput } from './scheduled-input';

const observability = new Observability('digest');
const deps = digestDeps(observability);

/** Invoked by the recurring digest schedule (EventBridge Scheduler, program digest cron). */
export const handler = observability.handler(scheduledRunId, async (_input: ScheduledJobInput) => {
  const started = Date.now();
  const { kpis, outcome } = await sendDigest(deps, deps.clock.now());
  observability.log('digest_run', { week: kpis.reportWeek, outcome, ms: Date.now() - started });
});
