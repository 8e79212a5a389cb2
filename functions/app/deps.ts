import type { ProgramConfig } from '../domain/program';
import type { Clock, DeferredConfirmationQueue, EmailLog, Ids, Mailer, Metrics, PairStore, ParticipantStore, RateLimiter, Scheduler, Secrets, StatsStore } from '../ports';

/** Everything the use cases need, built once per process by a handler or the local stack. */
export interface AppDeps {
  config: ProgramConfig;
  clock: Clock;
  ids: Ids;
  secrets: Secrets;
  participants: ParticipantStore;
  pairs: PairStore;
  stats: StatsStore;
  emailLog: EmailLog;
  mailer: Mailer;
  rateLimiter: RateLimiter;
  /** Confirmations held back by the hourly cap, sent by a later hour's drain. */
  deferredConfirmations: DeferredConfirmationQueue;
  /** Structured logger; callers never pass PII. */
  log?: (event: string, fields?: Record<string, string | number | boolean>) => void;
  /** Operational counters (emails sent, pairs created…); absent locally. */
  metrics?: Metrics;
}

/** Scheduled jobs (matching, follow-ups) also create one-time schedules. */
export interface JobDeps extends AppDeps {
  scheduler: Scheduler;
}
