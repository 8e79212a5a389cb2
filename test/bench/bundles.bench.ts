/** Lambda bundle sizes, bundled exactly as CDK bundles them (infra/bundling.ts), against DESIGN §9's budget. */
import { API_ENTRY, SENDER_ENTRY } from '../../infra/app-stack';
import { bundleEntry } from '../../infra/bundling';

const BUDGET_BYTES = 600 * 1024;
const FORBIDDEN = /node_modules\/(mjml[^/]*|zod)\//;

export async function bench(): Promise<string[]> {
  const lines = ['| function | minified | budget | share of budget | mjml/zod inside |', '|---|---|---|---|---|'];
  for (const [name, entry] of [['api', API_ENTRY], ['sender', SENDER_ENTRY]] as const) {
    const { bytes, inputs } = await bundleEntry(entry);
    const forbidden = inputs.filter((i) => FORBIDDEN.test(i));
    lines.push(`| ${name} | ${(bytes / 1024).toFixed(1)} KB | ${BUDGET_BYTES / 1024} KB | ${((bytes / BUDGET_BYTES) * 100).toFixed(0)}% | ${forbidden.length ? forbidden.join(', ') : 'none'} |`);
  }
  return lines;
}
