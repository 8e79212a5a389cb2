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
 * - A `rows` variable (repeated records, e.g. the digest's goals) is written as a row
 *   block `{{#goals}}…{{goals.description}}…{{/goals}}`, compiled once here into a
 *   sub-template that the renderer fills per record; in it only that record's fields
 *   (ROW_FIELDS) may stand, each one checked where it stands like a variable. Inside
 *   a block, `{{#goals.status=met}}…{{/goals.status}}` is static content written only
 *   for records whose choice field holds that option; a field's sections must cover
 *   all its options. `{{^goals}}…{{/goals}}` is static content written only when there
 *   are no records. In the HTML, sections open and close in text (a choice section may
 *   also lie within one non-URL attribute value, e.g. a colour in style="…") and hold
 *   whole elements; in the text part a marker alone on its line takes its line break
 *   with it, and a field may carry a format: `|pad:N` (pad to N characters),
 *   `|padStart:N` (right-align in N), `|bar:N` (a 'number' as a bar, one █ per N).
 *   Every declared field must be used, in the HTML and in the text part; the subject
 *   holds no sections.
 * - A `number` may also stand in a width, height or style attribute (a bar's length).
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
  rowFieldKinds,
  ROWS_LENGTHS,
  ROWS_MAX_ITEMS,
  TEMPLATE_AUDIENCE,
  TEMPLATE_NAMES,
  templateVarKinds,
  type RowFieldKind,
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

/** A row block's template: filled once per record of its `rows` variable. */
export interface CompiledRow {
  parts: string[];
  /** `field`, `field|pad:N`, `field|padStart:N`, `field|bar:N`, or `field=option` (a choice section, whose content is cases[i]). */
  slots: string[];
  /** The static content of each choice section ('' for the other slots). */
  cases: string[];
}

/** A `{{#rows}}…{{/rows}}` row block (row), or a `{{^rows}}…{{/rows}}` empty-state section (empty). */
export interface CompiledBlock {
  rows: string;
  row?: CompiledRow;
  empty?: string;
}

export interface CompiledPart {
  parts: string[];
  /** Variable names, or `#<n>` for blocks[n]. */
  slots: string[];
  blocks?: CompiledBlock[];
}

export interface CompiledTemplate {
  subject: CompiledPart;
  html: CompiledPart;
  text: CompiledPart;
}

export class BuildError extends Error {
  override name = 'BuildError' as const;
}

/**
 * Every `{{…}}` form: `{{var}}`, `{{rows.field}}`, `{{rows.field|fmt:N}}`, `{{#rows}}`,
 * `{{^rows}}`, `{{/rows}}`, `{{#rows.field=option}}`, `{{/rows.field}}`. Which of them
 * may stand where is checked after parsing.
 */
const TOKEN = /\{\{([#^/]?)([A-Za-z][A-Za-z0-9]*)(?:\.([A-Za-z][A-Za-z0-9]*))?(?:=([a-z0-9]+(?:-[a-z0-9]+)*))?(?:\|([A-Za-z]+):([0-9]+))?\}\}/g;

/** Text-part formats of a row field: pad to N characters, right-align in N, or a bar of one █ per N. */
const FORMATS = new Set(['pad', 'padStart', 'bar']);

interface Marker {
  /** Where the opening marker starts, its content starts and ends (where the closing marker starts). */
  at: number;
  bodyStart: number;
  bodyEnd: number;
  body: Node[];
  source: string;
}

type Node =
  | { type: 'static'; text: string }
  | { type: 'var'; name: string; at: number; length: number }
  | { type: 'field'; name: string; field: string; format: string | undefined; at: number; length: number; source: string }
  | ({ type: 'block'; empty: boolean; name: string } & Marker)
  | ({ type: 'case'; name: string; field: string; option: string } & Marker);

const near = (source: string, at: number) => source.slice(Math.max(0, at - 20), at + 30).replace(/\s+/g, ' ');

/**
 * Parses a template part into static text, placeholders and sections. In the text part
 * a section marker alone on its line takes its line break with it, so that
 * `{{#rows}}\n…\n{{/rows}}\n` writes just the row lines.
 */
function parseTemplate(source: string, file: string, standalone = false): Node[] {
  const root: Node[] = [];
  const stack: { node: Extract<Node, Marker>; parent: Node[] }[] = [];
  let current = root;
  let last = 0;
  const pushStatic = (from: number, to: number) => {
    const text = source.slice(from, to);
    const stray = /\{\{|\}\}/.exec(text);
    if (stray) throw new BuildError(`${file}: malformed placeholder near "${near(source, from + stray.index)}" (use {{camelCaseName}})`);
    if (text !== '') current.push({ type: 'static', text });
  };
  for (const m of source.matchAll(TOKEN)) {
    const [whole, sigil, name, field, option, format, width] = m as unknown as [string, string, string, string | undefined, string | undefined, string | undefined, string | undefined];
    const at = m.index;
    let end = at + whole.length;
    pushStatic(last, at);
    const bad = (why: string) => new BuildError(`${file}: ${whole} ${why}`);
    if (sigil !== '' && format !== undefined) throw bad('is a section marker, which takes no |format');
    if (sigil !== '' && standalone && (at === 0 || source[at - 1] === '\n') && source[end] === '\n') end += 1;
    last = end;
    if (sigil === '') {
      if (option !== undefined) throw bad('is malformed: a choice section opens with {{#rows.field=option}}');
      if (field === undefined) {
        if (format !== undefined) throw bad('is malformed: only row fields ({{rows.field|pad:N}}) take a format');
        current.push({ type: 'var', name, at, length: whole.length });
      } else {
        current.push({ type: 'field', name, field, format: format === undefined ? undefined : `${format}:${width}`, at, length: whole.length, source: whole });
      }
    } else if (sigil === '#' || sigil === '^') {
      const marker = { at, bodyStart: end, bodyEnd: end, body: [] as Node[], source: whole };
      let node: Extract<Node, Marker>;
      if (field === undefined) {
        if (option !== undefined) throw bad('is malformed: a choice section is {{#rows.field=option}}…{{/rows.field}}');
        node = { type: 'block', empty: sigil === '^', name, ...marker };
      } else {
        if (sigil === '^' || option === undefined) throw bad('is malformed: a choice section is {{#rows.field=option}}…{{/rows.field}}');
        node = { type: 'case', name, field, option, ...marker };
      }
      current.push(node);
      stack.push({ node, parent: current });
      current = node.body;
    } else {
      if (option !== undefined) throw bad('is malformed: a section closes with {{/rows}} or {{/rows.field}}');
      const open = stack.pop();
      if (open === undefined) throw bad('closes no open section');
      const key = open.node.type === 'case' ? `${open.node.name}.${open.node.field}` : open.node.name;
      if (key !== (field === undefined ? name : `${name}.${field}`)) throw bad(`does not close ${open.node.source} (close it with {{/${key}}})`);
      open.node.bodyEnd = at;
      current = open.parent;
    }
  }
  pushStatic(last, source.length);
  const unclosed = stack.at(-1);
  if (unclosed) {
    const n = unclosed.node;
    throw new BuildError(`${file}: ${n.source} is never closed (with {{/${n.type === 'case' ? `${n.name}.${n.field}` : n.name}}})`);
  }
  return root;
}

type Context =
  | { kind: 'text' }
  | { kind: 'attribute'; name: string; whole: boolean; range: Range }
  | { kind: 'forbidden'; where: string };

interface Range {
  start: number;
  end: number;
  context: Context;
}

const TEXT_ATTRIBUTES = new Set(['alt', 'title', 'aria-label']);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'background', 'cite', 'poster']);
/** Attributes a `number` may also stand in: a number is digits, '.', '-', '+' and 'e', harmless there. */
const NUMBER_ATTRIBUTES = new Set(['width', 'height', 'style']);

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
        const range: Range = { start: j + 1, end: close, context: { kind: 'text' } };
        range.context = { kind: 'attribute', name, whole: false, range };
        ranges.push(range);
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
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

/** Why an HTML fragment is not a sequence of whole elements, or undefined when it is (comments are opaque). */
function unbalanced(fragment: string): string | undefined {
  const open: string[] = [];
  for (const m of fragment.matchAll(/<!--[\s\S]*?-->|<(\/?)([A-Za-z][A-Za-z0-9:-]*)(?:\s(?:[^>"']|"[^"]*"|'[^']*')*)?(\/?)>/g)) {
    const name = m[2]?.toLowerCase();
    if (name === undefined || VOID_ELEMENTS.has(name) || m[3] === '/') continue;
    if (m[1] !== '/') open.push(name);
    else if (open.pop() !== name) return `</${name}> closes an element it did not open`;
  }
  return open.length > 0 ? `<${open.at(-1)}> is not closed in it` : undefined;
}

/** A placeholder's kind for the context checks: a choice field is written as text. */
const placeholderKind = (kind: VarKind | RowFieldKind | undefined): VarKind | undefined => (typeof kind === 'object' ? 'text' : kind);

function checkPlaceholderContext(html: string, ranges: Range[], where: string, kind: VarKind | undefined, at: number, length: number, file: string): string | undefined {
  const context = contextAt(ranges, at, length);
  if (kind === 'list') {
    // Escaped <li> items are only safe, and only valid HTML, as a list's whole content.
    const open = LIST_OPEN.exec(html.slice(Math.max(0, at - 500), at))?.[1]?.toLowerCase();
    const close = LIST_CLOSE.exec(html.slice(at + length, at + length + 500))?.[1]?.toLowerCase();
    if (context.kind !== 'text' || open === undefined || open !== close) {
      return `${file}: ${where} is a 'list' variable: it must be the only content of a <ul> or <ol>, as in <ul>${where}</ul>`;
    }
    return undefined;
  }
  if (context.kind === 'forbidden') return `${file}: ${where} is inside ${context.where}, where escaping cannot make it safe`;
  if (context.kind === 'attribute') {
    if (URL_ATTRIBUTES.has(context.name)) {
      if (kind !== 'url') return `${file}: ${where} is in ${context.name}="…" but is not declared as a 'url' variable`;
      if (!context.whole) return `${file}: ${where} must be the whole ${context.name}="…" value`;
    } else if (!TEXT_ATTRIBUTES.has(context.name) && !(kind === 'number' && NUMBER_ATTRIBUTES.has(context.name))) {
      return `${file}: ${where} is in a ${context.name}="…" attribute; only text attributes (${[...TEXT_ATTRIBUTES].join(', ')}), a whole href, or a number in ${[...NUMBER_ATTRIBUTES].join('/')} may hold one`;
    }
  }
  return undefined;
}

/** Checks where each placeholder and section marker of the HTML stands. */
function checkHtmlContexts(html: string, nodes: Node[], name: TemplateName, file: string): string[] {
  const problems: string[] = [];
  const ranges = htmlRegions(html, file);
  const kinds = templateVarKinds(name);
  const visit = (list: Node[]) => {
    for (const node of list) {
      if (node.type === 'static') continue;
      if (node.type === 'var' || node.type === 'field') {
        const kind = node.type === 'var' ? kinds[node.name] : placeholderKind(rowFieldKinds(name, node.name)[node.field]);
        const where = node.type === 'var' ? `{{${node.name}}}` : node.source;
        const problem = checkPlaceholderContext(html, ranges, where, kind, node.at, node.length, file);
        if (problem) problems.push(problem);
        continue;
      }
      const open = contextAt(ranges, node.at, node.source.length);
      const close = contextAt(ranges, node.bodyEnd, 2);
      const inText = open.kind === 'text' && close.kind === 'text';
      if (node.type === 'block' && !inText) {
        problems.push(`${file}: ${node.source} must open and close in HTML text (between elements), not inside a tag, attribute or comment`);
      } else if (node.type === 'case' && !inText) {
        const sameAttribute = open.kind === 'attribute' && close.kind === 'attribute' && open.range === close.range && !URL_ATTRIBUTES.has(open.name);
        if (!sameAttribute) problems.push(`${file}: ${node.source} must open and close in HTML text, or within one attribute value other than a URL`);
      }
      if (inText) {
        const why = unbalanced(html.slice(node.bodyStart, node.bodyEnd));
        if (why) problems.push(`${file}: the content of ${node.source} must be whole elements (it is repeated or left out): ${why}`);
      }
      visit(node.body);
    }
  };
  visit(nodes);
  return problems;
}

const staticText = (nodes: Node[]) => nodes.map((n) => (n.type === 'static' ? n.text : '')).join('');

interface CompiledNodes {
  part: CompiledPart;
  /** Top-level variables, in order. */
  used: string[];
  /** For each `rows` variable with a row block: the fields its blocks use. */
  fieldsUsed: Map<string, Set<string>>;
  problems: string[];
}

/** Compiles parsed nodes into static parts, slots and blocks, checking what may stand where. */
function compileNodes(nodes: Node[], name: TemplateName, file: string, textPart: boolean): CompiledNodes {
  const kinds = templateVarKinds(name);
  const parts = [''];
  const slots: string[] = [];
  const blocks: CompiledBlock[] = [];
  const used: string[] = [];
  const fieldsUsed = new Map<string, Set<string>>();
  const problems: string[] = [];
  const slot = (s: string) => {
    slots.push(s);
    parts.push('');
  };
  const staticOnly = (node: Extract<Node, Marker>) => {
    const inner = node.body.find((n) => n.type !== 'static');
    if (inner) problems.push(`${file}: ${node.source} holds static content only, but ${inner.type === 'var' ? `{{${inner.name}}}` : inner.source} stands in it`);
  };

  const compileRow = (block: Extract<Node, { type: 'block' }>): CompiledRow => {
    const fields = rowFieldKinds(name, block.name);
    const row: CompiledRow = { parts: [''], slots: [], cases: [] };
    const covered = new Map<string, Set<string>>();
    const use = fieldsUsed.get(block.name) ?? new Set<string>();
    fieldsUsed.set(block.name, use);
    const rowSlot = (s: string, content = '') => {
      row.slots.push(s);
      row.cases.push(content);
      row.parts.push('');
    };
    for (const node of block.body) {
      if (node.type === 'static') {
        row.parts[row.parts.length - 1] += node.text;
      } else if (node.type === 'var') {
        problems.push(`${file}: {{${node.name}}} stands in ${block.source}…{{/${block.name}}}, where only the record's own fields ({{${block.name}.field}}) may stand`);
      } else if (node.type === 'block') {
        problems.push(`${file}: ${node.source} stands in ${block.source}…{{/${block.name}}}: sections do not nest`);
      } else if (node.name !== block.name) {
        problems.push(`${file}: ${node.source} stands in ${block.source}…{{/${block.name}}}, where only '${block.name}' fields may stand`);
      } else if (!(node.field in fields)) {
        problems.push(`${file}: ${node.source}: '${block.name}' records have no field '${node.field}' (ROW_FIELDS['${name}'].${block.name} in functions/emails/catalogue.ts)`);
      } else if (node.type === 'field') {
        use.add(node.field);
        if (node.format !== undefined) {
          const [op, width] = node.format.split(':') as [string, string];
          if (!textPart) problems.push(`${file}: ${node.source}: formats (|pad, |padStart, |bar) are for the text part only`);
          else if (!FORMATS.has(op)) problems.push(`${file}: ${node.source}: unknown format '${op}' (pad, padStart or bar)`);
          else if (!(Number(width) >= 1 && Number(width) <= 99)) problems.push(`${file}: ${node.source}: the format's width must be 1–99`);
          else if (op === 'bar' && fields[node.field] !== 'number') problems.push(`${file}: ${node.source}: |bar draws a 'number' field`);
        }
        rowSlot(node.format === undefined ? node.field : `${node.field}|${node.format}`);
      } else {
        use.add(node.field);
        const options = fields[node.field];
        staticOnly(node);
        if (typeof options !== 'object') {
          problems.push(`${file}: ${node.source}: '${block.name}.${node.field}' is not a choice field`);
        } else if (!options.includes(node.option)) {
          problems.push(`${file}: ${node.source}: '${node.option}' is not one of the options of '${block.name}.${node.field}' (${options.join(', ')})`);
        } else {
          const seen = covered.get(node.field) ?? new Set<string>();
          covered.set(node.field, seen.add(node.option));
        }
        rowSlot(`${node.field}=${node.option}`, staticText(node.body));
      }
    }
    for (const [field, seen] of covered) {
      const options = fields[field] as readonly string[];
      const missing = options.filter((o) => !seen.has(o));
      if (missing.length > 0) {
        problems.push(`${file}: ${block.source}…{{/${block.name}}} has {{#${block.name}.${field}=…}} sections, but none for ${missing.map((o) => `'${o}'`).join(', ')} (an empty section says "nothing" explicitly)`);
      }
    }
    return row;
  };

  for (const node of nodes) {
    if (node.type === 'static') {
      parts[parts.length - 1] += node.text;
    } else if (node.type === 'var') {
      if (kinds[node.name] === 'rows') {
        problems.push(`${file}: {{${node.name}}} is a 'rows' variable: repeat a block {{#${node.name}}}…{{${node.name}.field}}…{{/${node.name}}}`);
      }
      used.push(node.name);
      slot(node.name);
    } else if (node.type === 'field' || node.type === 'case') {
      problems.push(`${file}: ${node.source} stands outside a {{#${node.name}}}…{{/${node.name}}} block`);
    } else if (kinds[node.name] !== 'rows') {
      problems.push(`${file}: ${node.source} opens a section, but '${node.name}' is not a 'rows' variable (functions/emails/catalogue.ts)`);
    } else if (node.empty) {
      staticOnly(node);
      slot(`#${blocks.length}`);
      blocks.push({ rows: node.name, empty: staticText(node.body) });
    } else {
      slot(`#${blocks.length}`);
      blocks.push({ rows: node.name, row: compileRow(node) });
      used.push(node.name);
    }
  }
  const part: CompiledPart = blocks.length > 0 ? { parts, slots, blocks } : { parts, slots };
  return { part, used, fieldsUsed, problems };
}

/** Each declared field of each `rows` variable must be used by the part's row blocks. */
function checkFieldsUsed(label: string, compiled: CompiledNodes, name: TemplateName): string[] {
  const problems: string[] = [];
  for (const [variable, used] of compiled.fieldsUsed) {
    for (const field of Object.keys(rowFieldKinds(name, variable))) {
      if (!used.has(field)) problems.push(`${label}: never uses {{${variable}.${field}}} in its {{#${variable}}}…{{/${variable}}} block(s), which the code declares (ROW_FIELDS['${name}'].${variable})`);
    }
  }
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
    const mention = declared[v] === 'rows' ? `a {{#${v}}}…{{/${v}}} block` : `{{${v}}}`;
    if (!usedSet.has(v)) problems.push(`${label}: never uses ${mention}, which the code declares for '${name}'`);
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
  const subjectLabel = `${mjmlLabel} <mj-title>`;
  const htmlNodes = parseTemplate(html, mjmlLabel);
  const htmlCompiled = compileNodes(htmlNodes, name, mjmlLabel, false);
  const textCompiled = compileNodes(parseTemplate(text, textLabel, true), name, textLabel, true);
  const subjectCompiled = compileNodes(parseTemplate(subject, subjectLabel), name, subjectLabel, false);

  const problems = [
    ...htmlCompiled.problems,
    ...textCompiled.problems,
    ...subjectCompiled.problems,
    ...checkHtmlContexts(html, htmlNodes, name, mjmlLabel),
    ...listLinesInText(textCompiled.part, kinds, textLabel),
    ...subjectCompiled.used.filter((v) => kinds[v] === 'list').map((v) => `${subjectLabel}: {{${v}}} is a 'list' variable, which the subject cannot hold`),
    ...(subjectCompiled.part.blocks ? [`${subjectLabel}: the subject cannot hold sections`] : []),
    ...checkVarSets(mjmlLabel, htmlCompiled.used, kinds, declared, [], name),
    ...checkVarSets(textLabel, textCompiled.used, kinds, declared.filter((v) => !HTML_ONLY_VARS.includes(v)), [...HTML_ONLY_VARS], name),
    ...checkVarSets(subjectLabel, subjectCompiled.used, kinds, [], [...HTML_ONLY_VARS], name),
    ...checkFieldsUsed(mjmlLabel, htmlCompiled, name),
    ...checkFieldsUsed(textLabel, textCompiled, name),
  ];
  if (problems.length > 0) throw new BuildError(problems.join('\n'));

  return { subject: subjectCompiled.part, html: htmlCompiled.part, text: textCompiled.part };
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
  const part = (p: CompiledPart) => `{ parts: ${JSON.stringify(p.parts)}, slots: ${JSON.stringify(p.slots)}${p.blocks ? `, blocks: ${JSON.stringify(p.blocks)}` : ''} }`;
  const entries = Object.entries(templates).map(
    ([name, t]) =>
      `  ${JSON.stringify(name)}: {\n    subject: ${part(t.subject)},\n    html: ${part(t.html)},\n    text: ${part(t.text)},\n  },`,
  );
  return [
    '// Generated by scripts/build-emails.ts from emails/*.mjml. Do not edit: run `npm run build:emails`.',
    `// inputs: ${hash}`,
    '/* eslint-disable */',
    '/** A row block: `field`, `field|format:N` or `field=option` slots; a choice section\'s content is in cases. */',
    'export interface CompiledRow {',
    '  readonly parts: readonly string[];',
    '  readonly slots: readonly string[];',
    '  readonly cases: readonly string[];',
    '}',
    'export interface CompiledBlock {',
    '  readonly rows: string;',
    '  readonly row?: CompiledRow;',
    '  readonly empty?: string;',
    '}',
    'export interface CompiledPart {',
    '  readonly parts: readonly string[];',
    '  /** Variable names, or `#<n>` for blocks[n]. */',
    '  readonly slots: readonly string[];',
    '  readonly blocks?: readonly CompiledBlock[];',
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
  for (const [name, rows] of Object.entries(ROWS_LENGTHS)) {
    for (const [variable, bounds] of Object.entries(rows ?? {}) as [string, { min: number; max: number }][]) {
      const { min, max } = bounds;
      if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || min > max || max > ROWS_MAX_ITEMS) {
        problems.push(`functions/emails/catalogue.ts: ROWS_LENGTHS['${name}'].${variable} must have whole numbers 0 ≤ min ≤ max ≤ ${ROWS_MAX_ITEMS}`);
      }
    }
  }
  for (const name of TEMPLATE_NAMES) {
    for (const [variable, kind] of Object.entries(templateVarKinds(name))) {
      if (kind !== 'rows') continue;
      const fields = Object.entries(rowFieldKinds(name, variable));
      if (fields.length === 0) problems.push(`functions/emails/catalogue.ts: ROW_FIELDS['${name}'].${variable} declares no fields`);
      for (const [field, fieldKind] of fields) {
        if (!/^[A-Za-z][A-Za-z0-9]*$/.test(field)) problems.push(`functions/emails/catalogue.ts: ROW_FIELDS['${name}'].${variable}.${field} must be a camelCase name`);
        if (typeof fieldKind === 'object' && (fieldKind.length === 0 || fieldKind.some((o: string) => !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(o)))) {
          problems.push(`functions/emails/catalogue.ts: ROW_FIELDS['${name}'].${variable}.${field} options must be lower-case words joined by '-'`);
        }
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
