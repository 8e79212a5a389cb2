/**
 * Checks one part of a template (subject, compiled HTML or plain text) against its
 * schema, on Mustache's own parse of it: every placeholder names a declared variable,
 * or inside a `{{#list}}`/`{{#rows}}` section the item `{{.}}`/a field of the record;
 * no unescaped `{{{…}}}`/`{{&…}}`, partials or delimiter changes; sections only over
 * lists and rows, never nested, never in the subject; an empty state `{{^rows}}` holds
 * static content only. In the HTML, each value must stand where escaping makes it safe
 * (./html-contexts.ts): a `url` as a whole href="…" (or in text), a `number` also in
 * width/height/style, a `colour` only in style, anything else in text or a text
 * attribute; a section opens and closes in text and holds whole elements.
 */
import Mustache from 'mustache';
import type { ListKind, RowsKind, ScalarKind, VarKind } from '../../functions/email-rendering/catalogue';
import { contextAt, htmlRegions, unbalanced } from './html-contexts';

export type PartName = 'subject' | 'html' | 'text';

/** Mustache's token: type, name or text, start and end offsets, then (sections) children and where the closing tag starts. */
type Token = [type: string, value: string, start: number, end: number, children?: Token[], closeAt?: number];

/** What the renderer needs of a token: its type, text or name, and a section's children (offsets only serve these checks). */
export type RenderToken = [type: string, value: string] | [type: string, value: string, start: 0, end: 0, children: RenderToken[]];

export interface PartUse {
  /** The part pre-tokenized for render.ts: Mustache's own parse is too slow for a cold start (~0.5 s for all templates). */
  tokens: RenderToken[];
  /** Top-level variables used (a section over a list or rows counts; an empty state does not). */
  vars: Set<string>;
  /** Fields used, per rows variable. */
  fields: Map<string, Set<string>>;
  problems: string[];
}

const TEXT_ATTRIBUTES = new Set(['alt', 'title', 'aria-label']);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'background', 'cite', 'poster']);
/** Attributes a `number` may also stand in: digits, '.', '-', '+' and 'e' are harmless there. */
const NUMBER_ATTRIBUTES = new Set(['width', 'height', 'style']);

type Ranges = ReturnType<typeof htmlRegions>;

function placementProblem(ranges: Ranges, token: Token, kind: ScalarKind, where: string): string | undefined {
  const context = contextAt(ranges, token[2], token[3] - token[2]);
  if (context.kind === 'forbidden') return `${where} is inside ${context.where}, where escaping cannot make it safe`;
  if (context.kind === 'text') return kind === 'colour' ? `${where} is a 'colour': it may only stand in a style="…" attribute` : undefined;
  const attribute = context.name;
  if (URL_ATTRIBUTES.has(attribute)) {
    if (kind !== 'url') return `${where} is in ${attribute}="…" but is not declared as a 'url' variable`;
    return context.whole ? undefined : `${where} must be the whole ${attribute}="…" value`;
  }
  if (TEXT_ATTRIBUTES.has(attribute) && kind !== 'colour') return undefined;
  if (kind === 'number' && NUMBER_ATTRIBUTES.has(attribute)) return undefined;
  if (kind === 'colour' && attribute === 'style') return undefined;
  return `${where} is in a ${attribute}="…" attribute; only text attributes (${[...TEXT_ATTRIBUTES].join(', ')}), a whole href, a number in ${[...NUMBER_ATTRIBUTES].join('/')} or a colour in style may hold one`;
}

const forRender = (tokens: Token[]): RenderToken[] =>
  tokens.map(([type, value, , , children]) => (type === '#' || type === '^' ? [type, value, 0, 0, forRender(children ?? [])] : [type, value]));

export function checkPart(source: string, part: PartName, kinds: Readonly<Record<string, VarKind>>, file: string): PartUse {
  const use: PartUse = { tokens: [], vars: new Set(), fields: new Map(), problems: [] };
  const problem = (message: string) => use.problems.push(`${file}: ${message}`);
  let tokens: Token[];
  try {
    tokens = Mustache.parse(source) as Token[];
  } catch (err) {
    problem(`malformed template: ${(err as Error).message}`);
    return use;
  }
  const ranges = part === 'html' ? htmlRegions(source, file) : undefined;
  const tag = (token: Token) => source.slice(token[2], token[3]);
  const place = (token: Token, kind: ScalarKind) => {
    const found = ranges && placementProblem(ranges, token, kind, tag(token));
    if (found) problem(found);
  };

  /** A section's scope: the list or rows variable it repeats, or an empty state (static only). */
  type Scope = { name: string; kind: ListKind | RowsKind; empty: boolean } | undefined;

  const walk = (list: Token[], scope: Scope) => {
    for (const token of list) {
      const [type, name] = token;
      if (type === 'text') continue;
      if (type === '&' || type === '{') {
        problem(`${tag(token)} is not escaped: every value must be written as {{name}}, which is`);
      } else if (type === '>' || type === '=') {
        problem(`${tag(token)}: partials and delimiter changes are not used (share markup with <mj-include>)`);
      } else if (type === '!') {
        continue;
      } else if (scope?.empty) {
        problem(`{{^${scope.name}}} holds static content only, but ${tag(token)} stands in it`);
      } else if (type === '#' || type === '^') {
        section(token, scope);
      } else if (scope === undefined) {
        variable(token, name);
      } else if (scope.kind.kind === 'list') {
        if (name === '.') place(token, 'text');
        else problem(`${tag(token)} stands in {{#${scope.name}}}…{{/${scope.name}}}, where only the item {{.}} may stand`);
      } else {
        const kind = scope.kind.fields[name];
        if (kind === undefined) {
          problem(
            `${tag(token)} stands in {{#${scope.name}}}…{{/${scope.name}}}, where only its records' fields (${Object.keys(scope.kind.fields).join(', ')}) may stand`,
          );
        } else {
          const fields = use.fields.get(scope.name) ?? new Set<string>();
          use.fields.set(scope.name, fields.add(name));
          place(token, kind);
        }
      }
    }
  };

  const variable = (token: Token, name: string) => {
    const kind = kinds[name];
    if (name === '.') return problem(`{{.}} stands outside a list section`);
    use.vars.add(name);
    if (kind === undefined) return; // reported with the other undeclared variables
    if (typeof kind === 'string') return place(token, kind);
    problem(`${tag(token)} is a '${kind.kind}' variable: repeat it in a section {{#${name}}}…{{/${name}}}`);
  };

  const section = (token: Token, scope: Scope) => {
    const [type, name, start, end, children = [], closeAt = end] = token;
    const open = tag(token);
    if (part === 'subject') return problem(`the subject cannot hold sections (${open})`);
    if (scope !== undefined) return problem(`${open} stands in {{#${scope.name}}}…{{/${scope.name}}}: sections do not nest`);
    const kind = kinds[name];
    if (kind === undefined || typeof kind === 'string') return problem(`${open} opens a section, but '${name}' is not a 'list' or 'rows' variable`);
    if (ranges) {
      const inText = contextAt(ranges, start, end - start).kind === 'text' && contextAt(ranges, closeAt, 2).kind === 'text';
      const whyNot = unbalanced(source.slice(end, closeAt));
      if (!inText) problem(`${open} must open and close in HTML text`);
      else if (whyNot) problem(`the content of ${open} must be whole elements (it is repeated or left out): ${whyNot}`);
    }
    if (type === '#') use.vars.add(name);
    walk(children, { name, kind, empty: type === '^' });
  };

  walk(tokens, undefined);
  use.tokens = forRender(tokens);
  return use;
}
