import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { describe, expect, it } from 'vitest';
import { API_ENTRY, DIGEST_ENTRY, FOLLOWUP_ENTRY, INBOUND_ENTRY, MATCH_ENTRY, SES_EVENTS_ENTRY } from '../../infra/app-stack';
import { BUNDLE_BUDGET_BYTES, bundleEntry, handlerEntries, LAMBDA_BUNDLING, nodejsBundlingOptions } from '../../infra/bundling';

describe('Lambda bundling options', () => {
  it('give NodejsFunction the same esbuild settings the bundle bench uses', () => {
    expect(nodejsBundlingOptions()).toEqual({
      target: 'node22',
      format: OutputFormat.ESM,
      minify: true,
      sourceMap: true,
      sourcesContent: false,
      externalModules: ['@aws-sdk/*'],
      mainFields: ['module', 'main'],
      banner: LAMBDA_BUNDLING.banner,
    });
  });

  it('bundle the API entry as ESM without the AWS SDK or mjml', async () => {
    const report = await bundleEntry(API_ENTRY);
    expect(report.bytes).toBeGreaterThan(1_000);
    expect(report.inputs).toContain(API_ENTRY);
    expect(report.inputs.filter((input) => /node_modules\/(@aws-sdk|mjml|zod)\//.test(input))).toEqual([]);
    // DESIGN §9: the API function stays within 600 KB minified.
    expect(report.bytes).toBeLessThanOrEqual(600 * 1024);
  });

  it('find every Lambda entry point of the stack among the handlers', () => {
    const entries = handlerEntries().map((h) => h.entry);
    expect(entries).toEqual(expect.arrayContaining([API_ENTRY, MATCH_ENTRY, FOLLOWUP_ENTRY, INBOUND_ENTRY, SES_EVENTS_ENTRY, DIGEST_ENTRY]));
    expect(entries.every((entry) => /^functions\/handlers\/[a-z-]+\.ts$/.test(entry))).toBe(true);
  });

  // DESIGN §9: every function within 600 KB minified, without mjml, zod or mailparser.
  it.each(handlerEntries())('keep the $name bundle within 600 KB minified', async ({ entry }) => {
    const report = await bundleEntry(entry);
    expect(report.inputs.filter((input) => /node_modules\/(@aws-sdk|mjml|zod|mailparser)\//.test(input))).toEqual([]);
    expect(report.bytes).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES);
  });
});
