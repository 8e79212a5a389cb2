import type { AtRiskPair, IncentiveEarner } from '../../domain/kpi/aggregates';
import { lastCompleteWeek, previousWeeks } from '../../domain/kpi/iso-week';
import { WINDOW_WEEKS, type KpiInputs } from '../../domain/kpi/kpis';
import { UNKNOWN_AFTER_MS } from '../../domain/sending';
import type { AppDeps } from './deps';
import { consoleLink } from './links';

/** At most this many at-risk pairs and incentive earners are listed (the counts are exact regardless). */
export const DIGEST_LIST_LIMIT = 25;
/** Enough pairing-week cohorts for the 90-day retention window. */
const COHORT_WEEKS = 15;

/**
 * Everything the weekly digest needs, read as a bounded set of items: 8 weekly
 * counters, the running totals, 15 cohorts, 8 snapshots, and short indexes of
 * at-risk pairs and this week's incentive earners (with their names), and the
 * count of emails left in an unknown state (a sparse index of the few emails
 * in `sending`). The number of reads does not grow with the program.
 */
export async function loadDigestInputs(deps: AppDeps, nowMs: number): Promise<KpiInputs> {
  const programId = deps.config.id;
  const reportWeek = lastCompleteWeek(nowMs);
  const weeks = previousWeeks(reportWeek, WINDOW_WEEKS);
  const unknownBefore = new Date(nowMs - UNKNOWN_AFTER_MS).toISOString();
  const [stats, snapshots, riskyPairs, earners, emailsUnknown] = await Promise.all([
    deps.stats.read(programId, weeks, previousWeeks(reportWeek, COHORT_WEEKS)),
    deps.stats.snapshots(programId, weeks),
    deps.pairs.atRisk(programId, DIGEST_LIST_LIMIT),
    deps.stats.incentiveEarners(programId, reportWeek),
    deps.emailLog.countUnknown(programId, unknownBefore),
  ]);
  const people = new Map(
    (
      await Promise.all(
        [...new Set([...riskyPairs.flatMap((p) => [p.mentorId, p.menteeId]), ...earners.slice(0, DIGEST_LIST_LIMIT).map((e) => e.participantId)])].map((id) =>
          deps.participants.get(id),
        ),
      )
    )
      .filter((p) => p !== undefined)
      .map((p) => [p.id, p]),
  );
  const nameOf = (id: string) => people.get(id)?.name ?? '(deleted)';
  const atRisk: AtRiskPair[] = await Promise.all(
    riskyPairs.map(async (p) => ({
      pairId: p.id,
      mentorName: nameOf(p.mentorId),
      menteeName: nameOf(p.menteeId),
      lastActivityAt: p.lastActivityAt,
      pairedAt: p.createdAt,
      pairUrl: consoleLink(deps, `/admin/pairs/${p.id}`),
    })),
  );
  const incentives: IncentiveEarner[] = earners.slice(0, DIGEST_LIST_LIMIT).map((e) => {
    const p = people.get(e.participantId);
    return { participantId: e.participantId, name: p?.name ?? '(deleted)', email: p?.email ?? '', role: p?.role ?? 'mentee', at: e.at };
  });
  return { ...stats, snapshots, atRisk, incentives, emailsUnknown };
}
