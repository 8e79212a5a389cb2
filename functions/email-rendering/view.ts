/**
 * Checks a caller's variables against the template's schema (functions/email-rendering/catalogue.ts)
 * and returns the view Mustache fills. Our own few checks rather than a validation
 * library: the same schema drives the build's placement checks (a url only as a whole
 * href, a colour only in style), and this runs on every render.
 * A missing or unknown variable throws: that is a bug in the caller, not bad input.
 * Messages name the variable but never hold its value (personal data, tokens).
 */
import { TEMPLATE_AUDIENCE, templateVarKinds, type ListKind, type RowsKind, type ScalarKind, type TemplateName, type VarKind } from './catalogue';
import { cleanHeader, isHexColour, isHttpUrl, oneLine } from './escape';

export class EmailTemplateError extends Error {
  override name = 'EmailTemplateError' as const;
}

export type View = Record<string, string | number | readonly string[] | readonly Record<string, string | number>[]>;

/** Why a scalar does not fit its kind, or undefined when it does. */
function misfit(kind: ScalarKind, value: unknown): string | undefined {
  if (kind === 'number') return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a finite number';
  if (typeof value !== 'string') return 'must be a string';
  if (kind === 'url' && !isHttpUrl(value)) return 'must be an http(s) URL';
  if (kind === 'colour' && !isHexColour(value)) return 'must be a #rrggbb colour';
  return undefined;
}

// Plain loops and no closures below: this runs for every value of every email.

function count(template: string, name: string, spec: ListKind | RowsKind, value: unknown): readonly unknown[] {
  const what = spec.kind === 'list' ? 'items' : 'records';
  if (!Array.isArray(value))
    throw new EmailTemplateError(`Template '${template}': '${name}' must be an array of ${spec.kind === 'list' ? 'strings' : 'records'}`);
  if (value.length > spec.max) throw new EmailTemplateError(`Template '${template}': '${name}' has ${value.length} ${what}, at most ${spec.max} are allowed`);
  if (value.length < spec.min) throw new EmailTemplateError(`Template '${template}': '${name}' has ${value.length} ${what}, at least ${spec.min} are required`);
  return value;
}

/** List items become one line each, as a subject does: a value cannot add lines or bullets. A clean list is used as it is. */
function listOf(template: string, name: string, spec: ListKind, value: unknown): readonly string[] {
  const items = count(template, name, spec, value);
  let lines: string[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (typeof item !== 'string') throw new EmailTemplateError(`Template '${template}': '${name}' item ${i} must be a string`);
    const line = cleanHeader(item);
    if (line === '') throw new EmailTemplateError(`Template '${template}': '${name}' item ${i} is blank`);
    if (line !== item) lines ??= (items as string[]).slice(0, i);
    lines?.push(line);
  }
  return lines ?? (items as readonly string[]);
}

/** A rows variable's fields as arrays, resolved once: renders are hot. */
const fieldLists = new WeakMap<RowsKind, { names: readonly string[]; kinds: readonly ScalarKind[] }>();

/**
 * Each record has exactly its declared fields; text fields become one line, spacing kept
 * (text lines come laid out). A record that needs no cleaning is used as it is.
 */
function rowsOf(template: string, name: string, spec: RowsKind, value: unknown): readonly Record<string, string | number>[] {
  const records = count(template, name, spec, value);
  let fields = fieldLists.get(spec);
  if (fields === undefined) fieldLists.set(spec, (fields = { names: Object.keys(spec.fields), kinds: Object.values(spec.fields) }));
  const { names, kinds } = fields;
  let rows: Record<string, string | number>[] | undefined;
  for (let r = 0; r < records.length; r++) {
    const record = records[r];
    if (typeof record !== 'object' || record === null || Array.isArray(record))
      throw new EmailTemplateError(`Template '${template}': '${name}' record ${r} must be an object`);
    const given = record as Record<string, unknown>;
    for (const key in given) {
      if (!Object.hasOwn(spec.fields, key)) throw new EmailTemplateError(`Template '${template}': '${name}' record ${r} has no field '${key}'`);
    }
    let row: Record<string, string | number> | undefined;
    for (let f = 0; f < names.length; f++) {
      const field = names[f]!;
      const v = given[field];
      const why = v === undefined || v === null ? 'is missing' : misfit(kinds[f]!, v);
      if (why !== undefined) throw new EmailTemplateError(`Template '${template}': '${name}' record ${r} field '${field}' ${why}`);
      const line = (typeof v === 'string' ? oneLine(v) : v) as string | number;
      if (line !== v && row === undefined) {
        row = {};
        for (let g = 0; g < f; g++) row[names[g]!] = given[names[g]!] as string | number;
      }
      if (row !== undefined) row[field] = line;
    }
    // Every declared field is there, checked, and no other: a clean record can be the view itself.
    if (row !== undefined) rows ??= (records as Record<string, string | number>[]).slice(0, r);
    rows?.push(row ?? (given as Record<string, string | number>));
  }
  return rows ?? (records as readonly Record<string, string | number>[]);
}

// Resolved once per template: renders are hot.
const kindsOf = new Map<TemplateName, Readonly<Record<string, VarKind>>>();

/**
 * The view: the caller's own object when every value is clean (the common case, and no
 * copy), else a copy with the cleaned lists and records. Either way only declared names
 * are ever looked up (the build checks the templates), and each was checked here.
 */
export function checkedView(template: TemplateName, vars: object): View {
  let kinds = kindsOf.get(template);
  if (kinds === undefined) kindsOf.set(template, (kinds = templateVarKinds(template)));
  const given = vars as Record<string, unknown>;
  for (const key in given) {
    if (Object.hasOwn(kinds, key)) continue;
    if (key === 'unsubscribeUrl' && TEMPLATE_AUDIENCE[template] === 'admin') {
      throw new EmailTemplateError(`Template '${template}' is an admin email: it has no participant unsubscribe link, so no variable 'unsubscribeUrl'`);
    }
    throw new EmailTemplateError(`Template '${template}' has no variable '${key}'`);
  }
  let view: View | undefined;
  for (const name in kinds) {
    const kind = kinds[name]!;
    const value = given[name];
    if (value === undefined || value === null) throw new EmailTemplateError(`Template '${template}' is missing the variable '${name}'`);
    if (typeof kind === 'string') {
      const why = misfit(kind, value);
      if (why !== undefined) throw new EmailTemplateError(`Template '${template}': '${name}' ${why}`);
      continue;
    }
    const checked = kind.kind === 'list' ? listOf(template, name, kind, value) : rowsOf(template, name, kind, value);
    if (checked !== value) (view ??= { ...(given as View) })[name] = checked;
  }
  return view ?? (given as View);
}
