import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { SesMailer } from '../../functions/adapters/ses/ses-mailer';

const email = { to: ['a@example.com'], replyTo: [], subject: 's', html: '<p>h</p>', text: 't', headers: [], tags: { template: 'confirm' } };
const throttled = () => Object.assign(new Error('slow down'), { name: 'TooManyRequestsException' });

function fakeSes(failures: Error[]) {
  let calls = 0;
  const client = {
    send: async () => {
      calls++;
      const failure = failures.shift();
      if (failure) throw failure;
      return { MessageId: 'msg-1' };
    },
  } as unknown as SESv2Client;
  return { client, calls: () => calls };
}

describe('SesMailer throttling', () => {
  it('retries throttled sends with growing backoff, then succeeds', async () => {
    const ses = fakeSes([throttled(), throttled()]);
    const waits: number[] = [];
    const mailer = new SesMailer(ses.client, { from: 'x@example.com', sleep: async (ms) => void waits.push(ms), random: () => 1 });
    await expect(mailer.send(email)).resolves.toEqual({ messageId: 'msg-1' });
    expect(ses.calls()).toBe(3);
    expect(waits).toEqual([200, 400]);
  });

  it('gives up after maxAttempts and surfaces the error', async () => {
    const ses = fakeSes([throttled(), throttled(), throttled()]);
    const mailer = new SesMailer(ses.client, { from: 'x@example.com', maxAttempts: 3, sleep: async () => undefined });
    await expect(mailer.send(email)).rejects.toMatchObject({ name: 'TooManyRequestsException' });
    expect(ses.calls()).toBe(3);
  });

  it('does not retry other errors', async () => {
    const ses = fakeSes([Object.assign(new Error('bad'), { name: 'MessageRejected' })]);
    const mailer = new SesMailer(ses.client, { from: 'x@example.com', sleep: async () => undefined });
    await expect(mailer.send(email)).rejects.toMatchObject({ name: 'MessageRejected' });
    expect(ses.calls()).toBe(1);
  });
});
