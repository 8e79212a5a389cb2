/**
 * The esbuild options every Lambda is bundled with, in ONE place: the CDK
 * functions (infra/constructs/lambda-defaults.ts) and the bundle-size benchmark
 * (`bundleEntry`) both derive from `LAMBDA_BUNDLING`, so the bench measures
 * exactly what `cdk deploy` ships.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

/** Repository root (infra/..), so entries can be named relative to it. */
export const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

export const LAMBDA_BUNDLING = {
  target: 'node22',
  platform: 'node',
  format: 'esm',
  minify: true,
  sourcemap: true,
  // Stack traces still map to file:line; leaving the sources out keeps the asset small.
  sourcesContent: false,
  // The nodejs22.x runtime ships AWS SDK v3; bundling it would only add size.
  external: ['@aws-sdk/*'],
  // Prefer ESM builds of dependencies (better tree-shaking).
  mainFields: ['module', 'main'],
  // CommonJS dependencies inside an ESM bundle may call require(); give them one.
  banner: "import { createRequire as __mlCreateRequire } from 'node:module'; const require = __mlCreateRequire(import.meta.url);",
} as const;

/** `LAMBDA_BUNDLING` in the shape `NodejsFunction` expects. */
export function nodejsBundlingOptions(): BundlingOptions {
  return {
    target: LAMBDA_BUNDLING.target,
    format: OutputFormat.ESM,
    minify: LAMBDA_BUNDLING.minify,
    sourceMap: LAMBDA_BUNDLING.sourcemap,
    sourcesContent: LAMBDA_BUNDLING.sourcesContent,
    externalModules: [...LAMBDA_BUNDLING.external],
    mainFields: [...LAMBDA_BUNDLING.mainFields],
    banner: LAMBDA_BUNDLING.banner,
  };
}

export interface BundleReport {
  /** Size of the minified JavaScript output (source map excluded). */
  bytes: number;
  /** Every input file esbuild pulled in, relative to the repository root. */
  inputs: string[];
  /** The minified ESM module itself (what `index.mjs` in the Lambda asset holds). */
  code: Uint8Array;
}

/** Budget of every Lambda bundle (DESIGN §9): 600 KB minified, source map excluded. */
export const BUNDLE_BUDGET_BYTES = 600 * 1024;

/**
 * Every Lambda entry point: each module in functions/handlers/ that exports `handler`
 * (so a new function is measured and held to the budget without being listed here).
 */
export function handlerEntries(): { name: string; entry: string }[] {
  const dir = resolve(REPO_ROOT, 'functions/handlers');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.ts') && /^export (async function|const|function) handler\b/m.test(readFileSync(resolve(dir, file), 'utf8')))
    .sort()
    .map((file) => ({ name: file.replace(/\.ts$/, ''), entry: `functions/handlers/${file}` }));
}

/** Bundles `entry` (path relative to the repo root, or absolute) in memory with the Lambda options. */
export async function bundleEntry(entry: string): Promise<BundleReport> {
  const result = await esbuild.build({
    entryPoints: [resolve(REPO_ROOT, entry)],
    absWorkingDir: REPO_ROOT,
    bundle: true,
    write: false,
    metafile: true,
    outfile: 'out/index.mjs',
    logLevel: 'silent',
    target: LAMBDA_BUNDLING.target,
    platform: LAMBDA_BUNDLING.platform,
    format: LAMBDA_BUNDLING.format,
    minify: LAMBDA_BUNDLING.minify,
    sourcemap: LAMBDA_BUNDLING.sourcemap,
    sourcesContent: LAMBDA_BUNDLING.sourcesContent,
    external: [...LAMBDA_BUNDLING.external],
    mainFields: [...LAMBDA_BUNDLING.mainFields],
    banner: { js: LAMBDA_BUNDLING.banner },
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.mjs'));
  if (!js) throw new Error(`esbuild produced no JavaScript for ${entry}`);
  return { bytes: js.contents.byteLength, inputs: Object.keys(result.metafile.inputs).sort(), code: js.contents };
}
