/**
 * `npm run build:emails`: compiles every emails/*.mjml (partials excluded) to
 * HTML once, and writes functions/emails/templates.generated.ts: for each
 * template its subject, HTML and plain-text part, each split into static parts
 * and the placeholder between them, ready for render.ts to fill without mjml.
 *
 * - The subject is the template's own <mj-title> (so the HTML <title> is the subject).
 * - The plain-text part is the sidecar emails/<name>.txt.
 * - Placeholders are {{camelCaseName}}; every template must use exactly the variables
 *   functions/emails/catalogue.ts declares for it, in the HTML and in the text part.
 * - A placeholder may only stand in HTML text, in alt/title/aria-label, or as the
 *   whole href of a `url` variable: anywhere else escaping would not make it safe.
 * - A `list` placeholder must be the only content of a `<ul>` or `<ol>` in the HTML
 *   (`<ul style="…">{{reasons}}</ul>`; the renderer writes one `<li>` per item), stand
 *   alone on its own line in the text part (one `- item` line per item; the
 *   placeholder's line break is part of the slot, so an empty list leaves no blank
 *   line), and may not appear in the subject.
 * - An admin template (TEMPLATE_AUDIENCE) takes no {{unsubscribeUrl}}: it must carry
 *   partials/admin-footer.mjml, and using the participant footer fails like any other
 *   undeclared placeholder; a participant template must use {{unsubscribeUrl}}.
 *
 * Fails with exit code 1, naming the file and the problem. Skips the (slow) mjml
 * compile when no input changed since the last build; `--force` rebuilds anyway.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  HTML_ONLY_VARS,
  LIST_LENGTHS,
  LIST_MAX_ITEMS,
  TEMPLATE_AUDIENCE,
  TEMPLATE_NAMES,
  templateVarKinds,
  type TemplateName,
  type VarKind,
} from '../functions/emails/catalogue';

const root = join(import.meta.dirname, '..');
const rel = (p: string) => {
  const r = relative(root, p);
  return r && !r.startsWith('..') ? r : p;
};

/** The options every compile uses (the bench renders MJML with the same ones). */
export const MJML_OPTIONS = {
  validationLevel: 'strict',
  // mjml 5 ignores <mj-include> unless told otherwise.
  ignoreIncludes: false,
  // No web fonts: the system font stack needs no download, and "Roboto" would pull in Google Fonts.
  fonts: {},
  keepComments: false,
  // Measured on confirm.mjml: minify saves ~25% of the bytes (15.2 → 11.3 KB) but costs
  // ~350 ms of htmlnano start-up on every build; both sizes are far below Gmail's 102 KB clip.
  minify: false,
} as const;

export interface CompiledPart {
  parts: string[];
  slots: string[];
}

export interface CompiledTemplate {
  subject: CompiledPart;
  html: CompiledPart;
  text: CompiledPart;
}

export class BuildError extends Error {
  override name = 'BuildError' as const;
}

const PLACEHOLDER = /\{\{([A-Za-z][A-Za-z0-9]*)\}\}/g;

/** Splits a template into static parts and the placeholder names between them. */
export function splitPlaceholders(source: string, file: string): CompiledPart & { positions: number[] } {
  const parts: string[] = [];
  const slots: string[] = [];
  const positions: number[] = [];
  let last = 0;
  for (const m of source.matchAll(PLACEHOLDER)) {
    parts.push(source.slice(last, m.index));
    slots.push(m[1]!);
    positions.push(m.index);
    last = m.index + m[0].length;
  }
  parts.push(source.slice(last));
  for (const part of parts) {
    const stray = /\{\{|\}\}/.exec(part);
    if (stray) {
      const near = part.slice(Math.max(0, stray.index - 20), stray.index + 30).replace(/\s+/g, ' ');
      throw new BuildError(`${file}: malformed placeholder near "${near}" (use {{camelCaseName}})`);
    }
  }
  return { parts, slots, positions };
}

type Context =
  | { kind: 'text' }
  | { kind: 'attribute'; name: string; whole: boolean }
  | { kind: 'forbidden'; where: string };

