/**
 * Reads settings from where they are written: the functions' environment, CDK context,
 * or a JSON edit of the program's settings. Every problem is collected, so one message
 * lists them all.
 */
import * as v from 'valibot';
import { definitionOf, SETTING_NAMES, SETTINGS, type ProgramSettingName, type ProgramSettings, type SettingName, type SettingValues } from './settings';

export class SettingsError extends Error {
  override name = 'SettingsError' as const;
  constructor(
    heading: string,
    readonly problems: string[],
  ) {
    super(`${heading}\n  ${problems.join('\n  ')}`);
  }
}

type Source = 'env' | 'context';

/** Unset, or set to nothing (`-c key=`, `KEY=`): the default applies. */
const isUnset = (raw: unknown) => raw === undefined || raw === null || raw === '';

function parseOne(name: SettingName, raw: unknown, source: Source, problems: string[]): unknown {
  const definition = definitionOf(name);
  const label = source === 'env' ? definition.env! : name;
  if (isUnset(raw)) {
    if (definition.default === undefined && source === 'env') problems.push(`${label} is required`);
    return definition.default;
  }
  const kind = (source === 'context' && definition.contextKind ? definition.contextKind : definition.kind)(label);
  const result = v.safeParse(kind.schema, typeof raw === 'string' ? kind.fromText(raw) : raw);
  if (result.success) return result.output;
  problems.push(...result.issues.slice(0, 1).map((issue) => (issue.message.startsWith(label) ? issue.message : `${label}: ${issue.message}`)));
  return undefined;
}

/**
 * The settings the functions read from their environment (those with an `env` name).
 * A value missing from the environment takes its default; one without a default is required.
 */
export function readEnvironmentSettings(env: Record<string, string | undefined>): Pick<SettingValues, EnvSettingName> {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const name of ENV_SETTING_NAMES) out[name] = parseOne(name, env[definitionOf(name).env!], 'env', problems);
  if (problems.length) throw new SettingsError('Invalid configuration', problems);
  return out as Pick<SettingValues, EnvSettingName>;
}

/** The CDK context's settings: `get(key)` is `node.tryGetContext`. Unset settings without a default stay undefined. */
export function readContextSettings(names: readonly SettingName[], get: (key: string) => unknown): Partial<SettingValues> {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const name of names) out[name] = parseOne(name, get(name), 'context', problems);
  if (problems.length) throw new SettingsError('Invalid CDK context', problems);
  return out as Partial<SettingValues>;
}

/** Settings an admin may edit as the program's data: the keys of the settings document. */
export const PROGRAM_SETTING_NAMES = SETTING_NAMES.filter((name) => definitionOf(name).scope === 'program') as ProgramSettingName[];

/** One problem of a settings document, at a dotted path (`goals.0.deadline`). */
export interface SettingsIssue {
  path: string;
  message: string;
}

/** Most issues reported for one document: a hostile document gets a readable answer, not thousands of lines. */
const MAX_ISSUES = 50;

/** Unknown top-level keys are reported by `parseProgramDocument` itself, every one (a strict object names only the first). */
const DOCUMENT = v.object(
  Object.fromEntries(PROGRAM_SETTING_NAMES.map((name) => [name, definitionOf(name).kind(name).schema])) as Record<ProgramSettingName, v.GenericSchema>,
);

const unknownKeyMessage = (key: string) =>
  SETTING_NAMES.includes(key as SettingName) ? 'a deploy-time setting, changed by a redeploy only' : 'no such setting';

function issuesOf(issues: readonly v.BaseIssue<unknown>[]): SettingsIssue[] {
  return issues.slice(0, MAX_ISSUES).map((issue) => {
    const path = (issue.path ?? []).map((p) => String(p.key)).join('.');
    const top = String(issue.path?.[0]?.key ?? '');
    const unknownKey = issue.type === 'strict_object' && issue.expected === 'never';
    const message = unknownKey ? (path.includes('.') ? 'unknown field' : unknownKeyMessage(top)) : issue.message;
    return { path, message };
  });
}

/**
 * Checks a whole settings document (`PUT /admin/api/program`): every program setting,
 * nothing else, each valid for its kind. Problems come with dotted paths.
 */
export function parseProgramDocument(document: unknown): { ok: true; settings: ProgramSettings } | { ok: false; issues: SettingsIssue[] } {
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    return { ok: false, issues: [{ path: '', message: 'expected an object of settings' }] };
  const unknown: SettingsIssue[] = Object.keys(document)
    .filter((key) => !(PROGRAM_SETTING_NAMES as string[]).includes(key))
    .slice(0, MAX_ISSUES)
    .map((key) => ({ path: key.length > 60 ? `${key.slice(0, 60)}…` : key, message: unknownKeyMessage(key) }));
  const result = v.safeParse(DOCUMENT, document);
  if (result.success && unknown.length === 0) return { ok: true, settings: result.output as ProgramSettings };
  return { ok: false, issues: [...(result.success ? [] : issuesOf(result.issues)), ...unknown].slice(0, MAX_ISSUES) };
}

/**
 * Checks an edit of some of the program's settings (a JSON object of setting names to typed
 * values): only program settings, each valid for its kind. Returns the checked values.
 */
export function parseProgramSettings(edit: unknown): Partial<ProgramSettings> {
  if (typeof edit !== 'object' || edit === null || Array.isArray(edit)) throw new SettingsError('Invalid program settings', ['expected an object of settings']);
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(edit)) {
    const name = key as SettingName;
    if (!SETTING_NAMES.includes(name)) problems.push(`${key}: no such setting`);
    else if (definitionOf(name).scope !== 'program') problems.push(`${key}: a deploy-time setting, changed by a redeploy only`);
    else {
      const result = v.safeParse(definitionOf(name).kind(key).schema, value);
      if (result.success) out[key] = result.output;
      else
        for (const issue of issuesOf(result.issues).slice(0, 1))
          problems.push(issue.message.startsWith(key) ? issue.message : `${[key, issue.path].filter(Boolean).join('.')}: ${issue.message}`);
    }
  }
  if (problems.length) throw new SettingsError('Invalid program settings', problems);
  return out as Partial<ProgramSettings>;
}

type EnvSettingName = { [N in SettingName]: (typeof SETTINGS)[N] extends { env: string } ? N : never }[SettingName];
const ENV_SETTING_NAMES = SETTING_NAMES.filter((name) => definitionOf(name).env !== undefined) as EnvSettingName[];

/** The environment variables of the settings that have one, from their values. */
export function settingsEnvironment(values: Pick<SettingValues, EnvSettingName>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ENV_SETTING_NAMES) {
    const definition = definitionOf(name);
    const value = values[name];
    if (value !== undefined) env[definition.env!] = definition.kind(definition.env!).toText(value as never);
  }
  return env;
}
