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
 * - `rows` (0–50 records, or the bounds ROWS_LENGTHS declares): each record must have
 *   exactly its declared fields (ROW_FIELDS), each checked per its kind (a `url` must be
 *   http(s), a `number` finite, a choice one of its options) and made one line, as a
 *   subject is; then every row block of the template is filled once per record with
 *   the fields escaped (HTML) or as-is (text), and the rows are joined. An empty array
 *   writes the `{{^rows}}` empty-state sections instead.
 * Admin templates (TEMPLATE_AUDIENCE) take no `unsubscribeUrl`: passing one throws.
 * A missing or unknown variable throws: that is a bug in the caller, not bad input.
 */
import {
  DIGEST_CHART_MAX_PX,
  listLength,
  rowFieldKinds,
  TEMPLATE_AUDIENCE,
  TEMPLATE_NAMES,
  templateVarKinds,
  type CommonVarsOf,
  type RowFieldKind,
  type TemplateName,
  type TemplateVars,
  type VarKind,
} from './catalogue';
import { compiledTemplates, type CompiledPart, type CompiledRow, type CompiledTemplate } from './templates.generated';

export type {
  AdminCommonVars,
  AdminTemplateName,
  CommonVars,
  CommonVarsOf,
  DigestAtRiskPair,
  DigestChartBar,
  DigestGoal,
  DigestIncentive,
  DigestStat,
  DigestTile,
  DigestTone,
  DigestTrend,
  GoalStatus,
  ParticipantTemplateName,
  TemplateName,
  TemplateVars,
} from './catalogue';
export { DIGEST_CHART_MAX_PX, DIGEST_TONES, DIGEST_TRENDS, GOAL_STATUSES, TEMPLATE_AUDIENCE, TEMPLATE_NAMES } from './catalogue';

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
  /** Index into the template's values (its variables, then its blocks), one per gap between parts. */
  slots: Int32Array;
}

/** What a row slot writes: the field, a choice section (its content when the field holds the option), or the field padded or drawn as a bar. */
const RowOp = { Value: 0, Case: 1, PadEnd: 2, PadStart: 3, Bar: 4 } as const;
type RowOp = (typeof RowOp)[keyof typeof RowOp];

/** A row block, resolved to field indexes and operations. */
interface RowFiller {
  parts: readonly string[];
  field: Int32Array;
  op: Uint8Array;
  width: Int32Array;
  option: readonly (string | undefined)[];
  content: readonly string[];
  /** 1 where the slot ends a text line: an empty value there must not leave the line's padding behind. */
  eol: Uint8Array;
}

interface PreparedBlock {
  /** Index of the `rows` variable. */
  variable: number;
  /** Filled with escaped (HTML) or plain (text) field values. */
  html: boolean;
  row: RowFiller | undefined;
  empty: string | undefined;
}

/** The declared fields of a `rows` variable. */
interface RowsSpec {
  fields: readonly string[];
  kinds: readonly RowFieldKind[];
  index: ReadonlyMap<string, number>;
}

interface Prepared {
  names: readonly string[];
  kinds: readonly VarKind[];
  index: ReadonlyMap<string, number>;
  /** Item bounds of each `list` and `rows` variable (unused for other kinds). */
  minItems: Int32Array;
  maxItems: Int32Array;
  rows: readonly (RowsSpec | undefined)[];
  blocks: readonly PreparedBlock[];
  subject: Filler;
  html: Filler;
  text: Filler;
}

const ROW_OPS: Record<string, RowOp> = { pad: RowOp.PadEnd, padStart: RowOp.PadStart, bar: RowOp.Bar };

