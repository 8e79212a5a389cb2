/**
 * The admin console's credentials: random secrets handed out once (a sign-in link's token, a
 * session cookie, an API key) and stored only as their SHA-256 hash, so a copy of the table
 * signs nobody in. SHA-256 without salt is enough here: the secrets are 256 random bits, not
 * passwords, so there is nothing to guess.
 */
import { createHash, randomBytes } from 'node:crypto';

export const newSecret = (): string => randomBytes(32).toString('base64url');
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('base64url');

/** API keys carry a prefix, so a leaked one is recognisable (secret scanners, logs). */
export const API_KEY_PREFIX = 'mpk_';

/** A plausible secret (what we hand out: base64url, 43 characters; keys with their prefix): anything else is refused unread. */
export const looksLikeSecret = (value: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(value);
export const looksLikeApiKey = (value: string): boolean => value.startsWith(API_KEY_PREFIX) && looksLikeSecret(value.slice(API_KEY_PREFIX.length));

/**
 * Where to land after signing in: only a local console path (`/admin`, `/admin/…`), never
 * another site (`//evil.test`, `/\\evil.test`) nor the sign-in routes themselves.
 */
export function safeNext(next: string | undefined): string | undefined {
  if (!next || next.length > 500) return undefined;
  if (!/^\/admin(\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?(\?[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*)?$/.test(next)) return undefined;
  if (next.includes('//') || /\/\.\.?(\/|\?|$)/.test(next) || next.startsWith('/admin/sign-in') || next.startsWith('/admin/sign-out')) return undefined;
  return next;
}

/** A normalised email address, or undefined when it is not one (the sign-in form says the same either way). */
/** ADMIN_EMAILS as the seed reads it: normalised, invalid ones dropped. */
export function adminSeedAddresses(admins: readonly string[]): string[] {
  return admins.map((e) => normaliseEmail(e)).filter((e): e is string => e !== undefined);
}

export function normaliseEmail(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const email = value.trim().toLowerCase();
  return email.length <= 254 && /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/.test(email) ? email : undefined;
}