interface Range {
  start: number;
  end: number;
  context: Context;
}

const TEXT_ATTRIBUTES = new Set(['alt', 'title', 'aria-label']);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'background', 'cite', 'poster']);

/**
 * Where in the HTML each region is: tags, attribute values, comments, raw text
 * (style/script). Everything not covered is text. Enough for MJML's output, which
 * is well-formed; it is not a general HTML parser.
 */
function htmlRegions(html: string, file: string): Range[] {
  const ranges: Range[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt === -1) break;
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      const stop = end === -1 ? html.length : end + 3;
      ranges.push({ start: lt, end: stop, context: { kind: 'forbidden', where: 'an HTML comment' } });
      i = stop;
      continue;
    }
    const tag = /^<(\/?)([A-Za-z][A-Za-z0-9:-]*)|^<!/.exec(html.slice(lt, lt + 64));
    if (!tag) {
      i = lt + 1;
      continue;
    }
    let j = lt + tag[0].length;
    while (j < html.length && html[j] !== '>') {
      const c = html[j]!;
      if (c === '"' || c === "'") {
        // An attribute value: find its name just before the `=`.
        const close = html.indexOf(c, j + 1);
        if (close === -1) throw new BuildError(`${file}: unterminated attribute value in the compiled HTML near "${html.slice(lt, lt + 60)}"`);
        const before = html.slice(lt, j);
        const name = /([^\s"'=<>/]+)\s*=\s*$/.exec(before)?.[1]?.toLowerCase() ?? '?';
        ranges.push({ start: j + 1, end: close, context: { kind: 'attribute', name, whole: false } });
        j = close + 1;
        continue;
      }
      j += 1;
    }
    ranges.push({ start: lt, end: j + 1, context: { kind: 'forbidden', where: 'a tag (outside a quoted attribute value)' } });
    i = j + 1;
    const name = tag[2]?.toLowerCase();
    if (!tag[1] && (name === 'style' || name === 'script')) {
      const close = html.toLowerCase().indexOf(`</${name}`, i);
      const stop = close === -1 ? html.length : close;
      ranges.push({ start: i, end: stop, context: { kind: 'forbidden', where: `a <${name}> element` } });
      i = stop;
    }
  }
  return ranges;
}

function contextAt(ranges: Range[], at: number, length: number): Context {
  // Attribute values lie inside their tag's range, so they win.
  let found: Context = { kind: 'text' };
  for (const r of ranges) {
    if (at < r.start || at >= r.end) continue;
    if (r.context.kind === 'attribute') {
      return { ...r.context, whole: r.start === at && r.end === at + length };
    }
    found = r.context;
  }
  return found;
}

const LIST_OPEN = /<(ul|ol)(?:\s[^<>]*)?>\s*$/i;
const LIST_CLOSE = /^\s*<\/(ul|ol)\s*>/i;

function checkHtmlContexts(html: string, split: CompiledPart & { positions: number[] }, kinds: Record<string, VarKind>, file: string): string[] {
  const problems: string[] = [];
  const ranges = htmlRegions(html, file);
  split.slots.forEach((name, n) => {
    const at = split.positions[n]!;
    const context = contextAt(ranges, at, name.length + 4);
    const where = `{{${name}}}`;
    if (kinds[name] === 'list') {
      // Escaped <li> items are only safe, and only valid HTML, as a list's whole content.
      const open = LIST_OPEN.exec(html.slice(Math.max(0, at - 500), at))?.[1]?.toLowerCase();
      const close = LIST_CLOSE.exec(html.slice(at + name.length + 4, at + name.length + 4 + 500))?.[1]?.toLowerCase();
      if (context.kind !== 'text' || open === undefined || open !== close) {
        problems.push(`${file}: ${where} is a 'list' variable: it must be the only content of a <ul> or <ol>, as in <ul>${where}</ul>`);
      }
      return;
    }
    if (context.kind === 'forbidden') {
      problems.push(`${file}: ${where} is inside ${context.where}, where escaping cannot make it safe`);
    } else if (context.kind === 'attribute') {
      if (URL_ATTRIBUTES.has(context.name)) {
        if (kinds[name] !== 'url') problems.push(`${file}: ${where} is in ${context.name}="…" but is not declared as a 'url' variable`);
        else if (!context.whole) problems.push(`${file}: ${where} must be the whole ${context.name}="…" value`);
      } else if (!TEXT_ATTRIBUTES.has(context.name)) {
        problems.push(`${file}: ${where} is in a ${context.name}="…" attribute; only text attributes (${[...TEXT_ATTRIBUTES].join(', ')}) or a whole href may hold one`);
      }
    }
  });
  return problems;
}

