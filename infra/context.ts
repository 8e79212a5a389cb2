/**
 * Deployment settings, read once from CDK context (`-c key=value` or cdk.json)
 * and validated here, so a typo fails `cdk synth` with a message naming the key
 * instead of deploying a broken program.
 */
import type { Node } from 'constructs';
import * as v from 'valibot';
import { isCronExpression } from '../functions/domain/cron';

export interface DeploymentContext {
  /** Lower-case id; part of stack and resource names. */
  programId: string;
  programName: string;
  /** Domain verified in SES (Easy DKIM); the sender address lives on it. */
  senderDomain: string;
  /** Bare address the emails come from, on `senderDomain`. */
  senderEmail: string;
  /** The From header: display name + address, encoded for SES. */
  fromHeader: string;
  /** Domain of the reply+token@… addresses. */
  replyDomain: string;
  /** Base URL of links in emails; undefined means "the HTTP API's own endpoint". */
  publicUrl: string | undefined;
  adminEmails: string[];
  identityLine: string;
  meetingCadenceDays: number;
  mentorshipWeeks: number;
  /** Meetings a pair must log for both members to become incentive-eligible (the guide's coffee gift card). */
  incentiveMeetings: number;
  /** Program-wide cap on confirmation emails per UTC hour; past it confirmations are deferred to the next hour. */
  confirmationsPerHour: number;
  /** Lower-case domains whose addresses may sign up (exact match); empty: any. */
  allowedEmailDomains: string[];
  /** Emails per second all senders together hand to SES: the account's maximum send rate (SES_MAX_SEND_RATE). */
  sesMaxSendRate: number;
  /** EventBridge Scheduler expressions (UTC) for the recurring jobs. */
  matchingCron: string;
  digestCron: string;
  /** Route 53 public hosted zone of `senderDomain`; when set, the DKIM records are created in it. */
  hostedZoneId: string | undefined;
  /**
   * Concurrency reserved for (and capping) the inbound-mail function; unset: none. New accounts often have
   * a concurrency quota of 10, and a reservation that leaves fewer than 10 unreserved fails the deploy.
   */
  inboundReservedConcurrency: number | undefined;
}

/** Every key `readContext` understands (documented in the README). */
export const CONTEXT_KEYS = [
  'programId',
  'programName',
  'senderDomain',
  'senderEmail',
  'replyDomain',
  'publicUrl',
  'adminEmails',
  'identityLine',
  'meetingCadenceDays',
  'mentorshipWeeks',
  'incentiveMeetings',
  'confirmationsPerHour',
  'allowedEmailDomains',
  'sesMaxSendRate',
  'matchingCron',
  'digestCron',
  'hostedZoneId',
  'inboundReservedConcurrency',
] as const;

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
// The functions (and the local scheduler) evaluate these crons too, so accept exactly what they accept.

const domain = (key: string) => v.pipe(v.string(), v.trim(), v.toLowerCase(), v.regex(DOMAIN, `${key} must be a domain name`));
const optionalText = (fallback: string) => v.optional(v.pipe(v.string(), v.trim(), v.minLength(1)), fallback);
const positiveInt = (key: string, fallback: number) =>
  v.optional(
    v.pipe(
      v.union([v.number(), v.pipe(v.string(), v.trim(), v.transform(Number))]),
      v.integer(`${key} must be a whole number`),
      v.minValue(1, `${key} must be at least 1`),
    ),
    fallback,
  );

// `-c adminEmails=a@x,b@y` arrives as a string; cdk.json may hold an array.
const adminEmails = v.optional(
  v.pipe(
    v.union([v.string(), v.array(v.string())]),
    v.transform((value) => (Array.isArray(value) ? value : value.split(',')).map((a) => a.trim()).filter(Boolean)),
    v.array(v.pipe(v.string(), v.email('adminEmails must be a comma-separated list of email addresses'))),
    v.minLength(1, 'adminEmails needs at least one address'),
  ),
  'admin@example.com',
);

// `-c allowedEmailDomains=acme.com,acme.co.uk` arrives as a string; cdk.json may hold an array.
const allowedEmailDomains = v.optional(
  v.pipe(
    v.union([v.string(), v.array(v.string())]),
    v.transform((value) => (Array.isArray(value) ? value : value.split(',')).map((d) => d.trim().toLowerCase().replace(/^@/, '')).filter(Boolean)),
    v.array(v.pipe(v.string(), v.regex(DOMAIN, 'allowedEmailDomains must be a comma-separated list of domains, e.g. acme.com,acme.co.uk'))),
  ),
  [],
);

