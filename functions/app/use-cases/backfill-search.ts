/**
 * The people search's index backfill: participants who signed up before the search index existed
 * have no index entries, so the console's search cannot find them. The heartbeat runs this once per
 * program (one run in the job-run log), a bounded number of pages per invocation: a run that has
 * not reached the end releases its claim with where to go on from, and the next heartbeat resumes
 * there. Idempotent: a profile already indexed is left alone, so a crash or a retry only re-reads.
 */
import { BadCursor, type JobRunLog, type ParticipantStore } from '../../ports';
import type { AppDeps } from '../support/deps';
import { STALE_CLAIM_MS } from './run-recurring';

/** The backfill's one run per program in the job-run log (the key's time is only a name: the index's release). */
export const SEARCH_BACKFILL_RUN = '2026-12-01T00:00:00.000Z';
/** Profiles per page, pages per invocation: at most 2,000 profiles read by one heartbeat. */
export const BACKFILL_PAGE = 100;
export const BACKFILL_PAGES_PER_RUN = 20;

export type BackfillDeps = Pick<AppDeps, 'config' | 'clock' | 'log'> & { participants: ParticipantStore; jobRuns: JobRunLog };

export type BackfillOutcome = { ran: false } | { ran: true; done: boolean; read: number; indexed: number };

export async function backfillSearchIndex(
  deps: BackfillDeps,
  bounds: { pages: number; pageSize: number } = { pages: BACKFILL_PAGES_PER_RUN, pageSize: BACKFILL_PAGE },
): Promise<BackfillOutcome> {
  const programId = deps.config.id;
  const job = 'search-backfill' as const;
  const resumeFrom = await deps.jobRuns.resumePoint(programId, job, SEARCH_BACKFILL_RUN);
  if (!(await deps.jobRuns.claim(programId, job, SEARCH_BACKFILL_RUN, deps.clock.now().toISOString(), STALE_CLAIM_MS))) return { ran: false };
  let cursor = resumeFrom;
  let read = 0;
  let indexed = 0;
  try {
    for (let page = 0; page < bounds.pages; page++) {
      let step;
      try {
        step = await deps.participants.indexForSearch(programId, { limit: bounds.pageSize, ...(cursor ? { cursor } : {}) });
      } catch (error) {
        // A resume point this version cannot read: start over (re-reading is harmless).
        if (!(error instanceof BadCursor) || cursor === undefined) throw error;
        cursor = undefined;
        continue;
      }
      read += step.read;
      indexed += step.indexed;
      cursor = step.cursor;
      if (!cursor) break;
    }
  } catch (error) {
    await deps.jobRuns.release(programId, job, SEARCH_BACKFILL_RUN, cursor);
    throw error;
  }
  const done = cursor === undefined;
  if (done) await deps.jobRuns.finish(programId, job, SEARCH_BACKFILL_RUN, deps.clock.now().toISOString());
  else await deps.jobRuns.release(programId, job, SEARCH_BACKFILL_RUN, cursor);
  deps.log?.('search_backfill', { done, read, indexed });
  return { ran: true, done, read, indexed };
}
