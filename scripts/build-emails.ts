/**
 * `npm run build:emails`: compiles every emails/*.mjml (partials excluded) to HTML once,
 * checks each template against its schema (functions/email-rendering/catalogue.ts), and writes
 * functions/email-rendering/templates.generated.ts: for each template its subject, HTML and
 * plain-text part as Mustache tokens, which render.ts fills without mjml or parsing.
 *
 * - The subject is the template's own <mj-title> (so the HTML <title> is the subject).
 * - The plain-text part is the sidecar emails/<name>.txt.
 * - Placeholders are Mustache's: `{{name}}`, `{{#list}}…{{.}}…{{/list}}`,
 *   `{{#rows}}…{{field}}…{{/rows}}` and an empty state `{{^rows}}…{{/rows}}`; where each
 *   may stand is checked by ./emails/check-template.ts.
 * - Every declared variable is used in the HTML and in the text part (the preheader in
 *   the HTML only); every field of a rows variable in one part at least; nothing else.
 * - An admin template (audience 'admin') takes no {{unsubscribeUrl}}: it carries
 *   partials/admin-footer.mjml; a participant template must use {{unsubscribeUrl}}.
 *
 * Fails with exit code 1, naming the file and the problem. Skips the (slow) mjml
 * compile when no input changed since the last build; `--force` rebuilds anyway.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  HTML_ONLY_VARS,
  LIST_MAX_ITEMS,
  ROWS_MAX_ITEMS,
  TEMPLATE_AUDIENCE,
  TEMPLATE_NAMES,
  TEMPLATES,
  templateVarKinds,
  type TemplateName,
  type VarKind,
} from '../functions/email-rendering/catalogue';
import { BuildError } from './emails/build-error';
import { checkPart, type PartUse, type RenderToken } from './emails/check-template';

export { BuildError } from './emails/build-error';

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

/** Each part as Mustache tokens, parsed and checked here so that render.ts need not parse. */
export interface CompiledTemplate {
  subject: RenderToken[];
  html: RenderToken[];
  text: RenderToken[];
}

const CATALOGUE = 'functions/email-rendering/catalogue.ts';

/** The schema's own sanity: bounds that can be met, field names Mustache reads as one name. */
function schemaProblems(): string[] {
  const problems: string[] = [];
  for (const name of TEMPLATE_NAMES) {
    for (const [variable, kind] of Object.entries(TEMPLATES[name].vars as Record<string, VarKind>)) {
      if (typeof kind === 'string') continue;
      const limit = kind.kind === 'list' ? LIST_MAX_ITEMS : ROWS_MAX_ITEMS;
      if (!Number.isInteger(kind.min) || !Number.isInteger(kind.max) || kind.min < 0 || kind.min > kind.max || kind.max > limit) {
        problems.push(`${CATALOGUE}: TEMPLATES['${name}'].${variable} must have whole numbers 0 ≤ min ≤ max ≤ ${limit}`);
      }
      if (kind.kind === 'list') continue;
      const fields = Object.keys(kind.fields);
      if (fields.length === 0) problems.push(`${CATALOGUE}: TEMPLATES['${name}'].${variable} declares no fields`);
      for (const field of fields) {
        if (!/^[A-Za-z][A-Za-z0-9]*$/.test(field)) problems.push(`${CATALOGUE}: TEMPLATES['${name}'].${variable}.${field} must be a camelCase name`);
      }
    }
  }
  return problems;
}

function checkVarSets(
  label: string,
  used: Set<string>,
  declared: Record<string, VarKind>,
  mustUse: string[],
  mustNotUse: readonly string[],
  name: TemplateName,
): string[] {
  const problems: string[] = [];
  for (const v of used) {
    if (v === 'unsubscribeUrl' && TEMPLATE_AUDIENCE[name] === 'admin') {
      problems.push(
        `${label}: uses {{unsubscribeUrl}}, but '${name}' is an admin template, which has no participant unsubscribe link: include partials/admin-footer.mjml, not partials/footer.mjml`,
      );
    } else if (!(v in declared)) {
      problems.push(`${label}: uses {{${v}}}, which the schema of '${name}' does not declare (${CATALOGUE})`);
    }
    if (mustNotUse.includes(v)) problems.push(`${label}: uses {{${v}}}, which only the HTML part may use`);
  }
  for (const v of mustUse) {
    const kind = declared[v];
    const mention = typeof kind === 'object' ? `a {{#${v}}}…{{/${v}}} section` : `{{${v}}}`;
    if (!used.has(v)) problems.push(`${label}: never uses ${mention}, which the schema declares for '${name}'`);
  }
  return problems;
}

