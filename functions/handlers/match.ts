import { runMatching } from '../app/use-cases/run-matching';
import { jobDeps } from './wiring/jobs';
import { Observability } from './observability';
import { scheduledRunId, type ScheduledJobInput } from './scheduled-input';

const observability = new Observability('match');
const deps = jobDeps(observability);

/** Invoked by the recurring matching schedule (EventBridge Scheduler, program cron). */
export const handler = observability.handler(scheduledRunId, async (_input: ScheduledJobInput) => {
  const started = Date.now();
  const summary = await runMatching(deps, deps.clock.now());
  const { pool, ...counts } = summary;
  observability.log('matching_run', { ...counts, mentors: pool.mentors, mentees: pool.mentees, ms: Date.now() - started });
});
