/**
 * The admin's review of a proposed matching round (matching mode `review`):
 * exclude a pair, pin one (also how "choose another partner" is made), see a
 * person's ranked suggestions, and publish. Every change re-solves the whole
 * round around the pins and exclusions on the pool as it is now (evaluated
 * at the round's own instant) and is stored conditioned on the round's
 * version; every change is one audit entry with ids only.
 */
import { matchWithChoices, pinProblem, sameRef, suggestionsFor, type PairRef, type RoundSuggestion } from '../../../domain/matching';
import { isPaused, type Participant } from '../../../domain/participant';
import { spareCapacity } from '../../../domain/membership';
import type { MatchingRound, RoundSummary } from '../../../domain/round';
import type { AdminPrincipal } from '../../../ports';
import type { AdminDeps } from '../../support/deps';
import { AdminRequestRefused } from '../../support/errors';
import { createPairs, loadPool, setUpPending } from '../../support/matching-round';
import { mapLimit } from '../../../lib/map-limit';
import { notifyUnmatched } from '../run-matching';
import { audit } from './people';

export interface PersonLabel {
  name: string;
  role: 'mentor' | 'mentee';
  status: string;
}

/** Pairs (and unmatched people) per page of a round's view: a round of thousands is read and drawn a page at a time. */
export const ROUND_VIEW_PAGE = 200;

export interface RoundView {
  round: MatchingRound;
  /** This page's pairs and unmatched people (the round's own lists, sliced). */
  pairs: MatchingRound['pairs'];
  unmatched: string[];
  /** 0-based; `pages` is how many there are (at least 1). */
  page: number;
  pages: number;
  /** Names of everyone this page mentions (the page shows names; the audit log and API ids). */
  people: Record<string, PersonLabel>;
}

export async function listRounds(deps: AdminDeps, page: { limit: number; cursor?: string }): Promise<{ rounds: RoundSummary[]; cursor?: string }> {
  return deps.rounds.list(deps.config.id, page);
}

async function loadRound(deps: AdminDeps, roundId: string): Promise<MatchingRound> {
  const round = await deps.rounds.get(deps.config.id, roundId);
  if (!round) throw new AdminRequestRefused(404, 'round_not_found', [{ path: 'id', message: 'No round has this id.' }]);
  return round;
}

export async function getRound(deps: AdminDeps, roundId: string): Promise<MatchingRound> {
  return loadRound(deps, roundId);
}

/**
 * One page of the round (ROUND_VIEW_PAGE pairs and as many unmatched people), with the names and
 * states of the people on it: a bounded read whatever the round's size. A page past the end shows the last.
 */
export async function viewRound(deps: AdminDeps, roundId: string, page = 0): Promise<RoundView> {
  const round = await loadRound(deps, roundId);
  const pages = Math.max(1, Math.ceil(Math.max(round.pairs.length, round.unmatched.length) / ROUND_VIEW_PAGE));
  const index = Math.min(Math.max(0, Math.trunc(page) || 0), pages - 1);
  const from = index * ROUND_VIEW_PAGE;
  const pairs = round.pairs.slice(from, from + ROUND_VIEW_PAGE);
  const unmatched = round.unmatched.slice(from, from + ROUND_VIEW_PAGE);
  const exclusions = index === 0 ? round.exclusions.flatMap((x) => [x.mentorId, x.menteeId]) : [];
  const ids = [...new Set([...pairs.flatMap((p) => [p.mentorId, p.menteeId]), ...unmatched, ...exclusions])];
  return { round, pairs, unmatched, page: index, pages, people: await labels(deps, ids) };
}

/** Names, roles and states by id: one batch read (100 ids a request), not a read per person. */
export async function labels(deps: AdminDeps, ids: readonly string[]): Promise<Record<string, PersonLabel>> {
  const people: Record<string, PersonLabel> = {};
  for (const p of await deps.participants.getMany(ids)) people[p.id] = { name: p.status === 'deleted' ? '(erased)' : p.name, role: p.role, status: p.status };
  return people;
}

function openRound(round: MatchingRound): void {
  if (round.status !== 'proposed')
    throw new AdminRequestRefused(409, 'round_closed', [{ path: 'id', message: `This round is ${round.status}: it can no longer be changed.` }]);
}

