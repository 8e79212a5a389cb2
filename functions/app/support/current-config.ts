/**
 * The program's current settings version, and the configuration every email and job
 * reads: the deploy-time `ProgramConfig` (deps.config) with the current version laid
 * over it. Version 1 is written from the deploy-time values when a job starts
 * (`withCurrentConfig`: the hourly heartbeat, follow-ups, replies), when an admin signs in or
 * edits the settings: never as a side effect of a GET. Until then, reads see version 1 as it
 * would be written (the same values). After that the data wins, and a redeploy changes only
 * what the console shows as "deploy default".
 *
 * Handlers and jobs call `withCurrentConfig(deps)` once per invocation; the HTTP API
 * reads (never writes) once per request through a short cache (`CachedSettingsStore`).
 */
import * as v from 'valibot';
import { defaultGoals, type ProgramConfig } from '../../domain/program';
import { PROGRAM_SETTING_NAMES } from '../../settings/read';
import { definitionOf, type ProgramSettings } from '../../settings/settings';
import type { Clock, ProgramSettingsStore, SettingsVersionPage, StoredSettingsVersion } from '../../ports';

/** Who wrote version 1. */
export const DEPLOY_AUTHOR = 'deploy';

export interface SettingsDeps {
  config: ProgramConfig;
  deployConfig?: ProgramConfig;
  clock: Clock;
  settingsStore: ProgramSettingsStore;
  log?: (event: string, fields?: Record<string, string | number | boolean>) => void;
}

export interface CurrentSettings {
  version: number;
  updatedAt: string;
  updatedBy: string;
  settings: ProgramSettings;
  /**
   * The deploy-time values (env / CDK context, code defaults): the console marks where the current version
   * differs. Goals have none: version 1 holds the default goals of the year it was written in, as data.
   */
  deployDefaults: Omit<ProgramSettings, 'goals'>;
}

/** The settings document of a configuration with `goals`: version 1 is this document of the deploy-time configuration and the default goals. */
export function settingsOf(config: ProgramConfig, goals: ProgramConfig['goals']): ProgramSettings {
  return {
    identityLine: config.identityLine,
    meetingCadenceDays: config.meetingCadenceDays,
    mentorshipWeeks: config.mentorshipWeeks,
    incentiveMeetings: config.incentiveMeetings,
    rewardDescription: config.rewardDescription,
    allowedEmailDomains: config.allowedEmailDomains,
    signupsNeedApproval: config.signupsNeedApproval,
    matchingMode: config.matchingMode,
    choiceDays: config.choiceDays,
    firstMeetingMinutes: config.firstMeetingMinutes,
    toolLinks: config.toolLinks,
    matchingCron: config.matchingCron,
    digestCron: config.digestCron,
    goals,
    guidelines: config.guidelines,
    webinar: config.webinar,
    iceBreakers: config.iceBreakers,
    conversationStarters: config.conversationStarters,
  };
}

/** The configuration with a settings version laid over it. */
export function applySettings(config: ProgramConfig, settings: ProgramSettings): ProgramConfig {
  return { ...config, ...settings };
}

/**
 * A stored document as the current schema reads it: each setting checked by its kind; one
 * that is missing (added since the version was written) or no longer valid takes the
 * deploy-time value, so an old version never stops the program.
 */
export function normalise(stored: Record<string, unknown>, defaults: ProgramSettings): { settings: ProgramSettings; replaced: string[] } {
  const out: Record<string, unknown> = {};
  const replaced: string[] = [];
  for (const name of PROGRAM_SETTING_NAMES) {
    const result = Object.hasOwn(stored, name) ? v.safeParse(definitionOf(name).kind(name).schema, stored[name]) : undefined;
    if (result?.success) out[name] = result.output;
    else {
      out[name] = defaults[name];
      replaced.push(name);
    }
  }
  return { settings: out as ProgramSettings, replaced };
}

const yearOf = (iso: string) => new Date(iso).getUTCFullYear();

/** The deploy-time document, with the default goals of the year version 1 was written in (so they match it). */
function deployDefaults(config: ProgramConfig, firstWrittenAt: string): ProgramSettings {
  return settingsOf(config, defaultGoals(yearOf(firstWrittenAt)));
}

/** Version 1 as written at `at`: the deploy-time values and that year's default goals. */
function firstVersion(base: ProgramConfig, at: string): StoredSettingsVersion {
  return { version: 1, updatedAt: at, updatedBy: DEPLOY_AUTHOR, settings: { ...deployDefaults(base, at) } };
}

/**
 * How a caller reads the settings: `write` (jobs, an admin's POST) writes version 1 when there is
 * none yet; a plain read (every HTTP request, GETs included) never writes and sees version 1 as
 * it would be written now.
 */
export interface ReadOptions {
  write?: boolean;
}

