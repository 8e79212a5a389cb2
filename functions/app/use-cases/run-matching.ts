import { wording } from '../../email-rendering/wording';
import { nextFiring, parseCron } from '../../lib/cron';
import { match } from '../../domain/matching';
import { firstName, type Participant } from '../../domain/participant';
import { activePairsOf } from '../../domain/membership';
import type { JobDeps } from '../support/deps';
import { deliverToParticipant, type DeliveryOutcome } from '../support/deliver-email';
import { mapLimit } from '../../lib/map-limit';
import { signedLink } from '../support/links';
import { createPairs, loadPool, setUpPending } from '../support/matching-round';
import { proposeRound, remindUnpublishedRounds } from './propose-round';
import { runChoiceRound } from './choice/offer-round';
import { dateFormat } from '../../lib/date-format';

export interface MatchingSummary {
  pool: { mentors: number; mentees: number };
  pairsCreated: number;
  /** Pairs skipped because a member changed meanwhile (e.g. a concurrent run took them). */
  conflicts: number;
  /** Pairs whose intros and timeline were completed this run (new ones and leftovers of a crashed run). */
  pairsSetUp: number;
  /** Intro emails queued this run (the sender sends them at SES's pace). */
  introsQueued: number;
  unmatched: number;
  /** "Not this round" notices queued. */
  unmatchedNotified: number;
  totalScore: number;
  /** Review mode: the proposal this run stored (nothing was created or sent). */
  roundId?: string;
  /** Review mode: earlier proposals this one replaced. */
  superseded?: number;
}

/**
 * One matching round (DESIGN §1.2): the pool is every confirmed participant
 * still `waiting` (mentees, and mentors with spare capacity). Pairs are written
 * one transaction each, conditioned on both members' state, so a concurrent
 * or repeated run never matches anyone twice; a crash leaves pairs "pending
 * setup", which the next run finishes first.
 */
export async function runMatching(deps: JobDeps, at: Date): Promise<MatchingSummary> {
  const programId = deps.config.id;
  // A proposal left a week unpublished (e.g. the mode went back to auto) is brought to the admins once.
  await remindUnpublishedRounds(deps, at);
  if (deps.config.matchingMode === 'review') return proposeRound(deps, at);
  if (deps.config.matchingMode === 'choice') return runChoiceRound(deps, at);
  const { eligible, byId, input } = await loadPool(deps);
  const result = match(input, { matchDate: at });
  const { pairsCreated, conflicts } = await createPairs(deps, result.pairs, byId, at);
  const { pairsSetUp, introsQueued } = await setUpPending(deps, programId);

  // Newcomers left out get one kind word, ever; mentors already mentoring don't need it.
  const leftOut = result.unmatched.map((id) => byId.get(id)!).filter((p) => p.role === 'mentee' || activePairsOf(p) === 0);
  const notices = await mapLimit(leftOut, 8, (p) => notifyUnmatched(deps, p, at, eligible));
  return {
    pool: poolCounts(eligible),
    pairsCreated,
    conflicts,
    pairsSetUp,
    introsQueued,
    unmatched: result.unmatched.length,
    unmatchedNotified: notices.filter((o) => o === 'queued').length,
    totalScore: result.totalScore,
  };
}

export const poolCounts = (eligible: Participant[]) => ({
  mentors: eligible.filter((p) => p.role === 'mentor').length,
  mentees: eligible.filter((p) => p.role === 'mentee').length,
});

export async function notifyUnmatched(deps: JobDeps, p: Participant, at: Date, pool: Participant[]): Promise<DeliveryOutcome> {
  const others = pool.filter((o) => o.role !== p.role).length;
  const reasonHint =
    others === 0
      ? `This round there were no ${p.role === 'mentee' ? 'mentors' : 'mentees'} free to match with.`
      : "We couldn't find someone who shares a language with you and whose free hours overlap yours by at least an hour.";
  return deliverToParticipant(deps, {
    key: `not-this-round#${p.id}`,
    template: 'not-this-round',
    to: p,
    vars: {
      firstName: firstName(p.name),
      role: p.role,
      nextRoundDate: dateFormat({ weekday: 'long', day: 'numeric', month: 'long', timeZone: p.timezone }).format(nextRound(deps.config.matchingCron, at)),
      reasonHint,
      manageUrl: await signedLink(deps, 'unsubscribe', p.id),
      preheader: wording['not-this-round'].preheader(),
    },
  });
}

/** The program's next matching run after `at`, from its schedule (a week later if the schedule never fires again). */
export function nextRound(matchingCron: string, at: Date): Date {
  return new Date(nextFiring(parseCron(matchingCron), at.getTime()) ?? at.getTime() + 7 * 86_400_000);
}