/** Each field of a rows variable is shown somewhere: HTML and text may each use their own (a text line, a colour). */
function unusedFields(label: string, declared: Record<string, VarKind>, parts: PartUse[]): string[] {
  const problems: string[] = [];
  for (const [variable, kind] of Object.entries(declared)) {
    if (typeof kind === 'string' || kind.kind !== 'rows') continue;
    for (const field of Object.keys(kind.fields)) {
      if (!parts.some((p) => p.fields.get(variable)?.has(field)))
        problems.push(`${label}: never uses {{${field}}} in a {{#${variable}}}…{{/${variable}}} section, in the HTML or the text part`);
    }
  }
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

async function compileMjml(mjml2html: Mjml2Html, mjmlFile: string, source: string): Promise<string> {
  const label = rel(mjmlFile);
  let html: string;
  try {
    const result = await mjml2html(source, { ...MJML_OPTIONS, filePath: mjmlFile });
    if (result.errors.length > 0) throw new BuildError(result.errors.map((e) => e.formattedMessage ?? e.message).join('\n'));
    html = result.html;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new BuildError(`${label}: invalid MJML\n  ${message.trim().replace(/\n\s*/g, '\n  ')}`);
  }
  // mjml turns a missing or refused <mj-include> into a comment rather than an error.
  const include = /<!-- mj-include (fails to read file|denied)[^>]*-->/.exec(html);
  if (include) {
    const why =
      include[1] === 'denied' ? 'an <mj-include> was refused: the file does not exist or lies outside the emails folder' : include[0].slice(5, -4).trim();
    throw new BuildError(`${label}: ${why}`);
  }
  return html;
}

async function compileTemplate(mjml2html: Mjml2Html, emailsDir: string, name: TemplateName): Promise<CompiledTemplate> {
  const mjmlFile = join(emailsDir, `${name}.mjml`);
  const textFile = join(emailsDir, `${name}.txt`);
  const mjmlLabel = rel(mjmlFile);
  const textLabel = rel(textFile);
  const subjectLabel = `${mjmlLabel} <mj-title>`;
  if (!existsSync(textFile)) throw new BuildError(`${textLabel}: missing (every email needs a plain-text part)`);
  const source = readFileSync(mjmlFile, 'utf8');
  const html = await compileMjml(mjml2html, mjmlFile, source);
  const subject = subjectOf(source, mjmlLabel);
  if (!html.includes(`<title>${subject}</title>`)) {
    throw new BuildError(`${mjmlLabel}: the HTML <title> is not the template's own <mj-title> (does a partial set one?)`);
  }
  const text = readFileSync(textFile, 'utf8').replace(/\r\n?/g, '\n').trimEnd() + '\n';

  const declared = templateVarKinds(name);
  const all = Object.keys(declared);
  const htmlUse = checkPart(html, 'html', declared, mjmlLabel);
  const textUse = checkPart(text, 'text', declared, textLabel);
  const subjectUse = checkPart(subject, 'subject', declared, subjectLabel);
  const problems = [
    ...htmlUse.problems,
    ...textUse.problems,
    ...subjectUse.problems,
    ...checkVarSets(mjmlLabel, htmlUse.vars, declared, all, [], name),
    ...checkVarSets(
      textLabel,
      textUse.vars,
      declared,
      all.filter((v) => !HTML_ONLY_VARS.includes(v)),
      HTML_ONLY_VARS,
      name,
    ),
    ...checkVarSets(subjectLabel, subjectUse.vars, declared, [], HTML_ONLY_VARS, name),
    ...unusedFields(`${mjmlLabel}, ${textLabel}`, declared, [htmlUse, textUse]),
  ];
  if (problems.length > 0) throw new BuildError(problems.join('\n'));
  return { subject: subjectUse.tokens, html: htmlUse.tokens, text: textUse.tokens };
}

function listInputs(emailsDir: string): string[] {
  const files = readdirSync(emailsDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.mjml') || f.endsWith('.txt'))
    .map((f) => join(emailsDir, f));
  const checks = readdirSync(join(root, 'scripts', 'emails')).map((f) => join(root, 'scripts', 'emails', f));
  return [...files, ...checks, join(root, CATALOGUE), import.meta.filename].sort();
}

function inputsHash(emailsDir: string): string {
  const hash = createHash('sha256');
  for (const pkg of ['mjml', 'mustache']) {
    const { version } = JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string };
    hash.update(`${pkg}@${version}\0`);
  }
  for (const file of listInputs(emailsDir))
    hash
      .update(`${rel(file)}\0`)
      .update(readFileSync(file))
      .update('\0');
  return hash.digest('hex').slice(0, 32);
}

/** A Mustache text token: `["text", value]`. */
const isTextToken = (token: unknown): token is ['text', string] =>
  Array.isArray(token) && token.length === 2 && token[0] === 'text' && typeof token[1] === 'string';

/** mjml's pretty-printed indentation: whitespace between HTML tags renders the same without it. */
const unindent = (html: string) => html.replace(/\n[ \t]+/g, '\n');

/** Every text token under `tokens` (sections nest theirs). */
function* textTokens(tokens: unknown): Generator<['text', string]> {
  if (isTextToken(tokens)) yield tokens;
  else if (Array.isArray(tokens)) for (const token of tokens) yield* textTokens(token);
}

/**
 * The templates share most of their HTML (mjml's head and styles, the layout, the footer): a line
 * that stands in several templates is written once in the module's LINES and a text token refers to
 * it by number. It keeps every function's bundle small (DESIGN §9) as the catalogue grows.
 */
const SHARED_LINE_MIN_LENGTH = 20;

function sharedLines(templates: Record<string, CompiledTemplate>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of Object.values(templates))
    for (const [, value] of textTokens(t.html)) for (const line of value.split('\n')) counts.set(line, (counts.get(line) ?? 0) + 1);
  const shared = [...counts].filter(([line, n]) => n > 1 && line.length >= SHARED_LINE_MIN_LENGTH).map(([line]) => line);
  return new Map(shared.map((line, i) => [line, i]));
}

