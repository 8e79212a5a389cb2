/**
 * Reply-To addresses that route replies back to the system:
 * `reply+<kind>-<id>-<mac>@<reply domain>`. Lower-case hex and base32 only, as
 * some mail servers fold the case of local parts; short enough for the
 * 64-character local-part limit with 26-character ids.
 *
 * Kinds:
 * - `p-<participantId>`: a participant's own emails (confirmations, reminders to one person).
 * - `mentor-<pairId>` / `mentee-<pairId>`: one member's copy of a pair email. The
 *   pair id says which pair (a mentor can be in several), the role which of its two
 *   members the copy went to: `reply+mentor-<26>-<16>` is 56 characters.
 * - `pair-<pairId>`: the pair's shared address, no longer sent. Copies already in
 *   inboxes still verify, but name no member, so commands to it are never believed.
 *
 * The MAC covers the kind and the id, so no address can be turned into another.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type ReplyKind = 'p' | 'pair' | 'mentor' | 'mentee';

export interface ReplyTarget {
  kind: ReplyKind;
  /** The participant id for `p`, the pair id otherwise. */
  id: string;
}

const mac = (kind: ReplyKind, id: string, secret: string) => createHmac('sha256', secret).update(`reply:${kind}:${id}`).digest('hex').slice(0, 16);

export function replyAddress(kind: ReplyKind, id: string, secret: string, domain: string): string {
  return `reply+${kind}-${id}-${mac(kind, id, secret)}@${domain}`;
}

/** The reply address on `memberId`'s own copy of an email about `pair`. */
export function memberReplyAddress(pair: { id: string; mentorId: string; menteeId: string }, memberId: string, secret: string, domain: string): string {
  if (memberId !== pair.mentorId && memberId !== pair.menteeId) throw new Error('not a member of this pair');
  return replyAddress(memberId === pair.mentorId ? 'mentor' : 'mentee', pair.id, secret, domain);
}

/** The member a `mentor`/`mentee` address names, given its pair. */
export function memberOf(target: ReplyTarget, pair: { mentorId: string; menteeId: string }): string | undefined {
  if (target.kind === 'mentor') return pair.mentorId;
  if (target.kind === 'mentee') return pair.menteeId;
  return undefined;
}

const ADDRESS = /^reply\+(p|pair|mentor|mentee)-([0-9a-z]{1,40})-([0-9a-f]{16})@[^@\s]+$/i;

/** What a reply address stands for, when its MAC verifies; undefined for anything else. */
export function parseReplyAddress(address: string, secret: string): ReplyTarget | undefined {
  if (address.length > 320) return undefined;
  const match = ADDRESS.exec(address.trim());
  if (!match) return undefined;
  const [, kindGiven, idGiven, given] = match as unknown as [string, string, string, string];
  const kind = kindGiven.toLowerCase() as ReplyKind;
  const id = idGiven.toLowerCase();
  const ok = timingSafeEqual(Buffer.from(given.toLowerCase()), Buffer.from(mac(kind, id, secret)));
  return ok ? { kind, id } : undefined;
}
