import type { AppDeps } from '../support/deps';
import { NotFound } from '../support/errors';
import { readToken } from '../support/links';

/** The closing email's "join the next round": an alumni member goes back into the matching pool. */
export async function rejoin(deps: AppDeps, token: string): Promise<'rejoined' | 'already_in'> {
  const { s } = await readToken(deps, token, 'rejoin');
  const moved = await deps.participants.transition(s, ['alumni'], 'waiting', deps.clock.now().toISOString());
  if (moved) return 'rejoined';
  if (!(await deps.participants.get(s))) throw new NotFound('participant not found');
  return 'already_in';
}
