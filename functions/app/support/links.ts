import { expiresIn, signToken, verifyToken, type TokenClaims, type TokenPurpose } from '../../domain/tokens';
import type { AppDeps } from './deps';
import { InvalidToken } from './errors';

/** How long each kind of link stays valid. Unsubscribe links must keep working long after the email. */
export const LINK_LIFETIME_DAYS: Record<TokenPurpose, number> = {
  confirm: 7,
  unsubscribe: 400,
  checkin: 30,
  feedback: 60,
  rejoin: 60,
  reply: 400,
  /** An invitation from an admin's import: its pre-filled sign-up form. */
  invite: 30,
  /** A large CSV export's link (the local stand-in for a presigned S3 URL; the lifetime is EXPORT_LINK_SECONDS). */
  export: 1,
  /** A mentee's choice among offered mentors (subject: the mentee, extra: the mentor); the offer's own expiry is data. */
  choose: 60,
  /** A mentor's one decline of a pair a mentee chose (subject: the pair, extra: the mentor). */
  decline: 30,
  /** A member's fit-check answer (subject: the pair, extra: the member). */
  fit: 30,
};

type LinkPurpose = Exclude<TokenPurpose, 'reply' | 'invite' | 'export'>;

const ROUTES: Record<LinkPurpose, string> = {
  confirm: '/confirm/',
  unsubscribe: '/unsubscribe/',
  checkin: '/checkin/',
  feedback: '/feedback/',
  rejoin: '/rejoin/',
  choose: '/choose/',
  decline: '/decline/',
  fit: '/fit/',
};

/**
 * A page of the admin console, e.g. `/admin/pairs/<id>`. Emails to admins carry no
 * bearer token: the console asks for a sign-in first (and then lands on this page).
 */
export const consoleLink = (deps: Pick<AppDeps, 'config'>, path: `/admin${string}`): string => `${deps.config.publicUrl}${path}`;

export async function signedLink(deps: AppDeps, purpose: LinkPurpose, subject: string, extra?: string): Promise<string> {
  const claims: TokenClaims = { p: purpose, s: subject, e: expiresIn(deps.clock.now().getTime(), LINK_LIFETIME_DAYS[purpose]) };
  if (extra) claims.x = extra;
  return `${deps.config.publicUrl}${ROUTES[purpose]}${signToken(claims, await deps.secrets.tokenSecret())}`;
}

export async function readToken(deps: AppDeps, token: string, purpose: TokenPurpose): Promise<TokenClaims> {
  const check = verifyToken(token, purpose, await deps.secrets.tokenSecret(), deps.clock.now().getTime());
  if (!check.ok) throw new InvalidToken(check.reason);
  return check.claims;
}