function checkVarSets(
  label: string,
  used: Iterable<string>,
  declared: Record<string, VarKind>,
  mustUse: string[],
  mustNotUse: string[],
  name: TemplateName,
): string[] {
  const problems: string[] = [];
  const usedSet = new Set(used);
  for (const v of usedSet) {
    if (v === 'unsubscribeUrl' && TEMPLATE_AUDIENCE[name] === 'admin') {
      problems.push(`${label}: uses {{unsubscribeUrl}}, but '${name}' is an admin template (TEMPLATE_AUDIENCE), which has no participant unsubscribe link: include partials/admin-footer.mjml, not partials/footer.mjml`);
    } else if (!(v in declared)) {
      problems.push(`${label}: uses {{${v}}}, which neither CommonVars nor TemplateVars['${name}'] declares (functions/emails/catalogue.ts)`);
    }
    if (mustNotUse.includes(v)) problems.push(`${label}: uses {{${v}}}, which only the HTML part may use`);
  }
  for (const v of mustUse) {
    if (!usedSet.has(v)) problems.push(`${label}: never uses {{${v}}}, which the code declares for '${name}'`);
  }
  return problems;
}

/**
 * Checks that each `list` placeholder of the text part stands alone on its line, and
 * moves that line's break into the slot: the renderer ends every item line with one.
 */
function listLinesInText(split: CompiledPart, kinds: Record<string, VarKind>, file: string): string[] {
  const problems: string[] = [];
  split.slots.forEach((name, n) => {
    if (kinds[name] !== 'list') return;
    const before = split.parts[n]!;
    const after = split.parts[n + 1]!;
    const atLineStart = before.endsWith('\n') || (n === 0 && before === '');
    if (!atLineStart || !after.startsWith('\n')) {
      problems.push(`${file}: {{${name}}} is a 'list' variable: it must stand alone on its own line (each item becomes a line "- item")`);
    } else {
      split.parts[n + 1] = after.slice(1);
    }
  });
  return problems;
}

function subjectOf(mjml: string, file: string): string {
  const titles = [...mjml.matchAll(/<mj-title>([\s\S]*?)<\/mj-title>/g)];
  if (titles.length !== 1) throw new BuildError(`${file}: needs exactly one <mj-title> (it is the subject), found ${titles.length}`);
  const subject = titles[0]![1]!;
  if (subject !== subject.trim() || /\s{2,}|[\r\n\t]/.test(subject)) {
    throw new BuildError(`${file}: the <mj-title> subject must be one line, without leading, trailing or double spaces`);
  }
  if (/[<>&]/.test(subject)) throw new BuildError(`${file}: the <mj-title> subject may not contain < > or & (it is used as plain text too)`);
  if (subject.length === 0) throw new BuildError(`${file}: the <mj-title> subject is empty`);
  return subject;
}

interface MjmlError {
  formattedMessage?: string;
  message?: string;
}

type Mjml2Html = (input: string, options: object) => Promise<{ html: string; errors: MjmlError[] }>;

