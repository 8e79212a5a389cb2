import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { SesMailer } from '../../functions/adapters/ses/ses-mailer';
import { SendRejected, SendThrottled, SendUnavailable } from '../../functions/ports';

const email = { to: ['a@example.com'], replyTo: [], subject: 's', html: '<p>h</p>', text: 't', headers: [], tags: { template: 'confirm' } };

function fakeSes(failures: Error[]) {
  const inputs: Record<string, unknown>[] = [];
  const client = {
    send: async (command: { input: Record<string, unknown> }) => {
      inputs.push(command.input);
      const failure = failures.shift();
      if (failure) throw failure;
      return { MessageId: 'msg-1' };
    },
  } as unknown as SESv2Client;
  return { client, inputs };
}

describe('SesMailer', () => {
  it.each(['TooManyRequestsException', 'LimitExceededException', 'Throttling'])(
    'turns %s into SendThrottled after one attempt (the sender re-queues it)',
    async (name) => {
      const ses = fakeSes([Object.assign(new Error('slow down'), { name })]);
      const mailer = new SesMailer(ses.client, { from: 'x@example.com' });
      await expect(mailer.send(email)).rejects.toBeInstanceOf(SendThrottled);
      expect(ses.inputs).toHaveLength(1);
    },
  );

  it('counts an HTTP 429 as throttling whatever the error is called', async () => {
    const ses = fakeSes([Object.assign(new Error('x'), { name: 'Unknown', $metadata: { httpStatusCode: 429 } })]);
    await expect(new SesMailer(ses.client, { from: 'x@example.com' }).send(email)).rejects.toBeInstanceOf(SendThrottled);
  });

  it('tells a rejection (4xx) from SES being unavailable (5xx, not reached), one attempt each', async () => {
    const ses = fakeSes([
      Object.assign(new Error('bad'), { name: 'MessageRejected', $metadata: { httpStatusCode: 400 } }),
      Object.assign(new Error('down'), { name: 'InternalFailure', $metadata: { httpStatusCode: 500 } }),
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', $metadata: {} }),
    ]);
    const mailer = new SesMailer(ses.client, { from: 'x@example.com' });
    await expect(mailer.send(email)).rejects.toEqual(expect.objectContaining({ name: 'SendRejected', message: 'MessageRejected' }));
    await expect(mailer.send(email)).rejects.toBeInstanceOf(SendUnavailable);
    await expect(mailer.send(email)).rejects.toBeInstanceOf(SendUnavailable);
    expect(ses.inputs).toHaveLength(3);
  });

  it('surfaces a timeout as it is: SES may have taken the email', async () => {
    const ses = fakeSes([Object.assign(new Error('timed out'), { name: 'TimeoutError', $metadata: {} })]);
    const error = await new SesMailer(ses.client, { from: 'x@example.com' }).send(email).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(error).not.toBeInstanceOf(SendRejected);
    expect(error).not.toBeInstanceOf(SendUnavailable);
  });

  it('sends a raw MIME message as Content.Raw, addressed by its own headers', async () => {
    const ses = fakeSes([]);
    const raw =
      'From: x@example.com\r\nTo: a@example.com\r\nSubject: hi\r\nContent-Type: text/calendar; method=REQUEST\r\n\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n';
    await expect(new SesMailer(ses.client, { from: 'x@example.com', configurationSet: 'cs' }).send({ raw, tags: { template: 'invite' } })).resolves.toEqual({
      messageId: 'msg-1',
    });
    const input = ses.inputs[0] as { Content: { Raw: { Data: Uint8Array } }; Destination?: unknown; ConfigurationSetName: string; EmailTags: unknown };
    expect(new TextDecoder().decode(input.Content.Raw.Data)).toBe(raw);
    expect(input.Destination).toBeUndefined();
    expect(input.ConfigurationSetName).toBe('cs');
    expect(input.EmailTags).toEqual([{ Name: 'template', Value: 'invite' }]);
  });
});
