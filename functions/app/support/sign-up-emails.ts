import { firstName, needsConfirmation as mustConfirm, type Participant } from '../../domain/participant';
import { wording } from '../../email-rendering/wording';
import type { AppDeps } from './deps';
import { deliverToParticipant, type DeliveryOutcome } from './deliver-email';
import { LINK_LIFETIME_DAYS, signedLink } from './links';

/** The double opt-in email, sent now under `key` (callers apply the sign-up caps: see confirmation-caps.ts). */
export async function sendConfirmation(deps: AppDeps, participant: Participant, key: string): Promise<DeliveryOutcome> {
  return deliverToParticipant(deps, {
    key,
    template: 'confirm',
    to: participant,
    requestedNow: true,
    vars: {
      firstName: firstName(participant.name),
      role: participant.role,
      confirmUrl: await signedLink(deps, 'confirm', participant.id),
      expiresInDays: LINK_LIFETIME_DAYS.confirm,
      preheader: wording.confirm.preheader(),
    },
  });
}

/** To a known address that signed up again, under `key` (one a day: the caller's key says so). */
export async function sendAlreadyRegistered(deps: AppDeps, existing: Participant, key: string): Promise<DeliveryOutcome> {
  const needsConfirmation = mustConfirm(existing);
  const statusLine = {
    pending: "Your address is registered but not confirmed yet: confirm it and you're in the matching pool.",
    unsubscribed: 'You unsubscribed earlier. If you would like to rejoin, confirm your address again.',
    alumni: 'Your last mentorship has ended. To join the next matching round, confirm your address again.',
    awaiting_approval: "Your address is confirmed; the program's team is reviewing sign-ups and will let you know.",
    waiting: "You're already in the matching pool; we'll introduce you to your match soon.",
    matched: "You're already in the program and matched with a partner.",
    blocked: "You're registered. For questions, reply to this email to reach the program's team.",
    // A deleted participant's address guard is gone, so a new sign-up creates a new participant instead.
    deleted: "You're registered.",
  }[existing.status];
  return deliverToParticipant(deps, {
    key,
    template: 'already-registered',
    to: existing,
    requestedNow: true,
    vars: {
      firstName: firstName(existing.name),
      statusLine,
      actionLabel: needsConfirmation ? 'Confirm my address' : 'Manage my participation',
      actionUrl: needsConfirmation ? await signedLink(deps, 'confirm', existing.id) : await signedLink(deps, 'unsubscribe', existing.id),
      preheader: wording['already-registered'].preheader(),
    },
  });
}
