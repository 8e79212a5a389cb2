import type { Invitation } from '../../domain/invitation';
import { verifyToken } from '../../domain/tokens';
import type { AppDeps } from '../support/deps';

/**
 * The invitation a sign-up link (`/?invite=<token>`) carries, to pre-fill the form; undefined for a bad,
 * expired or unknown link (the form is then simply empty: an invitation is a convenience, not a gate).
 */
export async function invitationFromLink(deps: AppDeps, token: string): Promise<Invitation | undefined> {
  if (token.length > 1000) return undefined;
  const check = verifyToken(token, 'invite', await deps.secrets.tokenSecret(), deps.clock.now().getTime());
  if (!check.ok) return undefined;
  return deps.participants.invitation(deps.config.id, check.claims.s);
}
