/**
 * `npm run emails:preview`: renders every template with realistic sample data
 * (./email-samples.ts) into preview/<name>.html and preview/<name>.txt (gitignored)
 * and prints the paths.
 * Open the HTML in a browser, or screenshot it with headless Chromium.
 */
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { renderEmail, TEMPLATE_NAMES, type EmailVars, type RenderedEmail } from '../functions/email-rendering/render';
import { digestSample, SAMPLE_VARS } from './email-samples';

function main(): void {
  const dir = join(import.meta.dirname, '..', 'preview');
  mkdirSync(dir, { recursive: true });
  const samples: [string, () => RenderedEmail][] = TEMPLATE_NAMES.map((name) => [name, () => renderEmail(name, SAMPLE_VARS[name] as EmailVars<typeof name>)]);
  // The digest's edge cases: the most at-risk rows it takes, and a quiet week with empty states.
  samples.push(['digest-20-at-risk', () => renderEmail('digest', digestSample(20))]);
  samples.push(['digest-empty', () => renderEmail('digest', { ...digestSample(0), goals: [], incentives: [] })]);
  for (const [file, render] of samples) {
    const email = render();
    const html = join(dir, `${file}.html`);
    const text = join(dir, `${file}.txt`);
    writeFileSync(html, email.html);
    writeFileSync(text, `Subject: ${email.subject}\n\n${email.text}`);
    console.log(`${relative(process.cwd(), html)}\n${relative(process.cwd(), text)}`);
  }
}

if (process.argv[1] && import.meta.filename === realpathSync(process.argv[1])) main();
