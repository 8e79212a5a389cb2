/**
 * Configuration, read and validated once at start-up from the environment and
 * passed down. Nothing else reads process.env (DESIGN §2).
 */
import * as v from 'valibot';
import { isCronExpression } from './domain/cron';
import {
  DEFAULT_CONVERSATION_STARTERS,
  DEFAULT_ICE_BREAKERS,
  defaultGoals,
  type ProgramConfig,
} from './domain/program';

type Env = Record<string, string | undefined>;

const positiveInt = (label: string) =>
  v.pipe(v.string(), v.transform(Number), v.integer(`${label} must be a whole number`), v.minValue(1, `${label} must be at least 1`));

const emailList = v.pipe(
  v.string(),
  v.transform((s) => s.split(',').map((a) => a.trim()).filter(Boolean)),
  v.array(v.pipe(v.string(), v.email('ADMIN_EMAILS must be a comma-separated list of addresses'))),
);

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const domainList = v.pipe(
  v.string(),
  v.transform((s) => s.split(',').map((d) => d.trim().toLowerCase().replace(/^@/, '')).filter(Boolean)),
  v.array(v.pipe(v.string(), v.regex(DOMAIN, 'ALLOWED_EMAIL_DOMAINS must be a comma-separated list of domains, like acme.com,acme.co.uk'))),
);

/*
 * Sign-up protection settings (env locally; CDK context `confirmationsPerHour`, `allowedEmailDomains` in AWS):
 *
 *   # Most confirmation emails per UTC hour, program-wide. Past it sign-ups are still stored
 *   # and their confirmations go out in the next hour (admins are told once per such hour).
 *   CONFIRMATIONS_PER_HOUR=500
 *   # Only addresses at these domains may sign up (exact match, case-insensitive; list
 *   # subdomains separately). Empty: any domain.
 *   ALLOWED_EMAIL_DOMAINS=acme.com,acme.co.uk
 */
/*
 * Sending (env locally; CDK context `sesMaxSendRate` in AWS):
 *
 *   # Emails per second the sender(s) together hand to SES: the account's maximum send rate
 *   # (14 for a new production account; see the SES console's "Sending statistics").
 *   SES_MAX_SEND_RATE=14
 */
const sendRate = v.pipe(
  v.string(),
  v.transform(Number),
  v.number('SES_MAX_SEND_RATE must be a number'),
  v.minValue(0.1, 'SES_MAX_SEND_RATE must be at least 0.1 (emails per second)'),
  v.maxValue(10_000, 'SES_MAX_SEND_RATE must be at most 10000 (emails per second)'),
);

const ProgramEnv = v.object({
  PROGRAM_ID: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,40}$/, 'PROGRAM_ID: lower-case letters, digits and dashes')), 'demo'),
  PROGRAM_NAME: v.optional(v.pipe(v.string(), v.minLength(1)), 'Remote Mentoring Program'),
  SENDER_EMAIL: v.optional(v.string(), 'Remote Mentoring Program <mentoring@example.com>'),
  REPLY_DOMAIN: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9.-]+$/i, 'REPLY_DOMAIN must be a domain name')), 'reply.example.com'),
  PUBLIC_URL: v.pipe(v.string(), v.url('PUBLIC_URL must be an absolute URL'), v.transform((u) => u.replace(/\/+$/, ''))),
  ADMIN_EMAILS: v.optional(emailList, 'admin@example.com'),
  IDENTITY_LINE: v.optional(v.string(), 'Example Corp · People Team · 1 Example Way, Springfield'),
  MEETING_CADENCE_DAYS: v.optional(positiveInt('MEETING_CADENCE_DAYS'), '14'),
  MENTORSHIP_WEEKS: v.optional(positiveInt('MENTORSHIP_WEEKS'), '12'),
  INCENTIVE_MEETINGS: v.optional(positiveInt('INCENTIVE_MEETINGS'), '3'),
  CONFIRMATIONS_PER_HOUR: v.optional(positiveInt('CONFIRMATIONS_PER_HOUR'), '500'),
  ALLOWED_EMAIL_DOMAINS: v.optional(domainList, ''),
  MATCHING_CRON: v.optional(v.pipe(v.string(), v.check(isCronExpression, 'MATCHING_CRON must be an EventBridge cron(...) expression')), 'cron(0 9 ? * MON *)'),
  DIGEST_CRON: v.optional(v.pipe(v.string(), v.check(isCronExpression, 'DIGEST_CRON must be an EventBridge cron(...) expression')), 'cron(0 8 ? * MON *)'),
  SES_MAX_SEND_RATE: v.optional(sendRate, '14'),
});

export class ConfigError extends Error {
  override name = 'ConfigError' as const;
}

function parse<T extends v.GenericSchema>(schema: T, env: Env): v.InferOutput<T> {
  const result = v.safeParse(schema, env);
  if (result.success) return result.output;
  const lines = result.issues.map((i) => `${i.path?.map((p) => p.key).join('.') ?? ''}: ${i.message}`);
  throw new ConfigError(`Invalid configuration\n  ${lines.join('\n  ')}`);
}

