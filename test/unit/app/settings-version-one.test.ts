/** Version 1 of the program settings is written when a job starts or an admin acts, never by a GET. */
import { describe, expect, it } from 'vitest';
import { currentConfig, withCurrentConfig } from '../../../functions/app/support/current-config';
import { readProgramSettings, settingsHistory, updateProgramSettings } from '../../../functions/app/use-cases/admin/program-settings';
import { createApp } from '../../../functions/http/app';
import type { AdminPrincipal } from '../../../functions/ports';
import { MemoryProgramSettings, memoryDeps, testConfig } from '../../support/fakes';

const admin: AdminPrincipal = { adminId: 'adm-1', email: 'boss@example.com', via: 'session', credentialId: 's-1' };

function program() {
  const settingsStore = new MemoryProgramSettings();
  const env = memoryDeps({ config: testConfig({ meetingCadenceDays: 14 }), settingsStore });
  const stored = () => settingsStore.versions.get(env.deps.config.id) ?? [];
  return { env, settingsStore, stored };
}

describe('settings version 1', () => {
  it('is not written by public GETs, nor by reading the settings; reads see the deploy-time values as version 1', async () => {
    const { env, stored } = program();
    const app = createApp(env.deps, { clientAddress: () => '203.0.113.9' });
    for (const path of ['/signup', '/thanks', '/health', '/admin', '/no-such-page']) await app.request(path);
    expect(stored()).toEqual([]);
    expect((await currentConfig(env.deps)).meetingCadenceDays).toBe(14);
    const read = await readProgramSettings({ ...env.deps });
    expect(read).toMatchObject({ version: 1, updatedBy: 'deploy' });
    expect((await settingsHistory(env.deps, { limit: 10 })).versions.map((v) => v.version)).toEqual([1]);
    expect(stored()).toEqual([]);
  });

  it('is written when a job starts, once, and the job runs on it', async () => {
    const { env, stored } = program();
    const live = await withCurrentConfig(env.deps);
    expect(live.config.meetingCadenceDays).toBe(14);
    expect(stored()).toMatchObject([{ version: 1, updatedBy: 'deploy', settings: { meetingCadenceDays: 14 } }]);
    await withCurrentConfig(env.deps);
    expect(stored()).toHaveLength(1);
  });

  it('is written before an admin’s first edit, which becomes version 2; a redeploy does not undo the edit', async () => {
    const { env, stored } = program();
    const current = await readProgramSettings(env.deps);
    const outcome = await updateProgramSettings(env.deps, admin, { ...current.settings, meetingCadenceDays: 7 }, 1);
    expect(outcome).toMatchObject({ outcome: 'updated', current: { version: 2 } });
    expect(stored().map((v) => [v.version, v.updatedBy, v.settings.meetingCadenceDays])).toEqual([
      [1, 'deploy', 14],
      [2, 'adm-1', 7],
    ]);
    const redeployed = { ...env.deps, config: { ...env.deps.config, meetingCadenceDays: 21 } };
    expect((await withCurrentConfig(redeployed)).config.meetingCadenceDays).toBe(7);
  });
});
