import { runSchedule } from '../app/use-cases/run-schedule';
import { withCurrentConfig } from '../app/support/current-config';
import { drainScheduleName } from '../app/support/confirmation-caps';
import { isTimelineStep, scheduleName } from '../domain/pair';
import type { SchedulePayload } from '../ports';
import { jobDeps } from './wiring/jobs';
import { Observability } from './observability';

const observability = new Observability('followup');
const deps = jobDeps(observability);

/** The input a one-time schedule carries (functions/adapters/scheduler/eventbridge-scheduler.ts). */
export type FollowupInput = { pairId?: unknown; step?: unknown; basis?: unknown; kind?: unknown; hour?: unknown };

/** The payload a one-time schedule carries, or undefined when it is malformed. */
function parse(event: FollowupInput | undefined): SchedulePayload | undefined {
  const { pairId, step, basis, kind, hour } = event ?? {};
  if (kind === 'deferred-confirmations') return typeof hour === 'string' ? { kind, hour } : undefined;
  if (typeof pairId !== 'string' || !isTimelineStep(step)) return undefined;
  return typeof basis === 'string' ? { pairId, step, basis } : { pairId, step };
}

/** The name of the schedule that fired: the correlation id of the run's log lines. */
function firedSchedule(event: FollowupInput | undefined): string | undefined {
  const payload = parse(event);
  if (!payload) return undefined;
  return 'kind' in payload ? drainScheduleName(payload.hour) : scheduleName(payload.pairId, payload.step, payload.basis);
}

/** Invoked by one-time schedules: a pair's step `{pairId, step, basis?}`, or `{kind: "deferred-confirmations", hour}`. */
export const handler = observability.handler(firedSchedule, async (event: FollowupInput) => {
  const payload = parse(event);
  // A malformed payload can never succeed: log and drop it rather than retry into the DLQ.
  if (!payload) {
    observability.logger.error('followup_bad_payload');
    return;
  }
  // The pair's emails (cadence, catalogues, reward) follow the program's current settings version.
  const result = await runSchedule(await withCurrentConfig(deps), payload);
  if (result.kind === 'follow-up') observability.log('followup', { step: String(event.step), outcome: result.outcome });
  else observability.log('deferred_confirmations', { ...result.summary });
});
