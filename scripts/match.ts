/**
 * `npm run --silent match -- --input FILE [--dump-scores] [--at ISO-8601]`
 *
 * Runs the matcher on a JSON file (no database) and prints exactly one JSON
 * document on stdout (DESIGN §3):
 *   {pairs:[{mentorId,menteeId,score,reasons}], unmatched:[ids], totalScore}
 * or, with --dump-scores, {scores:[[mentorId,menteeId,score],…]} for every
 * feasible pair. --at sets the match date (default: now) used for time zones
 * and waiting time. Any problem: a message on stderr and exit code 2.
 *
 * Dumps can be tens of MB, so output is written in chunks honouring
 * back-pressure and the process ends by itself once stdout has flushed
 * (exitCode, never process.exit()).
 */
import { readFileSync } from 'node:fs';
import { feasiblePairs, match } from '../functions/domain/matching/match';
import { InvalidMatchInput, type MatchInput } from '../functions/domain/matching/types';

const USAGE = 'usage: npm run --silent match -- --input FILE [--dump-scores] [--at ISO-8601]';

class UsageError extends Error {
  override name = 'UsageError';
}

interface Args {
  input: string;
  dumpScores: boolean;
  at: number;
}

function parseArgs(argv: readonly string[]): Args {
  let input: string | undefined;
  let at: string | undefined;
  let dumpScores = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    if (flag === '--input') input = value();
    else if (flag === '--at') at = value();
    else if (flag === '--dump-scores' && inline === undefined) dumpScores = true;
    else throw new UsageError(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
  }
  if (input === undefined) throw new UsageError(`--input FILE is required\n${USAGE}`);
  const atMs = at === undefined ? Date.now() : Date.parse(at);
  if (!Number.isFinite(atMs)) throw new UsageError(`--at must be an ISO 8601 date-time such as 2025-03-03T09:00:00Z, got ${JSON.stringify(at)}`);
  return { input, dumpScores, at: atMs };
}

function readInput(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read input file ${file}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`input file ${file} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Writes chunks to stdout, waiting for 'drain' when the pipe is full. */
async function writeAll(chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (!process.stdout.write(chunk)) await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
  }
  await new Promise<void>((resolve, reject) => process.stdout.write('', (err) => (err ? reject(err) : resolve())));
}

function* scoreDumpChunks(input: MatchInput, at: number): Generator<string> {
  const f = feasiblePairs(input, { matchDate: at });
  const mentorJson = f.mentorIds.map((id) => JSON.stringify(id));
  const menteeJson = f.menteeIds.map((id) => JSON.stringify(id));
  let buf = '{"scores":[';
  for (let k = 0; k < f.score.length; k++) {
    buf += `${k === 0 ? '' : ','}[${mentorJson[f.mentor[k]!]},${menteeJson[f.mentee[k]!]},${f.score[k]}]`;
    if (buf.length > 1 << 20) {
      yield buf;
      buf = '';
    }
  }
  yield `${buf}]}\n`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const input = readInput(args.input) as MatchInput;
  if (args.dumpScores) await writeAll(scoreDumpChunks(input, args.at));
  else await writeAll([`${JSON.stringify(match(input, { matchDate: args.at }))}\n`]);
}

main().then(
  () => {
    process.exitCode = 0;
  },
  (err: unknown) => {
    if (err instanceof UsageError || err instanceof InvalidMatchInput) {
      process.stderr.write(`match: ${err.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`match: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    }
  },
);
