import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { TEMPLATE_NAMES, TEMPLATES } from '../../../functions/email-rendering/catalogue';
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
    for (const name of TEMPLATE_NAMES) expect(source).toContain(`${JSON.stringify(name)}: {`);
    expect(source).not.toContain('mj-include');
    s.edit('confirm.txt', 'Hi {{firstName}},', 'Hello {{firstName}},');
    expect((await buildEmails({ emailsDir: s.dir, outFile: s.outFile })).compiled).toBe(true);
  }, 30_000);

  it.each([
    ['invalid MJML', 'confirm.mjml', '<mj-divider />', '<mj-divider bogus-attribute="1" />', /confirm\.mjml: invalid MJML[\s\S]*bogus-attribute/],
    [
      'a missing partial',
      'confirm.mjml',
      './partials/footer.mjml',
      './partials/nope.mjml',
      /confirm\.mjml: an <mj-include> was refused: the file does not exist/,
    ],
    [
      'an undeclared placeholder in the text part',
      'confirm.txt',
      'Hi {{firstName}},',
      'Hi {{firstName}} {{lastName}},',
      /confirm\.txt: uses \{\{lastName\}\}, which the schema of 'confirm' does not declare/,
    ],
    [
      'an undeclared placeholder in the HTML',
      'already-registered.mjml',
      '{{statusLine}}',
      '{{statusLine}} {{secret}}',
      /already-registered\.mjml: uses \{\{secret\}\}/,
    ],
    ['a declared variable the HTML never uses', 'confirm.mjml', 'as a {{role}} for', 'for', /confirm\.mjml: never uses \{\{role\}\}/],
    [
      'a declared variable the text part never uses',
      'already-registered.txt',
      /\{\{actionUrl\}\}/g,
      'see the email',
      /already-registered\.txt: never uses \{\{actionUrl\}\}/,
    ],
    [
      'the preheader in the text part',
      'confirm.txt',
      'Hi {{firstName}},',
      '{{preheader}}\nHi {{firstName}},',
      /confirm\.txt: uses \{\{preheader\}\}, which only the HTML part may use/,
    ],
    [
      'an undeclared placeholder in the subject',
      'confirm.mjml',
      '<mj-title>Confirm',
      '<mj-title>{{lastName}}, confirm',
      /confirm\.mjml <mj-title>: uses \{\{lastName\}\}/,
    ],
    ['an unescaped placeholder', 'confirm.mjml', 'Hi {{firstName}},', 'Hi {{{firstName}}},', /confirm\.mjml: \{\{\{firstName\}\}\} is not escaped/],
    [
      'an unescaped & placeholder in the text part',
      'confirm.txt',
      'Hi {{firstName}},',
      'Hi {{& firstName}},',
      /confirm\.txt: \{\{& firstName\}\} is not escaped/,
    ],
    [
      'a Mustache partial',
      'confirm.txt',
      'Hi {{firstName}},',
      'Hi {{firstName}}, {{> footer}}',
      /confirm\.txt: \{\{> footer\}\}: partials and delimiter changes are not used/,
    ],
    [
      'a delimiter change',
      'confirm.txt',
      'Hi {{firstName}},',
      '{{=<% %>=}}Hi <%firstName%>,',
      /confirm\.txt: \{\{=<% %>=\}\}: partials and delimiter changes are not used/,
    ],
    ['a section that is never closed', 'intro.txt', '{{/reasons}}\n', '', /intro\.txt: malformed template: Unclosed section "reasons"/],
    [
      'a closing tag with nothing open',
      'confirm.txt',
      'Hi {{firstName}},',
      'Hi {{firstName}},{{/firstName}}',
      /confirm\.txt: malformed template: Unopened section "firstName"/,
    ],
    [
      'a text variable as a link',
      'confirm.mjml',
      '<mj-button href="{{confirmUrl}}">',
      '<mj-button href="{{firstName}}">',
      /\{\{firstName\}\} is in href="…" but is not declared as a 'url' variable/,
    ],
    [
      'a URL variable inside a longer href',
      'confirm.mjml',
      '<mj-button href="{{confirmUrl}}">',
      '<mj-button href="https://x.test/?next={{confirmUrl}}">',
      /\{\{confirmUrl\}\} must be the whole href="…" value/,
    ],
    [
      'a placeholder in a style attribute',
      'confirm.mjml',
      'Hi {{firstName}},',
      '<span style="color: {{firstName}}">Hi</span>',
      /\{\{firstName\}\} is in a style="…" attribute/,
    ],
    [
      'a placeholder in a <style> element',
      'partials/head.mjml',
      'a { color: #2f5d50; }',
      'a { color: #2f5d50; } /* {{programName}} */',
      /\{\{programName\}\} is inside a <style> element/,
    ],
    [
      'a list as a plain placeholder in an attribute',
      'intro.mjml',
      '<mj-text>Hi {{recipientFirstName}},</mj-text>',
      '<mj-text><span title="{{reasons}}">Hi</span> {{recipientFirstName}},</mj-text>',
      /intro\.mjml: \{\{reasons\}\} is a 'list' variable: repeat it in a section \{\{#reasons\}\}…\{\{\/reasons\}\}/,
    ],
    [
      'a list as a plain placeholder in running text',
      'intro.mjml',
      'Hi {{recipientFirstName}},',
      'Hi {{recipientFirstName}}, {{reasons}}',
      /intro\.mjml: \{\{reasons\}\} is a 'list' variable/,
    ],
    [
      'a list as a plain placeholder in the text part',
      'intro.txt',
      'Hi {{recipientFirstName}},',
      'Hi {{recipientFirstName}}, {{reasons}}',
      /intro\.txt: \{\{reasons\}\} is a 'list' variable/,
    ],
    [
      'a list item outside its section',
      'intro.mjml',
      'Hi {{recipientFirstName}},',
      'Hi {{recipientFirstName}} {{.}},',
      /intro\.mjml: \{\{\.\}\} stands outside a list section/,
    ],
    [
      'a variable in a list section',
      'intro.mjml',
      '<li>{{.}}</li>',
      '<li>{{.}} {{partnerName}}</li>',
      /intro\.mjml: \{\{partnerName\}\} stands in \{\{#reasons\}\}…\{\{\/reasons\}\}, where only the item \{\{\.\}\} may stand/,
    ],
    [
      'a list section that does not hold whole elements',
      'intro.mjml',
      '<li>{{.}}</li>{{/reasons}}',
      '<li>{{.}}{{/reasons}}</li>',
      /intro\.mjml: the content of \{\{#reasons\}\} must be whole elements \(it is repeated or left out\): <li> is not closed in it/,
    ],
    [
      'a list in the subject',
      'intro.mjml',
      '<mj-title>Meet your',
      '<mj-title>{{reasons}}: meet your',
      /intro\.mjml <mj-title>: \{\{reasons\}\} is a 'list' variable/,
    ],
    [
      'a section in the subject',
      'intro.mjml',
      '<mj-title>Meet your',
      '<mj-title>{{#reasons}}x{{/reasons}} meet your',
      /intro\.mjml <mj-title>: the subject cannot hold sections/,
    ],
    [
      'an admin template with the participant footer',
      'escalation.mjml',
      './partials/admin-footer.mjml',
      './partials/footer.mjml',
      /escalation\.mjml: uses \{\{unsubscribeUrl\}\}, but 'escalation' is an admin template, which has no participant unsubscribe link: include partials\/admin-footer\.mjml/,
    ],
    [
      'an unsubscribe link in an admin text part',
      'escalation.txt',
      '{{identityLine}}',
      'Unsubscribe: {{unsubscribeUrl}}\n{{identityLine}}',
      /escalation\.txt: uses \{\{unsubscribeUrl\}\}, but 'escalation' is an admin template/,
    ],
    [
      'a participant template with the admin footer',
      'nudge.mjml',
      './partials/footer.mjml',
      './partials/admin-footer.mjml',
      /nudge\.mjml: never uses \{\{unsubscribeUrl\}\}, which the schema declares for 'nudge'/,
    ],
    [
      'a participant text part without the unsubscribe link',
      'checkin.txt',
      'Unsubscribe from all {{programName}} emails: {{unsubscribeUrl}}\n',
      '',
      /checkin\.txt: never uses \{\{unsubscribeUrl\}\}/,
    ],
    [
      'a rating link with a text variable',
      'checkin.mjml',
      '<a href="{{rate3Url}}"',
      '<a href="{{firstName}}"',
      /\{\{firstName\}\} is in href="…" but is not declared as a 'url' variable/,
    ],
    [
      'a subject set by a partial',
      'partials/head.mjml',
      '<mj-breakpoint width="480px" />',
      '<mj-breakpoint width="480px" /><mj-title>Hello</mj-title>',
      /the HTML <title> is not the template's own <mj-title>/,
    ],
  ] as const)(
    'fails on %s, naming the file and the problem',
    async (_what, file, from, to, message) => {
      const s = scratch();
      s.edit(file, from, to);

      const result = buildScratch(s);

      await expect(result).rejects.toThrow(BuildError);
      await expect(result).rejects.toThrow(message);
    },
    30_000,
  );

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

describe('build-emails: the generated module', () => {
  it("holds each part as Mustache tokens: sections with their content, the text part's standalone tag lines gone", async () => {
    const s = scratch();

    await buildScratch(s);

    const { compiledTemplates } = (await import(`${s.outFile}?t=${Date.now()}`)) as typeof import('../../../functions/email-rendering/templates.generated');
    type Tokens = (typeof compiledTemplates)['digest']['html'];
    const sections = (tokens: Tokens) => tokens.filter((t) => t[0] === '#' || t[0] === '^').map((t) => `${t[0]}${t[1]}`);
    const { html, text, subject } = compiledTemplates.digest;
    expect(subject).toEqual([
      ['name', 'programName'],
      ['text', ' weekly: '],
      ['name', 'weekLabel'],
      ['text', ', '],
      ['name', 'headline'],
    ]);
    const expected = [
      '#tiles',
      '#chart',
      '#goals',
      '^goals',
      '#participants',
      '#matching',
      '#activity',
      '#retention',
      '#satisfaction',
      '#deliverability',
      '#atRisk',
      '^atRisk',
      '#incentives',
      '^incentives',
    ];
    expect(sections(html)).toEqual(expected);
    expect(sections(text)).toEqual(expected);
    const atRisk = text.find((t) => t[0] === '#' && t[1] === 'atRisk')![4] as Tokens;
    expect(atRisk.map((t) => (t[0] === 'text' ? t[1] : `{{${t[1]}}}`)).join('')).toBe(
      '- {{mentorName}} (mentor) & {{menteeName}} (mentee), {{daysQuiet}} days quiet\n  Open the pair: {{pairUrl}}\n',
    );
    const reasons = compiledTemplates.intro.html.find((t) => t[1] === 'reasons')![4] as Tokens;
    expect(reasons).toEqual([
      ['text', '<li>'],
      ['name', '.'],
      ['text', '</li>'],
    ]);
    const types = (tokens: Tokens): string[] => tokens.flatMap((t) => [t[0], ...(Array.isArray(t[4]) ? types(t[4]) : [])]);
    const used = Object.values(compiledTemplates).flatMap((t) => [...types(t.subject), ...types(t.html), ...types(t.text)]);
    expect([...new Set(used)].sort()).toEqual(['#', '^', 'name', 'text']);
  }, 30_000);
});

describe('render bundle', () => {
  it('contains no mjml: the generated module and Mustache are all it needs', async () => {
    const result = await build({
      entryPoints: [join(import.meta.dirname, '..', '..', '..', 'functions', 'email-rendering', 'render.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      minify: true,
      write: false,
      metafile: true,
    });

    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((f) => f.includes('templates.generated'))).toBe(true);
    expect(inputs.filter((f) => f.includes('node_modules/')).map((f) => f.replace(/^.*node_modules\//, ''))).toEqual(['mustache/mustache.mjs']);
    expect(result.outputFiles[0]!.text).not.toMatch(/mjml-core|mjml-validator|mj-include/);
  });
});

describe('build-emails: the schema', () => {
  it('fails on impossible bounds of a list or rows variable, naming them', async () => {
    const starters = TEMPLATES.starters.vars as unknown as Record<string, { min: number; max: number }>;
    const digest = TEMPLATES.digest.vars as unknown as Record<string, { min: number; max: number }>;
    const before = { ...starters.prompts! };
    const atRiskMax = digest.atRisk!.max;
    try {
      Object.assign(starters.prompts!, { min: 3, max: 2 });
      await expect(buildScratch(scratch())).rejects.toThrow(/TEMPLATES\['starters'\]\.prompts must have whole numbers 0 ≤ min ≤ max ≤ 20/);
      Object.assign(starters.prompts!, { min: 0, max: 21 });
      await expect(buildScratch(scratch())).rejects.toThrow(/TEMPLATES\['starters'\]\.prompts/);
      Object.assign(starters.prompts!, before);
      digest.atRisk!.max = 51;
      await expect(buildScratch(scratch())).rejects.toThrow(/TEMPLATES\['digest'\]\.atRisk must have whole numbers 0 ≤ min ≤ max ≤ 50/);
    } finally {
      Object.assign(starters.prompts!, before);
      digest.atRisk!.max = atRiskMax;
    }
  });
});

describe('build-emails: rows variables', () => {
  it.each([
    [
      'an undeclared row field',
      'digest.mjml',
      '{{projected}}',
      '{{projected}} {{owner}}',
      /digest\.mjml: \{\{owner\}\} stands in \{\{#goals\}\}…\{\{\/goals\}\}, where only its records' fields \(description, current, target, deadline, projected, /,
    ],
    [
      'an undeclared row field in the text part',
      'digest.txt',
      '{{name}}',
      '{{name}} {{email}}',
      /digest\.txt: \{\{email\}\} stands in \{\{#incentives\}\}…\{\{\/incentives\}\}, where only its records' fields \(name, role\) may stand/,
    ],
    [
      'a rows variable without a section in the text part',
      'digest.txt',
      /\{\{#incentives\}\}\n.*\n\{\{\/incentives\}\}\n/,
      '',
      /digest\.txt: never uses a \{\{#incentives\}\}…\{\{\/incentives\}\} section, which the schema declares for 'digest'/,
    ],
    [
      'a row field outside its section',
      'digest.mjml',
      '{{atRiskSummary}}</mj-text>',
      '{{atRiskSummary}} {{mentorName}}</mj-text>',
      /digest\.mjml: uses \{\{mentorName\}\}, which the schema of 'digest' does not declare/,
    ],
    [
      'a variable in a row section',
      'digest.txt',
      '{{name}}',
      '{{name}} {{programName}}',
      /digest\.txt: \{\{programName\}\} stands in \{\{#incentives\}\}…\{\{\/incentives\}\}, where only its records' fields/,
    ],
    [
      'nested sections',
      'digest.txt',
      '- {{name}}',
      '{{#goals}}{{/goals}}- {{name}}',
      /\{\{#goals\}\} stands in \{\{#incentives\}\}…\{\{\/incentives\}\}: sections do not nest/,
    ],
    [
      'a row section closed by the wrong tag',
      'digest.mjml',
      '</tr>{{/chart}}',
      '</tr>{{/goals}}',
      /digest\.mjml: malformed template: Unclosed section "chart"/,
    ],
    [
      'a row section inside an attribute',
      'digest.mjml',
      '<caption style=',
      '<caption title="{{#chart}}{{/chart}}" style=',
      /digest\.mjml: \{\{#chart\}\} must open and close in HTML text/,
    ],
    [
      'a row section that does not hold whole elements',
      'digest.mjml',
      '</tr>{{/chart}}',
      '{{/chart}}</tr>',
      /digest\.mjml: the content of \{\{#chart\}\} must be whole elements \(it is repeated or left out\): <tr> is not closed in it/,
    ],
    [
      'an empty state that does not hold whole elements',
      'digest.mjml',
      '</tr>{{/atRisk}}\n',
      '{{/atRisk}}</tr>\n',
      /the content of \{\{\^atRisk\}\} must be whole elements/,
    ],
    [
      'a placeholder in an empty state',
      'digest.txt',
      'No pairs are at risk this week.',
      'No pairs are at risk in {{programName}}.',
      /\{\{\^atRisk\}\} holds static content only, but \{\{programName\}\} stands in it/,
    ],
    [
      'a text row field in a style attribute',
      'digest.mjml',
      'style="width: {{barPx}}px;',
      'style="width: {{value}}px;',
      /\{\{value\}\} is in a style="…" attribute/,
    ],
    [
      'a colour in text',
      'digest.mjml',
      '{{statusLabel}}</span>',
      '{{statusLabel}} {{badgeText}}</span>',
      /digest\.mjml: \{\{badgeText\}\} is a 'colour': it may only stand in a style="…" attribute/,
    ],
    [
      'a colour in a text attribute',
      'digest.mjml',
      '<span aria-hidden="true">',
      '<span aria-hidden="true" title="{{toneColour}}">',
      /\{\{toneColour\}\} is in a title="…" attribute/,
    ],
    [
      'a number row field in a link',
      'digest.mjml',
      '<a href="{{pairUrl}}"',
      '<a href="https://x.test/{{daysQuiet}}" data-u="{{pairUrl}}"',
      /\{\{daysQuiet\}\} is in href="…" but is not declared as a 'url' variable/,
    ],
    [
      'a text row field as a link',
      'digest.mjml',
      '<a href="{{pairUrl}}"',
      '<a href="{{mentorName}}" data-x="{{pairUrl}}"',
      /\{\{mentorName\}\} is in href="…" but is not declared as a 'url' variable/,
    ],
    [
      'a URL row field inside a longer href',
      'digest.mjml',
      '<a href="{{pairUrl}}"',
      '<a href="https://x.test/?next={{pairUrl}}"',
      /\{\{pairUrl\}\} must be the whole href="…" value/,
    ],
    ['a row field in an HTML comment', 'digest.mjml', '{{name}}</td>', '{{name}}<!-- {{role}} --></td>', /\{\{role\}\} is inside an HTML comment/],
    [
      'a rows variable as a plain placeholder',
      'digest.txt',
      '{{atRiskSummary}}',
      '{{atRiskSummary}} {{atRisk}}',
      /\{\{atRisk\}\} is a 'rows' variable: repeat it in a section \{\{#atRisk\}\}…/,
    ],
    [
      'a section on a variable that is neither list nor rows',
      'digest.mjml',
      '{{headline}}</mj-text>',
      '{{#headline}}x{{/headline}} {{headline}}</mj-text>',
      /\{\{#headline\}\} opens a section, but 'headline' is not a 'list' or 'rows' variable/,
    ],
    [
      'a section in the subject',
      'digest.mjml',
      ', {{headline}}</mj-title>',
      ', {{headline}}{{^goals}}none{{/goals}}</mj-title>',
      /digest\.mjml <mj-title>: the subject cannot hold sections/,
    ],
  ] as const)(
    'fails on %s, naming the file and the problem',
    async (_what, file, from, to, message) => {
      const s = scratch();
      s.edit(file, from, to);

      const result = buildScratch(s);

      await expect(result).rejects.toThrow(BuildError);
      await expect(result).rejects.toThrow(message);
    },
    30_000,
  );

  it('fails on a row field that neither part uses', async () => {
    const s = scratch();
    s.edit('digest.mjml', ' · projected <strong style="color: #1f2a27;">{{projected}}</strong>', '');
    s.edit('digest.txt', ' · projected {{projected}}', '');

    await expect(buildScratch(s)).rejects.toThrow(/digest\.mjml, \S*digest\.txt: never uses \{\{projected\}\} in a \{\{#goals\}\}…\{\{\/goals\}\} section/);
  }, 30_000);

  it('accepts a number in a width, height or style attribute, and a colour in style', async () => {
    const s = scratch();
    s.edit('digest.mjml', '<td width="{{barPx}}" height="18"', '<td width="{{barPx}}" height="{{barPx}}"');

    await expect(buildScratch(s)).resolves.toMatchObject({ compiled: true });
  }, 30_000);
});
