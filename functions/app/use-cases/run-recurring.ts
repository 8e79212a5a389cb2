/**
 * The heartbeat's decision (DESIGN §6): EventBridge Scheduler invokes the matching and digest
 * functions every hour; each run reads the program's current settings and runs its job only
 * when a scheduled time has come that has not been run yet. The schedules are data
 * (`matchingCron`, `digestCron`), so an admin's edit takes effect at the next heartbeat and
 * no API call edits EventBridge.
 *
 * Due: the last firing of the job's cron at or before now, if no more than `LATE_LIMIT_MS`
 * ago (a missed heartbeat still runs it at the next one; a schedule moved to a day already
 * past this week does not run a round days late). Once: the run is claimed for its scheduled
 * time before it starts, finished after, released when it throws (so Lambda's retry runs it);
 * a claim a crash left behind is taken over after `STALE_CLAIM_MS`.
 */
import { parseCron, previousFiring } from '../../lib/cron';
import type { JobRunLog, RecurringJob } from '../../ports';
import { withCurrentConfig, type SettingsDeps } from '../support/current-config';

export const LATE_LIMIT_MS = 24 * 3_600_000;
export const STALE_CLAIM_MS = 15 * 60_000;

export type RecurringOutcome<T> =
  | { ran: true; scheduledFor: string; result: T }
  | { ran: false; reason: 'not_due'; scheduledFor?: undefined }
  | { ran: false; reason: 'already_run'; scheduledFor: string };

/** The scheduled time a run at `nowMs` is for, if one is due (see the module comment). */
export function dueTime(cronExpression: string, nowMs: number): string | undefined {
  const last = previousFiring(parseCron(cronExpression), nowMs);
  return last !== undefined && nowMs - last <= LATE_LIMIT_MS ? new Date(last).toISOString() : undefined;
}

export async function runIfDue<D extends SettingsDeps & { jobRuns: JobRunLog }, T>(
  deps: D,
  job: Exclude<RecurringJob, 'search-backfill'>,
  now: Date,
  run: (deps: D) => Promise<T>,
): Promise<RecurringOutcome<T>> {
  const live = await withCurrentConfig(deps);
  const scheduledFor = dueTime(job === 'match' ? live.config.matchingCron : live.config.digestCron, now.getTime());
  if (!scheduledFor) return { ran: false, reason: 'not_due' };
  const programId = live.config.id;
  if (!(await deps.jobRuns.claim(programId, job, scheduledFor, now.toISOString(), STALE_CLAIM_MS))) return { ran: false, reason: 'already_run', scheduledFor };
  let result: T;
  try {
    result = await run(live);
  } catch (error) {
    await deps.jobRuns.release(programId, job, scheduledFor);
    throw error;
  }
  await deps.jobRuns.finish(programId, job, scheduledFor, deps.clock.now().toISOString());
  return { ran: true, scheduledFor, result };
}
