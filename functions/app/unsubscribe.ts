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
  const participant = await unsubscribeTarget(deps, token);
  if (participant.status === 'unsubscribed') return;
  await deps.participants.transition(
    participant.id,
    ['pending', 'waiting', 'matched', 'paused'],
    'unsubscribed',
    deps.clock.now().toISOString(),
  );
  deps.log?.('unsubscribed', { role: participant.role });
}
