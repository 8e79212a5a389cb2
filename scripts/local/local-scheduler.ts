/**
 * The local stand-in for EventBridge Scheduler: fires due one-time schedules (pair follow-ups,
 * drains of deferred confirmations) on the real clock, and is the heartbeat of the recurring
 * jobs, as in AWS: each tick asks `runIfDue` whether the program's current settings
 * (`matchingCron`, `digestCron`) make a matching round or a digest due that has not run yet.
 */
import type { JobDeps } from '../../functions/app/support/deps';
import { currentConfig, withCurrentConfig } from '../../functions/app/support/current-config';
import { backfillSearchIndex } from '../../functions/app/use-cases/backfill-search';
import { runIfDue } from '../../functions/app/use-cases/run-recurring';
import { finishStalledSetups } from '../../functions/app/support/matching-round';
import { runSchedule } from '../../functions/app/use-cases/run-schedule';
import { runMatching } from '../../functions/app/use-cases/run-matching';
import { sendDigest } from '../../functions/app/use-cases/send-digest';
import { sendWebinarUpdates } from '../../functions/app/use-cases/webinar-invitations';
import { nextFiring, parseCron } from '../../functions/lib/cron';
import type { TableScheduler } from '../../functions/adapters/local/table-scheduler';

export interface LocalScheduler {
  /** When the current settings schedule the next matching round and digest. */
  next: () => Promise<{ matching: Date | undefined; digest: Date | undefined }>;
  stop: () => Promise<void>;
}

export function startLocalScheduler(deps: JobDeps & { scheduler: TableScheduler }, log: (line: string) => void, intervalMs = 15_000): LocalScheduler {
  let running: Promise<void> | undefined;

  const tick = async () => {
    const now = deps.clock.now();
    const live = await withCurrentConfig(deps);
    const fired = await deps.scheduler.fireDue(now.toISOString(), ({ payload }) => runSchedule(live, payload).then(() => undefined));
    if (fired.fired + fired.failed > 0) log(`follow-ups: ${JSON.stringify(fired)}`);
    const matching = await runIfDue(deps, 'match', now, (d) => runMatching(d, now));
    if (matching.ran) log(`matching run: ${JSON.stringify({ scheduledFor: matching.scheduledFor, ...matching.result })}`);
    else {
      const finished = await finishStalledSetups(live);
      if (finished.pairsSetUp > 0) log(`stalled pair setups finished: ${JSON.stringify(finished)}`);
    }
    const webinar = await sendWebinarUpdates(live);
    if (webinar.ran) log(`webinar updates: ${JSON.stringify(webinar)}`);
    const digest = await runIfDue(deps, 'digest', now, (d) => sendDigest(d, now));
    const backfill = await backfillSearchIndex(deps);
    if (backfill.ran && backfill.indexed > 0) log(`search index backfill: ${JSON.stringify(backfill)}`);
    if (digest.ran) log(`digest: ${JSON.stringify({ scheduledFor: digest.scheduledFor, week: digest.result.kpis.reportWeek, email: digest.result.outcome })}`);
  };
  const timer = setInterval(() => {
    running ??= tick()
      .catch((error: Error) => log(`scheduler error: ${error.name}: ${error.message}`))
      .finally(() => (running = undefined));
  }, intervalMs);

  return {
    next: async () => {
      const config = await currentConfig(deps);
      const at = deps.clock.now().getTime();
      const next = (cron: string) => {
        const t = nextFiring(parseCron(cron), at);
        return t === undefined ? undefined : new Date(t);
      };
      return { matching: next(config.matchingCron), digest: next(config.digestCron) };
    },
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
