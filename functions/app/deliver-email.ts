import { mayEmail, type Participant } from '../domain/participant';
import { replyAddress } from '../domain/reply-address';
import { renderEmail, type AdminTemplateName, type EmailVars, type ParticipantTemplateName, type TemplateName } from '../emails/render';
import type { OutgoingEmail } from '../ports';
import type { AppDeps } from './deps';
import { signedLink } from './links';

export type DeliveryOutcome = 'sent' | 'skipped' | 'failed';

export interface EmailToParticipant<T extends ParticipantTemplateName> {
  /** Idempotency key, e.g. `confirm#<participantId>`: one key, at most one email. */
  key: string;
  template: T;
  to: Participant;
  /** The template's own variables and its preheader; the program-wide ones are added here. */
  vars: Omit<EmailVars<T>, 'programName' | 'unsubscribeUrl' | 'identityLine'>;
  /** The person just asked for this email (a new sign-up), so an earlier unsubscribe or pause does not apply (a suppressed address still gets nothing). */
  requestedNow?: boolean;
  /** Replaces the participant's own reply address (pair emails reply to the pair and the partner). */
  replyTo?: string[];
}

/**
 * Sends one email at most once per key: the key is claimed with a conditional
 * write before sending, and a failure is recorded (never silently dropped) so
 * that a later run may retry it.
 */
async function sendOnce(deps: AppDeps, key: string, template: TemplateName, compose: () => Promise<OutgoingEmail>): Promise<DeliveryOutcome> {
  const now = () => deps.clock.now().toISOString();
  if (!(await deps.emailLog.claim(key, now(), { template }))) return 'skipped';
  let messageId: string;
  try {
    ({ messageId } = await deps.mailer.send(await compose()));
  } catch (error) {
    const reason = (error as Error).name || 'Error';
    await deps.emailLog.markFailed(key, reason, now());
    deps.log?.('email_failed', { template, key, reason });
    deps.metrics?.count('EmailsFailed');
    return 'failed';
  }
  // SES has accepted it. If this mark fails (the database is gone) the error propagates and the key stays
  // `sending`: never marked `failed`, which would let a later run send it a second time (found by the fault tests).
  await deps.emailLog.markSent(key, messageId, now());
  deps.metrics?.count('EmailsSent');
  return 'sent';
}

/** One email to a participant, with their one-click unsubscribe; nothing if they may not be emailed now. */
export async function deliverToParticipant<T extends ParticipantTemplateName>(deps: AppDeps, email: EmailToParticipant<T>): Promise<DeliveryOutcome> {
  const { to, template } = email;
  if (!mayEmail(to, deps.clock.now().toISOString(), email.requestedNow)) return 'skipped';
  return sendOnce(deps, email.key, template, async () => {
    const unsubscribeUrl = await signedLink(deps, 'unsubscribe', to.id);
    const vars = { ...email.vars, programName: deps.config.name, unsubscribeUrl, identityLine: deps.config.identityLine } as unknown as EmailVars<T>;
    const rendered = renderEmail(template, vars);
    return {
      to: [to.email],
      replyTo: email.replyTo ?? [replyAddress('p', to.id, await deps.secrets.tokenSecret(), deps.config.replyDomain)],
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      headers: [
        { name: 'List-Unsubscribe', value: `<${unsubscribeUrl}>` },
        { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
      ],
      tags: { template, program: deps.config.id },
    };
  });
}

/** One email to the program's admins (escalations, digests). Admins get these by role: no participant unsubscribe. */
export async function deliverToAdmins<T extends AdminTemplateName>(
  deps: AppDeps,
  email: { key: string; template: T; vars: Omit<EmailVars<T>, 'programName' | 'identityLine'> },
): Promise<DeliveryOutcome> {
  if (deps.config.admins.length === 0) return 'skipped';
  return sendOnce(deps, email.key, email.template, async () => {
    const vars = { ...email.vars, programName: deps.config.name, identityLine: deps.config.identityLine } as unknown as EmailVars<T>;
    const rendered = renderEmail(email.template, vars);
    return { to: deps.config.admins, replyTo: [], subject: rendered.subject, html: rendered.html, text: rendered.text, headers: [], tags: { template: email.template, program: deps.config.id } };
  });
}