function prepare(name: TemplateName, compiled: CompiledTemplate): Prepared {
  const kinds = templateVarKinds(name);
  const names = Object.keys(kinds);
  const index = new Map(names.map((n, i) => [n, i]));
  const rows = names.map((n): RowsSpec | undefined => {
    if (kinds[n] !== 'rows') return undefined;
    const fieldKinds = rowFieldKinds(name, n);
    const fields = Object.keys(fieldKinds);
    return { fields, kinds: fields.map((f) => fieldKinds[f]!), index: new Map(fields.map((f, i) => [f, i])) };
  });
  const blocks: PreparedBlock[] = [];
  // The generated module is older than the catalogue.
  const stale = (what: string) => new EmailTemplateError(`Template '${name}' ${what}; run npm run build:emails`);
  const rowFiller = (row: CompiledRow, spec: RowsSpec, variable: string): RowFiller => {
    const n = row.slots.length;
    const eol = Uint8Array.from(row.parts.slice(1), (part) => (part.startsWith('\n') ? 1 : 0));
    const filler = { parts: row.parts, field: new Int32Array(n), op: new Uint8Array(n), width: new Int32Array(n), option: new Array<string | undefined>(n), content: row.cases, eol };
    row.slots.forEach((slot, i) => {
      const [, field, option, format, width] = /^([A-Za-z0-9]+)(?:=(.+)|\|([A-Za-z]+):([0-9]+))?$/.exec(slot) ?? [];
      const at = field === undefined ? undefined : spec.index.get(field);
      if (at === undefined) throw stale(`uses the field '${variable}.${String(field)}', which is not declared`);
      filler.field[i] = at;
      filler.option[i] = option;
      filler.op[i] = option !== undefined ? RowOp.Case : format !== undefined ? (ROW_OPS[format] ?? RowOp.Value) : RowOp.Value;
      filler.width[i] = Number(width ?? 0);
    });
    return filler;
  };
  const filler = (part: CompiledPart, what: string): Filler => {
    const offset = names.length + blocks.length;
    for (const block of part.blocks ?? []) {
      const variable = index.get(block.rows);
      const spec = variable === undefined ? undefined : rows[variable];
      if (variable === undefined || spec === undefined) throw stale(`${what} repeats '${block.rows}', which is not a declared 'rows' variable`);
      blocks.push({ variable, html: what === 'HTML', row: block.row && rowFiller(block.row, spec, block.rows), empty: block.empty });
    }
    const slots = new Int32Array(part.slots.length);
    part.slots.forEach((slot, i) => {
      const at = slot.startsWith('#') ? offset + Number(slot.slice(1)) : index.get(slot);
      if (at === undefined) throw stale(`${what} uses {{${slot}}}, which is not declared`);
      slots[i] = at;
    });
    return { parts: part.parts, slots };
  };
  const subject = filler(compiled.subject, 'subject');
  const html = filler(compiled.html, 'HTML');
  const text = filler(compiled.text, 'text');
  return {
    names,
    kinds: names.map((n) => kinds[n]!),
    index,
    minItems: Int32Array.from(names, (n) => listLength(name, n).min),
    maxItems: Int32Array.from(names, (n) => listLength(name, n).max),
    rows,
    blocks,
    subject,
    html,
    text,
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

// Whether a value needs any work at all: a native regex test is cheaper than the character loop.
// Control characters are what these look for.
/* eslint-disable no-control-regex */
const HTML_SPECIAL = /[\x00-\x08\x0b-\x1f"&'<>\x7f-\x9f]/;
const TEXT_SPECIAL = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;
const HEADER_SPECIAL = /[\x00-\x1f\x7f-\x9f\u2028\u2029]|^ | $| {2}/;
/* eslint-enable no-control-regex */

export function escapeHtml(value: string): string {
  return HTML_SPECIAL.test(value) ? replaceChars(value, HTML_ESCAPES) : value;
}

export function cleanText(value: string): string {
  return TEXT_SPECIAL.test(value) ? replaceChars(value, TEXT_ESCAPES) : value;
}

// Unicode line and paragraph separators break lines too.
const lineSeparator = (c: number) => (c === 0x2028 || c === 0x2029 ? ' ' : undefined);

/** One line, no control characters, single spaces, trimmed. */
export function cleanHeader(value: string): string {
  if (!HEADER_SPECIAL.test(value)) return value;
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

/** The records of a `rows` variable, checked: field f of record r at r * width + f. */
interface RowsData {
  count: number;
  width: number;
  /** One line each, as given (text part; choice options; URLs). */
  line: string[];
  /** HTML-escaped. */
  esc: string[];
}

function rowError(template: string, name: string, record: number, field: string, why: string): EmailTemplateError {
  return new EmailTemplateError(`Template '${template}': '${name}' record ${record} field '${field}' ${why}`);
}

function rowsOf(template: string, name: string, value: unknown, spec: RowsSpec, min: number, max: number): RowsData {
  if (value === undefined || value === null) throw new EmailTemplateError(`Template '${template}' is missing the variable '${name}'`);
  if (!Array.isArray(value)) throw new EmailTemplateError(`Template '${template}': '${name}' must be an array of records`);
  if (value.length > max) throw new EmailTemplateError(`Template '${template}': '${name}' has ${value.length} records, at most ${max} are allowed`);
  if (value.length < min) throw new EmailTemplateError(`Template '${template}': '${name}' has ${value.length} records, at least ${min} are required`);
  const width = spec.fields.length;
  const size = value.length * width;
  const data: RowsData = { count: value.length, width, line: new Array<string>(size), esc: new Array<string>(size) };
  for (let r = 0; r < value.length; r++) {
    const record: unknown = value[r];
    if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new EmailTemplateError(`Template '${template}': '${name}' record ${r} must be an object`);
    const fields = record as Record<string, unknown>;
    for (const key in fields) {
      if (!spec.index.has(key)) throw new EmailTemplateError(`Template '${template}': '${name}' record ${r} has no field '${key}'`);
    }
    for (let f = 0; f < width; f++) {
      const field = spec.fields[f]!;
      const kind = spec.kinds[f]!;
      const v = fields[field];
      // As everywhere, the value itself stays out of the message.
      if (v === undefined || v === null) throw rowError(template, name, r, field, 'is missing');
      let line: string;
      if (kind === 'number') {
        if (typeof v !== 'number' || !Number.isFinite(v)) throw rowError(template, name, r, field, 'must be a finite number');
        line = String(v);
      } else {
        if (typeof v !== 'string') throw rowError(template, name, r, field, 'must be a string');
        if (kind === 'url') {
          if (!isHttpUrl(v)) throw rowError(template, name, r, field, 'must be an http(s) URL');
          line = v;
        } else if (kind === 'text') {
          line = cleanHeader(v);
        } else {
          if (!kind.includes(v)) throw rowError(template, name, r, field, `must be one of ${kind.join(', ')}`);
          line = v;
        }
      }
      data.line[r * width + f] = line;
      data.esc[r * width + f] = kind === 'number' ? line : escapeHtml(line);
    }
  }
  return data;
}

/** Length in code points (what a monospace text view shows, near enough). */
function codePoints(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

/** Longest text bar, in characters, whatever number a caller passes. */
const MAX_BAR = 60;

function fillRows(row: RowFiller, data: RowsData, html: boolean): string {
  const values = html ? data.esc : data.line;
  const { parts, field, op, width, option, content, eol } = row;
  let out = '';
  for (let r = 0, base = 0; r < data.count; r++, base += data.width) {
    let s = parts[0]!;
    for (let i = 0; i < op.length; i++) {
      const at = base + field[i]!;
      switch (op[i]) {
        case RowOp.Value:
          // An empty last field (a note) would leave trailing spaces on its text line.
          if (!html && eol[i] === 1 && values[at] === '') s = s.replace(/ +$/, '');
          else s += values[at]!;
          break;
        case RowOp.Case:
          if (data.line[at] === option[i]) s += content[i]!;
          break;
        case RowOp.Bar:
          // A number's line is String(n), which reads back exactly.
          s += '█'.repeat(Math.min(MAX_BAR, Math.max(0, Math.round(Number(data.line[at]) / width[i]!))));
          break;
        default: {
          const value = values[at]!;
          const pad = width[i]! - codePoints(value);
          s += pad <= 0 ? value : op[i] === RowOp.PadEnd ? value + ' '.repeat(pad) : ' '.repeat(pad) + value;
        }
      }
      s += parts[i + 1]!;
    }
    out += s;
  }
  return out;
}

/**
 * Bar lengths in px for a chart of `values` (e.g. the digest's 8 weeks): the largest
 * value gets `maxPx`, the others in proportion, rounded; a value above 0 gets at
 * least 2 px so that it shows, 0 (or less) gets 0.
 */
export function chartBarPx(values: readonly number[], maxPx: number = DIGEST_CHART_MAX_PX): number[] {
  const top = Math.max(0, ...values.filter(Number.isFinite));
  return values.map((v) => (Number.isFinite(v) && v > 0 && top > 0 ? Math.max(2, Math.round((v / top) * maxPx)) : 0));
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
  const size = n + t.blocks.length;
  const raw = new Array<string>(n);
  const html = new Array<string>(size);
  const text = new Array<string>(size);
  const rows = new Array<RowsData | undefined>(n);
  for (let i = 0; i < n; i++) {
    if (t.kinds[i] === 'rows') {
      rows[i] = rowsOf(name, t.names[i]!, given[t.names[i]!], t.rows[i]!, t.minItems[i]!, t.maxItems[i]!);
      // The build keeps rows variables out of the subject and uses them only through blocks.
      raw[i] = html[i] = text[i] = '';
      continue;
    }
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
  for (let b = 0; b < t.blocks.length; b++) {
    const block = t.blocks[b]!;
    const data = rows[block.variable]!;
    const value = block.row !== undefined ? fillRows(block.row, data, block.html) : data.count === 0 ? (block.empty ?? '') : '';
    if (block.html) html[n + b] = value;
    else text[n + b] = value;
  }
  return {
    subject: cleanHeader(fill(t.subject, raw)),
    html: fill(t.html, html),
    text: fill(t.text, text),
  };
}
