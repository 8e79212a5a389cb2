import { runSchedule } from '../app/run-schedule';
import { isTimelineStep } from '../domain/pair';
import type { SchedulePayload } from '../ports';
import { awsJobDeps } from './aws-deps';

const deps = awsJobDeps(process.env);

type Event = { pairId?: unknown; step?: unknown; basis?: unknown; kind?: unknown; hour?: unknown };

/** The payload a one-time schedule carries, or undefined when it is malformed. */
function parse(event: Event | undefined): SchedulePayload | undefined {
  const { pairId, step, basis, kind, hour } = event ?? {};
  if (kind === 'deferred-confirmations') return typeof hour === 'string' ? { kind, hour } : undefined;
  if (typeof pairId !== 'string' || !isTimelineStep(step)) return undefined;
  return typeof basis === 'string' ? { pairId, step, basis } : { pairId, step };
}

/** Invoked by one-time schedules: a pair's step `{pairId, step, basis?}`, or `{kind: "deferred-confirmations", hour}`. */
export async function handler(event: Event): Promise<void> {
  const payload = parse(event);
  // A malformed payload can never succeed: log and drop it rather than retry into the DLQ.
  if (!payload) {
    console.error(JSON.stringify({ event: 'followup_bad_payload' }));
    return;
  }
  const result = await runSchedule(deps, payload);
  if (result.kind === 'follow-up') console.log(JSON.stringify({ event: 'followup', step: event.step, outcome: result.outcome }));
  else console.log(JSON.stringify({ event: 'deferred_confirmations', ...result.summary }));
}
