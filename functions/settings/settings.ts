/**
 * Every setting of a program, declared once: its name (the CDK context key, and the key of
 * the program's settings data), the environment variable the functions read it from, its
 * kind, default and meaning, and its scope:
 *
 * - `deploy`: belongs to the deployment (names, domains, addresses, rates, AWS options);
 *   changed by a redeploy only.
 * - `program`: how the program runs (rhythm, schedules, who may sign up, the footer).
 *   Deployed values are the program's first settings version; the admin console will
 *   edit them as data (validated by `parseProgramSettings`).
 *
 * Read by functions/config.ts (environment → ProgramConfig), infra/context.ts (CDK
 * context) and infra/constructs/bindings.ts (context → environment). Settings marked
 * `dataOnly` (the goals, guidelines, webinar and the question catalogues) are neither
 * context keys nor environment variables: their version-1 values are the code defaults
 * (domain/program.ts) and the console edits them. The editable document is every
 * `program` setting (`PROGRAM_SETTING_NAMES`), validated whole by `parseProgramDocument`.
 */
import { DEFAULT_CONVERSATION_STARTERS, DEFAULT_GUIDELINES, DEFAULT_ICE_BREAKERS, type MatchingMode } from '../domain/program';
import { catalogue, goalList, guidelines, toolLinks, webinar } from './program-kinds';
import {
  baseUrl,
  cron,
  domain,
  domainList,
  emailAddress,
  emailList,
  oneOf,
  perSecond,
  routeZoneId,
  slug,
  text,
  wholeNumber,
  yesNo,
  type KindOf,
} from './kinds';

export type SettingScope = 'deploy' | 'program';

export interface SettingDefinition<T> {
  scope: SettingScope;
  meaning: string;
  kind: KindOf<T>;
  /** Where CDK context differs (e.g. a public URL must be https once deployed). */
  contextKind?: KindOf<T>;
  /** Absent: the setting is required where it is read (or, in CDK context, derived: see infra/context.ts). */
  default?: T;
  /** The environment variable the functions read; absent for settings only the infrastructure uses. */
  env?: string;
  /** Not a CDK context key: derived from others at synth (the From header). */
  derived?: true;
  /** Program data only: no context key, no environment variable; the default (or, for goals, domain/program.ts) is version 1. */
  dataOnly?: true;
}

/** Keeps whether a setting has an environment variable in its type (functions/config.ts reads only those). */
function setting<T, S extends SettingScope, E extends string | undefined = undefined>(
  definition: SettingDefinition<T> & { env?: E; scope: S },
): SettingDefinition<T> & { env: E; scope: S } {
  return definition as SettingDefinition<T> & { env: E; scope: S };
}

