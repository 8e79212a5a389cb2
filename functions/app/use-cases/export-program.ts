import { csvLine, type Cell } from '../../lib/csv';
import { PARTICIPANT_STATUSES, type Participant } from '../../domain/participant';
import type { JobDeps } from '../support/deps';

const COLUMNS = [
  'record',
  'id',
  'role',
  'status',
  'name',
  'email',
  'timezone',
  'department',
  'languages',
  'skills',
  'created_at',
  'confirmed_at',
  'active_pairs',
  'incentive_at',
  'mentor_id',
  'mentee_id',
  'score',
  'meetings',
  'last_activity_at',
  'ended_at',
  'end_reason',
  'reasons',
  'pair_id',
  'participant_id',
  'kind',
  'source',
  'at',
  'rating',
  'feedback_met',
  'feedback_times',
  'feedback_went_well',
  'feedback_to_improve',
  'feedback_comments',
] as const;
type Column = (typeof COLUMNS)[number];
const row = (values: Partial<Record<Column, Cell>>) => csvLine(COLUMNS.map((c) => values[c]));

/**
 * The admin's CSV export (the console's `/admin/export.csv`, behind the admin check): one file with a `record`
 * column — participant, pair or activity — so it opens as one sheet and filters
 * by type. Produced line by line.
 */
/** The export's lines (header first), for a caller that has already checked who asks (the admin console). */
export async function* exportLines(deps: JobDeps): AsyncGenerator<string> {
  yield csvLine(COLUMNS);
  for (const status of PARTICIPANT_STATUSES) {
    for (const p of (await deps.participants.listByStatus(deps.config.id, status)) as Partial<Participant>[]) {
      yield row({
        record: 'participant',
        id: p.id,
        role: p.role,
        status: p.status,
        name: p.name,
        email: p.email,
        timezone: p.timezone,
        department: p.department,
        languages: p.languages?.join(' '),
        skills: p.skills?.join('; '),
        created_at: p.createdAt,
        confirmed_at: p.confirmedAt,
        active_pairs: p.activePairs ?? 0,
        incentive_at: p.incentiveEligibleAt,
      });
    }
  }
  for (const pair of await deps.pairs.all(deps.config.id)) {
    yield row({
      record: 'pair',
      id: pair.id,
      status: pair.status,
      created_at: pair.createdAt,
      mentor_id: pair.mentorId,
      mentee_id: pair.menteeId,
      score: pair.score,
      meetings: pair.meetingsLogged ?? 0,
      last_activity_at: pair.lastActivityAt,
      ended_at: pair.endedAt,
      end_reason: pair.endReason,
      reasons: pair.reasons.join('; '),
    });
    for (const a of await deps.pairs.activities(pair.id)) {
      yield row({
        record: 'activity',
        pair_id: a.pairId,
        participant_id: a.participantId,
        kind: a.kind,
        source: a.source,
        at: a.at,
        rating: a.rating,
        feedback_met: a.feedback?.met,
        feedback_times: a.feedback?.timesMet,
        feedback_went_well: a.feedback?.wentWell,
        feedback_to_improve: a.feedback?.toImprove,
        feedback_comments: a.feedback?.comments,
      });
    }
  }
}
