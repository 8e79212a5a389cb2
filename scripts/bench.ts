/**
 * `npm run bench`: runs every benchmark module in test/bench/ and prints its
 * figures. Each module exports `bench(): Promise<string[]>` (lines to print);
 * figures are ratios where possible, because this machine is shared and noisy.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = join(import.meta.dirname, '..', 'test', 'bench');
const only = process.argv.slice(2);
const modules = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

for (const file of modules) {
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { bench: () => Promise<string[]> };
  console.log(`\n## ${file.replace('.bench.ts', '')}`);
  for (const line of await mod.bench()) console.log(line);
}
