/**
 * The email functions through their real entry points with the events AWS sends:
 * - inbound: the SES receipt rule's Lambda action (SESEvent, with SPF/DKIM/DMARC/spam/virus
 *   verdicts), after its S3 action stored the raw message (served by the S3 stand-in);
 * - ses-events: SES configuration-set events on EventBridge ("Email Bounced",
 *   "Email Complaint Received").
 * Against DynamoDB Local, the SES emulator and the stand-in for S3 and Secrets Manager.
 */
import type { Context, EventBridgeEvent, SESEvent, SESReceipt } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMatching } from '../../functions/app/use-cases/run-matching';
import type { SesEventDetail } from '../../functions/handlers/ses-events';
import { MAX_INBOUND_BYTES } from '../../functions/domain/reply/limits';
import { localDeps } from '../../scripts/local/deps';
import { drainLocalQueue } from '../../scripts/local/local-sender';
import { startAwsStandIn, type AwsStandIn } from '../support/aws-stand-in';
import { testConfig } from '../support/fakes';
import { capturedLines, HANDLER_PROGRAM_ID, lambdaContext, senderDelivery, setHandlerEnv } from '../support/handler-env';
import { freshTable, inbox, registerSender, sesClient } from '../support/local-services';
import { mentee, mentor } from '../support/people';

type Handler<E> = (event: E, context: Context) => Promise<void>;
type SesEventBridge = EventBridgeEvent<string, SesEventDetail>;

let standIn: AwsStandIn;
let seed: ReturnType<typeof localDeps>;
let inbound: Handler<SESEvent>;
let sesEvents: Handler<SesEventBridge>;

beforeAll(async () => {
  standIn = await startAwsStandIn();
  const table = await freshTable();
  setHandlerEnv({ tableName: table.tableName, standIn });
  registerSender(senderDelivery(standIn));
  seed = localDeps({
    config: testConfig({ id: HANDLER_PROGRAM_ID }),
    dynamo: table.client,
    ses: sesClient(),
    tableName: table.tableName,
    secret: standIn.secret,
    quiet: true,
  });
  // The seed's own emails (the intros of its round) wait in the local queue: its sender sends them.
  registerSender(() => drainLocalQueue(seed.emailQueue, seed.sender));
  ({ handler: inbound } = (await import('../../functions/handlers/inbound')) as unknown as { handler: Handler<SESEvent> });
  ({ handler: sesEvents } = (await import('../../functions/handlers/ses-events')) as unknown as { handler: Handler<SesEventBridge> });
});
afterAll(() => standIn.close());

const verdict = (status: string) => ({ status });
type Verdicts = Partial<Record<'spam' | 'virus' | 'spf' | 'dkim' | 'dmarc', string>>;

/** The SES receipt notification of the Lambda action (event type "Event"), as documented for SES receipt rules. */
function receiptEvent(opts: { messageId: string; from: string; to: string; verdicts?: Verdicts }): SESEvent {
  const v = { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', ...opts.verdicts };
  const receipt: SESReceipt = {
    timestamp: '2026-12-03T09:00:00.000Z',
    processingTimeMillis: 412,
    recipients: [opts.to],
    spamVerdict: verdict(v.spam),
    virusVerdict: verdict(v.virus),
    spfVerdict: verdict(v.spf),
    dkimVerdict: verdict(v.dkim),
    dmarcVerdict: verdict(v.dmarc),
    dmarcPolicy: 'none',
    action: { type: 'Lambda', functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:inbound', invocationType: 'Event' },
  } as SESReceipt;
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        eventVersion: '1.0',
        ses: {
          mail: {
            timestamp: '2026-12-03T09:00:00.000Z',
            source: opts.from,
            messageId: opts.messageId,
            destination: [opts.to],
            headersTruncated: false,
            headers: [
              { name: 'From', value: opts.from },
              { name: 'To', value: opts.to },
              { name: 'Subject', value: 'Re: Meet your mentor' },
            ],
            commonHeaders: {
              returnPath: opts.from,
              from: [opts.from],
              date: 'Thu, 3 Dec 2026 09:00:00 +0000',
              to: [opts.to],
              messageId: `<${opts.messageId}@mail.example.com>`,
              subject: 'Re: Meet your mentor',
            },
          },
          receipt,
        },
      },
    ],
  };
}

