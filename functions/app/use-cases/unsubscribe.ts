import type { Participant } from '../../domain/participant';
import type { AppDeps, JobDeps } from '../support/deps';
import { endPair } from './end-pair';
import { NotFound } from '../support/errors';
import { readToken } from '../support/links';

/** Who an unsubscribe link belongs to, for the page that offers the choice. */
export async function unsubscribeTarget(deps: AppDeps, token: string): Promise<Participant> {
  const { s } = await readToken(deps, token, 'unsubscribe');
  const participant = await deps.participants.get(s);
  if (!participant) throw new NotFound('participant not found');
  return participant;
}

/** RFC 8058 one-click unsubscribe and the page's button: idempotent, no confirmation step. */
export async function unsubscribe(deps: JobDeps, token: string): Promise<void> {
  await unsubscribeParticipant(deps, await unsubscribeTarget(deps, token));
}

/**
 * Stops every email to the participant and takes them out of matching (also by
 * replying "stop"). Their running pairs end, so a partner is not left nudged in
 * a pair of one: the partner goes back to the pool for the next round.
 */
export async function unsubscribeParticipant(deps: JobDeps, participant: Participant): Promise<void> {
  if (participant.status === 'unsubscribed' || participant.status === 'deleted') return;
  for (const pair of await deps.pairs.pairsOf(participant.id)) {
    if (pair.status !== 'ended') await endPair(deps, pair, 'rematched', [participant.role]);
  }
  await deps.participants.transition(
    participant.id,
    ['pending', 'awaiting_approval', 'waiting', 'matched', 'alumni'],
    'unsubscribed',
    deps.clock.now().toISOString(),
  );
  deps.log?.('unsubscribed', { role: participant.role });
}