async function compileTemplate(mjml2html: Mjml2Html, emailsDir: string, name: TemplateName): Promise<CompiledTemplate> {
  const mjmlFile = join(emailsDir, `${name}.mjml`);
  const textFile = join(emailsDir, `${name}.txt`);
  const mjmlLabel = rel(mjmlFile);
  const textLabel = rel(textFile);
  if (!existsSync(textFile)) throw new BuildError(`${textLabel}: missing (every email needs a plain-text part)`);
  const source = readFileSync(mjmlFile, 'utf8');

  let html: string;
  try {
    const result = await mjml2html(source, { ...MJML_OPTIONS, filePath: mjmlFile });
    if (result.errors.length > 0) throw new BuildError(result.errors.map((e) => e.formattedMessage ?? e.message).join('\n'));
    html = result.html;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new BuildError(`${mjmlLabel}: invalid MJML\n  ${message.trim().replace(/\n\s*/g, '\n  ')}`);
  }
  // mjml turns a missing or refused <mj-include> into a comment rather than an error.
  const include = /<!-- mj-include (fails to read file|denied)[^>]*-->/.exec(html);
  if (include) {
    const why = include[1] === 'denied' ? 'an <mj-include> was refused: the file does not exist or lies outside the emails folder' : include[0].slice(5, -4).trim();
    throw new BuildError(`${mjmlLabel}: ${why}`);
  }

  const subject = subjectOf(source, mjmlLabel);
  if (!html.includes(`<title>${subject}</title>`)) {
    throw new BuildError(`${mjmlLabel}: the HTML <title> is not the template's own <mj-title> (does a partial set one?)`);
  }
  const text = readFileSync(textFile, 'utf8').replace(/\r\n?/g, '\n').trimEnd() + '\n';

  const kinds = templateVarKinds(name);
  const declared = Object.keys(kinds);
  const htmlSplit = splitPlaceholders(html, mjmlLabel);
  const textSplit = splitPlaceholders(text, textLabel);
  const subjectSplit = splitPlaceholders(subject, `${mjmlLabel} <mj-title>`);

  const problems = [
    ...checkHtmlContexts(html, htmlSplit, kinds, mjmlLabel),
    ...listLinesInText(textSplit, kinds, textLabel),
    ...subjectSplit.slots.filter((v) => kinds[v] === 'list').map((v) => `${mjmlLabel} <mj-title>: {{${v}}} is a 'list' variable, which the subject cannot hold`),
    ...checkVarSets(mjmlLabel, htmlSplit.slots, kinds, declared, [], name),
    ...checkVarSets(textLabel, textSplit.slots, kinds, declared.filter((v) => !HTML_ONLY_VARS.includes(v)), [...HTML_ONLY_VARS], name),
    ...checkVarSets(`${mjmlLabel} <mj-title>`, subjectSplit.slots, kinds, [], [...HTML_ONLY_VARS], name),
  ];
  if (problems.length > 0) throw new BuildError(problems.join('\n'));

  const pick = ({ parts, slots }: CompiledPart): CompiledPart => ({ parts, slots });
  return { subject: pick(subjectSplit), html: pick(htmlSplit), text: pick(textSplit) };
}

function listInputs(emailsDir: string): string[] {
  const files = readdirSync(emailsDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.mjml') || f.endsWith('.txt'))
    .map((f) => join(emailsDir, f));
  return [...files, join(root, 'functions', 'emails', 'catalogue.ts'), import.meta.filename].sort();
}

function inputsHash(emailsDir: string): string {
  const hash = createHash('sha256');
  const mjmlVersion = (JSON.parse(readFileSync(join(root, 'node_modules', 'mjml', 'package.json'), 'utf8')) as { version: string }).version;
  hash.update(`mjml@${mjmlVersion}\0`);
  for (const file of listInputs(emailsDir)) hash.update(`${rel(file)}\0`).update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 32);
}

