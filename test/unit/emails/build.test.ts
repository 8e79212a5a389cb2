import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { LIST_LENGTHS, ROWS_LENGTHS, TEMPLATE_NAMES } from '../../../functions/emails/catalogue';
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

describe('build-emails: rows variables', () => {
  it('compiles each row block once into a sub-template, and an empty-state section into static content', async () => {
    const s = scratch();

    await buildScratch(s);

    const { compiledTemplates } = (await import(`${s.outFile}?t=${Date.now()}`)) as typeof import('../../../functions/emails/templates.generated');
    const { html, text, subject } = compiledTemplates.digest;
    expect(subject).not.toHaveProperty('blocks');
    const rows = (part: typeof html) => part.blocks!.map((b) => `${b.row ? '#' : '^'}${b.rows}`);
    expect(rows(html)).toEqual(['#tiles', '#chart', '#goals', '^goals', '#participants', '#matching', '#activity', '#retention', '#satisfaction', '#deliverability', '#atRisk', '^atRisk', '#incentives', '^incentives']);
    expect(rows(text)).toEqual(rows(html));
    const atRisk = text.blocks!.find((b) => b.rows === 'atRisk' && b.row)!.row!;
    expect(atRisk.slots).toEqual(['mentorName', 'menteeName', 'daysQuiet', 'rematchUrl']);
    // The markers' lines are gone: the block is just its row lines.
    expect(atRisk.parts.join('|')).toBe('- | (mentor) & | (mentee), | days quiet\n  End and re-match: |\n');
    expect(text.blocks!.find((b) => b.rows === 'atRisk' && !b.row)!.empty).toBe('No pairs are at risk this week.\n');
    const chart = text.blocks!.find((b) => b.rows === 'chart')!.row!;
    expect(chart.slots).toEqual(['week|pad:4', 'barPx|bar:11', 'value']);
    const goals = html.blocks!.find((b) => b.rows === 'goals' && b.row)!.row!;
    expect(goals.slots.filter((slot) => slot.startsWith('status='))).toEqual(['status=met', 'status=on-track', 'status=at-risk', 'status=missed']);
    expect(goals.cases[goals.slots.indexOf('status=missed')]).toMatch(/^<span style="[^"]*">✕ Missed<\/span>$/);
    // Every slot of the top level is a variable or a block.
    expect(html.slots.filter((slot) => slot.startsWith('#'))).toHaveLength(html.blocks!.length);
  }, 30_000);

  it.each([
    ['an undeclared row field', 'digest.mjml', '{{goals.projected}}', '{{goals.projected}} {{goals.owner}}', /digest\.mjml: \{\{goals\.owner\}\}: 'goals' records have no field 'owner' \(ROW_FIELDS\['digest'\]\.goals/],
    ['an undeclared row field in the text part', 'digest.txt', '{{incentives.name}}', '{{incentives.name}} {{incentives.email}}', /digest\.txt: \{\{incentives\.email\}\}: 'incentives' records have no field 'email'/],
    ['a row field the HTML never uses', 'digest.mjml', ' · projected <strong style="color: #1f2a27;">{{goals.projected}}</strong>', '', /digest\.mjml: never uses \{\{goals\.projected\}\} in its \{\{#goals\}\}…\{\{\/goals\}\} block\(s\)/],
    ['a row field the text part never uses', 'digest.txt', ' · projected {{goals.projected}}', '', /digest\.txt: never uses \{\{goals\.projected\}\} in its \{\{#goals\}\}…\{\{\/goals\}\} block\(s\)/],
    ['a rows variable without a row block in the text part', 'digest.txt', /\{\{#incentives\}\}\n.*\n\{\{\/incentives\}\}\n/, '', /digest\.txt: never uses a \{\{#incentives\}\}…\{\{\/incentives\}\} block, which the code declares for 'digest'/],
    ['a row field outside its block', 'digest.mjml', '{{atRiskSummary}}</mj-text>', '{{atRiskSummary}} {{atRisk.mentorName}}</mj-text>', /digest\.mjml: \{\{atRisk\.mentorName\}\} stands outside a \{\{#atRisk\}\}…\{\{\/atRisk\}\} block/],
    ["another variable's field in a row block", 'digest.mjml', '{{incentives.name}}', '{{incentives.name}} {{goals.description}}', /\{\{goals\.description\}\} stands in \{\{#incentives\}\}…\{\{\/incentives\}\}, where only 'incentives' fields may stand/],
    ['a variable in a row block', 'digest.txt', '{{incentives.name}}', '{{incentives.name}} {{programName}}', /digest\.txt: \{\{programName\}\} stands in \{\{#incentives\}\}…\{\{\/incentives\}\}, where only the record's own fields/],
    ['nested sections', 'digest.txt', '- {{incentives.name}}', '{{#goals}}{{/goals}}- {{incentives.name}}', /\{\{#goals\}\} stands in \{\{#incentives\}\}…\{\{\/incentives\}\}: sections do not nest/],
    ['a row block that is never closed', 'digest.txt', '{{/incentives}}\n{{^incentives}}', '{{^incentives}}', /digest\.txt: \{\{#incentives\}\} is never closed \(with \{\{\/incentives\}\}\)/],
    ['a row block closed by the wrong marker', 'digest.mjml', '</tr>{{/chart}}', '</tr>{{/goals}}', /digest\.mjml: \{\{\/goals\}\} does not close \{\{#chart\}\}/],
    ['a closing marker with nothing open', 'digest.txt', 'ALL THE DATA', '{{/goals}} ALL THE DATA', /digest\.txt: \{\{\/goals\}\} closes no open section/],
    ['a malformed section marker', 'digest.txt', '{{#chart}}', '{{#chart=x}}', /digest\.txt: \{\{#chart=x\}\} is malformed/],
    ['a row block inside an attribute', 'digest.mjml', '<caption style=', '<caption title="{{#chart}}{{/chart}}" style=', /digest\.mjml: \{\{#chart\}\} must open and close in HTML text/],
    ['a row block that does not hold whole elements', 'digest.mjml', '</tr>{{/chart}}', '{{/chart}}</tr>', /digest\.mjml: the content of \{\{#chart\}\} must be whole elements \(it is repeated or left out\): <tr> is not closed in it/],
    ['an empty-state section that does not hold whole elements', 'digest.mjml', '</tr>{{/atRisk}}\n', '{{/atRisk}}</tr>\n', /the content of \{\{\^atRisk\}\} must be whole elements/],
    ['a text row field in a style attribute', 'digest.mjml', 'style="width: {{chart.barPx}}px;', 'style="width: {{chart.value}}px;', /\{\{chart\.value\}\} is in a style="…" attribute/],
    ['a number row field in a link', 'digest.mjml', '<a href="{{atRisk.rematchUrl}}"', '<a href="https://x.test/{{atRisk.daysQuiet}}" data-u="{{atRisk.rematchUrl}}"', /\{\{atRisk\.daysQuiet\}\} is in href="…" but is not declared as a 'url' variable/],
    ['a text row field as a link', 'digest.mjml', '<a href="{{atRisk.rematchUrl}}"', '<a href="{{atRisk.mentorName}}" data-x="{{atRisk.rematchUrl}}"', /\{\{atRisk\.mentorName\}\} is in href="…" but is not declared as a 'url' variable/],
    ['a URL row field inside a longer href', 'digest.mjml', '<a href="{{atRisk.rematchUrl}}"', '<a href="https://x.test/?next={{atRisk.rematchUrl}}"', /\{\{atRisk\.rematchUrl\}\} must be the whole href="…" value/],
    ['a row field in an HTML comment', 'digest.mjml', '{{incentives.name}}</td>', '{{incentives.name}}<!-- {{incentives.role}} --></td>', /\{\{incentives\.role\}\} is inside an HTML comment/],
    ['an unknown choice option', 'digest.mjml', '{{#goals.status=missed}}', '{{#goals.status=late}}', /'late' is not one of the options of 'goals\.status' \(met, on-track, at-risk, missed\)/],
    ['choice sections that leave out an option', 'digest.txt', '{{#goals.status=missed}}[Missed]  {{/goals.status}}', '', /digest\.txt: \{\{#goals\}\}…\{\{\/goals\}\} has \{\{#goals\.status=…\}\} sections, but none for 'missed'/],
    ['a choice section on a field that is not a choice', 'digest.txt', '{{#goals.status=met}}[Met]     {{/goals.status}}', '{{#goals.target=met}}[Met]     {{/goals.target}}', /'goals\.target' is not a choice field/],
    ['a choice section outside its block', 'digest.txt', 'ALL THE DATA', '{{#goals.status=met}}x{{/goals.status}} ALL THE DATA', /\{\{#goals\.status=met\}\} stands outside a \{\{#goals\}\}…\{\{\/goals\}\} block/],
    ['a placeholder in a choice section', 'digest.txt', '[Met]     {{/goals.status}}', '[Met {{goals.target}}]{{/goals.status}}', /\{\{#goals\.status=met\}\} holds static content only, but \{\{goals\.target\}\} stands in it/],
    ['a choice section across elements', 'digest.mjml', '✕ Missed</span>{{/goals.status}}', '✕ Missed{{/goals.status}}</span>', /the content of \{\{#goals\.status=missed\}\} must be whole elements/],
    ['a choice section from an attribute into text', 'digest.mjml', '#4b5b55{{/tiles.tone}};">', '#4b5b55;">{{/tiles.tone}}', /\{\{#tiles\.tone=neutral\}\} must open and close in HTML text, or within one attribute value other than a URL/],
    ['a format in the HTML', 'digest.mjml', '{{chart.value}}</td>', '{{chart.value|pad:4}}</td>', /digest\.mjml: \{\{chart\.value\|pad:4\}\}: formats \(\|pad, \|padStart, \|bar\) are for the text part only/],
    ['a bar of a text field', 'digest.txt', '{{chart.barPx|bar:11}}', '{{chart.barPx|bar:11}}{{chart.value|bar:2}}', /\{\{chart\.value\|bar:2\}\}: \|bar draws a 'number' field/],
    ['an unknown format', 'digest.txt', '{{chart.week|pad:4}}', '{{chart.week|center:4}}', /unknown format 'center'/],
    ['a format of a plain variable', 'digest.txt', '{{weekLabel}}', '{{weekLabel|pad:30}}', /only row fields \(\{\{rows\.field\|pad:N\}\}\) take a format/],
    ['a rows variable as a plain placeholder', 'digest.txt', '{{atRiskSummary}}', '{{atRiskSummary}} {{atRisk}}', /\{\{atRisk\}\} is a 'rows' variable: repeat a block \{\{#atRisk\}\}…/],
    ['a section on a variable that is not rows', 'digest.mjml', '{{headline}}</mj-text>', '{{#headline}}x{{/headline}} {{headline}}</mj-text>', /\{\{#headline\}\} opens a section, but 'headline' is not a 'rows' variable/],
    ['a placeholder in an empty-state section', 'digest.txt', 'No pairs are at risk this week.', 'No pairs are at risk in {{programName}}.', /\{\{\^atRisk\}\} holds static content only, but \{\{programName\}\} stands in it/],
    ['a section in the subject', 'digest.mjml', ', {{headline}}</mj-title>', ', {{headline}}{{^goals}}none{{/goals}}</mj-title>', /digest\.mjml <mj-title>: the subject cannot hold sections/],
    ['a row field in the subject', 'digest.mjml', ', {{headline}}</mj-title>', ', {{headline}} {{goals.target}}</mj-title>', /digest\.mjml <mj-title>: \{\{goals\.target\}\} stands outside a \{\{#goals\}\}…\{\{\/goals\}\} block/],
  ] as const)('fails on %s, naming the file and the problem', async (_what, file, from, to, message) => {
    const s = scratch();
    s.edit(file, from, to);

    const result = buildScratch(s);

    await expect(result).rejects.toThrow(BuildError);
    await expect(result).rejects.toThrow(message);
  }, 30_000);

  it('accepts a number in a width, height or style attribute (the real digest puts choice sections in a style value)', async () => {
    const s = scratch();
    s.edit('digest.mjml', '<td width="{{chart.barPx}}" height="18"', '<td width="{{chart.barPx}}" height="{{chart.barPx}}"');

    await expect(buildScratch(s)).resolves.toMatchObject({ compiled: true });
  }, 30_000);

  it('fails on impossible bounds in ROWS_LENGTHS, naming them', async () => {
    const lengths = ROWS_LENGTHS as Record<string, Record<string, { min: number; max: number }> | undefined>;
    const before = lengths.digest;
    lengths.digest = { ...before, atRisk: { min: 0, max: 51 } };
    try {
      await expect(buildScratch(scratch())).rejects.toThrow(/ROWS_LENGTHS\['digest'\]\.atRisk must have whole numbers 0 ≤ min ≤ max ≤ 50/);
    } finally {
      lengths.digest = before;
    }
  });
});
