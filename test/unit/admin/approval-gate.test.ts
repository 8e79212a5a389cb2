/** The approval gate: with sign-ups needing approval, a confirmed newcomer waits for an admin, out of the matching pool; without it, nothing changes. */
import { describe, expect, it } from 'vitest';
import { confirmAddress } from '../../../functions/app/use-cases/confirm';
import { signUp } from '../../../functions/app/use-cases/sign-up';
import { approveParticipant } from '../../../functions/app/use-cases/admin/people';
import { runMatching } from '../../../functions/app/use-cases/run-matching';
import { statusAfterConfirming } from '../../../functions/domain/participant';
import { validateSignup } from '../../../functions/domain/signup-schema';
import { createApp } from '../../../functions/http/app';
import { signupRecord, testConfig } from '../../support/fakes';
import { ADMIN, adminDeps } from '../../support/admin-people';

const linkIn = (text: string, route: string) => new RegExp(`/${route}/(\\S+)`).exec(text)![1]!;
const valid = (o: Record<string, unknown>) => {
  const r = validateSignup(signupRecord(o));
  if (!r.ok) throw new Error('fixture');
  return r.value;
};

describe('statusAfterConfirming', () => {
  it('sends only never-admitted people to approval, and only while approval is on', () => {
    expect(statusAfterConfirming({}, true)).toBe('awaiting_approval');
    expect(statusAfterConfirming({ confirmedAt: '2026-01-01T00:00:00Z' }, true)).toBe('waiting');
    expect(statusAfterConfirming({}, false)).toBe('waiting');
  });
});

describe('approval gate', () => {
  async function signedUpAndConfirmed(signupsNeedApproval: boolean) {
    const env = adminDeps({ signupsNeedApproval });
    const mentor = await signUp(env.deps, valid({ role: 'mentor', email: 'mentor@example.com', skills: ['compilers'] }), { key: 'a' });
    const mentee = await signUp(env.deps, valid({ role: 'mentee', email: 'mentee@example.com', skills: ['compilers'], capacity: undefined }), { key: 'b' });
    for (const email of env.mailer.sent.filter((m) => m.tags.template === 'confirm')) await confirmAddress(env.deps, linkIn(email.text, 'confirm'));
    return { ...env, ids: [mentor.participantId, mentee.participantId] };
  }

  it('keeps confirmed newcomers out of the pool until an admin approves them', async () => {
    const { deps, participants, ids } = await signedUpAndConfirmed(true);
    expect(ids.map((id) => participants.byId.get(id)?.status)).toEqual(['awaiting_approval', 'awaiting_approval']);
    expect((await runMatching(deps, deps.clock.now())).pairsCreated).toBe(0);
    for (const id of ids) await approveParticipant(deps, ADMIN, id);
    expect(ids.map((id) => participants.byId.get(id)?.status)).toEqual(['waiting', 'waiting']);
    expect((await runMatching(deps, deps.clock.now())).pairsCreated).toBe(1);
  });

  it('changes nothing when approval is off', async () => {
    const { participants, ids } = await signedUpAndConfirmed(false);
    expect(ids.map((id) => participants.byId.get(id)?.status)).toEqual(['waiting', 'waiting']);
  });

  it('tells the person on the confirmation page that their sign-up waits for approval', async () => {
    const env = adminDeps({ signupsNeedApproval: true });
    await signUp(env.deps, valid({ email: 'page@example.com' }), { key: 'c' });
    const token = linkIn(env.mailer.sent[0]!.text, 'confirm');
    const app = createApp(env.deps, { clientAddress: () => '203.0.113.9' });
    const res = await app.request(`/confirm/${token}`, {
      method: 'POST',
      body: '',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(testConfig().publicUrl).origin },
    });
    const html = await res.text();
    expect(html).toContain('waiting for approval');
    expect(html).not.toContain("You're in the matching pool");
  });
});
