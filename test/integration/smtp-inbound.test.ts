/**
 * The local reply listener spoken to over real SMTP, with a minimal socket
 * client so every reply code can be checked at the step where it happens.
 */
import { connect, type Socket } from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseInboundMessage } from '../../functions/adapters/email/parse-message';
import { startSmtpInbound, type SmtpEnvelope, type SmtpInbound } from '../../functions/adapters/local/smtp-inbound';
import { replyAddress } from '../../functions/domain/reply-address';
import { freePort, waitFor } from '../../scripts/local/ports';

const REPLY_TO = 'reply+pair-01m8gqn7kxfq0z5eqm7jrgq9t2-0123456789abcdef@reply.example.org';

interface Reply {
  code: number;
  text: string;
}

class SmtpClient {
  private buffer = '';
  private replies: Reply[] = [];
  private waiting: ((reply: Reply) => void)[] = [];
  private lines: string[] = [];

  private constructor(private socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.receive(chunk));
  }

  static async open(port: number): Promise<{ client: SmtpClient; greeting: Reply }> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const client = new SmtpClient(socket);
    return { client, greeting: await client.next() };
  }

  private receive(chunk: string) {
    this.buffer += chunk;
    let at: number;
    while ((at = this.buffer.indexOf('\r\n')) >= 0) {
      const line = this.buffer.slice(0, at);
      this.buffer = this.buffer.slice(at + 2);
      this.lines.push(line);
      if (/^\d{3}(?: |$)/.test(line)) {
        const reply = { code: Number(line.slice(0, 3)), text: this.lines.map((l) => l.slice(4)).join('\n') };
        this.lines = [];
        const waiter = this.waiting.shift();
        if (waiter) waiter(reply);
        else this.replies.push(reply);
      }
    }
  }

  next(): Promise<Reply> {
    const ready = this.replies.shift();
    return ready ? Promise.resolve(ready) : new Promise((resolve) => this.waiting.push(resolve));
  }

  command(line: string): Promise<Reply> {
    this.socket.write(`${line}\r\n`);
    return this.next();
  }

  /** DATA with dot-stuffing; resolves with the reply to the final dot. */
  async data(raw: string): Promise<Reply> {
    const start = await this.command('DATA');
    if (start.code !== 354) return start;
    const body = raw.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    this.socket.write(`${body}${body.endsWith('\r\n') ? '' : '\r\n'}.\r\n`);
    return this.next();
  }

  async quit(): Promise<void> {
    await this.command('QUIT').catch(() => undefined);
    this.socket.destroy();
  }
}

const message = (body = 'We met today!') =>
  [
    'From: "Ada Lovelace" <Ada@Example.com>',
    `To: Mentor Loop <${REPLY_TO}>`,
    'Subject: Re: How is it going?',
    'Message-ID: <reply-smtp-1@mail.example.com>',
    'In-Reply-To: <check-in.pair-1@mentor.example.org>',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
    `On Tue, 1 Dec 2026 at 09:00, Mentor Loop <${REPLY_TO}> wrote:`,
    '> Hi Ada,',
    '> How is it going?',
    '',
  ].join('\r\n');