export const SETTINGS = {
  programId: setting({
    scope: 'deploy',
    kind: slug,
    default: 'demo',
    env: 'PROGRAM_ID',
    meaning: 'Lower-case id of the program; part of stack and resource names.',
  }),
  programName: setting({
    scope: 'deploy',
    kind: text,
    default: 'Remote Mentoring Program',
    env: 'PROGRAM_NAME',
    meaning: "The program's name, in every email and the From header.",
  }),
  senderDomain: setting({
    scope: 'deploy',
    kind: domain,
    default: 'example.com',
    meaning: 'Domain verified in SES (Easy DKIM); the sender address lives on it.',
  }),
  senderEmail: setting({
    scope: 'deploy',
    kind: emailAddress,
    meaning: 'Bare address the emails come from, on senderDomain (default mentoring@<senderDomain>).',
  }),
  fromHeader: setting({
    scope: 'deploy',
    kind: text,
    default: 'Remote Mentoring Program <mentoring@example.com>',
    env: 'SENDER_EMAIL',
    derived: true,
    meaning: 'The From header: programName and senderEmail.',
  }),
  replyDomain: setting({
    scope: 'deploy',
    kind: domain,
    default: 'reply.example.com',
    env: 'REPLY_DOMAIN',
    meaning: 'Domain of the reply+token@… addresses (default reply.<senderDomain>); its MX points at SES.',
  }),
  publicUrl: setting({
    scope: 'deploy',
    kind: baseUrl(false),
    contextKind: baseUrl(true),
    env: 'PUBLIC_URL',
    meaning: "Base of every link in emails; deployed, https (default: the HTTP API's own endpoint).",
  }),
  adminEmails: setting({
    scope: 'deploy',
    kind: emailList,
    default: ['admin@example.com'],
    env: 'ADMIN_EMAILS',
    meaning: 'The first admins (seeded once per address into the console, which then adds and removes admins); they get the weekly digest and escalations.',
  }),
  identityLine: setting({
    scope: 'program',
    kind: text,
    default: 'Example Corp · People Team · 1 Example Way, Springfield',
    env: 'IDENTITY_LINE',
    meaning: "The sender's identity and postal line in every email's footer (CAN-SPAM, GDPR).",
  }),
  meetingCadenceDays: setting({
    scope: 'program',
    kind: wholeNumber(1, 365),
    default: 14,
    env: 'MEETING_CADENCE_DAYS',
    meaning: 'Days between a pair’s meetings: the rhythm of check-ins and nudges.',
  }),
  mentorshipWeeks: setting({ scope: 'program', kind: wholeNumber(1, 260), default: 12, env: 'MENTORSHIP_WEEKS', meaning: 'How long a mentorship lasts.' }),
  incentiveMeetings: setting({
    scope: 'program',
    kind: wholeNumber(1, 100),
    default: 3,
    env: 'INCENTIVE_MEETINGS',
    meaning: 'Logged meetings after which both members earn the program’s small reward.',
  }),
  rewardDescription: setting({
    scope: 'program',
    kind: text,
    default: 'a coffee on the program',
    env: 'REWARD_DESCRIPTION',
    meaning: 'The small reward both members earn at incentiveMeetings, as the emails name it.',
  }),
  confirmationsPerHour: setting({
    scope: 'deploy',
    kind: wholeNumber(1),
    default: 500,
    env: 'CONFIRMATIONS_PER_HOUR',
    meaning: 'Most confirmation emails per UTC hour; past it they wait for the next hour (admins told once).',
  }),
  allowedEmailDomains: setting({
    scope: 'program',
    kind: domainList,
    default: [],
    env: 'ALLOWED_EMAIL_DOMAINS',
    meaning: 'Only addresses at these domains may sign up (exact match); empty: any.',
  }),
  signupsNeedApproval: setting({
    scope: 'program',
    kind: yesNo,
    default: false,
    env: 'SIGNUPS_NEED_APPROVAL',
    meaning: 'When true, a confirmed sign-up waits for an admin’s approval before it joins the matching pool.',
  }),
  matchingMode: setting({
    scope: 'program',
    kind: oneOf<MatchingMode>('auto', 'review', 'choice'),
    default: 'auto' as MatchingMode,
    env: 'MATCHING_MODE',
    meaning:
      '`auto`: a round sends its intros at once; `review`: a round proposes pairs that an admin publishes from the console; `choice`: each waiting mentee is offered up to three mentors and picks one.',
  }),
  choiceDays: setting({
    scope: 'program',
    kind: wholeNumber(1, 60),
    default: 7,
    env: 'CHOICE_DAYS',
    meaning: 'In `choice` mode, days a mentee has to choose: the first round at least this long after the offer matches them automatically.',
  }),
  firstMeetingMinutes: setting({
    scope: 'program',
    kind: wholeNumber(15, 240),
    default: 30,
    env: 'FIRST_MEETING_MINUTES',
    meaning: "Length of the first meeting the calendar invitation proposes inside both members' availability.",
  }),
  sesMaxSendRate: setting({
    scope: 'deploy',
    kind: perSecond(0.1, 10_000),
    default: 14,
    env: 'SES_MAX_SEND_RATE',
    meaning: "Emails per second all senders together hand to SES: the account's maximum send rate.",
  }),
  matchingCron: setting({
    scope: 'program',
    kind: cron,
    default: 'cron(0 9 ? * MON *)',
    env: 'MATCHING_CRON',
    meaning: 'When matching rounds run (EventBridge cron, UTC).',
  }),
  digestCron: setting({
    scope: 'program',
    kind: cron,
    default: 'cron(0 8 ? * MON *)',
    env: 'DIGEST_CRON',
    meaning: 'When the weekly digest goes to the admins (EventBridge cron, UTC).',
  }),
  goals: setting({
    scope: 'program',
    kind: goalList,
    dataOnly: true,
    meaning: "The program's SMART goals: a KPI of the digest (metric), a target and a fixed deadline (YYYY-MM-DD).",
  }),
  guidelines: setting({
    scope: 'program',
    kind: guidelines,
    default: DEFAULT_GUIDELINES,
    dataOnly: true,
    meaning: 'What the intro email tells a new pair: best practices and the goal-setting template.',
  }),
  webinar: setting({
    scope: 'program',
    kind: webinar,
    default: null,
    dataOnly: true,
    meaning: 'An optional introductory webinar or training (title, https link, start) the intro email mentions; null: none.',
  }),
  toolLinks: setting({
    scope: 'program',
    kind: toolLinks,
    default: {},
    dataOnly: true,
    meaning: 'A meeting link per tool (e.g. {"zoom":"https://…"}) that the first-meeting invitation puts in LOCATION when the pair meets with that tool.',
  }),
  iceBreakers: setting({
    scope: 'program',
    kind: catalogue,
    default: DEFAULT_ICE_BREAKERS,
    dataOnly: true,
    meaning: 'The ice-breaker questions the intro and the ice-breakers email pick from.',
  }),
  conversationStarters: setting({
    scope: 'program',
    kind: catalogue,
    default: DEFAULT_CONVERSATION_STARTERS,
    dataOnly: true,
    meaning: 'The conversation starters the starters email picks from.',
  }),
  hostedZoneId: setting({
    scope: 'deploy',
    kind: routeZoneId,
    meaning: 'Route 53 public hosted zone of senderDomain; when set, the DKIM records are created in it.',
  }),
  alarmEmail: setting({
    scope: 'deploy',
    kind: emailAddress,
    meaning: 'Address subscribed to the alarms topic (SNS asks it to confirm once); unset: subscribe the topic yourself.',
  }),
  inboundReservedConcurrency: setting({
    scope: 'deploy',
    kind: wholeNumber(1),
    meaning: 'Concurrency reserved for (and capping) the inbound-mail function; unset: none (a reservation can fail a new account’s deploy).',
  }),
};

export type SettingName = keyof typeof SETTINGS;
type ValueOf<D> = D extends SettingDefinition<infer T> ? T : never;
export type SettingValues = { [N in SettingName]: ValueOf<(typeof SETTINGS)[N]> };

export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

/** The settings an admin edits as the program's data (scope `program`). */
export type ProgramSettingName = { [N in SettingName]: (typeof SETTINGS)[N] extends { scope: 'program' } ? N : never }[SettingName];
/** The program's settings document: what one settings version holds, and `PUT /admin/api/program` replaces. */
export type ProgramSettings = Pick<SettingValues, ProgramSettingName>;

/** The keys `cdk deploy -c key=value` understands (documented in the README). */
export const CONTEXT_KEYS = SETTING_NAMES.filter((name) => {
  const definition = SETTINGS[name] as SettingDefinition<unknown>;
  return !definition.derived && !definition.dataOnly;
});

export const definitionOf = (name: SettingName) => SETTINGS[name] as SettingDefinition<unknown>;