/** The stored current version; with `write`, version 1 is written from the deploy-time values if there is none yet (idempotent: concurrent first writers agree). */
async function currentStored(deps: SettingsDeps, base: ProgramConfig, options: ReadOptions): Promise<StoredSettingsVersion> {
  const stored = await deps.settingsStore.current(base.id);
  if (stored) return stored;
  const first = firstVersion(base, deps.clock.now().toISOString());
  if (!options.write) return first;
  if ((await deps.settingsStore.write(base.id, first)) === 'written') {
    deps.log?.('settings_version_1_written');
    return first;
  }
  const winner = await deps.settingsStore.current(base.id);
  if (!winner) throw new Error('settings version 1 was written by someone else but cannot be read');
  return winner;
}

/** Writes version 1 unless a version exists (a job's start, an admin's sign-in): what makes the deploy-time values data. */
export async function ensureFirstSettingsVersion(deps: SettingsDeps): Promise<void> {
  await currentStored(deps, deployTime(deps), { write: true });
}

/** The versions stored, newest first; before version 1 is written, version 1 as it would be (so the history is never empty). */
export async function settingsVersions(deps: SettingsDeps, options: { limit: number; cursor?: string }): Promise<SettingsVersionPage> {
  const page = await deps.settingsStore.history(deployTime(deps).id, options);
  if (page.versions.length === 0 && options.cursor === undefined) return { versions: [firstVersion(deployTime(deps), deps.clock.now().toISOString())] };
  return page;
}

/** The deploy-time configuration of `deps`. */
const deployTime = (deps: SettingsDeps) => deps.deployConfig ?? deps.config;

export async function currentSettings(deps: SettingsDeps, options: ReadOptions = {}): Promise<CurrentSettings> {
  const base = deployTime(deps);
  const stored = await currentStored(deps, base, options);
  const defaults = deployDefaults(base, stored.updatedAt);
  const { settings, replaced } = normalise(stored.settings, defaults);
  if (replaced.length) deps.log?.('settings_defaults_used', { version: stored.version, settings: replaced.join(',') });
  const { goals: _goals, ...deployTimeValues } = defaults;
  return { version: stored.version, updatedAt: stored.updatedAt, updatedBy: stored.updatedBy, settings, deployDefaults: deployTimeValues };
}

/** The configuration the current settings version makes. */
export async function currentConfig(deps: SettingsDeps, options: ReadOptions = {}): Promise<ProgramConfig> {
  return applySettings(deployTime(deps), (await currentSettings(deps, options)).settings);
}

/**
 * The same dependencies, their `config` the current one: what a job or handler uses for one invocation.
 * A job's start writes version 1 if there is none yet (the hourly heartbeat does it soon after a deploy).
 */
export async function withCurrentConfig<D extends SettingsDeps>(deps: D): Promise<D> {
  return { ...deps, config: await currentConfig(deps, { write: true }), deployConfig: deployTime(deps) };
}

/**
 * The HTTP API's dependencies: `deps` itself for every port (tests may swap one after the app
 * is built), with the settings store read through a short cache, and `config` the current
 * version's as of the last `refresh()` (called at the start of each request).
 */
export function liveDeps<D extends SettingsDeps>(deps: D, ttlMs?: number): { deps: D; refresh: () => Promise<void> } {
  const settingsStore = new CachedSettingsStore(deps.settingsStore, deps.clock, ttlMs);
  let config: ProgramConfig | undefined;
  const live = new Proxy(deps, {
    get(target, key, receiver) {
      if (key === 'config') return config ?? deployTime(target);
      if (key === 'deployConfig') return deployTime(target);
      if (key === 'settingsStore') return settingsStore;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return {
    deps: live,
    refresh: async () => {
      const deployConfig = deployTime(deps);
      config = await currentConfig({ config: deployConfig, deployConfig, clock: deps.clock, settingsStore, log: deps.log });
    },
  };
}

/**
 * Keeps the current version for `ttlMs` (the HTTP API reads it on every request); a write
 * through this store is seen at once by this instance, others within `ttlMs`.
 */
export class CachedSettingsStore implements ProgramSettingsStore {
  private cached: { programId: string; value: StoredSettingsVersion; until: number } | undefined;
  constructor(
    private readonly inner: ProgramSettingsStore,
    private readonly clock: Clock,
    private readonly ttlMs = 15_000,
  ) {}

  async current(programId: string): Promise<StoredSettingsVersion | undefined> {
    const now = this.clock.now().getTime();
    if (this.cached && this.cached.programId === programId && now < this.cached.until) return this.cached.value;
    const value = await this.inner.current(programId);
    this.cached = value ? { programId, value, until: now + this.ttlMs } : undefined;
    return value;
  }

  async write(programId: string, version: StoredSettingsVersion): Promise<'written' | 'conflict'> {
    this.cached = undefined;
    return this.inner.write(programId, version);
  }

  history(programId: string, options: { limit: number; cursor?: string }): Promise<SettingsVersionPage> {
    return this.inner.history(programId, options);
  }
}
