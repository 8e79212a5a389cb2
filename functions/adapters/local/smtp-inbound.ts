/**
 * The local stand-in for SES inbound: an SMTP listener that accepts mail for
 * `reply+…` addresses and hands each raw message to the same code the inbound
 * Lambda runs. It answers 250 only once that code has finished, and 451 when
 * it failed, so a sending server keeps the message and retries.
 *
 * Plain SMTP without AUTH or STARTTLS, meant for 127.0.0.1. Logs carry no
 * addresses or content (DESIGN §10).
 */
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { MAX_INBOUND_BYTES } from '../../domain/reply/limits';

export interface SmtpEnvelope {
  /** MAIL FROM, lower-case; '' for the null sender (bounces). */
  from: string;
  /** RCPT TO addresses, lower-case. */
  to: string[];
}

export interface SmtpInboundOptions {
  /** 0 picks a free port; the returned `port` says which. */
  port: number;
  host?: string;
  onMessage: (raw: Buffer, envelope: SmtpEnvelope) => Promise<void>;
  /**
   * Whether a RCPT TO address is one of ours (the local stack checks the reply
   * address's MAC); others get 550 before any DATA is read. By default any
   * `reply+…` address is accepted, and the handler checks.
   */
  acceptRecipient?: (address: string) => boolean | Promise<boolean>;
  /** Largest accepted message in bytes; bigger ones get 552. */
  maxBytes?: number;
  /** Events without PII. */
  log?: (event: string, fields?: Record<string, string | number | boolean>) => void;
}

export interface SmtpInbound {
  port: number;
  stop(): Promise<void>;
}

export const DEFAULT_MAX_BYTES = MAX_INBOUND_BYTES;

const smtpError = (responseCode: number, message: string) => Object.assign(new Error(message), { responseCode });

const isReplyAddress = (address: string) => /^reply\+[^@\s]+@[^@\s]+$/i.test(address);

export function startSmtpInbound(options: SmtpInboundOptions): Promise<SmtpInbound> {
  const { port, host = '127.0.0.1', onMessage, maxBytes = DEFAULT_MAX_BYTES, acceptRecipient = () => true, log = () => {} } = options;

  const onData = (stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let answered = false;
    const answer = (error?: Error) => {
      if (answered) return;
      answered = true;
      callback(error ?? null);
    };
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= maxBytes) chunks.push(chunk); // keep draining past the limit, stop buffering
    });
    stream.once('error', () => answer(smtpError(451, 'Error: could not read the message, try again later')));
    stream.once('end', () => {
      if (stream.sizeExceeded || bytes > maxBytes) {
        log('smtp_inbound_rejected', { reason: 'too_big', bytes });
        answer(smtpError(552, `Error: message exceeds fixed maximum message size ${maxBytes}`));
        return;
      }
      const mailFrom = session.envelope.mailFrom;
      const envelope: SmtpEnvelope = {
        from: mailFrom ? mailFrom.address.toLowerCase() : '',
        to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
      };
      // Through a promise chain so that a handler throwing synchronously is a 451 too, not a crash.
      Promise.resolve()
        .then(() => onMessage(Buffer.concat(chunks), envelope))
        .then(
          () => {
            log('smtp_inbound_accepted', { bytes, recipients: envelope.to.length });
            answer();
          },
          (error: unknown) => {
            log('smtp_inbound_handler_failed', { error: error instanceof Error ? error.name : 'unknown' });
            answer(smtpError(451, 'Error: temporary failure, try again later'));
          },
        );
    });
  };

  const server = new SMTPServer({
    banner: 'mentor-loop reply inbound',
    secure: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxBytes,
    rejectOversized: true,
    logger: false,
    maxClients: 50,
    closeTimeout: 5_000,
    onRcptTo(address, _session, callback) {
      const reject = (reason: string) => {
        log('smtp_inbound_rejected', { reason });
        callback(smtpError(550, 'Error: no such mailbox here'));
      };
      if (!isReplyAddress(address.address)) return reject('not_a_reply_address');
      Promise.resolve()
        .then(() => acceptRecipient(address.address.toLowerCase()))
        .then(
          (ok) => (ok ? callback() : reject('unknown_reply_address')),
          () => callback(smtpError(451, 'Error: temporary failure, try again later')),
        );
    },
    onData,
  });

  return new Promise((resolve, reject) => {
    const failStart = (error: NodeJS.ErrnoException) => reject(new Error(`SMTP listener cannot start on ${host}:${port}: ${error.code ?? error.message}`));
    server.once('error', failStart);
    server.listen(port, host, () => {
      server.off('error', failStart);
      server.on('error', (error: NodeJS.ErrnoException) => log('smtp_inbound_error', { code: error.code ?? error.name }));
      const address = server.server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : port,
        stop: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
