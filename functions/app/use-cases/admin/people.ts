/**
 * The console's people: the list and search, one person's page, and the
 * actions on a person. Every action records one audit entry holding ids only.
 */
import type { Activity } from '../../../domain/activity';
import { rankPartners, type Suggestion } from '../../../domain/matching';
import { BLOCKABLE_STATUSES, type Participant } from '../../../domain/participant';
import type { Pair } from '../../../domain/pair';
import { MAX_QUERY_LENGTH } from '../../../domain/people-search';
import { spareCapacity } from '../../../domain/membership';
import { BadCursor, type AdminPrincipal, type EmailLogEntry, type ParticipantPage, type ParticipantQuery } from '../../../ports';
import { confirmWithinCaps, type CappedOutcome } from '../../support/confirmation-caps';
import type { AdminDeps } from '../../support/deps';
import { AdminRequestRefused } from '../../support/errors';
import { eraseParticipant } from '../delete-data';
import { pauseParticipant } from '../pause';
import { previousPairsOf, toMatchInput } from '../../support/matching-round';
import { inviteToWebinarOrLog } from '../webinar-invitations';

/** One admin action for the audit log: what, on which ids, by whom. */
export async function audit(
  deps: AdminDeps,
  admin: AdminPrincipal,
  action: string,
  targets: string[],
  details?: Record<string, string | number | boolean>,
): Promise<void> {
  await deps.audit.record(deps.config.id, { at: deps.clock.now().toISOString(), actorId: admin.adminId, action, targets, ...(details ? { details } : {}) });
}

export async function listParticipants(deps: AdminDeps, query: ParticipantQuery, page: { limit: number; cursor?: string }): Promise<ParticipantPage> {
  if (query.q !== undefined && query.q.length > MAX_QUERY_LENGTH)
    throw new AdminRequestRefused(400, 'invalid_query', [{ path: 'q', message: `q must be at most ${MAX_QUERY_LENGTH} characters` }]);
  try {
    return await deps.participants.search(deps.config.id, { ...query, q: query.q?.trim() || undefined }, page);
  } catch (error) {
    if (error instanceof BadCursor) throw new AdminRequestRefused(400, 'invalid_query', [{ path: 'cursor', message: 'cursor is not one this list gave' }]);
    throw error;
  }
}

/** A participant of this program (erased ones included: their page shows what is left), or 404. */
export async function participantOr404(deps: AdminDeps, id: string): Promise<Participant> {
  const participant = id.length <= 100 ? await deps.participants.get(id) : undefined;
  if (!participant || participant.programId !== deps.config.id)
    throw new AdminRequestRefused(404, 'participant_not_found', [{ path: 'id', message: 'no such participant' }]);
  return participant;
}

export interface PersonDetail {
  participant: Participant;
  /** Newest first, with the partner (absent once erased). */
  pairs: { pair: Pair; partner?: Participant }[];
  /** Activity of their pairs, newest first (at most 50). */
  activity: Activity[];
  /** Emails queued or sent to them, newest first (at most 50), from the email log. */
  emails: EmailLogEntry[];
}

export async function personDetail(deps: AdminDeps, id: string): Promise<PersonDetail> {
  const participant = await participantOr404(deps, id);
  const pairs = await deps.pairs.pairsOf(id);
  const withPartner = await Promise.all(
    pairs.map(async (pair) => ({ pair, partner: await deps.participants.get(pair.mentorId === id ? pair.menteeId : pair.mentorId) })),
  );
  const activity = (await Promise.all(pairs.slice(0, 10).map((p) => deps.pairs.activities(p.id))))
    .flat()
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
    .slice(0, 50);
  const emails = await deps.emailLog.ofParticipant(id, 50);
  return { participant, pairs: withPartner, activity, emails };
}

const refuse = (code: string, message: string, status: 404 | 409 = 409) => new AdminRequestRefused(status, code, [{ path: 'id', message }]);