const RawContext = v.object({
  programId: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,40}$/, 'programId: 1-40 lower-case letters, digits and dashes')), 'demo'),
  programName: optionalText('Remote Mentoring Program'),
  senderDomain: v.optional(domain('senderDomain'), 'example.com'),
  senderEmail: v.optional(v.pipe(v.string(), v.trim(), v.toLowerCase(), v.email('senderEmail must be a bare email address'))),
  replyDomain: v.optional(domain('replyDomain')),
  publicUrl: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.url('publicUrl must be an absolute URL'),
      v.startsWith('https://', 'publicUrl must use https'),
      v.transform((u) => u.replace(/\/+$/, '')),
    ),
  ),
  adminEmails,
  identityLine: optionalText('Example Corp · People Team · 1 Example Way, Springfield'),
  meetingCadenceDays: positiveInt('meetingCadenceDays', 14),
  mentorshipWeeks: positiveInt('mentorshipWeeks', 12),
  incentiveMeetings: positiveInt('incentiveMeetings', 3),
  confirmationsPerHour: positiveInt('confirmationsPerHour', 500),
  allowedEmailDomains,
  sesMaxSendRate: positiveInt('sesMaxSendRate', 14),
  matchingCron: v.optional(v.pipe(v.string(), v.trim(), v.check(isCronExpression, 'matchingCron must be an EventBridge cron(...) expression, e.g. cron(0 9 ? * MON *)')), 'cron(0 9 ? * MON *)'),
  digestCron: v.optional(v.pipe(v.string(), v.trim(), v.check(isCronExpression, 'digestCron must be an EventBridge cron(...) expression, e.g. cron(0 8 ? * MON *)')), 'cron(0 8 ? * MON *)'),
  hostedZoneId: v.optional(v.pipe(v.string(), v.trim(), v.regex(/^Z[A-Z0-9]{1,31}$/, 'hostedZoneId must be a Route 53 zone id like Z0123456789ABC'))),
  inboundReservedConcurrency: v.optional(
    v.pipe(
      v.union([v.number(), v.pipe(v.string(), v.trim(), v.transform(Number))]),
      v.integer('inboundReservedConcurrency must be a whole number'),
      v.minValue(1, 'inboundReservedConcurrency must be at least 1 (leave it unset for no reservation)'),
    ),
  ),
});

export class ContextError extends Error {
  override name = 'ContextError' as const;
}

/**
 * The From header. SES needs a non-ASCII display name as an RFC 2047 encoded
 * word; an ASCII one is quoted when it contains RFC 5322 specials.
 */
export function formatFromHeader(displayName: string, address: string): string {
  const name = displayName.replace(/[\r\n]+/g, ' ').trim();
  if (/[^\x20-\x7e]/.test(name)) return `=?UTF-8?B?${Buffer.from(name, 'utf8').toString('base64')}?= <${address}>`;
  if (/[()<>[\]:;@\\,."]/.test(name)) return `"${name.replace(/["\\]/g, '\\$&')}" <${address}>`;
  return `${name} <${address}>`;
}

/** Reads and validates every context key once; throws a ContextError listing all problems. */
export function readContext(node: Node): DeploymentContext {
  const raw: Record<string, unknown> = {};
  for (const key of CONTEXT_KEYS) {
    const value: unknown = node.tryGetContext(key);
    // An empty `-c key=` means "use the default".
    if (value !== undefined && value !== null && value !== '') raw[key] = value;
  }
  const result = v.safeParse(RawContext, raw);
  if (!result.success) {
    const lines = result.issues.map((issue) => {
      const key = String(issue.path?.[0]?.key ?? '');
      return issue.message.startsWith(key) ? issue.message : `${key}: ${issue.message}`;
    });
    throw new ContextError(`Invalid CDK context\n  ${lines.join('\n  ')}`);
  }
  const c = result.output;
  const senderEmail = c.senderEmail ?? `mentoring@${c.senderDomain}`;
  const senderEmailDomain = senderEmail.slice(senderEmail.lastIndexOf('@') + 1);
  if (senderEmailDomain !== c.senderDomain && !senderEmailDomain.endsWith(`.${c.senderDomain}`)) {
    // SES only lets us send from the verified domain (or a subdomain of it).
    throw new ContextError(`Invalid CDK context\n  senderEmail: ${senderEmail} is not on senderDomain ${c.senderDomain}`);
  }
  return {
    programId: c.programId,
    programName: c.programName,
    senderDomain: c.senderDomain,
    senderEmail,
    fromHeader: formatFromHeader(c.programName, senderEmail),
    replyDomain: c.replyDomain ?? `reply.${c.senderDomain}`,
    publicUrl: c.publicUrl,
    adminEmails: c.adminEmails,
    identityLine: c.identityLine,
    meetingCadenceDays: c.meetingCadenceDays,
    mentorshipWeeks: c.mentorshipWeeks,
    incentiveMeetings: c.incentiveMeetings,
    confirmationsPerHour: c.confirmationsPerHour,
    allowedEmailDomains: c.allowedEmailDomains,
    sesMaxSendRate: c.sesMaxSendRate,
    matchingCron: c.matchingCron,
    digestCron: c.digestCron,
    hostedZoneId: c.hostedZoneId,
    inboundReservedConcurrency: c.inboundReservedConcurrency,
  };
}
