import { scheduleName, type TimelineStep } from '../../../domain/pair';
import type { JobDeps } from '../deps';

/** The fit check is asked this long after the first meeting ends. */
export const FIT_CHECK_AFTER_MS = 86_400_000;

/**
 * Schedules the `round`-th fit check a day after a meeting that ends at `meetingEnd`. The
 * meeting is the schedule's basis, so a moved meeting gets a schedule of its own; the step
 * re-reads the pair when it fires and asks only if still due (a stale one does nothing).
 */
export async function scheduleFitCheck(deps: Pick<JobDeps, 'scheduler'>, pairId: string, round: number, meetingEnd: string): Promise<void> {
  const step: TimelineStep = `fit-${round}`;
  await deps.scheduler.scheduleOnce({
    name: scheduleName(pairId, step, meetingEnd),
    at: new Date(Date.parse(meetingEnd) + FIT_CHECK_AFTER_MS).toISOString(),
    payload: { pairId, step, basis: meetingEnd },
  });
}
