import { describe, expect, it } from 'vitest';
import { confirmAddress } from '../../functions/app/use-cases/confirm';
import { signUp } from '../../functions/app/use-cases/sign-up';
import { validateSignup } from '../../functions/domain/signup-schema';
import { signupRecord } from '../support/fakes';
import { inbox, integrationDeps, uniqueEmail } from '../support/local-services';

const valid = (email: string, name = 'Ada Lovelace') => {
  const r = validateSignup(signupRecord({ email, name }));
  if (!r.ok) throw new Error('fixture');
  return r.value;
};

describe('sign-up use case on DynamoDB Local + SES emulator', () => {
  it('stores, emails a working confirmation link with both parts and unsubscribe headers, and confirms', async () => {
    const { deps } = await integrationDeps();
    const email = uniqueEmail('ada');
    const { participantId } = await signUp(deps, valid(email, 'Ada "Countess" <Lovelace>'), { key: 'c1' });
    const [message] = await inbox(email);
    expect(message).toBeDefined();
    expect(message!.from).toBe(deps.config.sender);
    expect(message!.subject).toBe(`Confirm your place in ${deps.config.name}`);
    expect(message!.body.html).toContain('Ada');
    expect(message!.body.html).not.toContain('<Lovelace>');
    expect(message!.body.text).toContain('/confirm/');
    expect(message!.replyTo[0]).toMatch(/^reply\+p-[0-9a-z]+-[0-9a-f]{16}@reply\.example\.com$/);
    expect(message!.headers).toEqual(
      expect.arrayContaining([
        { name: 'List-Unsubscribe', value: expect.stringMatching(/^<http:\/\/localhost:3000\/unsubscribe\/[\w.-]+>$/) },
        { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
      ]),
    );
    const token = /\/confirm\/(\S+)/.exec(message!.body.text!)![1]!;
    expect((await confirmAddress(deps, token)).outcome).toBe('confirmed');
    expect((await deps.participants.get(participantId))?.status).toBe('waiting');
    expect((await deps.participants.listByStatus(deps.config.id, 'waiting')).map((p) => p.id)).toContain(participantId);
  });

  it('turns a burst of sign-ups with one address into one participant, one confirmation and one notice', async () => {
    const { deps } = await integrationDeps();
    const email = uniqueEmail('burst');
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => signUp(deps, valid(email), { key: `c${i}` })));
    expect(results.filter((r) => r.outcome === 'created')).toHaveLength(1);
    expect(new Set(results.map((r) => r.participantId)).size).toBe(1);
    const subjects = (await inbox(email)).map((m) => m.subject).sort();
    expect(subjects).toHaveLength(2);
    expect(subjects.some((s) => s.startsWith('Confirm'))).toBe(true);
  });
});
