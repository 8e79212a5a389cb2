/**
 * `npm run job -- <match|followups|digest> [--at ISO-8601]`: runs one scheduled
 * job once against the running local stack, as if the clock read `--at`, and
 * prints one JSON summary line, with `emailsQueued`: the emails it put in the
 * send queues (the running stack's sender delivers them within seconds).
 */
import { parseArgs } from 'node:util';
import { runMatching } from '../functions/app/use-cases/run-matching';
import { runSchedule } from '../functions/app/use-cases/run-schedule';
import { sendDigest } from '../functions/app/use-cases/send-digest';
import { withCurrentConfig } from '../functions/app/support/current-config';
import { connectToLocalStack } from './local/connect';

const JOBS = ['match', 'followups', 'digest'] as const;
const USAGE = `Usage: npm run job -- <${JOBS.join('|')}> [--at ISO-8601]`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { positionals, values } = (() => {
  try {
    return parseArgs({ allowPositionals: true, options: { at: { type: 'string' } } });
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`);
  }
})();

const job = positionals[0];
if (!job || !(JOBS as readonly string[]).includes(job)) fail(USAGE);
const at = values.at === undefined ? new Date() : new Date(values.at);
if (Number.isNaN(at.getTime())) fail(`--at must be an ISO-8601 date-time, got "${values.at}"`);

const connection = await connectToLocalStack(process.env, { now: () => new Date(at) }).catch((error: Error) => fail(error.message));
const { close } = connection;
let emailsQueued = 0;
const queue = connection.deps.emailQueue;
// The program's current settings version (what the console shows); the job runs now, whatever its schedule says.
const deps = await withCurrentConfig({
  ...connection.deps,
  emailQueue: { enqueue: async (...args: Parameters<typeof queue.enqueue>) => (await queue.enqueue(...args), void emailsQueued++) },
});
const started = performance.now();
try {
  if (job === 'match') {
    const summary = await runMatching(deps, at);
    print({ job, at: at.toISOString(), ...summary });
  } else if (job === 'digest') {
    const { kpis, outcome } = await sendDigest(deps, at);
    const { headlines: _h, trend: _t, ...numbers } = kpis;
    print({ job, at: at.toISOString(), email: outcome, itemsRead: deps.stats.lastReadItems, kpis: numbers });
  } else {
    const outcomes: Record<string, number> = {};
    // Deferred confirmations the hourly cap held back, sent by the drains that fired.
    const confirmations = { queued: 0, dropped: 0, waiting: false };
    const fired = await deps.scheduler.fireDue(at.toISOString(), async ({ payload }) => {
      const result = await runSchedule(deps, payload);
      if (result.kind === 'follow-up') outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
      else
        Object.assign(confirmations, {
          queued: confirmations.queued + result.summary.queued,
          dropped: confirmations.dropped + result.summary.dropped,
          waiting: result.summary.waiting,
        });
    });
    print({ job, at: at.toISOString(), ...fired, outcomes, confirmations });
  }
} finally {
  close();
}

function print(summary: Record<string, unknown>) {
  console.log(JSON.stringify({ ...summary, emailsQueued, ms: Math.round(performance.now() - started) }));
}
