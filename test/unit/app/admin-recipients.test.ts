/** Admin mail goes to the admins stored as data (added and removed in the console), not to ADMIN_EMAILS as deployed. */
import { describe, expect, it } from 'vitest';
import { addAdmin, removeAdmin } from '../../../functions/app/use-cases/admin/manage-access';
import { ensureAdminsSeeded } from '../../../functions/app/use-cases/admin/sign-in';
import { sendDigest } from '../../../functions/app/use-cases/send-digest';
import type { AdminPrincipal } from '../../../functions/ports';
import { memoryDeps, testConfig } from '../../support/fakes';

const WEEK_MS = 7 * 86_400_000;
const by: AdminPrincipal = { adminId: 'adm_first', email: 'first@example.com', via: 'session', credentialId: 's1' };

function program() {
  const env = memoryDeps({ config: testConfig({ admins: ['First@Example.com', 'second@example.com'] }) });
  let week = 0;
  /** A digest for a new report week, and who it went to. */
  const digestTo = async () => {
    const at = new Date(env.clock.current.getTime() + week++ * WEEK_MS);
    env.clock.current = at;
    const before = env.mailer.sent.length;
    await sendDigest(env.deps, at);
    return env.mailer.sent
      .slice(before)
      .flatMap((email) => email.to)
      .sort();
  };
  return { env, digestTo };
}

describe('admin mail recipients', () => {
  it('before anyone signs in (no admins stored yet), the digest goes to the ADMIN_EMAILS seed', async () => {
    const { env, digestTo } = program();
    expect(await env.admins.list(env.deps.config.id)).toEqual([]);
    expect(await digestTo()).toEqual(['first@example.com', 'second@example.com']);
  });

  it('an admin added in the console gets the next digest; one removed no longer does', async () => {
    const { env, digestTo } = program();
    await ensureAdminsSeeded(env.deps);
    await addAdmin(env.deps, by, { email: 'third@example.com' });
    expect(await digestTo()).toEqual(['first@example.com', 'second@example.com', 'third@example.com']);
    await removeAdmin(env.deps, by, { email: 'second@example.com' });
    expect(await digestTo()).toEqual(['first@example.com', 'third@example.com']);
  });

  it('the escalation-style notices follow the same list (the sender’s quota notice reads it too)', async () => {
    const { env } = program();
    await ensureAdminsSeeded(env.deps);
    await removeAdmin(env.deps, by, { email: 'first@example.com' });
    expect(await env.senderDeps.adminAddresses.list(env.deps.config.id, ['first@example.com', 'second@example.com'])).toEqual(['second@example.com']);
  });
});
