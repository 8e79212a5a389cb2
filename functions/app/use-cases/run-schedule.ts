import { isDeferredConfirmations, type SchedulePayload } from '../../ports';
import type { JobDeps } from '../support/deps';
import { runFollowUp, type FollowUpOutcome } from './run-follow-up';
import { sendDeferredConfirmations, type DrainSummary } from './send-deferred-confirmations';

export type ScheduleOutcome = { kind: 'follow-up'; outcome: FollowUpOutcome } | { kind: 'deferred-confirmations'; summary: DrainSummary };

/** A one-time schedule fired (in AWS the follow-up function, locally the table scheduler): a pair's step, or the hourly drain of deferred confirmations. */
export async function runSchedule(deps: JobDeps, payload: SchedulePayload): Promise<ScheduleOutcome> {
  if (isDeferredConfirmations(payload)) return { kind: 'deferred-confirmations', summary: await sendDeferredConfirmations(deps) };
  return { kind: 'follow-up', outcome: await runFollowUp(deps, payload) };
}
