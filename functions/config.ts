/**
 * Configuration, read and validated once at start-up from the environment and
 * passed down. Only the functions' wiring (functions/handlers/wiring) and the local
 * stack read process.env (DESIGN §2).
 */
import * as v from 'valibot';
import { DEFAULT_CONVERSATION_STARTERS, DEFAULT_GUIDELINES, DEFAULT_ICE_BREAKERS, type ProgramConfig } from './domain/program';
import { readEnvironmentSettings, SettingsError } from './settings/read';

type Env = Record<string, string | undefined>;

/*
 * The program's settings (names, defaults, meanings) are declared once in
 * functions/settings/settings.ts; the local stack reads them from the environment, e.g.
 *
 *   CONFIRMATIONS_PER_HOUR=500
 *   ALLOWED_EMAIL_DOMAINS=acme.com,acme.co.uk
 *   SES_MAX_SEND_RATE=14
 */
export { SettingsError as ConfigError } from './settings/read';

/** Runtime settings (table, queues, schedules), checked with valibot as the program settings are. */
function parse<T extends v.GenericSchema>(schema: T, env: Env): v.InferOutput<T> {
  const result = v.safeParse(schema, env);
  if (result.success) return result.output;
  const lines = result.issues.map((i) => `${i.path?.map((p) => p.key).join('.') ?? ''}: ${i.message}`);
  throw new SettingsError('Invalid configuration', lines);
}

/**
 * The deploy-time configuration: what version 1 of the program's settings is written from.
 * Handlers and jobs overlay the current settings version on it (app/support/current-config.ts).
 * It has no goals: goals are data, and version 1 gets `defaultGoals` of the year it is written
 * in, once, so their deadlines stay fixed (they used to move at every cold start).
 */
export function loadProgramConfig(env: Env): ProgramConfig {
  const s = readEnvironmentSettings(env);
  return {
    id: s.programId,
    name: s.programName,
    sender: s.fromHeader,
    replyDomain: s.replyDomain,
    publicUrl: s.publicUrl,
    admins: s.adminEmails,
    identityLine: s.identityLine,
    meetingCadenceDays: s.meetingCadenceDays,
    mentorshipWeeks: s.mentorshipWeeks,
    incentiveMeetings: s.incentiveMeetings,
    rewardDescription: s.rewardDescription,
    confirmationsPerHour: s.confirmationsPerHour,
    allowedEmailDomains: s.allowedEmailDomains,
    signupsNeedApproval: s.signupsNeedApproval,
    matchingMode: s.matchingMode,
    choiceDays: s.choiceDays,
    firstMeetingMinutes: s.firstMeetingMinutes,
    toolLinks: {},
    matchingCron: s.matchingCron,
    digestCron: s.digestCron,
    sesMaxSendRate: s.sesMaxSendRate,
    goals: [],
    guidelines: DEFAULT_GUIDELINES,
    webinar: null,
    iceBreakers: DEFAULT_ICE_BREAKERS,
    conversationStarters: DEFAULT_CONVERSATION_STARTERS,
  };
}

/** A variable CDK sets on the functions that need it. */
function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new SettingsError('Invalid configuration', [`${name} is required`]);
  return value;
}

/** The program's table (TABLE_NAME, set by CDK's bindTable). */
export function loadAwsTableConfig(env: Env): { tableName: string } {
  return { tableName: required(env, 'TABLE_NAME') };
}

/** The token secret (TOKEN_SECRET_ARN, set by CDK's bindSecret on the functions that sign or check links). */
export function loadAwsSecretConfig(env: Env): { tokenSecretArn: string } {
  return { tokenSecretArn: required(env, 'TOKEN_SECRET_ARN') };
}

/** The SES configuration set the sender sends through (SES_CONFIGURATION_SET, set by CDK's bindEmail). */
export function loadAwsSesConfig(env: Env): { configurationSet: string } {
  return { configurationSet: required(env, 'SES_CONFIGURATION_SET') };
}

/** Where SES stores inbound messages (INBOUND_BUCKET, INBOUND_PREFIX, set by CDK's bindInboundMail). */
export function loadAwsInboundConfig(env: Env): { bucket: string; prefix: string } {
  return { bucket: required(env, 'INBOUND_BUCKET'), prefix: env.INBOUND_PREFIX ?? '' };
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
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new SettingsError('Invalid configuration', [`${name} must be a port number, got "${env[name]}"`]);
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
