import { wording } from '../../email-rendering/wording';
import { nextFiring, parseCron } from '../../lib/cron';
import { match, type MatchParticipantInput } from '../../domain/matching';
import { pairEndsAt, type Pair } from '../../domain/pair';
import { firstName, type Participant } from '../../domain/participant';
import { activePairsOf, afterPairing, pairCapacity, spareCapacity } from '../../domain/membership';
import type { MemberSnapshot } from '../../ports';
import type { JobDeps } from '../support/deps';
import { deliverToParticipant, type DeliveryOutcome } from '../support/deliver-email';
import { mapLimit } from '../../lib/map-limit';
import { setUpPair } from './set-up-pair';
import { signedLink } from '../support/links';

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
}

export const snapshot = (p: Participant): MemberSnapshot => ({
  id: p.id,
  role: p.role,
  waitingSince: p.confirmedAt ?? p.createdAt,
  status: p.status,
  activePairs: activePairsOf(p),
  capacity: pairCapacity(p),
});

export function toMatchInput(p: Participant): MatchParticipantInput {
  return {
    id: p.id,
    name: p.name,
    email: p.email,
    role: p.role,
    timezone: p.timezone,
    skills: p.skills,
    goals: p.goals,
    department: p.department,
    yearsExperience: p.yearsExperience,
    languages: p.languages,
    preferredTools: p.preferredTools,
    availability: p.availability,
    capacity: p.capacity,
    consent: true,
    waitingSince: p.confirmedAt ?? p.createdAt,
    activePairs: activePairsOf(p),
  };
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
  const [pool, history, blocked] = await Promise.all([
    deps.participants.listByStatus(programId, 'waiting'),
    deps.pairs.history(programId),
    deps.pairs.blocked(programId),
  ]);
  const eligible = pool.filter((p) => spareCapacity(p) > 0);
  const byId = new Map(eligible.map((p) => [p.id, p]));
  const result = match({ participants: eligible.map(toMatchInput), previousPairs: history, blockedPairs: blocked }, { matchDate: at });

  // A mentor with capacity > 1 may get several pairs: write those in order, each on the state the previous one left.
  const byMentor = new Map<string, typeof result.pairs>();
  for (const pair of result.pairs) byMentor.set(pair.mentorId, [...(byMentor.get(pair.mentorId) ?? []), pair]);
  const createdAt = at.toISOString();
  let pairsCreated = 0;
  let conflicts = 0;
  await mapLimit([...byMentor.values()], 16, async (pairs) => {
    const mentor = snapshot(byId.get(pairs[0]!.mentorId)!);
    for (const chosen of pairs) {
      const pair: Pair = {
        id: deps.ids.next(),
        programId,
        mentorId: chosen.mentorId,
        menteeId: chosen.menteeId,
        score: chosen.score,
        reasons: chosen.reasons,
        status: 'active',
        createdAt,
        endsAt: pairEndsAt(createdAt, deps.config.mentorshipWeeks),
        lastActivityAt: createdAt,
      };
      const outcome = await deps.pairs.createPair(pair, mentor, snapshot(byId.get(chosen.menteeId)!));
      if (outcome === 'conflict') {
        conflicts++;
        continue;
      }
      pairsCreated++;
      Object.assign(mentor, afterPairing(mentor));
    }
  });

  deps.metrics?.count('PairsCreated', pairsCreated);

  const pending = await deps.pairs.pendingSetup(programId);
  const setUps = await mapLimit(pending, 8, (pair) => setUpPair(deps, pair));
  const introsQueued = setUps.flatMap((s) => s.intros).filter((o) => o === 'queued').length;

  // Newcomers left out get one kind word, ever; mentors already mentoring don't need it.
  const leftOut = result.unmatched.map((id) => byId.get(id)!).filter((p) => p.role === 'mentee' || activePairsOf(p) === 0);
  const notices = await mapLimit(leftOut, 8, (p) => notifyUnmatched(deps, p, at, eligible));
  return {
    pool: { mentors: eligible.filter((p) => p.role === 'mentor').length, mentees: eligible.filter((p) => p.role === 'mentee').length },
    pairsCreated,
    conflicts,
    pairsSetUp: setUps.length,
    introsQueued,
    unmatched: result.unmatched.length,
    unmatchedNotified: notices.filter((o) => o === 'queued').length,
    totalScore: result.totalScore,
  };
}

async function notifyUnmatched(deps: JobDeps, p: Participant, at: Date, pool: Participant[]): Promise<DeliveryOutcome> {
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
      nextRoundDate: new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: p.timezone }).format(
        nextRound(deps.config.matchingCron, at),
      ),
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
