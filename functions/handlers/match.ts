import { runMatching } from '../app/run-matching';
import { awsJobDeps } from './aws-deps';

const deps = awsJobDeps(process.env);

/** Invoked by the recurring matching schedule (EventBridge Scheduler, program cron). */
export async function handler(): Promise<void> {
  const started = Date.now();
  const summary = await runMatching(deps, deps.clock.now());
  console.log(JSON.stringify({ event: 'matching_run', ...summary, ms: Date.now() - started }));
}