export function loadProgramConfig(env: Env, today: Date): ProgramConfig {
  const e = parse(ProgramEnv, env);
  return {
    id: e.PROGRAM_ID,
    name: e.PROGRAM_NAME,
    sender: e.SENDER_EMAIL,
    replyDomain: e.REPLY_DOMAIN,
    publicUrl: e.PUBLIC_URL,
    admins: e.ADMIN_EMAILS,
    identityLine: e.IDENTITY_LINE,
    meetingCadenceDays: e.MEETING_CADENCE_DAYS,
    mentorshipWeeks: e.MENTORSHIP_WEEKS,
    incentiveMeetings: e.INCENTIVE_MEETINGS,
    confirmationsPerHour: e.CONFIRMATIONS_PER_HOUR,
    allowedEmailDomains: e.ALLOWED_EMAIL_DOMAINS,
    matchingCron: e.MATCHING_CRON,
    digestCron: e.DIGEST_CRON,
    sesMaxSendRate: e.SES_MAX_SEND_RATE,
    goals: defaultGoals(today.getUTCFullYear()),
    iceBreakers: DEFAULT_ICE_BREAKERS,
    conversationStarters: DEFAULT_CONVERSATION_STARTERS,
  };
}

/** Settings of the AWS runtime, set by CDK on every function. */
export interface AwsRuntimeConfig {
  tableName: string;
  /** Absent on a function that never signs or checks a token (it is then given no access to the secret). */
  tokenSecretArn?: string;
  configurationSet: string;
}

const AwsEnv = v.object({
  TABLE_NAME: v.pipe(v.string('TABLE_NAME is required'), v.minLength(1)),
  TOKEN_SECRET_ARN: v.optional(v.pipe(v.string(), v.minLength(1))),
  SES_CONFIGURATION_SET: v.pipe(v.string('SES_CONFIGURATION_SET is required'), v.minLength(1)),
});

export function loadAwsRuntimeConfig(env: Env): AwsRuntimeConfig {
  const e = parse(AwsEnv, env);
  return { tableName: e.TABLE_NAME, configurationSet: e.SES_CONFIGURATION_SET, ...(e.TOKEN_SECRET_ARN ? { tokenSecretArn: e.TOKEN_SECRET_ARN } : {}) };
}

/** The program's two send queues (set by CDK's bindSendQueues on every function that enqueues email). */
export interface AwsQueueConfig {
  now: string;
  bulk: string;
}

const QueueEnv = v.object({
  PRIORITY_QUEUE_URL: v.pipe(v.string('PRIORITY_QUEUE_URL is required'), v.url('PRIORITY_QUEUE_URL must be a URL')),
  BULK_QUEUE_URL: v.pipe(v.string('BULK_QUEUE_URL is required'), v.url('BULK_QUEUE_URL must be a URL')),
});

export function loadAwsQueueConfig(env: Env): AwsQueueConfig {
  const e = parse(QueueEnv, env);
  return { now: e.PRIORITY_QUEUE_URL, bulk: e.BULK_QUEUE_URL };
}

/** What the scheduling functions need to create one-time schedules (set by CDK's bindScheduler). */
export interface AwsSchedulerConfig {
  groupName: string;
  targetArn: string;
  roleArn: string;
  deadLetterArn: string;
}

const SchedulerEnv = v.object({
  SCHEDULE_GROUP: v.pipe(v.string('SCHEDULE_GROUP is required'), v.minLength(1)),
  FOLLOWUP_FUNCTION_ARN: v.pipe(v.string('FOLLOWUP_FUNCTION_ARN is required'), v.minLength(1)),
  SCHEDULER_ROLE_ARN: v.pipe(v.string('SCHEDULER_ROLE_ARN is required'), v.minLength(1)),
  SCHEDULER_DLQ_ARN: v.pipe(v.string('SCHEDULER_DLQ_ARN is required'), v.minLength(1)),
});

export function loadAwsSchedulerConfig(env: Env): AwsSchedulerConfig {
  const e = parse(SchedulerEnv, env);
  return { groupName: e.SCHEDULE_GROUP, targetArn: e.FOLLOWUP_FUNCTION_ARN, roleArn: e.SCHEDULER_ROLE_ARN, deadLetterArn: e.SCHEDULER_DLQ_ARN };
}

/** Ports and paths of the local stack (DESIGN §3). */
export interface LocalConfig {
  port: number;
  sesPort: number;
  ddbPort: number;
  smtpPort: number;
  dataDir: string;
  tableName: string;
}

export function loadLocalConfig(env: Env): LocalConfig {
  const port = (name: string, fallback: number) => {
    const n = Number(env[name] ?? fallback);
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new ConfigError(`${name} must be a port number, got "${env[name]}"`);
    return n;
  };
  return {
    port: port('PORT', 3000),
    sesPort: port('SES_PORT', 8005),
    ddbPort: port('DDB_PORT', 8000),
    smtpPort: port('SMTP_PORT', 2525),
    dataDir: env.LOCAL_DATA_DIR ?? '.local',
    tableName: env.TABLE_NAME ?? 'mentoring-local',
  };
}
