import { sendDigest } from '../app/send-digest';
import { awsDeps } from './aws-deps';

const deps = awsDeps(process.env);

/** Invoked by the recurring digest schedule (EventBridge Scheduler, program digest cron). */
export async function handler(): Promise<void> {
  const started = Date.now();
  const { kpis, outcome } = await sendDigest(deps, deps.clock.now());
  console.log(JSON.stringify({ event: 'digest_run', week: kpis.reportWeek, outcome, ms: Date.now() - started }));
}