/** Awaiting approval → the matching pool. */
export async function approveParticipant(deps: AdminDeps, admin: AdminPrincipal, id: string): Promise<Participant> {
  await participantOr404(deps, id);
  const moved = await deps.participants.transition(id, ['awaiting_approval'], 'waiting', deps.clock.now().toISOString());
  if (!moved) throw refuse('not_awaiting_approval', 'this person is not awaiting approval');
  await audit(deps, admin, 'participant.approve', [id]);
  await inviteToWebinarOrLog(deps, moved);
  return moved;
}

/** No reminders or follow-ups for 30 days (as the person's own "pause"). */
export async function adminPause(deps: AdminDeps, admin: AdminPrincipal, id: string): Promise<{ pausedUntil: string }> {
  const participant = await participantOr404(deps, id);
  if (participant.status === 'deleted') throw refuse('participant_removed', 'this person was removed');
  const pausedUntil = await pauseParticipant(deps, participant);
  await audit(deps, admin, 'participant.pause', [id]);
  return { pausedUntil };
}

/** Out of the matching pool for good; a running pair runs on (ending it is the pair page's action). */
export async function blockParticipant(deps: AdminDeps, admin: AdminPrincipal, id: string): Promise<Participant> {
  const participant = await participantOr404(deps, id);
  if (!BLOCKABLE_STATUSES.includes(participant.status)) throw refuse('not_blockable', `a person who is ${participant.status} cannot be blocked`);
  const moved = await deps.participants.transition(id, [participant.status], 'blocked', deps.clock.now().toISOString());
  if (!moved) throw refuse('participant_changed', 'this person changed meanwhile: reload and try again');
  await audit(deps, admin, 'participant.block', [id]);
  return moved;
}

/** Erases the person's data (their pairs end, the partners go back to the pool), as their own "delete my data" does. */
export async function removeParticipant(deps: AdminDeps, admin: AdminPrincipal, id: string): Promise<void> {
  const participant = await participantOr404(deps, id);
  if (participant.status === 'deleted') throw refuse('participant_removed', 'this person was already removed');
  await eraseParticipant(deps, participant);
  await audit(deps, admin, 'participant.remove', [id]);
}

/** A new confirmation link to someone who has not confirmed, within the sign-up caps (one per hour from the console). */
export async function resendConfirmationFor(deps: AdminDeps, admin: AdminPrincipal, id: string): Promise<{ outcome: CappedOutcome }> {
  const participant = await participantOr404(deps, id);
  if (participant.status !== 'pending') throw refuse('already_confirmed', 'only a person who has not confirmed their address gets a new link');
  const hour = deps.clock.now().toISOString().slice(0, 13);
  const outcome = await confirmWithinCaps(deps, participant, `confirm#${participant.id}#admin#${hour}`);
  await audit(deps, admin, 'participant.resend', [id], { outcome });
  return { outcome };
}

/** Ranked partners for a person: the other role's pool, scored by the matcher's scorer, previous and blocked pairs left out. */
export async function suggestionsFor(deps: AdminDeps, id: string, limit = 20): Promise<(Suggestion & { partner: Participant })[]> {
  const person = await participantOr404(deps, id);
  if (person.status === 'deleted') return [];
  const [pool, history, blocked] = await Promise.all([
    deps.participants.listByStatus(deps.config.id, 'waiting'),
    previousPairsOf(deps, person.id),
    deps.pairs.blocked(deps.config.id),
  ]);
  const others = pool.filter((p) => p.role !== person.role && p.id !== person.id && spareCapacity(p) > 0);
  const byId = new Map(others.map((p) => [p.id, p]));
  const ranked = rankPartners(
    { participants: [person, ...others].map((p) => toMatchInput(p)), previousPairs: history, blockedPairs: blocked },
    person.id,
    { matchDate: deps.clock.now() },
    limit,
  );
  return ranked.map((s) => ({ ...s, partner: byId.get(s.partnerId)! }));
}
