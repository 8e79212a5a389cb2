import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { LIST_LENGTHS, TEMPLATE_NAMES } from '../../../functions/emails/catalogue';
import { BuildError, buildEmails } from '../../../scripts/build-emails';

const repoEmails = join(import.meta.dirname, '..', '..', '..', 'emails');
const dirs: string[] = [];

/** A scratch copy of emails/ that a test may break. */
function scratch(): { dir: string; outFile: string; edit: (file: string, from: string | RegExp, to: string) => void } {
  const dir = mkdtempSync(join(tmpdir(), 'emails-'));
  dirs.push(dir);
  const emailsDir = join(dir, 'emails');
  cpSync(repoEmails, emailsDir, { recursive: true });
  const edit = (file: string, from: string | RegExp, to: string) => {
    const path = join(emailsDir, file);
    const before = readFileSync(path, 'utf8');
    const after = before.replace(from, to);
    if (after === before) throw new Error(`test setup: ${String(from)} not found in ${file}`);
    writeFileSync(path, after);
  };
  return { dir: emailsDir, outFile: join(dir, 'templates.generated.ts'), edit };
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const buildScratch = (s: ReturnType<typeof scratch>) => buildEmails({ emailsDir: s.dir, outFile: s.outFile, force: true });

describe('build-emails', () => {
  it('compiles the real templates into a module, and skips the work when nothing changed', async () => {
    const s = scratch();

    const first = await buildEmails({ emailsDir: s.dir, outFile: s.outFile });
    const second = await buildEmails({ emailsDir: s.dir, outFile: s.outFile });

    expect(first.compiled).toBe(true);
    expect(second.compiled).toBe(false);
    const source = readFileSync(s.outFile, 'utf8');
    expect(source).toContain('"confirm": {');
    expect(source).toContain('"already-registered": {');
    expect(source).toContain('"intro": {');
    expect(source).toContain('"not-this-round": {');
    for (const name of TEMPLATE_NAMES) expect(source).toContain(`${JSON.stringify(name)}: {`);
    expect(source).not.toContain('mj-include');
    s.edit('confirm.txt', 'Hi {{firstName}},', 'Hello {{firstName}},');
    expect((await buildEmails({ emailsDir: s.dir, outFile: s.outFile })).compiled).toBe(true);
  }, 30_000);

  it.each([
    ['invalid MJML', 'confirm.mjml', '<mj-divider />', '<mj-divider bogus-attribute="1" />', /confirm\.mjml: invalid MJML[\s\S]*bogus-attribute/],
    ['a missing partial', 'confirm.mjml', './partials/footer.mjml', './partials/nope.mjml', /confirm\.mjml: an <mj-include> was refused: the file does not exist/],
    ['an undeclared placeholder in the text part', 'confirm.txt', 'Hi {{firstName}},', 'Hi {{firstName}} {{lastName}},', /confirm\.txt: uses \{\{lastName\}\}/],
    ['an undeclared placeholder in the HTML', 'already-registered.mjml', '{{statusLine}}', '{{statusLine}} {{secret}}', /already-registered\.mjml: uses \{\{secret\}\}/],
    ['a declared variable the HTML never uses', 'confirm.mjml', 'as a {{role}} for', 'for', /confirm\.mjml: never uses \{\{role\}\}/],
    ['a declared variable the text part never uses', 'already-registered.txt', /\{\{actionUrl\}\}/g, 'see the email', /already-registered\.txt: never uses \{\{actionUrl\}\}/],
    ['the preheader in the text part', 'confirm.txt', 'Hi {{firstName}},', '{{preheader}}\nHi {{firstName}},', /confirm\.txt: uses \{\{preheader\}\}, which only the HTML part may use/],
    ['an undeclared placeholder in the subject', 'confirm.mjml', '<mj-title>Confirm', '<mj-title>{{lastName}}, confirm', /confirm\.mjml <mj-title>: uses \{\{lastName\}\}/],
    ['a malformed placeholder', 'confirm.mjml', 'Hi {{firstName}},', 'Hi {{ firstName }}, {{firstName}}', /confirm\.mjml: malformed placeholder near ".*Hi \{\{ firstName \}\}/],
    ['a text variable as a link', 'confirm.mjml', '<mj-button href="{{confirmUrl}}">', '<mj-button href="{{firstName}}">', /\{\{firstName\}\} is in href="…" but is not declared as a 'url' variable/],
    ['a URL variable inside a longer href', 'confirm.mjml', '<mj-button href="{{confirmUrl}}">', '<mj-button href="https://x.test/?next={{confirmUrl}}">', /\{\{confirmUrl\}\} must be the whole href="…" value/],
    ['a placeholder in a style attribute', 'confirm.mjml', 'Hi {{firstName}},', '<span style="color: {{firstName}}">Hi</span>', /\{\{firstName\}\} is in a style="…" attribute/],
    ['a placeholder in a <style> element', 'partials/head.mjml', 'a { color: #2f5d50; }', 'a { color: #2f5d50; } /* {{programName}} */', /\{\{programName\}\} is inside a <style> element/],
    ['a list placeholder in an attribute', 'intro.mjml', '<mj-text>Hi {{recipientFirstName}},</mj-text>', '<mj-text><span title="{{reasons}}">Hi</span> {{recipientFirstName}},</mj-text>', /intro\.mjml: \{\{reasons\}\} is a 'list' variable: it must be the only content of a <ul> or <ol>/],
    ['a list placeholder in an href', 'intro.mjml', '<a href="{{feedbackUrl}}"', '<a href="{{reasons}}"', /intro\.mjml: \{\{reasons\}\} is a 'list' variable/],
    ['a list placeholder in running text', 'intro.mjml', 'Hi {{recipientFirstName}},', 'Hi {{recipientFirstName}}, {{reasons}}', /intro\.mjml: \{\{reasons\}\} is a 'list' variable/],
    ['a list placeholder inside an <li>', 'intro.mjml', '<ul style="margin: 0; padding: 0 0 0 22px;">{{reasons}}</ul>', '<ul style="margin: 0; padding: 0 0 0 22px;"><li>{{reasons}}</li></ul>', /intro\.mjml: \{\{reasons\}\} is a 'list' variable/],
    ['a list placeholder next to other list content', 'intro.mjml', '{{reasons}}</ul>', '{{reasons}}<li>and more</li></ul>', /intro\.mjml: \{\{reasons\}\} is a 'list' variable/],
    ['a list placeholder between mismatched list tags', 'intro.mjml', '{{reasons}}</ul>', '{{reasons}}</ol></ul>', /intro\.mjml: \{\{reasons\}\} is a 'list' variable/],
    ['a list placeholder in the subject', 'intro.mjml', '<mj-title>Meet your', '<mj-title>{{reasons}}: meet your', /intro\.mjml <mj-title>: \{\{reasons\}\} is a 'list' variable, which the subject cannot hold/],
    ['a list placeholder sharing its line in the text part', 'intro.txt', '\n{{reasons}}\n', '\nBecause: {{reasons}}\n', /intro\.txt: \{\{reasons\}\} is a 'list' variable: it must stand alone on its own line/],
    ['a list placeholder right after another placeholder', 'intro.txt', '\n{{reasons}}\n', '\n{{partnerFirstName}}{{reasons}}\n', /intro\.txt: \{\{reasons\}\} is a 'list' variable: it must stand alone on its own line/],
    ['a list placeholder followed by text on its line', 'intro.txt', '\n{{reasons}}\n', '\n{{reasons}}.\n', /intro\.txt: \{\{reasons\}\} is a 'list' variable: it must stand alone on its own line/],
    ['an admin template with the participant footer', 'escalation.mjml', './partials/admin-footer.mjml', './partials/footer.mjml', /escalation\.mjml: uses \{\{unsubscribeUrl\}\}, but 'escalation' is an admin template \(TEMPLATE_AUDIENCE\), which has no participant unsubscribe link: include partials\/admin-footer\.mjml/],
    ['an unsubscribe link in an admin text part', 'escalation.txt', '{{identityLine}}', 'Unsubscribe: {{unsubscribeUrl}}\n{{identityLine}}', /escalation\.txt: uses \{\{unsubscribeUrl\}\}, but 'escalation' is an admin template/],
    ['a participant template with the admin footer', 'nudge.mjml', './partials/footer.mjml', './partials/admin-footer.mjml', /nudge\.mjml: never uses \{\{unsubscribeUrl\}\}, which the code declares for 'nudge'/],
    ['a participant text part without the unsubscribe link', 'checkin.txt', 'Unsubscribe from all {{programName}} emails: {{unsubscribeUrl}}\n', '', /checkin\.txt: never uses \{\{unsubscribeUrl\}\}/],
    ['a rating link with a text variable', 'checkin.mjml', '<a href="{{rate3Url}}"', '<a href="{{firstName}}"', /\{\{firstName\}\} is in href="…" but is not declared as a 'url' variable/],
    ['a subject set by a partial', 'partials/head.mjml', '<mj-breakpoint width="480px" />', '<mj-breakpoint width="480px" /><mj-title>Hello</mj-title>', /the HTML <title> is not the template's own <mj-title>/],
  ] as const)('fails on %s, naming the file and the problem', async (_what, file, from, to, message) => {
    const s = scratch();
    s.edit(file, from, to);

    const result = buildScratch(s);

    await expect(result).rejects.toThrow(BuildError);
    await expect(result).rejects.toThrow(message);
  }, 30_000);

  it('fails when a template has no plain-text part', async () => {
    const s = scratch();
    rmSync(join(s.dir, 'confirm.txt'));

    await expect(buildScratch(s)).rejects.toThrow(/confirm\.txt: missing/);
  });

  it('fails on a template the code does not declare', async () => {
    const s = scratch();
    cpSync(join(s.dir, 'confirm.mjml'), join(s.dir, 'welcome.mjml'));

    await expect(buildScratch(s)).rejects.toThrow(/welcome\.mjml: no template 'welcome' is declared/);
  });
});

describe('build-emails: list variables', () => {
  it('accepts a list as the only content of an <ol> too, whitespace around it included, and keeps it out of the static parts', async () => {
    const s = scratch();
    s.edit('intro.mjml', '<ul style="margin: 0; padding: 0 0 0 22px;">{{reasons}}</ul>', '<ol>\n  {{reasons}}\n</ol>');

    await buildScratch(s);

    const source = readFileSync(s.outFile, 'utf8');
    expect(source).toMatch(/<ol>\\n {2}","/);
    // The text part's placeholder line break belongs to the slot: the next static part starts on the next line.
    expect(source).toContain('WHY WE MATCHED YOU\\n\\n","\\n\\nYOUR FIRST STEP');
  }, 30_000);
});

describe('render bundle', () => {
  it('contains no mjml: the generated module is all it needs', async () => {
    const result = await build({
      entryPoints: [join(import.meta.dirname, '..', '..', '..', 'functions', 'emails', 'render.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      minify: true,
      write: false,
      metafile: true,
    });

    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((f) => f.includes('templates.generated'))).toBe(true);
    expect(inputs.filter((f) => f.includes('node_modules'))).toEqual([]);
    expect(result.outputFiles[0]!.text).not.toMatch(/mjml-core|mjml-validator|mj-include/);
  });
});

describe('build-emails: list lengths', () => {
  it('fails on impossible bounds in LIST_LENGTHS, naming them', async () => {
    const lengths = LIST_LENGTHS as Record<string, Record<string, { min: number; max: number }> | undefined>;
    const before = lengths.starters;
    lengths.starters = { prompts: { min: 3, max: 2 } };
    try {
      await expect(buildScratch(scratch())).rejects.toThrow(/LIST_LENGTHS\['starters'\]\.prompts must have whole numbers 0 ≤ min ≤ max ≤ 20/);
      lengths.starters = { prompts: { min: 0, max: 21 } };
      await expect(buildScratch(scratch())).rejects.toThrow(/LIST_LENGTHS\['starters'\]\.prompts/);
    } finally {
      lengths.starters = before;
    }
  });
});