/** Re-solves the round on the current pool with these choices and stores it (409 when someone else changed it meanwhile). */
async function resolveAndStore(deps: AdminDeps, round: MatchingRound, choices: { pins: PairRef[]; exclusions: PairRef[] }): Promise<MatchingRound> {
  const { input } = await loadPool(deps);
  const options = { matchDate: round.createdAt };
  // A pin whose member has left the pool since (paused, matched by hand…) no longer holds.
  const pins: PairRef[] = [];
  for (const pin of choices.pins) if (!pinProblem(input, options, { pins, exclusions: choices.exclusions }, pin)) pins.push(pin);
  const result = matchWithChoices(input, options, { pins, exclusions: choices.exclusions });
  const next: MatchingRound = {
    ...round,
    pins,
    exclusions: choices.exclusions,
    pairs: result.pairs,
    unmatched: result.unmatched,
    totalScore: result.totalScore,
  };
  if ((await deps.rounds.update(next)) === 'conflict')
    throw new AdminRequestRefused(409, 'round_changed', [
      { path: 'id', message: 'The round changed meanwhile (another admin, or it was published): reload it.' },
    ]);
  return { ...next, version: next.version + 1 };
}

const uniqueRefs = (refs: PairRef[]) => refs.filter((r, i) => refs.findIndex((o) => sameRef(o, r)) === i);

/** Never pair these two in this round (a pin on them goes). */
export async function excludePair(deps: AdminDeps, admin: AdminPrincipal, roundId: string, ref: PairRef): Promise<MatchingRound> {
  const round = await loadRound(deps, roundId);
  openRound(round);
  const updated = await resolveAndStore(deps, round, {
    pins: round.pins.filter((p) => !sameRef(p, ref)),
    exclusions: uniqueRefs([...round.exclusions, { mentorId: ref.mentorId, menteeId: ref.menteeId }]),
  });
  await audit(deps, admin, 'round.exclude', [roundId, ref.mentorId, ref.menteeId], { version: updated.version });
  return updated;
}

/**
 * Force this pair into the round (an exclusion of it goes; the mentee's
 * earlier pin is replaced: that is how another partner is chosen). 422 when
 * the two cannot be paired this round or the mentor has no free slot left.
 */
export async function pinPair(deps: AdminDeps, admin: AdminPrincipal, roundId: string, ref: PairRef): Promise<MatchingRound> {
  const round = await loadRound(deps, roundId);
  openRound(round);
  const pin = { mentorId: ref.mentorId, menteeId: ref.menteeId };
  const exclusions = round.exclusions.filter((x) => !sameRef(x, pin));
  const pins = round.pins.filter((p) => p.menteeId !== pin.menteeId);
  const { input } = await loadPool(deps);
  const problem = pinProblem(input, { matchDate: round.createdAt }, { pins, exclusions }, pin);
  if (problem === 'not_a_candidate')
    throw new AdminRequestRefused(422, 'not_a_candidate', [
      {
        path: 'menteeId',
        message: 'These two cannot be paired this round (roles, no shared language or free hour, already paired before, blocked, or not waiting).',
      },
    ]);
  if (problem) throw new AdminRequestRefused(422, 'mentor_full', [{ path: 'mentorId', message: 'This mentor has no free slot left for another pinned pair.' }]);
  const updated = await resolveAndStore(deps, round, { pins: [...pins, pin], exclusions });
  await audit(deps, admin, 'round.pin', [roundId, pin.mentorId, pin.menteeId], { version: updated.version });
  return updated;
}

/** Everyone this person could be paired with in this round, best first, with the scorer's reasons. */
export async function roundSuggestions(deps: AdminDeps, roundId: string, personId: string): Promise<{ round: MatchingRound; suggestions: RoundSuggestion[] }> {
  const round = await loadRound(deps, roundId);
  const { input } = await loadPool(deps);
  if (!input.participants.some((p) => p.id === personId))
    throw new AdminRequestRefused(404, 'person_not_in_pool', [{ path: 'personId', message: 'This person is not in the matching pool now.' }]);
  return { round, suggestions: suggestionsFor(input, { matchDate: round.createdAt }, round, personId) };
}

export type StaleReason = 'removed' | 'not_waiting' | 'paused' | 'suppressed' | 'mentor_full';