/** Tokens as module source: an HTML text token becomes `t([line numbers and literal lines])`. */
function tokensSource(tokens: unknown, lines: Map<string, number>): string {
  if (isTextToken(tokens)) {
    const parts = tokens[1].split('\n').map((line) => lines.get(line) ?? line);
    return parts.every((p) => typeof p === 'string') ? JSON.stringify(tokens) : `t(${JSON.stringify(parts)})`;
  }
  if (Array.isArray(tokens)) return `[${tokens.map((token) => tokensSource(token, lines)).join(',')}]`;
  return JSON.stringify(tokens);
}

function generatedModule(hash: string, compiled: Record<string, CompiledTemplate>): string {
  const templates = structuredClone(compiled);
  for (const t of Object.values(templates)) for (const token of textTokens(t.html)) token[1] = unindent(token[1]);
  const lines = sharedLines(templates);
  const entries = Object.entries(templates).map(
    ([name, t]) =>
      `  ${JSON.stringify(name)}: {\n    subject: ${JSON.stringify(t.subject)},\n    html: ${tokensSource(t.html, lines)},\n    text: ${JSON.stringify(t.text)},\n  },`,
  );
  return [
    '// Generated by scripts/build-emails.ts from emails/*.mjml. Do not edit: run `npm run build:emails`.',
    `// inputs: ${hash}`,
    '/* eslint-disable */',
    "import type { TemplateSpans } from 'mustache';",
    "import type { TemplateName } from './catalogue';",
    "/** Each template's parts as Mustache tokens, checked against functions/email-rendering/catalogue.ts. */",
    'export interface CompiledTemplate {',
    '  readonly subject: TemplateSpans;',
    '  readonly html: TemplateSpans;',
    '  readonly text: TemplateSpans;',
    '}',
    '/** HTML lines several templates share, written once. */',
    `const LINES: readonly string[] = ${JSON.stringify([...lines.keys()])};`,
    '/** A text token from line numbers (into LINES) and literal lines. */',
    "const t = (parts: (number | string)[]): ['text', string] => ['text', parts.map((p) => (typeof p === 'number' ? LINES[p]! : p)).join('\\n')];",
    // Typed as unknown first: tsc need not infer a literal type for every token.
    'const templates: unknown = {',
    ...entries,
    '};',
    'export const compiledTemplates = templates as Record<TemplateName, CompiledTemplate>;',
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
  const outFile = options.outFile ?? join(root, 'functions', 'email-rendering', 'templates.generated.ts');

  const found = readdirSync(emailsDir)
    .filter((f) => f.endsWith('.mjml'))
    .map((f) => f.slice(0, -'.mjml'.length));
  const problems = schemaProblems();
  for (const name of found) {
    if (!(TEMPLATE_NAMES as string[]).includes(name))
      problems.push(`${rel(join(emailsDir, name))}.mjml: no template '${name}' is declared in TEMPLATES (${CATALOGUE})`);
  }
  for (const name of TEMPLATE_NAMES) {
    if (!found.includes(name)) problems.push(`${rel(join(emailsDir, name))}.mjml: missing, but TEMPLATES declares '${name}'`);
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

// Only when run as a script: the bench and infra/app.ts import from here.
if (process.argv[1] && import.meta.filename === realpathSync(process.argv[1])) {
  try {
    await main();
  } catch (err) {
    if (!(err instanceof BuildError)) throw err;
    console.error(`build-emails failed:\n${err.message}`);
    process.exit(1);
  }
}