describe('local SMTP reply listener', () => {
  let listener: SmtpInbound | undefined;
  const received: { raw: Buffer; envelope: SmtpEnvelope }[] = [];
  const logged: unknown[] = [];
  let handler: (raw: Buffer, envelope: SmtpEnvelope) => Promise<void> = async () => {};

  async function start(maxBytes?: number) {
    received.length = 0;
    logged.length = 0;
    handler = async () => {};
    listener = await startSmtpInbound({
      port: await freePort(),
      ...(maxBytes ? { maxBytes } : {}),
      onMessage: (raw, envelope) => {
        received.push({ raw, envelope });
        return handler(raw, envelope);
      },
      log: (event, fields) => logged.push({ event, fields }),
    });
    return listener.port;
  }

  async function session(port: number) {
    const { client, greeting } = await SmtpClient.open(port);
    expect(greeting.code).toBe(220);
    expect((await client.command('EHLO client.example.com')).code).toBe(250);
    return client;
  }

  afterEach(async () => {
    await listener?.stop();
    listener = undefined;
    // No addresses (nor anything else personal) in the logs.
    expect(JSON.stringify(logged)).not.toMatch(/@|example|reply\+/i);
  });

  it('delivers the raw message and envelope, then parses to the right fields', async () => {
    const port = await start();
    const client = await session(port);
    expect((await client.command('MAIL FROM:<Ada@Example.com>')).code).toBe(250);
    expect((await client.command(`RCPT TO:<${REPLY_TO}>`)).code).toBe(250);
    const raw = message('We met today!\r\n.A line starting with a dot');
    expect((await client.data(raw)).code).toBe(250);
    await client.quit();

    expect(received).toHaveLength(1);
    const [{ raw: got, envelope } = { raw: Buffer.alloc(0), envelope: { from: '', to: [] } }] = received;
    expect(got.toString('utf8')).toBe(raw);
    expect(envelope).toEqual({ from: 'ada@example.com', to: [REPLY_TO] });
    expect(await parseInboundMessage(got)).toEqual({
      messageId: '<reply-smtp-1@mail.example.com>',
      inReplyTo: '<check-in.pair-1@mentor.example.org>',
      from: 'ada@example.com',
      subject: 'Re: How is it going?',
      text: 'We met today!\n.A line starting with a dot',
      autoSubmitted: false,
      dkimDomains: [],
    });
  });

  it('offers neither AUTH nor STARTTLS and advertises the size limit', async () => {
    const port = await start();
    const { client } = await SmtpClient.open(port);
    const ehlo = await client.command('EHLO client.example.com');
    expect(ehlo.text).not.toMatch(/AUTH|STARTTLS/);
    expect(ehlo.text).toMatch(/SIZE 1048576/);
    expect((await client.command('STARTTLS')).code).toBeGreaterThanOrEqual(500);
    expect((await client.command('AUTH PLAIN AGFkYQBzZWNyZXQ=')).code).toBeGreaterThanOrEqual(500);
    await client.quit();
  });

  it('answers 250 only after the handler has finished', async () => {
    const port = await start();
    let finish = () => {};
    handler = () => new Promise<void>((resolve) => (finish = resolve));
    const client = await session(port);
    await client.command('MAIL FROM:<ada@example.com>');
    await client.command(`RCPT TO:<${REPLY_TO}>`);
    let answered = false;
    const reply = client.data(message()).then((r) => ((answered = true), r));
    await expect.poll(() => received.length).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(answered).toBe(false);
    finish();
    expect((await reply).code).toBe(250);
    await client.quit();
  });

  it('rejects recipients that are not reply addresses with 550 at RCPT', async () => {
    const port = await start();
    const client = await session(port);
    await client.command('MAIL FROM:<ada@example.com>');
    expect((await client.command('RCPT TO:<grace@example.com>')).code).toBe(550);
    expect((await client.command('RCPT TO:<postmaster@reply.example.org>')).code).toBe(550);
    expect((await client.command(`RCPT TO:<${REPLY_TO.toUpperCase()}>`)).code).toBe(250);
    expect((await client.data(message())).code).toBe(250);
    expect(received.map((r) => r.envelope.to)).toEqual([[REPLY_TO]]);

    // With no accepted recipient there is nothing to deliver.
    await client.command('MAIL FROM:<ada@example.com>');
    await client.command('RCPT TO:<grace@example.com>');
    expect((await client.command('DATA')).code).toBe(503);
    await client.quit();
    expect(received).toHaveLength(1);
  });

  it('rejects reply addresses that do not verify with 550 at RCPT, before any DATA', async () => {
    const checked: string[] = [];
    received.length = 0;
    logged.length = 0;
    listener = await startSmtpInbound({
      port: await freePort(),
      acceptRecipient: (address) => (checked.push(address), address === REPLY_TO),
      onMessage: async (raw, envelope) => void received.push({ raw, envelope }),
      log: (event, fields) => logged.push({ event, fields }),
    });
    const client = await session(listener.port);
    await client.command('MAIL FROM:<ada@example.com>');
    expect((await client.command(`RCPT TO:<${REPLY_TO.replace('0123456789abcdef', 'fedcba9876543210')}>`)).code).toBe(550);
    expect((await client.command('DATA')).code).toBe(503);
    expect((await client.command(`RCPT TO:<${REPLY_TO.toUpperCase()}>`)).code).toBe(250);
    expect((await client.data(message())).code).toBe(250);
    await client.quit();
    expect(checked).toEqual([REPLY_TO.replace('0123456789abcdef', 'fedcba9876543210'), REPLY_TO]);
    expect(received).toHaveLength(1);
    expect(logged).toContainEqual({ event: 'smtp_inbound_rejected', fields: { reason: 'unknown_reply_address' } });
  });

  it('answers 552 to a message over about 1 MB and never hands it on', async () => {
    const port = await start();
    const client = await session(port);
    expect((await client.command('MAIL FROM:<ada@example.com> SIZE=2000000')).code).toBe(552);
    await client.command('MAIL FROM:<ada@example.com>');
    await client.command(`RCPT TO:<${REPLY_TO}>`);
    const big = message(Array.from({ length: 14_000 }, () => 'x'.repeat(76)).join('\r\n'));
    expect(big.length).toBeGreaterThan(1024 * 1024);
    expect((await client.data(big)).code).toBe(552);
    // The connection is still usable for the next message.
    await client.command('MAIL FROM:<ada@example.com>');
    await client.command(`RCPT TO:<${REPLY_TO}>`);
    expect((await client.data(message())).code).toBe(250);
    await client.quit();
    expect(received).toHaveLength(1);
  });

  it('answers 451 when the handler fails, so the sender retries; the retry is accepted', async () => {
    const port = await start();
    let attempts = 0;
    handler = (() => {
      attempts++;
      if (attempts === 1) throw new Error(`table unavailable for ${REPLY_TO}`); // synchronously, the worst case
      return Promise.resolve();
    }) as typeof handler;
    const client = await session(port);
    await client.command('MAIL FROM:<ada@example.com>');
    await client.command(`RCPT TO:<${REPLY_TO}>`);
    expect((await client.data(message())).code).toBe(451);
    await client.command('MAIL FROM:<ada@example.com>');
    await client.command(`RCPT TO:<${REPLY_TO}>`);
    expect((await client.data(message())).code).toBe(250);
    await client.quit();
    expect(attempts).toBe(2);
    expect(logged).toContainEqual({ event: 'smtp_inbound_handler_failed', fields: { error: 'Error' } });
  });

  it('refuses to start on a port that is taken, and stops cleanly', async () => {
    const port = await start();
    await expect(startSmtpInbound({ port, onMessage: async () => {} })).rejects.toThrow(/EADDRINUSE/);
    await listener?.stop();
    listener = undefined;
    await expect(SmtpClient.open(port)).rejects.toThrow();
  });
});

