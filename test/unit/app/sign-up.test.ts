import { describe, expect, it } from 'vitest';
import { confirmAddress } from '../../../functions/app/use-cases/confirm';
import { InvalidToken, RateLimited } from '../../../functions/app/support/errors';
import { SIGNUP_LIMIT, signUp } from '../../../functions/app/use-cases/sign-up';
import { unsubscribe } from '../../../functions/app/use-cases/unsubscribe';
import { validateSignup, type Signup } from '../../../functions/domain/signup-schema';
import { parseReplyAddress } from '../../../functions/domain/reply-address';
import { SendRejected, SendThrottled } from '../../../functions/ports';
import { memoryDeps, signupRecord } from '../../support/fakes';

const valid = (overrides: Record<string, unknown> = {}): Signup => {
  const r = validateSignup(signupRecord(overrides));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};
const client = { key: 'client-a' };
const linkIn = (text: string, route: string) => new RegExp(`/${route}/(\\S+)`).exec(text)![1]!;

describe('signUp', () => {
  it('stores a pending participant and sends a confirmation with reply-to, unsubscribe headers and both parts', async () => {
    const { deps, participants, mailer } = memoryDeps();
    const result = await signUp(deps, valid({ email: 'ada@example.com', name: 'Ada Lovelace' }), client);
    expect(result.outcome).toBe('created');
    expect(participants.byId.get(result.participantId)?.status).toBe('pending');
    const [email] = mailer.sent;
    expect(email?.subject).not.toMatch(/[\r\n]/);
    expect(email?.html).toContain('Ada');
    expect(email?.text).toContain('/confirm/');
    expect(parseReplyAddress(email!.replyTo[0]!, 'test-secret-for-unit-tests')).toEqual({ kind: 'p', id: result.participantId });
    expect(email?.headers.map((h) => h.name)).toEqual(['List-Unsubscribe', 'List-Unsubscribe-Post']);
  });

  it('sends at most one "already registered" email a day per address', async () => {
    const { deps, mailer, clock } = memoryDeps();
    await signUp(deps, valid({ email: 'same@example.com' }), client);
    await signUp(deps, valid({ email: 'same@example.com' }), client);
    await signUp(deps, valid({ email: 'same@example.com' }), client);
    expect(mailer.sent.map((m) => m.tags.template)).toEqual(['confirm', 'already-registered']);
    clock.advanceDays(1);
    await signUp(deps, valid({ email: 'same@example.com' }), client);
    expect(mailer.sent).toHaveLength(3);
  });

  it('records a permanently failed send with its reason instead of dropping it, and keeps the participant', async () => {
    const { deps, mailer, emailLog, participants } = memoryDeps();
    mailer.failWith = new SendRejected('MessageRejected');
    const result = await signUp(deps, valid(), client);
    expect(participants.byId.size).toBe(1);
    expect(emailLog.entries.get(`confirm#${result.participantId}`)).toMatchObject({ state: 'failed', error: 'MessageRejected' });
  });

  it('puts a throttled confirmation back in the queue and sends it, once, when SES accepts again', async () => {
    const { deps, mailer, emailLog, emailQueue, drain } = memoryDeps();
    mailer.failWith = new SendThrottled('TooManyRequestsException');
    const result = await signUp(deps, valid(), client);
    const key = `confirm#${result.participantId}`;
    expect(result.delivery).toBe('queued');
    expect(emailLog.entries.get(key)?.state).toBe('queued');
    expect(emailQueue.waiting.map((m) => m.item.key)).toEqual([key]);
    expect(emailQueue.results).toEqual([{ outcome: 'retry', delaySeconds: expect.any(Number) }]);

    mailer.failWith = undefined;
    await drain();
    await drain();
    expect(mailer.sent.map((m) => m.tags.template)).toEqual(['confirm']);
    expect(emailLog.entries.get(key)?.state).toBe('sent');
  });

  it('throws RateLimited past the per-client limit, before writing', async () => {
    const { deps, participants } = memoryDeps();
    for (let i = 0; i < SIGNUP_LIMIT.max; i++) await signUp(deps, valid(), client);
    await expect(signUp(deps, valid(), client)).rejects.toBeInstanceOf(RateLimited);
    expect(participants.byId.size).toBe(SIGNUP_LIMIT.max);
    await expect(signUp(deps, valid(), { key: 'client-b' })).resolves.toMatchObject({ outcome: 'created' });
  });
});

describe('confirmAddress', () => {
  it('rejects a token of another purpose', async () => {
    const { deps, mailer } = memoryDeps();
    await signUp(deps, valid(), client);
    const unsubscribeToken = linkIn(mailer.sent[0]!.text, 'unsubscribe');
    await expect(confirmAddress(deps, unsubscribeToken)).rejects.toEqual(new InvalidToken('wrong_purpose'));
  });

  it('lets someone who unsubscribed rejoin by signing up and confirming again', async () => {
    const { deps, mailer, participants } = memoryDeps();
    const { participantId } = await signUp(deps, valid({ email: 'back@example.com' }), client);
    await unsubscribe(deps, linkIn(mailer.sent[0]!.text, 'unsubscribe'));
    expect(participants.byId.get(participantId)?.status).toBe('unsubscribed');
    await signUp(deps, valid({ email: 'back@example.com' }), client);
    const again = mailer.sent[1]!;
    expect(again.tags.template).toBe('already-registered');
    await confirmAddress(deps, linkIn(again.text, 'confirm'));
    expect(participants.byId.get(participantId)?.status).toBe('waiting');
  });
});
