import { describe, expect, it } from 'vitest';
import { MIME_LIMITS, parseInboundMessage, UnparseableMessage } from '../../../functions/adapters/email/parse-message';

const REPLY_TO = 'reply+pair-01m8gqn7kxfq0z5eqm7jrgq9t2-0123456789abcdef@reply.example.org';
const crlf = (...l: string[]) => l.join('\r\n');

const gmailReply = crlf(
  'Delivered-To: ' + REPLY_TO.toUpperCase(),
  'Return-Path: <ada@example.com>',
  'From: =?UTF-8?Q?Ada_Lovelace?= <Ada.Lovelace@Example.COM>',
  'To: "Mentor Loop" <' + REPLY_TO + '>',
  'Cc: Grace <grace@example.com>, Team: a@example.com, b@example.com;',
  'Subject: =?UTF-8?Q?Re=3A_Your_check=2Din_=E2=9C=94?=',
  'Message-ID: <CAF=abc123@mail.gmail.com>',
  'In-Reply-To: <check-in.pair-1@mentor.example.org>',
  'References: <check-in.pair-1@mentor.example.org>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/alternative; boundary="000000000000b1"',
  '',
  '--000000000000b1',
  'Content-Type: text/plain; charset="UTF-8"',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'We met on Thursday =E2=80=93 she was great.',
  '',
  'On Tue, 1 Dec 2026 at 09:00, Mentor Loop <',
  REPLY_TO + '> wrote:',
  '',
  '> Hi Ada,',
  '> How is it going?',
  '',
  '--000000000000b1',
  'Content-Type: text/html; charset="UTF-8"',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  '<div dir=3D"ltr">We met on Thursday =E2=80=93 she was great.</div><br><div cl=',
  'ass=3D"gmail_quote">On Tue &hellip; wrote:<blockquote>Hi Ada</blockquote></div>',
  '',
  '--000000000000b1--',
  '',
);

const message = (headers: string[], body = 'Met') =>
  crlf('From: ada@example.com', `To: ${REPLY_TO}`, ...headers, 'Content-Type: text/plain; charset=utf-8', '', body, '');

