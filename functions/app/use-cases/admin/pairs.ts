/** The console's pairs: one pair's page, a pair made by hand, and "end this pair and re-match both". */
import type { Activity } from '../../../domain/activity';
import { rankPartners } from '../../../domain/matching';
import { pairCapacity, activePairsOf } from '../../../domain/membership';
import { pairEndsAt, type Pair } from '../../../domain/pair';
import type { Participant } from '../../../domain/participant';
import type { AdminPrincipal } from '../../../ports';
import type { AdminDeps } from '../../support/deps';
import { AdminRequestRefused } from '../../support/errors';
import { endPair } from '../end-pair';
import { previousPairsOf, snapshot, toMatchInput } from '../../support/matching-round';
import { setUpPair } from '../set-up-pair';
import { audit } from './people';

export interface PairDetail {
  pair: Pair;
  mentor?: Participant;
  mentee?: Participant;
  /** Oldest first. */
  activity: Activity[];
}

export async function pairOr404(deps: AdminDeps, id: string): Promise<Pair> {
  const pair = id.length <= 100 ? await deps.pairs.get(id) : undefined;
  if (!pair || pair.programId !== deps.config.id) throw new AdminRequestRefused(404, 'pair_not_found', [{ path: 'id', message: 'no such pair' }]);
  return pair;
}

export async function pairDetail(deps: AdminDeps, id: string): Promise<PairDetail> {
  const pair = await pairOr404(deps, id);
  const [mentor, mentee, activity] = await Promise.all([deps.participants.get(pair.mentorId), deps.participants.get(pair.menteeId), deps.pairs.activities(id)]);
  return { pair, mentor, mentee, activity };
}

/** Reasons a manual pair cannot be made (409), each naming its field. */
function conflicts(mentor: Participant, mentee: Participant, blocked: boolean, before: boolean) {
  const issues: { path: string; message: string }[] = [];
  for (const [path, p] of [
    ['mentorId', mentor],
    ['menteeId', mentee],
  ] as const) {
    if (p.status !== 'waiting') issues.push({ path, message: `is ${p.status}, not free to pair (only people in the matching pool are)` });
    else if (activePairsOf(p) >= pairCapacity(p)) issues.push({ path, message: 'has no spare capacity' });
  }
  if (blocked) issues.push({ path: 'menteeId', message: 'this pair was blocked (ended by an admin before)' });
  else if (before) issues.push({ path: 'menteeId', message: 'these two were paired before' });
  return issues;
}

/**
 * A pair made by hand: the same transaction as the matcher's (conditioned on both members being as read),
 * then the same set-up (intros queued, timeline scheduled). Score and reasons come from the matcher's
 * scorer when the pair is feasible; an admin may also pair two people the matcher would not.
 */
export async function makeManualPair(
  deps: AdminDeps,
  admin: AdminPrincipal,
  mentorId: string,
  menteeId: string,
): Promise<{ pair: Pair; introsQueued: number }> {
  const programId = deps.config.id;
  const [mentor, mentee] = await Promise.all([deps.participants.get(mentorId), deps.participants.get(menteeId)]);
  const missing = [
    ...(!mentor || mentor.programId !== programId || mentor.role !== 'mentor' ? [{ path: 'mentorId', message: 'no such mentor' }] : []),
    ...(!mentee || mentee.programId !== programId || mentee.role !== 'mentee' ? [{ path: 'menteeId', message: 'no such mentee' }] : []),
  ];
  if (missing.length) throw new AdminRequestRefused(422, 'invalid_pair', missing);
  const [history, blocked] = await Promise.all([previousPairsOf(deps, menteeId), deps.pairs.blocked(programId)]);
  const same = (r: { mentorId: string; menteeId: string }) => r.mentorId === mentorId && r.menteeId === menteeId;
  const issues = conflicts(mentor!, mentee!, blocked.some(same), history.some(same));
  if (issues.length) throw new AdminRequestRefused(409, 'pair_conflict', issues);

  const now = deps.clock.now();
  const [scored] = rankPartners({ participants: [mentor!, mentee!].map((p) => toMatchInput(p)) }, menteeId, { matchDate: now }, 1);
  const createdAt = now.toISOString();
  const pair: Pair = {
    id: deps.ids.next(),
    programId,
    mentorId,
    menteeId,
    score: scored?.score ?? 0,
    reasons: [...(scored?.reasons ?? []), 'paired by the program team'],
    status: 'active',
    createdAt,
    endsAt: pairEndsAt(createdAt, deps.config.mentorshipWeeks),
    lastActivityAt: createdAt,
  };
  if ((await deps.pairs.createPair(pair, snapshot(mentor!), snapshot(mentee!))) === 'conflict')
    throw new AdminRequestRefused(409, 'pair_conflict', [
      { path: '(body)', message: 'one of them changed meanwhile (another pair was made): reload and try again' },
    ]);
  deps.metrics?.count('PairsCreated', 1);
  const setUp = await setUpPair(deps, pair);
  await audit(deps, admin, 'pair.create', [pair.id, mentorId, menteeId]);
  return { pair, introsQueued: setUp.intros.filter((o) => o === 'queued').length };
}

/** "End this pair and re-match both": both go back to the pool, and the two are never paired again (the escalation's action). */
export async function endAndRematch(deps: AdminDeps, admin: AdminPrincipal, id: string): Promise<Pair> {
  const pair = await pairOr404(deps, id);
  if (pair.status === 'ended') throw new AdminRequestRefused(409, 'pair_already_ended', [{ path: 'id', message: 'this pair has already ended' }]);
  // An admin ends a stalled pair: for retention, both count as dropped out (as the emailed re-match link did).
  const outcome = await endPair(deps, pair, 'rematched', ['mentor', 'mentee']);
  if (outcome === 'conflict') throw new AdminRequestRefused(409, 'pair_already_ended', [{ path: 'id', message: 'this pair has already ended' }]);
  await audit(deps, admin, 'pair.end', [pair.id, pair.mentorId, pair.menteeId]);
  return (await deps.pairs.get(id)) ?? pair;
}
