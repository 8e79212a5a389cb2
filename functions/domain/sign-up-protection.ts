/**
 * Rules that protect the people a sign-up form can be aimed at (DESIGN §10):
 * whose inbox may receive how much, which domains may sign up, and the hour
 * buckets of the program-wide confirmation cap. Pure: secrets and times come
 * in as data.
 */
import { createHmac } from 'node:crypto';
import { normalizeEmail } from './participant';

/**
 * A stable, non-reversible key for an email address (for the per-address cap):
 * a keyed hash of the normalized address, so the limiter never stores one.
 */
export function addressKey(email: string, secret: string): string {
  return createHmac('sha256', secret)
    .update(`address:${normalizeEmail(email)}`)
    .digest('base64url')
    .slice(0, 22);
}

/** The domain of an address, lower-case (the part after the last `@`). */
export function emailDomain(email: string): string {
  const at = email.lastIndexOf('@');
  return normalizeEmail(at < 0 ? '' : email.slice(at + 1));
}

/**
 * Whether an address may sign up: any when no domain is configured, otherwise
 * only an exact, case-insensitive match of its domain. A subdomain is a domain
 * of its own (`eu.acme.com` is not `acme.com`): list every one that may sign up.
 */
export function emailDomainAllowed(email: string, allowedDomains: readonly string[]): boolean {
  if (allowedDomains.length === 0) return true;
  const domain = emailDomain(email);
  return allowedDomains.some((allowed) => normalizeEmail(allowed) === domain);
}

/** The field message for an address outside the allowed domains. */
export function domainNotAllowedMessage(allowedDomains: readonly string[]): string {
  const list = allowedDomains.map((d) => `@${normalizeEmail(d)}`);
  const shown = list.length <= 5 ? list.join(', ') : `${list.slice(0, 5).join(', ')} and ${list.length - 5} more`;
  return `Please use your work email address: sign-ups are open to ${shown} addresses only`;
}

/**
 * A sliding-window log: the times (epoch seconds) of the hits granted within
 * the window, never more than `limit` of them, so the record stays tiny. A
 * refused hit is not recorded: an inbox that is being bombed frees up exactly
 * `windowSeconds` after the oldest email it got, whatever else is tried.
 */
export function slideWindow(
  hits: readonly number[],
  limit: number,
  windowSeconds: number,
  nowSeconds: number,
): { allowed: boolean; hits: number[]; retryAfterSeconds: number } {
  const recent = hits.filter((t) => t > nowSeconds - windowSeconds).sort((a, b) => a - b);
  if (recent.length < limit) return { allowed: true, hits: [...recent, nowSeconds], retryAfterSeconds: 0 };
  const oldest = recent[recent.length - limit] as number;
  return { allowed: false, hits: recent, retryAfterSeconds: Math.max(1, oldest + windowSeconds - nowSeconds) };
}

/** The UTC hour an instant falls in, e.g. `2026-11-30T09` (the bucket of the hourly confirmation cap). */
export const hourOf = (iso: string): string => new Date(iso).toISOString().slice(0, 13);

/** The start of the UTC hour after the one `iso` falls in. */
export function nextHourStart(iso: string): string {
  const ms = Date.parse(iso);
  return new Date(ms - (ms % 3_600_000) + 3_600_000).toISOString();
}
