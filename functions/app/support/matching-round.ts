/**
 * What an automatic round and the publishing of a reviewed one share: the
 * pool as it is now, the conditional pair writes, and the intros.
 */
import { pairEndsAt, type Pair } from '../../domain/pair';
import type { Participant } from '../../domain/participant';
import { activePairsOf, afterPairing, pairCapacity, spareCapacity } from '../../domain/membership';
import type { MatchInput, MatchParticipantInput, MatchedPair, PairRef } from '../../domain/matching';
import type { MemberSnapshot } from '../../ports';
import { mapLimit } from '../../lib/map-limit';
import { WAIT_ROUNDS_CAP } from '../../domain/matching/scoring';
import { setUpPair } from '../use-cases/set-up-pair';
import type { JobDeps } from './deps';

export const snapshot = (p: Participant): MemberSnapshot => ({
  id: p.id,
  role: p.role,
  waitingSince: p.confirmedAt ?? p.createdAt,
  status: p.status,
  activePairs: activePairsOf(p),
  capacity: pairCapacity(p),
});

/** The most waiting the scorer counts: a member with priority (after a "not a good fit") gets it in full. */
const PRIORITY_ROUNDS = WAIT_ROUNDS_CAP;

export function toMatchInput(p: Participant, now?: string): MatchParticipantInput {
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
    ...(now !== undefined && p.priorityUntil !== undefined && p.priorityUntil > now ? { roundsWaited: PRIORITY_ROUNDS } : {}),
  };
}

/** The matching pool as a round sees it now: waiting members with spare capacity, and the pairs never to repeat. */
/**
 * One member's previous pairs, read by member (a request about one person reads their own
 * pairs, never the program's whole history: its work stays the same at 10,000 participants).
 */
export async function previousPairsOf(deps: Pick<JobDeps, 'pairs'>, memberId: string): Promise<PairRef[]> {
  return (await deps.pairs.pairsOf(memberId)).map(({ mentorId, menteeId }) => ({ mentorId, menteeId }));
}

/**
 * The round's pool: every waiting participant with room, with the previous and blocked pairs.
 * `onlyFor`: the pool is used for that one member (a new offer after a decline), so only their history is read.
 */
export async function loadPool(deps: JobDeps, onlyFor?: string): Promise<{ eligible: Participant[]; byId: Map<string, Participant>; input: MatchInput }> {
  const programId = deps.config.id;
  const [pool, history, blocked] = await Promise.all([
    deps.participants.listByStatus(programId, 'waiting'),
    onlyFor ? previousPairsOf(deps, onlyFor) : deps.pairs.history(programId),
    deps.pairs.blocked(programId),
  ]);
  const eligible = pool.filter((p) => spareCapacity(p) > 0);
  const byId = new Map(eligible.map((p) => [p.id, p]));
  return {
    eligible,
    byId,
    input: { participants: eligible.map((p) => toMatchInput(p, deps.clock.now().toISOString())), previousPairs: history, blockedPairs: blocked },
  };
}

/**
 * Writes the chosen pairs, each in one transaction conditioned on both members'
 * state as `byId` holds it; a member who changed meanwhile makes that pair a
 * conflict (nothing written). Used by an automatic round and by publishing a reviewed one.
 */
export async function createPairs(deps: JobDeps, chosenPairs: readonly MatchedPair[], byId: ReadonlyMap<string, Participant>, at: Date) {
  const programId = deps.config.id;
  // A mentor with capacity > 1 may get several pairs: write those in order, each on the state the previous one left.
  const byMentor = new Map<string, MatchedPair[]>();
  for (const pair of chosenPairs) byMentor.set(pair.mentorId, [...(byMentor.get(pair.mentorId) ?? []), pair]);
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
  return { pairsCreated, conflicts };
}

/** Intros and timelines of every pair still pending setup (new ones, and leftovers of a crashed run). */
export async function setUpPending(deps: JobDeps, programId: string) {
  return setUpPairs(deps, await deps.pairs.pendingSetup(programId));
}

/** A pair still pending setup this long after it was written was left by a request or job that died. */
export const STALLED_SETUP_MS = 15 * 60_000;

/**
 * The heartbeat's part between rounds: pairs made outside a round (a mentee's choice, a manual
 * pair, a published review) whose request died after writing the pair are set up within the
 * hour, not at the next round a week later. Younger pairs are left to the request still setting
 * them up (a repeat would be harmless, every step being keyed, but needless). One sparse-index query.
 */
export async function finishStalledSetups(deps: JobDeps): Promise<{ pairsSetUp: number; introsQueued: number }> {
  const cutoff = deps.clock.now().getTime() - STALLED_SETUP_MS;
  const stalled = (await deps.pairs.pendingSetup(deps.config.id)).filter((pair) => Date.parse(pair.createdAt) <= cutoff);
  return stalled.length === 0 ? { pairsSetUp: 0, introsQueued: 0 } : setUpPairs(deps, stalled);
}

async function setUpPairs(deps: JobDeps, pending: readonly Pair[]) {
  // A mentor's new pairs one after the other: each first meeting is proposed around the ones before it.
  const byMentor = new Map<string, Pair[]>();
  for (const pair of pending) byMentor.set(pair.mentorId, [...(byMentor.get(pair.mentorId) ?? []), pair]);
  const setUps = (
    await mapLimit([...byMentor.values()], 8, async (pairs) => {
      const done = [];
      for (const pair of pairs) done.push(await setUpPair(deps, pair));
      return done;
    })
  ).flat();
  return { pairsSetUp: setUps.length, introsQueued: setUps.flatMap((s) => s.intros).filter((o) => o === 'queued').length };
}
