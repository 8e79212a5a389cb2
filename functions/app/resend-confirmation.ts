import { normalizeEmail } from '../domain/participant';
import type { AppDeps } from './deps';
import { sendConfirmation } from './sign-up';

/**
 * "Send me a new link" from the expired-link page. Answers the same whatever the
 * address, and sends at most one new link per address per hour.
 */
export async function resendConfirmation(deps: AppDeps, email: string): Promise<void> {
  const participant = await deps.participants.findByEmail(deps.config.id, normalizeEmail(email));
  if (!participant || participant.status !== 'pending') return;
  const hour = deps.clock.now().toISOString().slice(0, 13);
  await sendConfirmation(deps, participant, `confirm#${participant.id}#resend#${hour}`);
}
