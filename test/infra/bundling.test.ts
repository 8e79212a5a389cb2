import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { describe, expect, it } from 'vitest';
import { API_ENTRY, SENDER_ENTRY } from '../../infra/app-stack';
import { bundleEntry, LAMBDA_BUNDLING, nodejsBundlingOptions } from '../../infra/bundling';

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

  it('bundle the sender (Powertools batch, no AWS SDK) within the 600 KB budget', async () => {
    const report = await bundleEntry(SENDER_ENTRY);
    expect(report.inputs).toContain(SENDER_ENTRY);
    expect(report.inputs.some((input) => input.includes('@aws-lambda-powertools/batch'))).toBe(true);
    expect(report.inputs.filter((input) => /node_modules\/(@aws-sdk|mjml|zod)\//.test(input))).toEqual([]);
    expect(report.bytes).toBeLessThanOrEqual(600 * 1024);
  });
});
