/**
 * An admin replaces the program's settings document: checked whole against the settings
 * schema, written as the next version (never over another admin's edit when the caller
 * names the version it edited), and recorded in the audit log by version number.
 */
import { parseProgramDocument, type SettingsIssue } from '../../../settings/read';
import type { AdminPrincipal, SettingsVersionPage } from '../../../ports';
import { currentSettings, settingsVersions, type CurrentSettings } from '../../support/current-config';
import type { AdminDeps } from '../../support/deps';

export type UpdateOutcome =
  | { outcome: 'updated'; current: CurrentSettings }
  | { outcome: 'invalid'; issues: SettingsIssue[] }
  /** `expectedVersion` is not the current version any more. */
  | { outcome: 'conflict'; currentVersion: number };

/** Attempts at "last write wins" (no expected version) when other writes keep landing in between. */
const ATTEMPTS = 5;

export type ProgramSettingsDeps = Pick<AdminDeps, 'config' | 'clock' | 'settingsStore' | 'audit' | 'log'>;

export function readProgramSettings(deps: ProgramSettingsDeps): Promise<CurrentSettings> {
  return currentSettings(deps);
}

export async function updateProgramSettings(
  deps: ProgramSettingsDeps,
  admin: AdminPrincipal,
  document: unknown,
  expectedVersion?: number,
): Promise<UpdateOutcome> {
  const parsed = parseProgramDocument(document);
  if (!parsed.ok) return { outcome: 'invalid', issues: parsed.issues };
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    // Version 1 is stored before the edit: the history starts with the deploy-time values.
    const base = await currentSettings(deps, { write: true });
    if (expectedVersion !== undefined && expectedVersion !== base.version) return { outcome: 'conflict', currentVersion: base.version };
    const version = base.version + 1;
    const at = deps.clock.now().toISOString();
    const written = await deps.settingsStore.write(deps.config.id, { version, updatedAt: at, updatedBy: admin.adminId, settings: { ...parsed.settings } });
    if (written === 'conflict') {
      if (expectedVersion !== undefined) return { outcome: 'conflict', currentVersion: version };
      continue;
    }
    await deps.audit.record(deps.config.id, { at, actorId: admin.adminId, action: 'settings.update', targets: [`settings-v${version}`], details: { version } });
    return { outcome: 'updated', current: { ...base, version, updatedAt: at, updatedBy: admin.adminId, settings: parsed.settings } };
  }
  throw new Error(`settings: ${ATTEMPTS} writes in a row lost to concurrent edits`);
}

/** Every version, newest first. */
export async function settingsHistory(deps: ProgramSettingsDeps, options: { limit: number; cursor?: string }): Promise<SettingsVersionPage> {
  // Never empty: before version 1 is written (a GET writes nothing), it is shown as it would be.
  return settingsVersions(deps, options);
}
