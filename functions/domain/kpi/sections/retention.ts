import type { Cohort } from '../aggregates';
import { DAY_MS, isIsoWeek, weekEnd } from '../iso-week';
import { count, share } from '../numbers';
import { RETENTION_DAYS, type DigestKpis, type RetentionWindow } from '../types';
import type { KpiWindow } from '../window';

export function retention({ inputs, nowMs, report, c }: KpiWindow): DigestKpis['retention'] {
  return {
    windows: RETENTION_DAYS.map((days) => retentionAfter(days, inputs.cohorts, nowMs)),
    unsubscribesThisWeek: c(report, 'unsubscribes'),
    pausesThisWeek: c(report, 'pauses'),
    deletionsThisWeek: c(report, 'deletions'),
    pairsEndedThisWeek: c(report, 'pairs_ended'),
  };
}

/** Pairs formed in weeks that ended at least `days` ago, and the share of each role still in the pair `days` after pairing. */
function retentionAfter(days: RetentionWindow['days'], cohorts: readonly Cohort[], nowMs: number): RetentionWindow {
  let pairs = 0;
  let droppedMentors = 0;
  let droppedMentees = 0;
  for (const cohort of cohorts) {
    if (!isIsoWeek(cohort.week) || weekEnd(cohort.week) + days * DAY_MS > nowMs) continue;
    pairs += count(cohort.counts.pairs);
    droppedMentors += count(cohort.counts[`dropped_mentor_${days}`]);
    droppedMentees += count(cohort.counts[`dropped_mentee_${days}`]);
  }
  const kept = (dropped: number) => {
    const lost = share(dropped, pairs);
    return lost === null ? null : 1 - lost;
  };
  return { days, mentors: kept(droppedMentors), mentees: kept(droppedMentees), pairs };
}
