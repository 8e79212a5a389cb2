import { counted } from '../../domain/kpi/stats-delta';
import type { Participant } from '../../domain/participant';
import type { AppDeps } from '../support/deps';

export const PAUSE_DAYS = 30;

/** No reminders or follow-ups for 30 days; the pair and the pool place stay as they are. */
export async function pauseParticipant(deps: AppDeps, participant: Participant): Promise<string> {
  const now = deps.clock.now();
  const until = new Date(now.getTime() + PAUSE_DAYS * 86_400_000).toISOString();
  await deps.participants.setFlags(participant, { pausedUntil: until }, now.toISOString(), counted('pauses', now.toISOString()));
  deps.log?.('paused', { role: participant.role });
  return until;
}
