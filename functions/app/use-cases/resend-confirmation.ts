import { normalizeEmail } from '../../domain/participant';
import { confirmWithinCaps } from '../support/confirmation-caps';
import type { JobDeps } from '../support/deps';
import { RateLimited } from '../support/errors';

/** "Send me a new link" requests one client (source address) may make in ten minutes. */
export const RESEND_LIMIT = { max: 30, windowSeconds: 600 };

/**
 * "Send me a new link" from the expired-link page. Answers the same whatever the
 * address. Each client is rate limited; a link goes out at most once per address
 * per hour, within the sign-up caps (three sign-up emails per address in 24 hours,
 * the program's hourly confirmation cap).
 */
export async function resendConfirmation(deps: JobDeps, email: string, client: { key: string }): Promise<void> {
  const limit = await deps.rateLimiter.hit(`resend:${client.key}`, RESEND_LIMIT.max, RESEND_LIMIT.windowSeconds, deps.clock.now());
  if (!limit.allowed) throw new RateLimited(limit.retryAfterSeconds);
  const participant = await deps.participants.findByEmail(deps.config.id, normalizeEmail(email));
  if (!participant || participant.status !== 'pending') return;
  const hour = deps.clock.now().toISOString().slice(0, 13);
  await confirmWithinCaps(deps, participant, `confirm#${participant.id}#resend#${hour}`);
}
