/**
 * `npm run job -- <match|followups|digest> [--at ISO-8601]`: runs one scheduled
 * job once against the local stack, as if the clock read `--at`, and prints one
 * JSON summary line. The jobs arrive with their issues (matching, engagement,
 * digest); until then this says so instead of pretending.
 */
import { parseArgs } from 'node:util';

const JOBS = ['match', 'followups', 'digest'] as const;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { positionals, values } = (() => {
  try {
    return parseArgs({ allowPositionals: true, options: { at: { type: 'string' } } });
  } catch (error) {
    return fail(`${(error as Error).message}\nUsage: npm run job -- <${JOBS.join('|')}> [--at ISO-8601]`);
  }
})();

const job = positionals[0];
if (!job || !(JOBS as readonly string[]).includes(job)) fail(`Usage: npm run job -- <${JOBS.join('|')}> [--at ISO-8601]`);
if (values.at !== undefined && Number.isNaN(Date.parse(values.at))) fail(`--at must be an ISO-8601 date-time, got "${values.at}"`);

console.error(`not yet: the "${job}" job is not built yet.`);
process.exit(1);
