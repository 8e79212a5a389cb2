/**
 * A matching round in mode `choice` (issue 12, DESIGN §1.2):
 *   1. open offers of mentees who left the pool another way are withdrawn;
 *   2. mentees whose offer was sent at least `choiceDays` before this round are
 *      matched now, optimally among themselves (as `auto` would), and their
 *      offers closed as `expired`;
 *   3. every other waiting mentee without an open offer is offered up to three
 *      mentors (domain/matching/offers.ts: fair budgets, an optimal matching
 *      inside) by one `mentor-choice` email; a mentee whose offer is still open
 *      gets nothing new.
 * Safe to repeat: offers are conditional writes (one open per mentee), pairs
 * are conditioned on both members, emails are keyed by offer.
 */
import { match } from '../../../domain/matching';
import { offerRound } from '../../../domain/matching/offers';
import { offerExpired, type Offer } from '../../../domain/offer';
import { mapLimit } from '../../../lib/map-limit';
import type { JobDeps } from '../../support/deps';
import { createPairs, loadPool, setUpPending } from '../../support/matching-round';
import { notifyUnmatched, poolCounts, type MatchingSummary } from '../run-matching';
import { createOffer, sendOfferEmail } from './send-offer';

export interface ChoiceRoundSummary extends MatchingSummary {
  /** Offers made this round (each with one email). */
  offersMade: number;
  /** Open offers that expired and were matched (or left for next round) by this one. */
  offersExpired: number;
  /** Open offers still waiting for the mentee's choice (not re-offered). */
  offersOpen: number;
}

export async function runChoiceRound(deps: JobDeps, at: Date): Promise<ChoiceRoundSummary> {
  const programId = deps.config.id;
  const now = at.toISOString();
  const open = await deps.offers.listOpen(programId);
  const before = await loadPool(deps);

  const expired: Offer[] = [];
  const stillOpen: Offer[] = [];
  for (const offer of open) {
    const mentee = before.byId.get(offer.menteeId);
    if (!mentee || mentee.role !== 'mentee') await deps.offers.close(offer, { state: 'withdrawn', at: now });
    else if (offerExpired(offer.sentAt, at, deps.config.choiceDays)) expired.push(offer);
    else stillOpen.push(offer);
  }

  // 2. Expired offers: this round chooses for those mentees.
  const expiredIds = new Set(expired.map((o) => o.menteeId));
  const auto = match(
    { ...before.input, participants: before.input.participants.filter((p) => p.role === 'mentor' || expiredIds.has(p.id)) },
    { matchDate: at },
  );
  const { pairsCreated, conflicts } = await createPairs(deps, auto.pairs, before.byId, at);
  await mapLimit(expired, 8, (offer) => deps.offers.close(offer, { state: 'expired', at: now }));
  const { pairsSetUp, introsQueued } = await setUpPending(deps, programId);
  const autoUnmatched = auto.unmatched.filter((id) => expiredIds.has(id)).map((id) => before.byId.get(id)!);

  // 3. New offers, on the pool as step 2 left it.
  const after = await loadPool(deps);
  const skip = new Set([...expiredIds, ...stillOpen.map((o) => o.menteeId)]);
  const round = offerRound({ ...after.input, participants: after.input.participants.filter((p) => p.role === 'mentor' || !skip.has(p.id)) }, { matchDate: at });
  const made = await mapLimit(round.offers, 8, async ({ menteeId, mentors }) => {
    if (mentors.length === 0) return 'none' as const;
    const { outcome, offer } = await createOffer(deps, menteeId, mentors, now, at);
    await sendOfferEmail(deps, offer, after.byId.get(menteeId)!);
    return outcome;
  });
  // A crash between an earlier round's offer and its email is healed here: the email is keyed by the offer.
  await mapLimit(stillOpen, 8, async (offer) => sendOfferEmail(deps, offer, before.byId.get(offer.menteeId)!));

  const noOffer = round.offers.filter((o) => o.mentors.length === 0).map((o) => after.byId.get(o.menteeId)!);
  const leftOut = [...autoUnmatched, ...noOffer];
  const notices = await mapLimit(leftOut, 8, (p) => notifyUnmatched(deps, p, at, after.eligible));
  return {
    pool: poolCounts(before.eligible),
    pairsCreated,
    conflicts,
    pairsSetUp,
    introsQueued,
    unmatched: leftOut.length,
    unmatchedNotified: notices.filter((o) => o === 'queued').length,
    totalScore: auto.totalScore,
    offersMade: made.filter((o) => o === 'created').length,
    offersExpired: expired.length,
    offersOpen: stillOpen.length,
  };
}
