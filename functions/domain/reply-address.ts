/**
 * Reply-To addresses that route replies back to the system:
 * `reply+<kind>-<id>-<mac>@<reply domain>`. Lower-case hex and base32 only, as
 * some mail servers fold the case of local parts; short enough for the
 * 64-character local-part limit with 26-character ids.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type ReplyKind = 'p' | 'pair';

const mac = (kind: ReplyKind, id: string, secret: string) =>
  createHmac('sha256', secret).update(`reply:${kind}:${id}`).digest('hex').slice(0, 16);

export function replyAddress(kind: ReplyKind, id: string, secret: string, domain: string): string {
  return `reply+${kind}-${id}-${mac(kind, id, secret)}@${domain}`;
}

export function parseReplyAddress(address: string, secret: string): { kind: ReplyKind; id: string } | undefined {
  const match = /^reply\+(p|pair)-([0-9a-z]{1,40})-([0-9a-f]{16})@/i.exec(address.trim());
  if (!match) return undefined;
  const [, kind, id, given] = match as unknown as [string, ReplyKind, string, string];
  const expected = mac(kind.toLowerCase() as ReplyKind, id.toLowerCase(), secret);
  const ok = timingSafeEqual(Buffer.from(given.toLowerCase()), Buffer.from(expected));
  return ok ? { kind: kind.toLowerCase() as ReplyKind, id: id.toLowerCase() } : undefined;
}
