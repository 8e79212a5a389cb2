/**
 * Fills the email templates compiled at build time (scripts/build-emails.ts)
 * with escaped values. No mjml at run time: a template is an array of static
 * parts with placeholders between them, resolved to variable indexes once, at
 * module load; a render escapes each value once and joins.
 *
 * Values are untrusted (names, goals…):
 * - HTML: HTML-escaped; `url` variables must be http(s) URLs, anything else throws.
 * - text: as-is, minus control characters other than newline.
 * - subject: control characters, CR and LF become spaces, whitespace collapses (no header injection).
 * - `list` (0–20 non-blank strings, or the bounds LIST_LENGTHS declares): each item is
 *   first made one line, as a subject is; then it becomes `<li>escaped item</li>` in
 *   HTML and a line `- item` in text.
 * Admin templates (TEMPLATE_AUDIENCE) take no `unsubscribeUrl`: passing one throws.
 * A missing or unknown variable throws: that is a bug in the caller, not bad input.
 */
import {
  listLength,
  TEMPLATE_AUDIENCE,
  TEMPLATE_NAMES,
  templateVarKinds,
  type CommonVarsOf,
  type TemplateName,
  type TemplateVars,
  type VarKind,
} from './catalogue';
import { compiledTemplates, type CompiledPart, type CompiledTemplate } from './templates.generated';

export type {
  AdminCommonVars,
  AdminTemplateName,
  CommonVars,
  CommonVarsOf,
  ParticipantTemplateName,
  TemplateName,
  TemplateVars,
} from './catalogue';
export { TEMPLATE_AUDIENCE, TEMPLATE_NAMES } from './catalogue';

/** Everything a template takes: its common variables (no `unsubscribeUrl` for an admin template) plus its own. */
export type EmailVars<N extends TemplateName> = CommonVarsOf<N> & TemplateVars[N];

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export class EmailTemplateError extends Error {
  override name = 'EmailTemplateError' as const;
}

interface Filler {
  parts: readonly string[];
  /** Index into the template's variables, one per gap between parts. */
  slots: Int32Array;
}

interface Prepared {
  names: readonly string[];
  kinds: readonly VarKind[];
  index: ReadonlyMap<string, number>;
  /** Item bounds of each `list` variable (unused for other kinds). */
  minItems: Int32Array;
  maxItems: Int32Array;
  subject: Filler;
  html: Filler;
  text: Filler;
}

function prepare(name: TemplateName, compiled: CompiledTemplate): Prepared {
  const kinds = templateVarKinds(name);
  const names = Object.keys(kinds);
  const index = new Map(names.map((n, i) => [n, i]));
  const filler = (part: CompiledPart, what: string): Filler => {
    const slots = new Int32Array(part.slots.length);
    part.slots.forEach((slot, i) => {
      const at = index.get(slot);
      // The generated module is older than the catalogue.
      if (at === undefined) throw new EmailTemplateError(`Template '${name}' ${what} uses {{${slot}}}, which is not declared; run npm run build:emails`);
      slots[i] = at;
    });
    return { parts: part.parts, slots };
  };
  return {
    names,
    kinds: names.map((n) => kinds[n]!),
    index,
    minItems: Int32Array.from(names, (n) => listLength(name, n).min),
    maxItems: Int32Array.from(names, (n) => listLength(name, n).max),
    subject: filler(compiled.subject, 'subject'),
    html: filler(compiled.html, 'HTML'),
    text: filler(compiled.text, 'text'),
  };
}

const templates: Record<TemplateName, CompiledTemplate> = compiledTemplates;
const prepared = new Map<string, Prepared>(TEMPLATE_NAMES.map((name) => [name, prepare(name, templates[name])]));

// Per-character replacements for code units below 0x40; undefined means "keep".
// C1 controls (0x7f–0x9f) are dropped in every part as well.
const HTML_ESCAPES: (string | undefined)[] = [];
const TEXT_ESCAPES: (string | undefined)[] = [];
const SUBJECT_ESCAPES: (string | undefined)[] = [];
for (let c = 0; c < 0x20; c++) {
  const whitespace = c === 0x09 || c === 0x0a;
  HTML_ESCAPES[c] = whitespace ? undefined : '';
  TEXT_ESCAPES[c] = c === 0x0a ? undefined : '';
  SUBJECT_ESCAPES[c] = c >= 0x09 && c <= 0x0d ? ' ' : '';
}
Object.assign(HTML_ESCAPES, { 0x22: '&quot;', 0x26: '&amp;', 0x27: '&#39;', 0x3c: '&lt;', 0x3e: '&gt;' });

/** Replaces per `table`; returns the input itself when nothing needs replacing (the common case). */
function replaceChars(value: string, table: (string | undefined)[], extra?: (c: number) => string | undefined): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    let rep: string | undefined;
    if (c < 0x40) rep = table[c];
    else if (c >= 0x7f && c <= 0x9f) rep = '';
    else if (extra !== undefined && c >= 0x2028) rep = extra(c);
    if (rep !== undefined) {
      out += value.slice(last, i) + rep;
      last = i + 1;
    }
  }
  return last === 0 ? value : out + value.slice(last);
}

