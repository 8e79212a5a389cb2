/**
 * `npm run job -- <match|followups|digest> [--at ISO-8601]`: runs one scheduled
 * job once against the running local stack, as if the clock read `--at`, and
 * prints one JSON summary line.
 */
import { parseArgs } from 'node:util';
import { runMatching } from '../functions/app/run-matching';
import { runFollowUp } from '../functions/app/run-follow-up';
import { sendDigest } from '../functions/app/send-digest';
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

const { deps, close } = await connectToLocalStack(process.env, { now: () => new Date(at) }).catch((error: Error) => fail(error.message));
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
    const fired = await deps.scheduler.fireDue(at.toISOString(), async ({ payload }) => {
      const outcome = await runFollowUp(deps, payload);
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    });
    print({ job, at: at.toISOString(), ...fired, outcomes });
  }
} finally {
  close();
}

function print(summary: Record<string, unknown>) {
  console.log(JSON.stringify({ ...summary, ms: Math.round(performance.now() - started) }));
}
