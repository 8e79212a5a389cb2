/**
 * The local stand-in for EventBridge Scheduler: fires due one-time schedules
 * (pair follow-ups, drains of deferred confirmations) and the recurring matching run (same cron expression as in AWS) on the real clock.
 */
import type { JobDeps } from '../../functions/app/support/deps';
import { runSchedule } from '../../functions/app/use-cases/run-schedule';
import { runMatching } from '../../functions/app/use-cases/run-matching';
import { nextFiring, parseCron } from '../../functions/lib/cron';
import type { TableScheduler } from '../../functions/adapters/local/table-scheduler';

export interface LocalScheduler {
  nextMatchingAt: () => Date | undefined;
  stop: () => Promise<void>;
}

export function startLocalScheduler(deps: JobDeps & { scheduler: TableScheduler }, log: (line: string) => void, intervalMs = 15_000): LocalScheduler {
  const matchingCron = parseCron(deps.config.matchingCron);
  let nextMatching = nextFiring(matchingCron, deps.clock.now().getTime());
  let running: Promise<void> | undefined;

  const tick = async () => {
    const now = deps.clock.now();
    const fired = await deps.scheduler.fireDue(now.toISOString(), ({ payload }) => runSchedule(deps, payload).then(() => undefined));
    if (fired.fired + fired.failed > 0) log(`follow-ups: ${JSON.stringify(fired)}`);
    if (nextMatching !== undefined && now.getTime() >= nextMatching) {
      nextMatching = nextFiring(matchingCron, now.getTime());
      log(`matching run: ${JSON.stringify(await runMatching(deps, now))}`);
    }
  };
  const timer = setInterval(() => {
    running ??= tick()
      .catch((error: Error) => log(`scheduler error: ${error.name}: ${error.message}`))
      .finally(() => (running = undefined));
  }, intervalMs);

  return {
    nextMatchingAt: () => (nextMatching === undefined ? undefined : new Date(nextMatching)),
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