function generatedModule(hash: string, templates: Record<string, CompiledTemplate>): string {
  const part = (p: CompiledPart) => `{ parts: ${JSON.stringify(p.parts)}, slots: ${JSON.stringify(p.slots)} }`;
  const entries = Object.entries(templates).map(
    ([name, t]) =>
      `  ${JSON.stringify(name)}: {\n    subject: ${part(t.subject)},\n    html: ${part(t.html)},\n    text: ${part(t.text)},\n  },`,
  );
  return [
    '// Generated by scripts/build-emails.ts from emails/*.mjml. Do not edit: run `npm run build:emails`.',
    `// inputs: ${hash}`,
    '/* eslint-disable */',
    'export interface CompiledPart {',
    '  readonly parts: readonly string[];',
    '  readonly slots: readonly string[];',
    '}',
    'export interface CompiledTemplate {',
    '  readonly subject: CompiledPart;',
    '  readonly html: CompiledPart;',
    '  readonly text: CompiledPart;',
    '}',
    'export const compiledTemplates = {',
    ...entries,
    '} satisfies Record<string, CompiledTemplate>;',
    '',
  ].join('\n');
}

export interface BuildOptions {
  emailsDir?: string;
  outFile?: string;
  /** Compile even when no input changed since the last build. */
  force?: boolean;
}

/** Builds the templates module; throws BuildError naming the file and the problem. */
export async function buildEmails(options: BuildOptions = {}): Promise<{ compiled: boolean; templates: number; outFile: string }> {
  const emailsDir = options.emailsDir ?? join(root, 'emails');
  const outFile = options.outFile ?? join(root, 'functions', 'emails', 'templates.generated.ts');

  const files = readdirSync(emailsDir).filter((f) => f.endsWith('.mjml'));
  const found = files.map((f) => f.slice(0, -'.mjml'.length));
  const problems: string[] = [];
  for (const name of found) {
    if (!(TEMPLATE_NAMES as string[]).includes(name)) {
      problems.push(`${rel(join(emailsDir, name))}.mjml: no template '${name}' is declared in TemplateVars (functions/emails/catalogue.ts)`);
    }
  }
  for (const name of TEMPLATE_NAMES) {
    if (!found.includes(name)) problems.push(`${rel(join(emailsDir, name))}.mjml: missing, but TemplateVars declares '${name}'`);
  }
  for (const [name, lists] of Object.entries(LIST_LENGTHS)) {
    for (const [variable, bounds] of Object.entries(lists ?? {}) as [string, { min: number; max: number }][]) {
      const { min, max } = bounds;
      if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || min > max || max > LIST_MAX_ITEMS) {
        problems.push(`functions/emails/catalogue.ts: LIST_LENGTHS['${name}'].${variable} must have whole numbers 0 ≤ min ≤ max ≤ ${LIST_MAX_ITEMS}`);
      }
    }
  }
  if (problems.length > 0) throw new BuildError(problems.join('\n'));

  const hash = inputsHash(emailsDir);
  if (!options.force && existsSync(outFile) && readFileSync(outFile, 'utf8').includes(`// inputs: ${hash}\n`)) {
    return { compiled: false, templates: TEMPLATE_NAMES.length, outFile };
  }

  const { default: mjml2html } = (await import('mjml')) as unknown as { default: Mjml2Html };
  const templates: Record<string, CompiledTemplate> = {};
  const failures: string[] = [];
  for (const name of TEMPLATE_NAMES) {
    try {
      templates[name] = await compileTemplate(mjml2html, emailsDir, name);
    } catch (err) {
      if (!(err instanceof BuildError)) throw err;
      failures.push(err.message);
    }
  }
  if (failures.length > 0) throw new BuildError(failures.join('\n'));

  writeFileSync(outFile, generatedModule(hash, templates));
  return { compiled: true, templates: TEMPLATE_NAMES.length, outFile };
}

async function main(): Promise<void> {
  const started = performance.now();
  const result = await buildEmails({ force: process.argv.includes('--force') });
  const ms = Math.round(performance.now() - started);
  const what = result.compiled ? `→ ${rel(result.outFile)} (${ms} ms)` : `up to date (${rel(result.outFile)})`;
  console.log(`build-emails: ${result.templates} templates ${what}`);
}

// Only when run as a script: the bench imports MJML_OPTIONS from here.
if (process.argv[1] && import.meta.filename === realpathSync(process.argv[1])) {
  try {
    await main();
  } catch (err) {
    if (!(err instanceof BuildError)) throw err;
    console.error(`build-emails failed:\n${err.message}`);
    process.exit(1);
  }
}
