/**
 * Matching mode `review`: a round proposes pairs and stores them, creating
 * and sending nothing; an admin reviews and publishes it
 * (functions/app/use-cases/admin/rounds.ts). A newer proposal supersedes the
 * older ones still open; a proposal left a week unpublished is brought to the
 * admins once.
 */
import { matchWithChoices } from '../../domain/matching';
import { reminderDue, type MatchingRound } from '../../domain/round';
import { wording } from '../../email-rendering/wording';
import type { JobDeps } from '../support/deps';
import { deliverToAdmins } from '../support/deliver-email';
import { loadPool, setUpPending } from '../support/matching-round';
import type { MatchingSummary } from './run-matching';

/** The actor recorded on what the jobs do to rounds. */
export const SYSTEM_ACTOR = 'system';

export async function proposeRound(deps: JobDeps, at: Date): Promise<MatchingSummary> {
  const programId = deps.config.id;
  // Pairs a crashed publish wrote but did not introduce are finished first (they also leave the pool).
  const { pairsSetUp, introsQueued } = await setUpPending(deps, programId);
  const { eligible, input } = await loadPool(deps);
  const result = matchWithChoices(input, { matchDate: at }, { pins: [], exclusions: [] });
  const round: MatchingRound = {
    id: deps.ids.next(),
    programId,
    createdAt: at.toISOString(),
    status: 'proposed',
    version: 1,
    pairs: result.pairs,
    unmatched: result.unmatched,
    pins: [],
    exclusions: [],
    totalScore: result.totalScore,
  };
  const older = await deps.rounds.proposed(programId);
  await deps.rounds.create(round);
  let superseded = 0;
  for (const previous of older) {
    if (await deps.rounds.close(programId, previous.id, { status: 'superseded', at: round.createdAt, by: round.id })) superseded++;
  }
  deps.log?.('round_proposed', { roundId: round.id, pairs: round.pairs.length, unmatched: round.unmatched.length, superseded });
  return {
    pool: { mentors: eligible.filter((p) => p.role === 'mentor').length, mentees: eligible.filter((p) => p.role === 'mentee').length },
    pairsCreated: 0,
    conflicts: 0,
    pairsSetUp,
    introsQueued,
    unmatched: result.unmatched.length,
    unmatchedNotified: 0,
    totalScore: result.totalScore,
    roundId: round.id,
    superseded,
  };
}

/** One reminder to the admins per proposal left unpublished for a week; returns how many were queued. */
export async function remindUnpublishedRounds(deps: JobDeps, at: Date): Promise<number> {
  const programId = deps.config.id;
  const due = (await deps.rounds.proposed(programId)).filter((r) => reminderDue(r, at));
  let queued = 0;
  for (const round of due) {
    // Marked first: a crash after this loses one reminder rather than sending two.
    if (!(await deps.rounds.markReminded(programId, round.id, at.toISOString()))) continue;
    const outcome = await deliverToAdmins(deps, {
      key: `round-reminder#${programId}#${round.id}`,
      template: 'round-reminder',
      vars: {
        proposedOn: new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
          new Date(round.createdAt),
        ),
        pairCount: round.pairs.length,
        roundUrl: `${deps.config.publicUrl}/admin/rounds/${encodeURIComponent(round.id)}`,
        adminReason: wording['round-reminder'].adminReason(),
        preheader: wording['round-reminder'].preheader(round.pairs.length),
      },
    });
    if (outcome === 'queued') queued++;
  }
  return queued;
}
