/**
 * Deployment settings, read once from CDK context (`-c key=value` or cdk.json)
 * and validated here, so a typo fails `cdk synth` with a message naming the key
 * instead of deploying a broken program.
 */
import type { Node } from 'constructs';
import { readContextSettings, SettingsError } from '../functions/settings/read';
import { CONTEXT_KEYS, type SettingValues } from '../functions/settings/settings';

/**
 * The deployment's settings: every context key of functions/settings/settings.ts with its
 * value (or default), and what is derived from them at synth.
 */
export type DeploymentContext = Omit<
  SettingValues,
  | 'senderEmail'
  | 'publicUrl'
  | 'hostedZoneId'
  | 'alarmEmail'
  | 'inboundReservedConcurrency'
  | 'goals'
  | 'guidelines'
  | 'webinar'
  | 'iceBreakers'
  | 'conversationStarters'
> & {
  /** Bare address the emails come from: `senderEmail`, else mentoring@<senderDomain>. */
  senderEmail: string;
  /** Base URL of links in emails; undefined means "the HTTP API's own endpoint". */
  publicUrl: string | undefined;
  hostedZoneId: string | undefined;
  alarmEmail: string | undefined;
  inboundReservedConcurrency: number | undefined;
};

export { CONTEXT_KEYS };

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
  let c: Partial<SettingValues>;
  try {
    c = readContextSettings(CONTEXT_KEYS, (key) => node.tryGetContext(key));
  } catch (error) {
    if (error instanceof SettingsError) throw new ContextError(`Invalid CDK context\n  ${error.problems.join('\n  ')}`);
    throw error;
  }
  const values = c as SettingValues;
  const senderEmail = c.senderEmail ?? `mentoring@${values.senderDomain}`;
  const senderEmailDomain = senderEmail.slice(senderEmail.lastIndexOf('@') + 1);
  if (senderEmailDomain !== values.senderDomain && !senderEmailDomain.endsWith(`.${values.senderDomain}`)) {
    // SES only lets us send from the verified domain (or a subdomain of it).
    throw new ContextError(`Invalid CDK context\n  senderEmail: ${senderEmail} is not on senderDomain ${values.senderDomain}`);
  }
  return {
    ...values,
    senderEmail,
    fromHeader: formatFromHeader(values.programName, senderEmail),
    // Its own default is for the local stack; deployed, it follows the sender domain.
    replyDomain: node.tryGetContext('replyDomain') ? values.replyDomain : `reply.${values.senderDomain}`,
    publicUrl: c.publicUrl,
    hostedZoneId: c.hostedZoneId,
    alarmEmail: c.alarmEmail,
    inboundReservedConcurrency: c.inboundReservedConcurrency,
  };
}
