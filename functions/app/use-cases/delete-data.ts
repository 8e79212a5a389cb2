import type { Participant } from '../../domain/participant';
import type { JobDeps } from '../support/deps';
import { endPair } from './end-pair';
import { unsubscribeTarget } from './unsubscribe';

/**
 * "Delete my data": any running pair ends (the partner goes back to the pool),
 * what they wrote in feedback and in a decline of a chosen pair is removed, then their personal data and address
 * are erased. Anonymous counts (role, dates, pairs by id, ratings) stay for the program's KPIs.
 */
export async function deleteMyData(deps: JobDeps, token: string): Promise<void> {
  await eraseParticipant(deps, await unsubscribeTarget(deps, token));
}

/** The erasure itself, for the person's own link and an admin's "remove" alike. */
export async function eraseParticipant(deps: JobDeps, participant: Participant): Promise<void> {
  if (participant.status === 'deleted') return;
  for (const pair of await deps.pairs.pairsOf(participant.id)) {
    if (pair.status !== 'ended') await endPair(deps, pair, 'rematched', [participant.role]);
    await deps.pairs.scrubActivities(pair.id, participant.id);
  }
  await deps.offers.erase(participant.programId, participant.id);
  await deps.participants.erase(participant.id, deps.clock.now().toISOString());
  deps.log?.('data_deleted', { role: participant.role });
}
