/**
 * Program settings as data, end to end on DynamoDB Local and the SES emulator: an admin changes a
 * goal through `PUT /admin/api/program`, and the next digest the heartbeat sends measures it; a
 * second heartbeat for the same scheduled time sends nothing more.
 */
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { describe, expect, it } from 'vitest';
import type { AdminDeps } from '../../functions/app/support/deps';
import { runIfDue } from '../../functions/app/use-cases/run-recurring';
import { sendDigest } from '../../functions/app/use-cases/send-digest';
import type { AdminEnv } from '../../functions/http/admin/env';
import { settingsRoutes } from '../../functions/http/admin/settings';
import { FixedClock, MemoryAuditLog, testConfig } from '../support/fakes';
import { inbox, integrationDeps, uniqueEmail } from '../support/local-services';

describe('program settings on DynamoDB Local', () => {
  it('a goal changed through PUT /admin/api/program is in the next digest the heartbeat sends, once', async () => {
    const admin = uniqueEmail('admin');
    const clock = new FixedClock(new Date('2026-11-30T07:30:00Z'));
    const { deps: base } = await integrationDeps(clock, testConfig({ admins: [admin] }));
    const audit = new MemoryAuditLog();
    const deps: AdminDeps = { ...base, audit };
    const app = new Hono<AdminEnv>();
    app.use(createMiddleware<AdminEnv>(async (c, next) => (c.set('admin', { adminId: 'adm_7', email: admin, via: 'key', credentialId: 'key_1' }), next())));
    app.route('/', settingsRoutes({ deps, options: { clientAddress: () => undefined } }));

    const { version, settings } = (await (await app.request('/admin/api/program')).json()) as {
      version: number;
      settings: { goals: { description: string }[] } & Record<string, unknown>;
    };
    expect(version).toBe(1);
    const goals = [{ ...settings.goals[0]!, description: 'Every mentee matched within two rounds' }, ...settings.goals.slice(1)];
    const put = await app.request('/admin/api/program', {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'if-match': '1' },
      body: JSON.stringify({ ...settings, goals }),
    });
    expect(put.status).toBe(200);
    expect(audit.entries[0]).toMatchObject({ action: 'settings.update', actorId: 'adm_7', details: { version: 2 } });

    // The digest's heartbeat at 08:00 (digestCron Monday 08:00 UTC), then a repeated one.
    clock.current = new Date('2026-11-30T08:00:00Z');
    const first = await runIfDue(base, 'digest', clock.now(), (live) => sendDigest(live, clock.now()));
    expect(first).toMatchObject({ ran: true, scheduledFor: '2026-11-30T08:00:00.000Z' });
    const again = await runIfDue(base, 'digest', new Date('2026-11-30T09:00:00Z'), (live) => sendDigest(live, clock.now()));
    expect(again).toMatchObject({ ran: false, reason: 'already_run' });

    const digests = await inbox(admin);
    expect(digests).toHaveLength(1);
    expect(digests[0]!.body.text).toContain('Every mentee matched within two rounds');
    expect(digests[0]!.body.html).toContain('Every mentee matched within two rounds');
  });
});
