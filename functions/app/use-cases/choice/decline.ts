/**
 * A mentor's decline of a pair a mentee chose (matching mode `choice`):
 * `/decline/<token>` names the pair (subject) and the mentor (extra). Reading
 * it changes nothing; the POST of its form (a reason and a button) ends the
 * pair (`declined`: the two are never offered to each other again), keeps the
 * reason for the admins, and offers the mentee a new choice without that
 * mentor, in words that blame no one. A mentor declines at most once in the
 * program: the guard item is written first and names the pair, so a retry of
 * the same decline finishes it, and another pair's decline link is refused.
 */
import { offerRound } from '../../../domain/matching/offers';
import { DECLINE_REASON_MAX, type MentorDecline } from '../../../domain/offer';
import type { Pair } from '../../../domain/pair';
import type { Participant } from '../../../domain/participant';
import type { AuditLog } from '../../../ports';
import type { JobDeps } from '../../support/deps';
import { InvalidToken, NotFound } from '../../support/errors';
import { readToken } from '../../support/links';
import { loadPool } from '../../support/matching-round';
import { endPair } from '../end-pair';
import { notifyUnmatched } from '../run-matching';
import { createOffer, sendOfferEmail } from './send-offer';

export type DeclineView =
  | { kind: 'open'; pair: Pair; mentor: Participant; mentee: Participant }
  /** The pair ended already (declined, or otherwise). */
  | { kind: 'ended'; mentor: Participant }
  /** This mentor used their one decline on another pair. */
  | { kind: 'used'; mentor: Participant }
  /** Not a pair the mentee chose: nothing to decline here. */
  | { kind: 'not_chosen'; mentor: Participant };

export type DeclineOutcome = { kind: 'declined'; mentor: Participant; mentee: Participant } | Exclude<DeclineView, { kind: 'open' }>;

/** The deps a decline uses; the admin console's audit log when the app has one (the HTTP API does). */
export type DeclineDeps = JobDeps & { audit?: AuditLog };

async function read(deps: JobDeps, token: string): Promise<DeclineView> {
  const claims = await readToken(deps, token, 'decline');
  if (!claims.x) throw new InvalidToken('malformed');
  const pair = await deps.pairs.get(claims.s);
  if (!pair || pair.programId !== deps.config.id || pair.mentorId !== claims.x) throw new NotFound('pair not found');
  const [mentor, mentee, before] = await Promise.all([
    deps.participants.get(pair.mentorId),
    deps.participants.get(pair.menteeId),
    deps.offers.declineOf(deps.config.id, pair.mentorId),
  ]);
  if (!mentor || !mentee) throw new NotFound('pair member not found');
  if (before && before.pairId !== pair.id) return { kind: 'used', mentor };
  // Ended already (this decline, or otherwise): a crash before the new offer is healed by the next round (the mentee waits without one).
  if (pair.status === 'ended') return { kind: 'ended', mentor };
  if (pair.origin !== 'chosen') return { kind: 'not_chosen', mentor };
  return { kind: 'open', pair, mentor, mentee };
}

/** What the link's page shows; never writes. */
export async function declineView(deps: JobDeps, token: string): Promise<DeclineView> {
  return read(deps, token);
}

/** The reason as kept: trimmed, control characters out, at most DECLINE_REASON_MAX characters; undefined when empty. */
export function cleanReason(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  // eslint-disable-next-line no-control-regex
  const text = raw.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
  return text === '' ? undefined : [...text].slice(0, DECLINE_REASON_MAX).join('');
}

export async function declinePair(deps: DeclineDeps, token: string, reason: string): Promise<DeclineOutcome> {
  const view = await read(deps, token);
  if (view.kind !== 'open') return view;
  const { pair, mentor, mentee } = view;
  const at = deps.clock.now().toISOString();
  const decline: MentorDecline = { programId: pair.programId, mentorId: mentor.id, pairId: pair.id, menteeId: mentee.id, reason, at };
  const recorded = await deps.offers.recordDecline(decline);
  if (recorded !== 'recorded' && recorded.pairId !== pair.id) return { kind: 'used', mentor };
  // The mentor leaves this pair only: their other pairs and their place in the pool stay (domain/membership).
  await endPair(deps, pair, 'declined', []);
  await deps.audit?.record(pair.programId, { at, actorId: `participant:${mentor.id}`, action: 'pair.decline', targets: [pair.id, mentor.id, mentee.id] });
  await offerAgain(deps, mentee.id, pair.id);
  deps.log?.('pair_declined', {});
  return { kind: 'declined', mentor, mentee };
}

/** A new offer for the mentee after a decline (the declined pair is blocked now), or the "not this round" note when no mentor has room. */
async function offerAgain(deps: JobDeps, menteeId: string, pairId: string): Promise<void> {
  const now = deps.clock.now();
  const { byId, eligible, input } = await loadPool(deps, menteeId);
  const mentee = byId.get(menteeId);
  if (!mentee) return; // left the pool meanwhile (unsubscribed, paired by an admin)
  const round = offerRound({ ...input, participants: input.participants.filter((p) => p.role === 'mentor' || p.id === menteeId) }, { matchDate: now });
  const mentors = round.offers.find((o) => o.menteeId === menteeId)?.mentors ?? [];
  if (mentors.length === 0) {
    await notifyUnmatched(deps, mentee, now, eligible);
    return;
  }
  const { offer } = await createOffer(deps, menteeId, mentors, `decline:${pairId}`, now);
  await sendOfferEmail(deps, offer, mentee);
}
