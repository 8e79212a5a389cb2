/**
 * Lambda bundles, bundled exactly as CDK bundles them (infra/bundling.ts), against DESIGN §9's budgets:
 * size (≤ 600 KB minified) and cold import time (the API under 150 ms). Each bundle is written to a
 * temporary directory and imported by a fresh `node` process (nothing cached, as in a new Lambda
 * sandbox), several times; the median is reported. The AWS SDK is external, as in Lambda, and
 * resolves from this repository's node_modules (the runtime ships it).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUNDLE_BUDGET_BYTES, bundleEntry, handlerEntries, REPO_ROOT } from '../../infra/bundling';

const FORBIDDEN = /node_modules\/(mjml[^/]*|zod|mailparser)\//;
const IMPORT_BUDGET_MS = { api: 150 } as Record<string, number>;
const RUNS = 7;

/** What CDK sets on the functions (values are placeholders: importing builds deps but calls nothing). */
const LAMBDA_ENV = {
  AWS_REGION: 'eu-west-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  TABLE_NAME: 'bench',
  TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:bench',
  SES_CONFIGURATION_SET: 'bench',
  PUBLIC_URL: 'https://mentoring.example.com',
  SCHEDULE_GROUP: 'mentoring-bench',
  FOLLOWUP_FUNCTION_ARN: 'arn:aws:lambda:eu-west-1:123456789012:function:bench',
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/bench',
  SCHEDULER_DLQ_ARN: 'arn:aws:sqs:eu-west-1:123456789012:bench',
  INBOUND_BUCKET: 'bench',
  EXPORT_BUCKET: 'bench',
  PRIORITY_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/bench-priority',
  BULK_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/bench-bulk',
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Milliseconds a fresh Node process spends in `import()` of the module (process start excluded):
 * in total, and for the bundle's own code alone (the external AWS SDK packages it imports loaded first).
 */
function coldImportMs(file: string, sdk: string[]): { total: number; own: number } {
  const url = JSON.stringify(pathToFileURL(file).href);
  const run = (script: string) =>
    Number(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: dirname(file),
        env: { PATH: process.env.PATH, ...LAMBDA_ENV },
        encoding: 'utf8',
      })
        .trim()
        .split('\n')
        .at(-1),
    );
  const preload = `import { createRequire } from 'node:module'; const r = createRequire(${url}); await Promise.all(${JSON.stringify(sdk)}.map((m) => import(r.resolve(m))));`;
  return {
    total: run(`const t = performance.now(); await import(${url}); console.log(performance.now() - t);`),
    own: run(`${preload} const t = performance.now(); await import(${url}); console.log(performance.now() - t);`),
  };
}

/** The external packages a bundle imports (`from"@aws-sdk/…"` in the minified output). */
const externalImports = (code: Uint8Array) => [
  ...new Set(
    [
      ...Buffer.from(code)
        .toString('utf8')
        .matchAll(/from\s*"(@aws-sdk\/[^"]+)"/g),
    ].map((m) => m[1]!),
  ),
];

export interface BundleFigures {
  name: string;
  bytes: number;
  /** Median cold import, external AWS SDK included (as the runtime provides it). */
  importMs: number;
  /** Median cold import of the bundle's own code (the SDK already loaded). */
  ownImportMs: number;
  sdk: string[];
  forbidden: string[];
}

export async function measureBundles(runs = RUNS): Promise<BundleFigures[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bundles-'));
  // The bundles resolve their externals (the AWS SDK) the way the Lambda runtime provides them.
  symlinkSync(resolve(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  try {
    const figures: BundleFigures[] = [];
    for (const { name, entry } of handlerEntries()) {
      const { bytes, inputs, code } = await bundleEntry(entry);
      const file = join(dir, name, 'index.mjs');
      mkdirSync(join(dir, name));
      writeFileSync(file, code);
      const sdk = externalImports(code);
      coldImportMs(file, sdk); // warms the OS file cache, as a Lambda image already on disk
      const runsMs = Array.from({ length: runs }, () => coldImportMs(file, sdk));
      figures.push({
        name,
        bytes,
        importMs: median(runsMs.map((r) => r.total)),
        ownImportMs: median(runsMs.map((r) => r.own)),
        sdk,
        forbidden: [...new Set(inputs.map((i) => FORBIDDEN.exec(i)?.[1]).filter((m): m is string => m !== undefined))],
      });
    }
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function bench(): Promise<string[]> {
  const lines = [
    `| function | minified | of ${BUNDLE_BUDGET_BYTES / 1024} KB | cold import, median of ${RUNS} (own code / with the AWS SDK) | import budget | AWS SDK packages | mjml/zod/mailparser inside |`,
    '|---|---|---|---|---|---|---|',
  ];
  for (const f of await measureBundles()) {
    const budget = IMPORT_BUDGET_MS[f.name];
    lines.push(
      `| ${f.name} | ${(f.bytes / 1024).toFixed(1)} KB | ${((f.bytes / BUNDLE_BUDGET_BYTES) * 100).toFixed(0)}% | ${f.ownImportMs.toFixed(0)} ms / ${f.importMs.toFixed(0)} ms | ${budget ? `${budget} ms` : '–'} | ${f.sdk.length} | ${f.forbidden.length ? f.forbidden.join(', ') : 'none'} |`,
    );
  }
  return lines;
}