export function escapeHtml(value: string): string {
  return replaceChars(value, HTML_ESCAPES);
}

export function cleanText(value: string): string {
  return replaceChars(value, TEXT_ESCAPES);
}

// Unicode line and paragraph separators break lines too.
const lineSeparator = (c: number) => (c === 0x2028 || c === 0x2029 ? ' ' : undefined);

/** One line, no control characters, single spaces, trimmed. */
export function cleanHeader(value: string): string {
  const spaced = replaceChars(value, SUBJECT_ESCAPES, lineSeparator);
  if (!spaced.includes('  ') && !spaced.startsWith(' ') && !spaced.endsWith(' ')) return spaced;
  return spaced.split(' ').filter((word) => word !== '').join(' ');
}

/** True for absolute http(s) URLs without whitespace or control characters. */
export function isHttpUrl(value: string): boolean {
  const scheme = value.slice(0, 8).toLowerCase();
  if (!scheme.startsWith('https://') && !scheme.startsWith('http://')) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c <= 0x20 || (c >= 0x7f && c <= 0x9f)) return false;
  }
  return URL.canParse(value);
}

function valueOf(template: string, name: string, kind: VarKind, value: unknown): string {
  if (value === undefined || value === null) throw new EmailTemplateError(`Template '${template}' is missing the variable '${name}'`);
  if (kind === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new EmailTemplateError(`Template '${template}': '${name}' must be a finite number`);
    return String(value);
  }
  if (typeof value !== 'string') throw new EmailTemplateError(`Template '${template}': '${name}' must be a string`);
  // The value itself stays out of the message: it may be personal data or carry a token.
  if (kind === 'url' && !isHttpUrl(value)) throw new EmailTemplateError(`Template '${template}': '${name}' must be an http(s) URL`);
  return value;
}

/** A `list` value: its HTML (`<li>` items) and text (`- item` lines, each ending with a newline). */
function listOf(template: string, name: string, value: unknown, min: number, max: number): { html: string; text: string } {
  if (value === undefined || value === null) throw new EmailTemplateError(`Template '${template}' is missing the variable '${name}'`);
  if (!Array.isArray(value)) throw new EmailTemplateError(`Template '${template}': '${name}' must be an array of strings`);
  if (value.length > max) throw new EmailTemplateError(`Template '${template}': '${name}' has ${value.length} items, at most ${max} are allowed`);
  if (value.length < min) throw new EmailTemplateError(`Template '${template}': '${name}' has ${value.length} items, at least ${min} are required`);
  let html = '';
  let text = '';
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (typeof item !== 'string') throw new EmailTemplateError(`Template '${template}': '${name}' item ${i} must be a string`);
    const line = cleanHeader(item);
    if (line === '') throw new EmailTemplateError(`Template '${template}': '${name}' item ${i} is blank`);
    html += `<li>${escapeHtml(line)}</li>`;
    text += `- ${line}\n`;
  }
  return { html, text };
}

function fill(filler: Filler, values: readonly string[]): string {
  const { parts, slots } = filler;
  let out = parts[0]!;
  for (let i = 0; i < slots.length; i++) out += values[slots[i]!]! + parts[i + 1]!;
  return out;
}

export function renderEmail<N extends TemplateName>(name: N, vars: EmailVars<N>): RenderedEmail {
  const t = prepared.get(name);
  if (t === undefined) throw new EmailTemplateError(`Unknown email template '${String(name)}'`);
  const given = vars as unknown as Record<string, unknown>;
  for (const key in given) {
    if (t.index.has(key)) continue;
    if (key === 'unsubscribeUrl' && TEMPLATE_AUDIENCE[name] === 'admin') {
      throw new EmailTemplateError(`Template '${name}' is an admin email: it has no participant unsubscribe link, so no variable 'unsubscribeUrl'`);
    }
    throw new EmailTemplateError(`Template '${name}' has no variable '${key}'`);
  }
  const n = t.names.length;
  const raw = new Array<string>(n);
  const html = new Array<string>(n);
  const text = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    if (t.kinds[i] === 'list') {
      const list = listOf(name, t.names[i]!, given[t.names[i]!], t.minItems[i]!, t.maxItems[i]!);
      // The build keeps list placeholders out of the subject.
      raw[i] = '';
      html[i] = list.html;
      text[i] = list.text;
      continue;
    }
    const value = valueOf(name, t.names[i]!, t.kinds[i]!, given[t.names[i]!]);
    raw[i] = value;
    html[i] = escapeHtml(value);
    // A checked URL has no control characters left to clean.
    text[i] = t.kinds[i] === 'url' ? value : cleanText(value);
  }
  return {
    subject: cleanHeader(fill(t.subject, raw)),
    html: fill(t.html, html),
    text: fill(t.text, text),
  };
}
