import { replyAddress } from '../domain/reply-address';
import { mayEmail, type Participant } from '../domain/participant';
import { renderEmail, type EmailVars, type TemplateName } from '../emails/render';
import type { AppDeps } from './deps';
import { signedLink } from './links';

export type DeliveryOutcome = 'sent' | 'skipped' | 'failed';

export interface EmailToParticipant<T extends TemplateName> {
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
 * Renders and sends one email to a participant, exactly once per key: the key is
 * claimed with a conditional write before sending, and a failure is recorded
 * (never silently dropped) so that a later run may retry it.
 */
export async function deliverToParticipant<T extends TemplateName>(deps: AppDeps, email: EmailToParticipant<T>): Promise<DeliveryOutcome> {
  const { to, template } = email;
  const now = () => deps.clock.now().toISOString();
  if (!mayEmail(to, now(), email.requestedNow)) return 'skipped';
  if (!(await deps.emailLog.claim(email.key, now(), { template }))) return 'skipped';

  try {
    const unsubscribeUrl = await signedLink(deps, 'unsubscribe', to.id);
    const vars = { ...email.vars, programName: deps.config.name, unsubscribeUrl, identityLine: deps.config.identityLine } as unknown as EmailVars<T>;
    const rendered = renderEmail(template, vars);
    const { messageId } = await deps.mailer.send({
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
    });
    await deps.emailLog.markSent(email.key, messageId, now());
    return 'sent';
  } catch (error) {
    const reason = (error as Error).name || 'Error';
    await deps.emailLog.markFailed(email.key, reason, now());
    deps.log?.('email_failed', { template, key: email.key, reason });
    return 'failed';
  }
}