describe('the local reply pipeline under an adversarial message (issue 8)', () => {
  let child: ChildProcess | undefined;
  const lines: string[] = [];
  let ports: { smtpPort: number; healthPort: number };

  beforeAll(async () => {
    child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'support', 'reply-inbound-process.ts')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)));
    await waitFor(async () => lines.length > 0, 'the reply pipeline process to start', 30_000);
    ports = JSON.parse(lines[0]!) as typeof ports;
  });

  afterAll(() => {
    child?.kill('SIGKILL');
  });

  const health = async () => {
    const started = performance.now();
    const res = await fetch(`http://127.0.0.1:${ports.healthPort}/health`, { signal: AbortSignal.timeout(2_000) });
    expect(await res.json()).toEqual({ ok: true });
    return performance.now() - started;
  };

  /** Resolves with the reply, or with code 0 when none came in time (the old code never answered). */
  const within = (ms: number, reply: Promise<Reply>) =>
    Promise.race([reply, new Promise<Reply>((resolve) => setTimeout(() => resolve({ code: 0, text: 'no answer' }), ms))]);

  it('answers the 723-byte "On Mon wrote:" message at once, and /health keeps answering', async () => {
    const address = replyAddress('p', '01m8gqn7kxfq0z5eqm7jrgq9t2', 'test-secret-for-unit-tests', 'reply.example.org');
    const head = ['From: mallory@example.net', `To: ${address}`, 'Subject: hi'];
    const body = Array.from({ length: 40 }, () => 'On Mon wrote:');
    const pad = 723 - [...head, '', ...body, ''].join('\r\n').length;
    const raw = [...head.slice(0, 2), `Subject: hi${'!'.repeat(pad)}`, '', ...body, ''].join('\r\n');
    expect(Buffer.byteLength(raw)).toBe(723);

    expect(await health()).toBeLessThan(2_000);
    const { client, greeting } = await SmtpClient.open(ports.smtpPort);
    expect(greeting.code).toBe(220);
    await client.command('EHLO client.example.com');
    await client.command('MAIL FROM:<mallory@example.net>');
    expect((await client.command(`RCPT TO:<${address}>`)).code).toBe(250);
    const started = performance.now();
    expect((await within(3_000, client.data(raw))).code).toBe(250);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(await health()).toBeLessThan(2_000);
    await client.quit();
    // Parsed, then dropped: that participant does not exist.
    expect(lines.slice(1).map((l) => JSON.parse(l) as unknown)).toEqual([{ outcome: 'ignored_unknown_address' }]);
  });
});
