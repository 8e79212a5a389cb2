/**
 * Signed, expiring, single-purpose link tokens: `<payload>.<signature>`, both
 * base64url. The payload names its purpose, so a check-in token can never
 * confirm an address. Pure: the caller supplies the secret and the time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type TokenPurpose = 'confirm' | 'unsubscribe' | 'checkin' | 'feedback' | 'rejoin' | 'reply' | 'invite' | 'export' | 'choose' | 'decline' | 'fit';

export interface TokenClaims {
  /** purpose */
  p: TokenPurpose;
  /** subject: a participant id, pair id… */
  s: string;
  /** expiry, seconds since the epoch */
  e: number;
  /** optional extra claim (e.g. the participant inside a pair) */
  x?: string;
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: 'malformed' | 'forged' | 'expired' | 'wrong_purpose' };

const b64url = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Strict base64url: Node's decoder skips characters outside the alphabet and
 * ignores the unused low bits of the last character, so many strings decode to
 * the same bytes. A token is accepted only in its one canonical spelling: the
 * alphabet only, no padding, and re-encoding the bytes gives the string back.
 */
export function decodeBase64UrlStrict(text: string): Buffer | undefined {
  if (!BASE64URL.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}
const mac = (payload: string, secret: string) => createHmac('sha256', secret).update(payload).digest();

export function signToken(claims: TokenClaims, secret: string): string {
  const payload = b64url(JSON.stringify(claims));
  return `${payload}.${b64url(mac(payload, secret))}`;
}

export function verifyToken(token: string, purpose: TokenPurpose, secret: string, nowMs: number): TokenCheck {
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length > 0) return { ok: false, reason: 'malformed' };
  const claimBytes = decodeBase64UrlStrict(payload);
  if (!claimBytes) return { ok: false, reason: 'malformed' };
  const expected = mac(payload, secret);
  // A signature in any spelling but the canonical one is not the signature.
  const given = decodeBase64UrlStrict(signature);
  if (!given || given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  let claims: TokenClaims;
  try {
    claims = JSON.parse(claimBytes.toString('utf8')) as TokenClaims;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof claims !== 'object' || claims === null || typeof claims.s !== 'string' || typeof claims.e !== 'number') return { ok: false, reason: 'malformed' };
  if (claims.p !== purpose) return { ok: false, reason: 'wrong_purpose' };
  if (claims.e * 1000 <= nowMs) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

export function expiresIn(nowMs: number, days: number): number {
  return Math.floor(nowMs / 1000) + Math.round(days * 86_400);
}
