import type { ProgramConfig } from '../../domain/program';
import type {
  AdminAddresses,
  AdminSessionStore,
  AdminStore,
  ApiKeyStore,
  AuditLog,
  SignInTokenStore,
  Clock,
  DeferredConfirmationQueue,
  EmailLog,
  EmailQueue,
  ExportFiles,
  Ids,
  JobRunLog,
  Mailer,
  Metrics,
  PairStore,
  ParticipantStore,
  ProgramSettingsStore,
  RateLimiter,
  OfferStore,
  RoundStore,
  Scheduler,
  Secrets,
  SendQuotaSource,
  SendRateBucket,
  StatsStore,
} from '../../ports';

/** Everything the use cases need, built once per process by a handler or the local stack. */
export interface AppDeps {
  /** The program's configuration: once a handler has read the settings (support/current-config.ts), the current version's. */
  config: ProgramConfig;
  /** The deploy-time configuration `config` was made from (absent: `config` is it). */
  deployConfig?: ProgramConfig;
  clock: Clock;
  ids: Ids;
  secrets: Secrets;
  participants: ParticipantStore;
  pairs: PairStore;
  stats: StatsStore;
  emailLog: EmailLog;
  /** Jobs and routes never call SES: they enqueue, and the sender (SenderDeps) drains the queues. */
  emailQueue: EmailQueue;
  rateLimiter: RateLimiter;
  /** Confirmations held back by the hourly cap, sent by a later hour's drain. */
  deferredConfirmations: DeferredConfirmationQueue;
  /** The program's settings as versioned data; `config` holds the deploy-time values (see support/current-config.ts). */
  settingsStore: ProgramSettingsStore;
  /** Runs of the recurring jobs, so a heartbeat runs each scheduled round or digest once. */
  jobRuns: JobRunLog;
  /** Where admin mail goes: the admins stored as data (seeded from ADMIN_EMAILS), see deliverToAdmins. */
  adminAddresses: AdminAddresses;
  /** Structured logger; callers never pass PII. */
  log?: (event: string, fields?: Record<string, string | number | boolean>) => void;
  /** Operational counters (emails sent, pairs created…); absent locally. */
  metrics?: Metrics;
}

/** Scheduled jobs (matching, follow-ups) also create one-time schedules. */
export interface JobDeps extends AppDeps {
  scheduler: Scheduler;
  /** Proposed matching rounds (matching mode `review`). */
  rounds: RoundStore;
  /** Mentees' offers and mentors' declines (matching mode `choice`). */
  offers: OfferStore;
}

/** What enqueueing an email needs (also the sender's, for its notice to the admins). */
export type QueueDeps = Pick<AppDeps, 'config' | 'clock' | 'emailLog' | 'emailQueue' | 'adminAddresses' | 'log' | 'metrics'>;

/** The sender: drains the queues into SES at SES_MAX_SEND_RATE. */
export interface SenderDeps extends QueueDeps {
  mailer: Mailer;
  /** Shared by every sender instance: the global send rate. */
  sendRate: SendRateBucket;
  /** The account's 24-hour quota (read at most once a minute by the sender). */
  quota: SendQuotaSource;
  /** Waits between token requests; the benchmark passes a simulated clock's. */
  sleep?: (ms: number) => Promise<void>;
}

/** The admin console (HTTP API function): the jobs' dependencies, and what only the console uses. */
export interface AdminDeps extends JobDeps {
  audit: AuditLog;
  admins: AdminStore;
  signInTokens: SignInTokenStore;
  adminSessions: AdminSessionStore;
  apiKeys: ApiKeyStore;
  /** Where exports too large to answer directly go (S3, or a local folder). */
  exportFiles: ExportFiles;
}
