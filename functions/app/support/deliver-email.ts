import { mayCorrectCalendar, mayEmail, type Participant } from '../../domain/participant';
import { replyAddress } from '../../domain/reply-address';
import { renderEmail, type AdminTemplateName, type EmailVars, type ParticipantTemplateName, type TemplateName } from '../../email-rendering/render';
import type { CalendarPart, EmailPriority, OutgoingEmail } from '../../ports';
import { adminSeedAddresses } from '../use-cases/admin/credentials';
import type { AppDeps, QueueDeps } from './deps';
import { signedLink } from './links';

/**
 * `queued`: claimed and handed to the send queue (the sender sends it soon);
 * `skipped`: already claimed under its key, or not to be sent; `failed`: the
 * queue refused it (recorded, so a later run may try again).
 */
export type DeliveryOutcome = 'queued' | 'skipped' | 'failed';

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
  /** An iCalendar invitation (or its cancellation) sent with the email; the mailer builds the MIME message. */
  calendar?: CalendarPart;
  /** It moves or cancels a calendar event the person already holds: sent during a pause too (see mayCorrectCalendar). */
  correctsCalendar?: boolean;
}

/**
 * Queues one email per key: the key is claimed as `queued` with a conditional
 * write first, so a repeated job skips what is under way or sent; a repeated
 * job may queue an email still waiting a second time, and the sender, which
 * claims it `sending` before the SES call (functions/app/use-cases/send-queued.ts),
 * sends one of the two.
 * A failure to enqueue is recorded (never silently dropped) so that a later
 * run may retry it. Mail a person waits for (`requestedNow`) takes the priority queue.
 */
async function enqueueOnce(
  deps: QueueDeps,
  key: string,
  template: TemplateName,
  priority: EmailPriority,
  compose: () => Promise<OutgoingEmail>,
  participantId?: string,
): Promise<DeliveryOutcome> {
  const now = () => deps.clock.now().toISOString();
  if (!(await deps.emailLog.claim(key, now(), { template, programId: deps.config.id, ...(participantId ? { participantId } : {}) }))) return 'skipped';
  try {
    await deps.emailQueue.enqueue({ key, priority, template, email: await compose() });
    return 'queued';
  } catch (error) {
    const reason = (error as Error).name || 'Error';
    await deps.emailLog.markFailed(key, reason, now());
    deps.log?.('email_enqueue_failed', { template, key, reason });
    deps.metrics?.count('EmailsFailed');
    return 'failed';
  }
}

/** One email to a participant, with their one-click unsubscribe; nothing if they may not be emailed now. */
export async function deliverToParticipant<T extends ParticipantTemplateName>(deps: AppDeps, email: EmailToParticipant<T>): Promise<DeliveryOutcome> {
  const { to, template } = email;
  const allowed = email.correctsCalendar ? mayCorrectCalendar(to) : mayEmail(to, deps.clock.now().toISOString(), email.requestedNow);
  if (!allowed) return 'skipped';
  return enqueueOnce(
    deps,
    email.key,
    template,
    email.requestedNow ? 'now' : 'bulk',
    async () => {
      const unsubscribeUrl = await signedLink(deps, 'unsubscribe', to.id);
      const vars = { ...email.vars, programName: deps.config.name, unsubscribeUrl, identityLine: deps.config.identityLine } as unknown as EmailVars<T>;
      const composed = composeEmail(deps, template, vars, {
        to: [to.email],
        replyTo: email.replyTo ?? [replyAddress('p', to.id, await deps.secrets.tokenSecret(), deps.config.replyDomain)],
        headers: [
          { name: 'List-Unsubscribe', value: `<${unsubscribeUrl}>` },
          { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
        ],
        ...(email.calendar ? { calendar: email.calendar } : {}),
      });
      return email.calendar ? { ...composed, calendar: email.calendar } : composed;
    },
    to.id,
  );
}

/**
 * An invitation to someone who is not a participant yet (an admin's import): `now`-less bulk mail,
 * with `unsubscribeUrl` as its one-click opt-out (nothing else is ever sent to an invitee).
 */
export async function deliverToInvitee<T extends ParticipantTemplateName>(
  deps: AppDeps,
  email: { key: string; template: T; to: string; vars: Omit<EmailVars<T>, 'programName' | 'unsubscribeUrl' | 'identityLine'>; unsubscribeUrl: string },
): Promise<DeliveryOutcome> {
  return enqueueOnce(deps, email.key, email.template, 'bulk', async () => {
    const vars = {
      ...email.vars,
      programName: deps.config.name,
      unsubscribeUrl: email.unsubscribeUrl,
      identityLine: deps.config.identityLine,
    } as unknown as EmailVars<T>;
    return composeEmail(deps, email.template, vars, {
      to: [email.to],
      replyTo: [],
      headers: [{ name: 'List-Unsubscribe', value: `<${email.unsubscribeUrl}>` }],
    });
  });
}

/**
 * One email to the program's admins (escalations, digests: bulk; notices about
 * sending itself: `now`). Admins get these by role: no participant unsubscribe.
 * The admins are data (added and removed in the console); before the seed has run,
 * the ADMIN_EMAILS addresses (AdminAddresses).
 */
export async function deliverToAdmins<T extends AdminTemplateName>(
  deps: QueueDeps,
  email: { key: string; template: T; vars: Omit<EmailVars<T>, 'programName' | 'identityLine'>; priority?: EmailPriority },
): Promise<DeliveryOutcome> {
  const to = await deps.adminAddresses.list(deps.config.id, adminSeedAddresses(deps.config.admins));
  if (to.length === 0) return 'skipped';
  return enqueueToAdmins(deps, to, email.priority ?? 'bulk', email);
}

/**
 * One email to one admin by address (the console's sign-in link): the admin
 * footer, no unsubscribe. `now` for mail the admin is waiting for.
 */
export async function deliverToAdmin<T extends AdminTemplateName>(
  deps: QueueDeps,
  email: { key: string; to: string; template: T; vars: Omit<EmailVars<T>, 'programName' | 'identityLine'>; priority: EmailPriority },
): Promise<DeliveryOutcome> {
  return enqueueToAdmins(deps, [email.to], email.priority, email);
}

/** Admin mail: the admin footer, no reply address, no unsubscribe. */
function enqueueToAdmins<T extends AdminTemplateName>(
  deps: QueueDeps,
  to: string[],
  priority: EmailPriority,
  email: { key: string; template: T; vars: Omit<EmailVars<T>, 'programName' | 'identityLine'> },
): Promise<DeliveryOutcome> {
  return enqueueOnce(deps, email.key, email.template, priority, async () => {
    const vars = { ...email.vars, programName: deps.config.name, identityLine: deps.config.identityLine } as unknown as EmailVars<T>;
    return composeEmail(deps, email.template, vars, { to, replyTo: [], headers: [] });
  });
}

/** Renders a template into an outgoing email with the given envelope, tagged with the template and program. */
function composeEmail<T extends TemplateName>(
  deps: QueueDeps,
  template: T,
  vars: EmailVars<T>,
  envelope: Pick<OutgoingEmail, 'to' | 'replyTo' | 'headers' | 'calendar'>,
): OutgoingEmail {
  const rendered = renderEmail(template, vars);
  return {
    ...envelope,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    tags: { template, program: deps.config.id },
  };
}