const reply = (from: string, to: string, text: string, messageId: string) =>
  [
    'DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=s1; h=from:to:subject; bh=abc=; b=xyz=',
    `From: ${from}`,
    `To: ${to}`,
    'Subject: Re: Meet your mentor',
    `Message-ID: <${messageId}@mail.example.com>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    '',
    '> earlier message',
    '',
  ].join('\r\n');

async function pairedProgram() {
  const grace = await mentor(seed, 'Grace Hopper');
  const ada = await mentee(seed, 'Ada Lovelace');
  await runMatching(seed, seed.clock.now());
  const [pair] = await seed.pairs.pairsOf(ada.id);
  const intro = (await inbox(ada.email)).find((m) => m.replyTo.some((r) => r.startsWith('reply+')))!;
  return { grace, ada, pair: pair!, replyTo: intro.replyTo[0]! };
}

let n = 0;
const messageId = () => `0000018c${(++n).toString(16).padStart(4, '0')}-handler-${Math.random().toString(36).slice(2, 10)}`;

describe('inbound handler (SES receipt notification)', () => {
  it('reads the stored message from S3, records the reply, logs by SES message id, counts the outcome', async () => {
    const { ada, pair, replyTo } = await pairedProgram();
    const id = messageId();
    standIn.objects.set(`inbound-mail/inbound/${id}`, Buffer.from(reply(ada.email, replyTo, 'met', id)));
    const { lines } = await capturedLines(() => inbound(receiptEvent({ messageId: id, from: ada.email, to: replyTo }), lambdaContext('inbound')));

    expect(standIn.reads).toContain(`inbound-mail/inbound/${id}`);
    expect(lines.find((l) => l.message === 'reply')).toMatchObject({
      function: 'inbound',
      outcome: 'recorded',
      correlation_id: id,
      programId: HANDLER_PROGRAM_ID,
    });
    expect(lines.filter((l) => l._aws).find((l) => 'Replies' in l)).toMatchObject({ Replies: 1, Outcome: 'recorded', ProgramId: HANDLER_PROGRAM_ID });
    expect((await seed.pairs.get(pair.id))?.lastActivityAt).not.toBe(pair.lastActivityAt);
    expect(JSON.stringify(lines)).not.toMatch(new RegExp(`${ada.email}|reply\\+|Lovelace`));
  });

  it('refuses a message whose verdicts fail (DMARC), whatever it says', async () => {
    const { ada, replyTo } = await pairedProgram();
    const id = messageId();
    standIn.objects.set(`inbound-mail/inbound/${id}`, Buffer.from(reply(ada.email, replyTo, 'stop', id)));
    const { lines } = await capturedLines(() =>
      inbound(receiptEvent({ messageId: id, from: ada.email, to: replyTo, verdicts: { dmarc: 'FAIL', spf: 'FAIL', dkim: 'FAIL' } }), lambdaContext('inbound')),
    );
    expect(lines.find((l) => l.message === 'reply')).toMatchObject({ outcome: 'ignored_failed_checks', refusal: 'dmarc' });
    expect(lines.filter((l) => l._aws).find((l) => 'Replies' in l)).toMatchObject({ Outcome: 'ignored_failed_checks' });
  });

  it('does not read the body of a message over the size limit', async () => {
    const { ada, replyTo } = await pairedProgram();
    const id = messageId();
    standIn.objects.set(`inbound-mail/inbound/${id}`, Buffer.from(reply(ada.email, replyTo, `met\r\n${'x'.repeat(MAX_INBOUND_BYTES)}`, id)));
    const { lines } = await capturedLines(() => inbound(receiptEvent({ messageId: id, from: ada.email, to: replyTo }), lambdaContext('inbound')));
    expect(lines.find((l) => l.message === 'reply')).toMatchObject({ outcome: 'ignored_too_big' });
  });

  it('fails the invocation (for Lambda to retry) when the stored message is missing, logging why', async () => {
    const id = messageId();
    const { lines } = await capturedLines(() =>
      expect(inbound(receiptEvent({ messageId: id, from: 'x@example.com', to: 'reply+p-x@reply.example.com' }), lambdaContext('inbound'))).rejects.toThrow(),
    );
    expect(lines.find((l) => l.message === 'invocation_failed')).toMatchObject({ level: 'ERROR', errorName: 'NoSuchKey', correlation_id: id });
    expect(JSON.stringify(lines)).not.toContain('x@example.com');
  });
});

/** An SES event on EventBridge, as SES publishes it for a configuration set's event destination. */
function sesEventBridge(detailType: string, detail: SesEventDetail & Record<string, unknown>): SesEventBridge {
  return {
    version: '0',
    id: `e-${Math.random().toString(36).slice(2)}`,
    'detail-type': detailType,
    source: 'aws.ses',
    account: '123456789012',
    time: '2026-12-03T09:00:00Z',
    region: 'eu-west-1',
    resources: ['arn:aws:ses:eu-west-1:123456789012:configuration-set/mentoring-handlers'],
    detail,
  };
}

const mail = (to: string, messageId: string) => ({
  timestamp: '2026-12-03T08:59:58.000Z',
  source: 'mentoring@example.com',
  sourceArn: 'arn:aws:ses:eu-west-1:123456789012:identity/example.com',
  sendingAccountId: '123456789012',
  messageId,
  destination: [to],
  headersTruncated: false,
  tags: { 'ses:configuration-set': ['mentoring-handlers'], template: ['intro'], program: [HANDLER_PROGRAM_ID] },
});

describe('ses-events handler (SES events on EventBridge)', () => {
  it('suppresses the address of a permanent bounce; the log carries the SES message id, not the address', async () => {
    const ada = await mentee(seed, 'Bounce Lovelace');
    const id = messageId();
    const event = sesEventBridge('Email Bounced', {
      eventType: 'Bounce',
      bounce: {
        feedbackId: '0102018c-feedback',
        bounceType: 'Permanent',
        bounceSubType: 'General',
        bouncedRecipients: [{ emailAddress: ada.email, action: 'failed', status: '5.1.1', diagnosticCode: `smtp; 550 5.1.1 <${ada.email}>: user unknown` }],
        timestamp: '2026-12-03T09:00:00.000Z',
        reportingMTA: 'dns; mx.example.com',
      } as unknown as SesEventDetail['bounce'],
      mail: mail(ada.email, id),
    });
    const { lines } = await capturedLines(() => sesEvents(event, lambdaContext('ses-events')));
    expect((await seed.participants.get(ada.id))?.suppressed).toBeTruthy();
    expect(lines.find((l) => l.message === 'ses_event')).toMatchObject({ function: 'ses-events', type: 'Bounce', suppressed: 1, correlation_id: id });
    expect(JSON.stringify(lines)).not.toContain(ada.email);
  });

  it('suppresses the address of a complaint', async () => {
    const grace = await mentor(seed, 'Complaint Hopper');
    const event = sesEventBridge('Email Complaint Received', {
      eventType: 'Complaint',
      complaint: {
        feedbackId: '0102018c-complaint',
        complainedRecipients: [{ emailAddress: grace.email }],
        complaintFeedbackType: 'abuse',
        timestamp: '2026-12-03T09:00:00.000Z',
        userAgent: 'Yahoo!-Mail-Feedback/2.0',
      } as unknown as SesEventDetail['complaint'],
      mail: mail(grace.email, messageId()),
    });
    await sesEvents(event, lambdaContext('ses-events'));
    expect((await seed.participants.get(grace.id))?.suppressed).toBeTruthy();
  });

  it('ignores a transient bounce (the address is kept)', async () => {
    const ada = await mentee(seed, 'Transient Lovelace');
    const event = sesEventBridge('Email Bounced', {
      eventType: 'Bounce',
      bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: ada.email }] },
      mail: mail(ada.email, messageId()),
    });
    await sesEvents(event, lambdaContext('ses-events'));
    expect((await seed.participants.get(ada.id))?.suppressed).toBeFalsy();
  });
});
