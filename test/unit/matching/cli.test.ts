import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { feasiblePairs, match } from '../../../functions/domain/matching/match';
import { generateInstance } from '../../bench/matching.bench';

const root = join(import.meta.dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'match-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function file(content: unknown): string {
  const path = join(dir, `input-${++files}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'scripts/match.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

const AT = '2025-06-02T08:00:00Z';

describe.concurrent('npm run match (scripts/match.ts)', { timeout: 60_000 }, () => {
  it('prints exactly the result JSON on stdout', async () => {
    const input = generateInstance({ seed: 11, mentors: 15, mentees: 30 });
    const { code, stdout, stderr } = await run(['--input', file(input), '--at', AT]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as unknown;
    expect(result).toEqual(match(input, { matchDate: AT }));
    expect(result).toMatchObject({ pairs: expect.any(Array), unmatched: expect.any(Array), totalScore: expect.any(Number) });
    const first = (result as { pairs: Record<string, unknown>[] }).pairs[0]!;
    expect(Object.keys(first)).toEqual(['mentorId', 'menteeId', 'score', 'reasons']);
  });

  it('streams a large --dump-scores completely before exiting', async () => {
    const input = generateInstance({ seed: 12, mentors: 500, mentees: 900 });
    const { code, stdout, stderr } = await run(['--input', file(input), '--dump-scores', `--at=${AT}`]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const { scores } = JSON.parse(stdout) as { scores: [string, string, number][] };
    const expected = feasiblePairs(input, { matchDate: AT });
    expect(stdout.length).toBeGreaterThan(1 << 20); // more than one chunk
    expect(scores).toHaveLength(expected.score.length);
    expect(scores[0]).toEqual([expected.mentorIds[expected.mentor[0]!], expected.menteeIds[expected.mentee[0]!], expected.score[0]]);
    expect(scores.at(-1)![2]).toBe(expected.score.at(-1));
  });

  it('exits 2 naming the participant and field for an invalid record', async () => {
    const input = generateInstance({ seed: 13, mentors: 2, mentees: 2 });
    input.participants[1] = { ...input.participants[1]!, timezone: 'Mars/Olympus_Mons' };
    const { code, stdout, stderr } = await run(['--input', file(input)]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`participants[1] (id "${input.participants[1].id}"): timezone:`);
  });

  it('exits 2 on bad JSON, a missing file, an unknown flag or a bad --at', async () => {
    const results = await Promise.all([
      run(['--input', file('{"participants": [')]),
      run(['--input', join(dir, 'missing.json')]),
      run(['--input', file({ participants: [] }), '--verbose']),
      run(['--input', file({ participants: [] }), '--at', 'tomorrow']),
      run([]),
    ]);
    for (const [i, r] of results.entries()) {
      expect(r.code, `case ${i}: ${r.stderr}`).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^match: /);
    }
    expect(results[0]!.stderr).toContain('not valid JSON');
    expect(results[1]!.stderr).toContain('cannot read input file');
    expect(results[2]!.stderr).toContain('unknown argument "--verbose"');
  });
});
