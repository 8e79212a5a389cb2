/**
 * What a recurring schedule (infra/constructs/scheduling.ts `addRecurring`) sends the matching and
 * digest functions: EventBridge Scheduler's context attributes of the firing, nothing the job needs
 * (it reads the clock and the program's settings). An older schedule that still sends `{}` works too.
 */
export interface ScheduledJobInput {
  /** `arn:aws:scheduler:<region>:<account>:schedule/<group>/<name>` */
  scheduleArn?: string;
  /** Unique per firing (retries of one firing share it): the correlation id of the run's log lines. */
  executionId?: string;
  /** When the firing was due (ISO 8601). */
  scheduledTime?: string;
}

/** The run's correlation id: the firing's execution id, else the schedule's name. */
export function scheduledRunId(input: ScheduledJobInput | undefined): string | undefined {
  return input?.executionId ?? input?.scheduleArn?.split('/').at(-1);
}
