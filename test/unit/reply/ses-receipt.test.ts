import type { SESMessage } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { inboundMailOf } from '../../../functions/adapters/email/ses-receipt';

const REPLY = 'reply+mentee-01m8gqn7kxfq0z5eqm7jrgq9t2-0123456789abcdef@reply.example.org';

/** A trimmed SES receipt notification, as the Lambda action gets it. */
const notification = (receipt: Partial<SESMessage['receipt']> = {}): SESMessage => ({
  mail: {
    timestamp: '2026-12-01T09:00:00.000Z',
    source: 'bounces+ada=example.com@mail.example.com',
    messageId: 'o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1',
    destination: [REPLY, 'other@reply.example.org'],
    headersTruncated: false,
    headers: [{ name: 'To', value: 'reply+mentor-forged-0000000000000000@reply.example.org' }],
    commonHeaders: {
      returnPath: 'x@example.com',
      from: ['Ada <ada@example.com>'],
      date: 'Tue, 1 Dec 2026 09:00:00 +0000',
      to: ['reply+mentor-forged-0000000000000000@reply.example.org'],
      cc: ['grace@example.com'],
      messageId: '<x@y>',
    },
  },
  receipt: {
    timestamp: '2026-12-01T09:00:01.000Z',
    processingTimeMillis: 300,
    recipients: [REPLY],
    spamVerdict: { status: 'PASS' },
    virusVerdict: { status: 'PASS' },
    spfVerdict: { status: 'PASS' },
    dkimVerdict: { status: 'GRAY' },
    dmarcVerdict: { status: 'GRAY' },
    action: { type: 'Lambda', functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:inbound', invocationType: 'Event' },
    ...receipt,
  },
});

describe('SES receipt → inbound mail', () => {
  it("takes recipients from the receipt's envelope only, and the verdicts with the envelope sender", () => {
    const raw = Buffer.from('From: ada@example.com\r\n\r\nmet\r\n');
    expect(inboundMailOf(notification(), raw, raw.length)).toEqual({
      envelopeRecipients: [REPLY],
      verdicts: { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'GRAY', dmarc: 'GRAY', mailFrom: 'bounces+ada=example.com@mail.example.com' },
      raw,
      size: raw.length,
    });
  });

  it('counts a missing or unknown verdict as not evaluated', () => {
    const broken = notification({ spamVerdict: undefined as unknown as { status: 'PASS' }, dmarcVerdict: { status: 'MAYBE' as 'PASS' } });
    expect(inboundMailOf(broken, Buffer.alloc(0), 0).verdicts).toMatchObject({ spam: 'PROCESSING_FAILED', dmarc: 'PROCESSING_FAILED' });
  });
});
