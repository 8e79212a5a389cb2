import { newParticipant } from '../../domain/participant';
import type { Signup } from '../../domain/signup-schema';
import { domainNotAllowedMessage, emailDomainAllowed } from '../../domain/sign-up-protection';
import { EmailTaken } from '../../ports';
import { confirmWithinCaps, withinAddressCap, type CappedOutcome } from '../support/confirmation-caps';
import type { JobDeps } from '../support/deps';
import { InvalidSignup, RateLimited } from '../support/errors';
import { sendAlreadyRegistered } from '../support/sign-up-emails';

export { sendConfirmation } from '../support/sign-up-emails';

export type SignUpResult = { outcome: 'created' | 'already_registered'; participantId: string; delivery: CappedOutcome };

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Valid sign-ups one client (source address) may make in ten minutes. Not what
 * protects inboxes (the per-address and hourly caps do): colleagues behind one
 * office NAT or VPN address sign up together at a program launch, and 200 of
 * them in ten minutes must all get in.
 */
export const SIGNUP_LIMIT = { max: 600, windowSeconds: 600 };

/**
 * Double opt-in sign-up. A new address is stored as `pending` and gets a
 * confirmation link. A known address gets the same answer on the web (no
 * account enumeration) and an "already registered" email instead, at most one
 * a day. Whatever is tried, one address gets at most three sign-up emails in
 * 24 hours, and the program sends at most CONFIRMATIONS_PER_HOUR confirmations
 * an hour (the rest are deferred, not dropped), so the form cannot be used to
 * flood anyone's inbox. An address outside the allowed domains is refused
 * before anything is counted, written or sent.
 */
export async function signUp(deps: JobDeps, signup: Signup, client: { key: string }): Promise<SignUpResult> {
  const { allowedEmailDomains } = deps.config;
  if (!emailDomainAllowed(signup.email, allowedEmailDomains))
    throw new InvalidSignup([{ path: 'email', message: domainNotAllowedMessage(allowedEmailDomains) }]);
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
    const key = `already#${existing.id}#${day(now)}`;
    const delivery = await withinAddressCap(deps, existing.email, key, () => sendAlreadyRegistered(deps, existing, key));
    return { outcome: 'already_registered', participantId: existing.id, delivery };
  }
  const delivery = await confirmWithinCaps(deps, participant, `confirm#${participant.id}`);
  deps.log?.('signed_up', { role: participant.role });
  deps.metrics?.count('SignUps');
  return { outcome: 'created', participantId: participant.id, delivery };
}
