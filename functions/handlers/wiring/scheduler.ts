import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { EventBridgeScheduler } from '../../adapters/scheduler/eventbridge-scheduler';
import { loadAwsSchedulerConfig } from '../../config';
import type { Env } from './common';

/** Attempts per schedule call: with adaptive backoff, enough to ride out a round's burst at a Region's default quota. */
export const SCHEDULER_MAX_ATTEMPTS = 10;

/**
 * A round sets up about 8 one-time schedules per pair (some 44,000 for a 10,000-person program),
 * and `CreateSchedule` defaults to 250 requests/s outside the main Regions. The adaptive retry
 * mode slows this client down when the service throttles it, instead of failing a pair's setup
 * after three quick tries; it suits a client that only ever calls one resource (our group).
 */
export function schedulerClient(): SchedulerClient {
  return new SchedulerClient({ retryMode: 'adaptive', maxAttempts: SCHEDULER_MAX_ATTEMPTS });
}

/** One-time schedules of the pairs' follow-ups in the program's EventBridge Scheduler group. */
export function pairScheduler(env: Env): EventBridgeScheduler {
  return new EventBridgeScheduler(schedulerClient(), loadAwsSchedulerConfig(env));
}
