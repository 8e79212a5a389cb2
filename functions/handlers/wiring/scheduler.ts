import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { EventBridgeScheduler } from '../../adapters/scheduler/eventbridge-scheduler';
import { loadAwsSchedulerConfig } from '../../config';
import type { Env } from './common';

/** One-time schedules of the pairs' follow-ups in the program's EventBridge Scheduler group. */
export function pairScheduler(env: Env): EventBridgeScheduler {
  return new EventBridgeScheduler(new SchedulerClient({}), loadAwsSchedulerConfig(env));
}
