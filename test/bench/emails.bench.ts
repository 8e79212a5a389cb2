/**
 * DESIGN §9: rendering an email from its compiled template must be ≥ 100× faster
 * than rendering its MJML. The MJML side is mjml2html with the build's options
 * plus a naive fill of the HTML only; the compiled side is a full renderEmail
 * (subject, HTML and text), so the comparison favours MJML. Every template is
 * measured with its preview sample data, and the intro once more with a full
 * list of 20 reasons (the most a `list` variable may hold).
 * Run: npm run build:emails && npx tsx scripts/bench.ts emails
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIST_MAX_ITEMS } from '../../functions/email-rendering/catalogue';
import { escapeHtml, renderEmail, TEMPLATE_NAMES, type EmailVars, type TemplateName } from '../../functions/email-rendering/render';
import { MJML_OPTIONS } from '../../scripts/build-emails';
import { SAMPLE_VARS } from '../../scripts/email-samples';

const GOAL = 100;
let sink = 0;

/** Mean ms per call: runs `fn` until both `minRuns` and `minMs` are reached. */
async function measure(fn: () => unknown, minRuns: number, minMs: number): Promise<{ meanMs: number; runs: number }> {
  let runs = 0;
  const start = performance.now();
  let elapsed = 0;
  while (runs < minRuns || elapsed < minMs) {
    const r = fn();
    if (r instanceof Promise) sink += ((await r) as { html: string }).html.length;
    else sink += (r as { html: string }).html.length;
    runs++;
    elapsed = performance.now() - start;
  }
  return { meanMs: elapsed / runs, runs };
}

const fmt = (ms: number) => (ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(2)} µs`);

export async function bench(): Promise<string[]> {
  const { default: mjml2html } = await import('mjml');
  const lines: string[] = [];
  const cases: { label: string; name: TemplateName; vars: EmailVars<TemplateName> }[] = TEMPLATE_NAMES.map((name) => ({
    label: name,
    name,
    vars: SAMPLE_VARS[name] as EmailVars<TemplateName>,
  }));
  const manyReasons = Array.from({ length: LIST_MAX_ITEMS }, (_, i) => `${SAMPLE_VARS.intro.reasons[i % SAMPLE_VARS.intro.reasons.length]} (${i + 1})`);
  cases.push({ label: `intro, ${LIST_MAX_ITEMS} reasons`, name: 'intro', vars: { ...SAMPLE_VARS.intro, reasons: manyReasons } as EmailVars<TemplateName> });

  for (const { label, name, vars } of cases) {
    const file = join(import.meta.dirname, '..', '..', 'emails', `${name}.mjml`);
    const source = readFileSync(file, 'utf8');
    const htmlOf = (v: unknown) => (Array.isArray(v) ? v.map((item: string) => `<li>${escapeHtml(item)}</li>`).join('') : escapeHtml(String(v)));
    const entries = Object.entries(vars).map(([k, v]) => [`{{${k}}}`, htmlOf(v)] as const);

    const fromMjml = async () => {
      let { html } = await mjml2html(source, { ...MJML_OPTIONS, filePath: file });
      for (const [placeholder, value] of entries) html = html.replaceAll(placeholder, value);
      return { html };
    };
    const compiled = () => renderEmail(name, vars);

    // Warm up both paths (module loading, JIT) before timing.
    for (let i = 0; i < 5; i++) await fromMjml();
    for (let i = 0; i < 2000; i++) compiled();

    const slow = await measure(fromMjml, 30, 1500);
    const fast = await measure(compiled, 5000, 500);
    const ratio = slow.meanMs / fast.meanMs;
    const verdict = ratio >= GOAL ? 'ok' : `BELOW GOAL of ${GOAL}×`;
    lines.push(
      `${label.padEnd(20)} mjml2html+fill ${fmt(slow.meanMs).padStart(10)} (n=${slow.runs})   compiled ${fmt(fast.meanMs).padStart(10)} (n=${fast.runs})   ${Math.round(ratio)}× faster  ${verdict}`,
    );
  }
  if (sink === 0) lines.push('(no output?)');
  return lines;
}
