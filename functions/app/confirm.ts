import type { Participant } from '../domain/participant';
import type { AppDeps } from './deps';
import { NotFound } from './errors';
import { readToken } from './links';

export type ConfirmResult = { outcome: 'confirmed' | 'already_confirmed'; participant: Participant };

/** The confirm link: pending (or unsubscribed/alumni who signed up again) → waiting, the matching pool. Idempotent. */
export async function confirmAddress(deps: AppDeps, token: string): Promise<ConfirmResult> {
  const { s: participantId } = await readToken(deps, token, 'confirm');
  const moved = await deps.participants.transition(participantId, ['pending', 'unsubscribed', 'alumni'], 'waiting', deps.clock.now().toISOString());
  if (moved) {
    deps.log?.('confirmed', { role: moved.role });
    return { outcome: 'confirmed', participant: moved };
  }
  const current = await deps.participants.get(participantId);
  if (!current) throw new NotFound('participant not found');
  return { outcome: 'already_confirmed', participant: current };
}
