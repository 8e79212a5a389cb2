import { firstName, newParticipant, type Participant } from '../domain/participant';
import type { Signup } from '../domain/signup-schema';
import { EmailTaken } from '../ports';
import type { AppDeps } from './deps';
import { deliverToParticipant } from './deliver-email';
import { RateLimited } from './errors';
import { LINK_LIFETIME_DAYS, signedLink } from './links';

export type SignUpResult = { outcome: 'created' | 'already_registered'; participantId: string };

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Valid sign-ups one client may make before it has to wait: enough for a team sharing one office IP. */
export const SIGNUP_LIMIT = { max: 10, windowSeconds: 600 };

/**
 * Double opt-in sign-up. A new address is stored as `pending` and gets a
 * confirmation link. A known address gets the same answer on the web (no
 * account enumeration) and an "already registered" email instead, at most one
 * a day, so the form cannot be used to flood someone's inbox. Each client is
 * rate limited before anything is written or sent.
 */
export async function signUp(deps: AppDeps, signup: Signup, client: { key: string }): Promise<SignUpResult> {
  const now = deps.clock.now();
  const limit = await deps.rateLimiter.hit(`signup:${client.key}`, SIGNUP_LIMIT.max, SIGNUP_LIMIT.windowSeconds, now);
  if (!limit.allowed) throw new RateLimited(limit.retryAfterSeconds);
  const participant = newParticipant(signup, { id: deps.ids.next(), programId: deps.config.id }, now.toISOString());
  try {
    await deps.participants.create(participant);
  } catch (error) {
    if (!(error instanceof EmailTaken)) throw error;
    const existing = await deps.participants.findByEmail(deps.config.id, participant.email);
    if (!existing) throw error;
    await sendAlreadyRegistered(deps, existing, day(now));
    return { outcome: 'already_registered', participantId: existing.id };
  }
  await sendConfirmation(deps, participant, `confirm#${participant.id}`);
  deps.log?.('signed_up', { role: participant.role });
  return { outcome: 'created', participantId: participant.id };
}

export async function sendConfirmation(deps: AppDeps, participant: Participant, key: string) {
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
      preheader: 'One click to confirm your address and join the matching pool.',
    },
  });
}

async function sendAlreadyRegistered(deps: AppDeps, existing: Participant, today: string) {
  const needsConfirmation = existing.status === 'pending' || existing.status === 'unsubscribed' || existing.status === 'alumni';
  const statusLine = {
    pending: "Your address is registered but not confirmed yet: confirm it and you're in the matching pool.",
    unsubscribed: 'You unsubscribed earlier. If you would like to rejoin, confirm your address again.',
    alumni: 'Your last mentorship has ended. To join the next matching round, confirm your address again.',
    waiting: "You're already in the matching pool; we'll introduce you to your match soon.",
    matched: "You're already in the program and matched with a partner.",
    // A deleted participant's address guard is gone, so a new sign-up creates a new participant instead.
    deleted: "You're registered.",
  }[existing.status];
  return deliverToParticipant(deps, {
    key: `already#${existing.id}#${today}`,
    template: 'already-registered',
    to: existing,
    requestedNow: true,
    vars: {
      firstName: firstName(existing.name),
      statusLine,
      actionLabel: needsConfirmation ? 'Confirm my address' : 'Manage my participation',
      actionUrl: needsConfirmation ? await signedLink(deps, 'confirm', existing.id) : await signedLink(deps, 'unsubscribe', existing.id),
      preheader: 'Someone (hopefully you) signed up again with this address.',
    },
  });
}
