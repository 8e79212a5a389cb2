import type { Participant } from '../domain/participant';
import type { AppDeps } from './deps';
import { NotFound } from './errors';
import { readToken } from './links';

/** Who an unsubscribe link belongs to, for the page that offers the choice. */
export async function unsubscribeTarget(deps: AppDeps, token: string): Promise<Participant> {
  const { s } = await readToken(deps, token, 'unsubscribe');
  const participant = await deps.participants.get(s);
  if (!participant) throw new NotFound('participant not found');
  return participant;
}

/** RFC 8058 one-click unsubscribe and the page's button: idempotent, no confirmation step. */
export async function unsubscribe(deps: AppDeps, token: string): Promise<void> {
  await unsubscribeParticipant(deps, await unsubscribeTarget(deps, token));
}

/** Stops every email to the participant and takes them out of matching (also by replying "stop"). */
export async function unsubscribeParticipant(deps: AppDeps, participant: Participant): Promise<void> {
  if (participant.status === 'unsubscribed' || participant.status === 'deleted') return;
  await deps.participants.transition(participant.id, ['pending', 'waiting', 'matched', 'alumni'], 'unsubscribed', deps.clock.now().toISOString());
  deps.log?.('unsubscribed', { role: participant.role });
}