describe('parseInboundMessage', () => {
  it('reads a Gmail reply: ids, bare lower-case sender, decoded subject, stripped text', async () => {
    const parsed = await parseInboundMessage(Buffer.from(gmailReply));
    expect(parsed).toEqual({
      messageId: '<CAF=abc123@mail.gmail.com>',
      inReplyTo: '<check-in.pair-1@mentor.example.org>',
      from: 'ada.lovelace@example.com',
      subject: 'Re: Your check-in ✔',
      text: 'We met on Thursday – she was great.',
      autoSubmitted: false,
      dkimDomains: [],
    });
  });

  it('also accepts a string', async () => {
    expect((await parseInboundMessage(gmailReply)).text).toBe('We met on Thursday – she was great.');
  });

  it('reads no recipients from To, Cc, Delivered-To or X-Original-To: routing uses the real envelope only', async () => {
    const raw = crlf(
      'From: ada@example.com',
      `To: ${REPLY_TO}`,
      `Cc: ${REPLY_TO}`,
      'Delivered-To: ' + REPLY_TO,
      'X-Original-To: <' + REPLY_TO + '>',
      'Subject: hi',
      '',
      'Met',
      '',
    );
    expect(Object.keys(await parseInboundMessage(raw))).not.toContain('recipients');
    expect(JSON.stringify(await parseInboundMessage(raw))).not.toContain('reply+');
  });

  it('collects the d= domain of every DKIM-Signature, folded or not', async () => {
    const raw = crlf(
      'DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; D=Example.COM; s=s1;',
      '\th=from:to:subject; bh=abc=; b=xyz=',
      'DKIM-Signature: v=1; a=rsa-sha256; s=s2;',
      '  d=esp.example.net; b=xyz=',
      'DKIM-Signature: v=1; a=rsa-sha256; s=s3; b=xyz=',
      'From: ada@example.com',
      '',
      'Met',
      '',
    );
    expect((await parseInboundMessage(raw)).dkimDomains).toEqual(['example.com', 'esp.example.net', '']);
  });

  it('has no sender when From is ambiguous: two From headers, or several addresses in one', async () => {
    const twoHeaders = crlf('From: mallory@evil.example', 'From: ada@example.com', '', 'stop', '');
    const twoAddresses = crlf('From: mallory@evil.example, ada@example.com', '', 'stop', '');
    const group = crlf('From: Team: ada@example.com, grace@example.com;', '', 'stop', '');
    for (const raw of [twoHeaders, twoAddresses, group]) expect((await parseInboundMessage(raw)).from).toBeUndefined();
  });

  it('parses the 723-byte "On Mon wrote:" message that froze the service, fast', async () => {
    const raw = crlf('From: ada@example.com', `To: ${REPLY_TO}`, 'Subject: Re: hi', '', ...Array.from({ length: 40 }, () => 'On Mon wrote:'), '');
    const started = performance.now();
    expect((await parseInboundMessage(raw)).text).toContain('On Mon wrote:');
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('falls back to the HTML when there is no text part, cutting the quote', async () => {
    const raw = crlf(
      'From: ada@example.com',
      `To: ${REPLY_TO}`,
      'Subject: Re: hi',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<html><head><style>p{}</style></head><body><p>Pause&nbsp;please</p><blockquote type="cite">On … wrote: stop</blockquote></body></html>',
      '',
    );
    const parsed = await parseInboundMessage(raw);
    expect(parsed.text).toBe('Pause please');
    expect(parsed.messageId).toBeUndefined();
    expect(parsed.inReplyTo).toBeUndefined();
  });

  it('uses the HTML when the text part strips to nothing', async () => {
    const raw = crlf(
      'From: ada@example.com',
      `To: ${REPLY_TO}`,
      'Content-Type: multipart/alternative; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      '> only a quote',
      '--b',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<div>5</div><blockquote>only a quote</blockquote>',
      '--b--',
      '',
    );
    expect((await parseInboundMessage(raw)).text).toBe('5');
  });

  it('copes with a message without From, Subject or body', async () => {
    expect(await parseInboundMessage(crlf(`To: ${REPLY_TO}`, '', ''))).toEqual({ subject: '', text: '', autoSubmitted: false, dkimDomains: [] });
  });

  it.each([
    ['Auto-Submitted: auto-replied', true],
    ['Auto-Submitted: auto-generated; owner-email="x@example.com"', true],
    ['Auto-Submitted: no', false],
    ['X-Autoreply: yes', true],
    ['X-Autorespond: Out of office', true],
    ['Precedence: bulk', true],
    ['Precedence: junk', true],
    ['Precedence: list', true],
    ['X-Auto-Response-Suppress: All', false],
    ['Subject: Automatic reply: How is it going?', true],
    ['Subject: Out of Office: How is it going?', true],
    ['Subject: Automatische Antwort: Wie läuft es?', true],
    ['Subject: Réponse automatique : Comment ça va ?', true],
    ['Subject: Respuesta automática: ¿Qué tal?', true],
    ['Subject: Re: out of office next week, can we move?', false],
    ['Subject: Re: How is it going?', false],
  ])('%s → autoSubmitted %s', async (header, expected) => {
    expect((await parseInboundMessage(message([header]))).autoSubmitted).toBe(expected);
  });

  it('flags bounces from the mailer daemon', async () => {
    const raw = message([]).replace('From: ada@example.com', 'From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.com>');
    expect((await parseInboundMessage(raw)).autoSubmitted).toBe(true);
  });

  it('refuses a message with more parts than a reply has, before parsing it', async () => {
    const parts = Array.from({ length: MIME_LIMITS.maxParts + 1 }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\nmet ${i}\r\n`).join('');
    const raw = `From: ada@example.com\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${parts}--b--\r\n`;
    await expect(parseInboundMessage(raw)).rejects.toBeInstanceOf(UnparseableMessage);
  });

  it('refuses a message of more lines than any real one of the size limit has, in linear time', async () => {
    const raw = `From: ada@example.com\r\nContent-Type: text/plain\r\n\r\nGrace wrote:${'\r\n'.repeat(MIME_LIMITS.maxLines)}`;
    const started = performance.now();
    await expect(parseInboundMessage(raw)).rejects.toBeInstanceOf(UnparseableMessage);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('reads a message just within the line limit', async () => {
    const raw = `From: ada@example.com\r\nContent-Type: text/plain\r\n\r\nmet${'\r\n'.repeat(MIME_LIMITS.maxLines - 10)}`;
    expect((await parseInboundMessage(raw)).text).toBe('met');
  });

  it('refuses MIME nested deeper than a reply is', async () => {
    const depth = MIME_LIMITS.maxNestingDepth + 5;
    const open = Array.from({ length: depth }, (_, i) => `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`).join('');
    const raw = `From: ada@example.com\r\n${open}Content-Type: text/plain\r\n\r\nmet\r\n`;
    await expect(parseInboundMessage(raw)).rejects.toBeInstanceOf(UnparseableMessage);
  });

  it("does not read a forwarded message (message/rfc822) as the person's own words", async () => {
    const raw = crlf(
      'From: ada@example.com',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'See below',
      '--b',
      'Content-Type: message/rfc822',
      '',
      'From: boss@example.com',
      'Subject: fwd',
      '',
      'stop',
      '--b--',
      '',
    );
    expect((await parseInboundMessage(raw)).text).toBe('See below');
  });
});
