/** The console's pair page shows the first meeting: when, where it stands, each member's answer. */
import { describe, expect, it } from 'vitest';
import { peopleRoutes } from '../../../functions/http/admin/people';
import { answerInvitation } from '../../../functions/app/use-cases/first-meeting/answer-invitation';
import { newParticipant, type Participant } from '../../../functions/domain/participant';
import { validateSignup } from '../../../functions/domain/signup-schema';
import { signupRecord, testConfig } from '../../support/fakes';
import { adminApp, adminDeps } from '../../support/admin-people';

const ORIGIN = new URL(testConfig().publicUrl).origin;
function person(id: string, overrides: Record<string, unknown>): Participant {
  const r = validateSignup(signupRecord(overrides));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return { ...newParticipant(r.value, { id, programId: 'test-program' }, '2026-11-01T09:00:00.000Z'), status: 'waiting' };
}

describe('the console pair page', () => {
  it('shows the first meeting with its state and answers', async () => {
    const env = adminDeps({ id: 'test-program' });
    const slot = [{ day: 'tue', from: '09:00', to: '12:00' }];
    const g = person('fm-g', { name: 'Grace Hopper', role: 'mentor', timezone: 'Europe/Berlin', availability: slot });
    const a = person('fm-a', { name: 'Ada Byron', role: 'mentee', capacity: undefined, timezone: 'Europe/Berlin', availability: slot });
    for (const p of [g, a]) await env.participants.create(p);
    const app = adminApp(env.deps, peopleRoutes);
    const paired = await app.request(`/admin/people/${a.id}/pair`, {
      method: 'POST',
      body: new URLSearchParams({ partnerId: g.id }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
    });
    const pairPath = paired.headers.get('location')!.split('?')[0]!;
    const pairId = decodeURIComponent(pairPath.split('/').at(-1)!);
    expect(await (await app.request(pairPath)).text()).toMatch(/First meeting[\s\S]*proposed, waiting for answers[\s\S]*mentor: no answer yet/);
    await answerInvitation(env.deps, { pairId, participantId: a.id, answer: 'accepted' });
    await answerInvitation(env.deps, { pairId, participantId: g.id, answer: 'accepted' });
    const page = await (await app.request(pairPath)).text();
    expect(page).toContain('scheduled (both accepted)');
    expect(page).toMatch(/mentor:\s*accepted · mentee: accepted/);
  });
});
