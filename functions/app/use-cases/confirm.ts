import { needsConfirmation, statusAfterConfirming, type Participant } from '../../domain/participant';
import type { AppDeps } from '../support/deps';
import { NotFound } from '../support/errors';
import { readToken } from '../support/links';
import { inviteToWebinarOrLog } from './webinar-invitations';

export type ConfirmResult = { outcome: 'confirmed' | 'already_confirmed'; participant: Participant };

/**
 * Who a confirm link belongs to, for the page that asks to confirm (a GET
 * never confirms: mail scanners open every link). Throws InvalidToken for a
 * bad or expired link, NotFound when the person is gone.
 */
export async function confirmTarget(deps: AppDeps, token: string): Promise<{ participant: Participant; needsConfirmation: boolean }> {
  const { s: participantId } = await readToken(deps, token, 'confirm');
  const participant = await deps.participants.get(participantId);
  if (!participant || participant.status === 'deleted') throw new NotFound('participant not found');
  return { participant, needsConfirmation: needsConfirmation(participant) };
}

/**
 * The confirm link: pending (or unsubscribed/alumni who signed up again) → waiting, the matching pool;
 * or, while sign-ups need approval, a newcomer → awaiting_approval (an admin's approval puts them in the pool).
 * Idempotent: the result's participant status tells the page which.
 */
export async function confirmAddress(deps: AppDeps, token: string): Promise<ConfirmResult> {
  const { s: participantId } = await readToken(deps, token, 'confirm');
  const current = await deps.participants.get(participantId);
  if (!current) throw new NotFound('participant not found');
  if (needsConfirmation(current)) {
    const to = statusAfterConfirming(current, deps.config.signupsNeedApproval);
    // Conditioned on the status just read: a concurrent confirmation makes this one `already_confirmed`.
    const moved = await deps.participants.transition(participantId, [current.status], to, deps.clock.now().toISOString());
    if (moved) {
      deps.log?.('confirmed', { role: moved.role, status: moved.status });
      // The introductory session's invitation (at approval instead when an admin must approve first).
      if (moved.status !== 'awaiting_approval') await inviteToWebinarOrLog(deps, moved);
      return { outcome: 'confirmed', participant: moved };
    }
  }
  const latest = (await deps.participants.get(participantId)) ?? current;
  return { outcome: 'already_confirmed', participant: latest };
}