export interface PublishOutcome {
  roundId: string;
  /** False when an earlier request had published it already (this one did nothing). */
  publishedNow: boolean;
  pairsCreated: number;
  /** Pairs left out because a member's state changed since the proposal. */
  skipped: (PairRef & { reason: StaleReason })[];
  introsQueued: number;
}

function staleReason(p: Participant | undefined, nowIso: string): StaleReason | undefined {
  if (!p || p.status === 'deleted') return 'removed';
  if (p.status !== 'waiting') return 'not_waiting';
  if (isPaused(p, nowIso)) return 'paused';
  if (p.suppressed) return 'suppressed';
  return undefined;
}

/**
 * Publishes the round: the status moves proposed → published first, a
 * conditional write, so of a double click or a retried request exactly one
 * goes on (the others answer "already published" and do nothing). Then every
 * member's current state is checked again (still waiting, not paused,
 * reachable, mentor with a free slot), and the pairs are created and the
 * intros queued by the same code as an automatic round (each pair's write is
 * itself conditioned on both members' state). A crash after the pairs are
 * written leaves them "pending setup", which the next matching run finishes.
 */
export async function publishRound(deps: AdminDeps, admin: AdminPrincipal, roundId: string): Promise<PublishOutcome> {
  const programId = deps.config.id;
  const round = await loadRound(deps, roundId);
  if (round.status === 'superseded')
    throw new AdminRequestRefused(409, 'round_superseded', [{ path: 'id', message: 'A newer round replaced this one: publish that one instead.' }]);
  const at = deps.clock.now();
  const nowIso = at.toISOString();
  const publishedNow = round.status === 'proposed' && (await deps.rounds.close(programId, roundId, { status: 'published', at: nowIso, by: admin.adminId }));
  if (!publishedNow) {
    const current = await loadRound(deps, roundId);
    if (current.status !== 'published')
      throw new AdminRequestRefused(409, 'round_superseded', [{ path: 'id', message: 'A newer round replaced this one: publish that one instead.' }]);
    return { roundId, publishedNow: false, pairsCreated: 0, skipped: [], introsQueued: 0 };
  }

  const ids = [...new Set([...round.pairs.flatMap((p) => [p.mentorId, p.menteeId]), ...round.unmatched])];
  const members = new Map((await deps.participants.getMany(ids)).map((p) => [p.id, p]));
  const skipped: PublishOutcome['skipped'] = [];
  const fresh: typeof round.pairs = [];
  const slotsUsed = new Map<string, number>();
  for (const pair of round.pairs) {
    const mentor = members.get(pair.mentorId);
    const reason = staleReason(mentor, nowIso) ?? staleReason(members.get(pair.menteeId), nowIso);
    if (reason) {
      skipped.push({ mentorId: pair.mentorId, menteeId: pair.menteeId, reason });
      continue;
    }
    const used = slotsUsed.get(pair.mentorId) ?? 0;
    if (used >= spareCapacity(mentor!)) {
      skipped.push({ mentorId: pair.mentorId, menteeId: pair.menteeId, reason: 'mentor_full' });
      continue;
    }
    slotsUsed.set(pair.mentorId, used + 1);
    fresh.push(pair);
  }
  const { pairsCreated, conflicts } = await createPairs(deps, fresh, members, at);
  const { introsQueued } = await setUpPending(deps, programId);
  // Those the round left out get the same one kind word an automatic round sends them.
  const pool = [...members.values()].filter((p) => p.status === 'waiting');
  const leftOut = round.unmatched.map((id) => members.get(id)).filter((p): p is Participant => !!p && !staleReason(p, nowIso));
  await mapLimit(
    leftOut.filter((p) => p.role === 'mentee' || (p.activePairs ?? 0) === 0),
    8,
    (p) => notifyUnmatched(deps, p, at, pool),
  );
  await deps.audit.record(programId, {
    at: nowIso,
    actorId: admin.adminId,
    action: 'round.publish',
    targets: [roundId],
    details: { pairsCreated, skipped: skipped.length + conflicts, introsQueued },
  });
  deps.log?.('round_published', { roundId, publishedNow, pairsCreated, skipped: skipped.length, conflicts, introsQueued });
  return { roundId, publishedNow, pairsCreated, skipped, introsQueued };
}
