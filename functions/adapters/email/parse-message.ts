/**
 * A raw inbound email (from SES via S3, or the local SMTP listener) reduced to
 * what the reply use case needs: who sent it, the person's own words, whether a
 * machine wrote it, and the DKIM signing domains for the alignment check.
 *
 * Where the message goes is not read here: the use case routes by the real
 * envelope (SES's receipt recipients, SMTP RCPT TO). To, Cc, Delivered-To and
 * X-Original-To are written by whoever sent the message and are never trusted.
 */
import PostalMime, { addressParser, type Address, type Email } from 'postal-mime';
import { readCalendarReply, type CalendarReply } from '../../domain/calendar/reply';
import { htmlToText, stripQuoted } from '../../domain/reply/strip-quoted';
import type { MessageParser, ParsedReply } from '../../ports';

export interface InboundMessage extends ParsedReply {
  inReplyTo?: string;
  subject: string;
}

/**
 * Bounds on the MIME structure, on top of the size cap the use case applies before parsing.
 * postal-mime bounds nesting and header bytes itself but not breadth, so the parts are counted
 * first (a reply has a handful; the header block of each part starts with a boundary line).
 * Lines are bounded too: postal-mime's cost is per line (each becomes a Blob part; on Node 20
 * about 30 µs a line), so a 1 MiB message of blank lines would take half a minute. A real message
 * of 1 MiB, base64 attachments included (76 characters a line), has under 14,000.
 */
export const MIME_LIMITS = { maxParts: 100, maxLines: 25_000, maxNestingDepth: 20, maxHeadersSize: 256 * 1024 } as const;

export class UnparseableMessage extends Error {
  override name = 'UnparseableMessage' as const;
}

const OUT_OF_OFFICE_SUBJECT = new RegExp(
  '^\\s*(\\[[^\\]]*\\]\\s*)?(' +
    [
      'auto(matic|matische|matisch)?[ -]?(reply|response|antwort|antwoord)',
      'autoreply',
      'auto-reply',
      'out of (the )?office',
      'ooo\\b',
      'abwesenheitsnotiz',
      'abwesend',
      'réponse automatique',
      'absence',
      'respuesta automática',
      'fuera de la oficina',
      'resposta automática',
      'ausência',
      'fora do escritório',
      'afwezig',
      'risposta automatica',
      'fuori sede',
      'undeliverable',
      'unzustellbar',
      'delivery status notification',
      'mail delivery failed',
      'returned mail',
    ].join('|') +
    ')',
  'i',
);

/** Header values of the message itself in order, unfolded; repeated headers give several values. */
function headerValues(mail: Email, key: string): string[] {
  return mail.headers.filter((h) => h.key === key).map((h) => h.value.replace(/\r?\n[ \t]+/g, ' ').trim());
}

function addresses(list: Address[]): string[] {
  const out: string[] = [];
  for (const entry of list) {
    if (entry.address) out.push(entry.address.trim().toLowerCase());
    for (const member of entry.group ?? []) if (member.address) out.push(member.address.trim().toLowerCase());
  }
  return out;
}

/** Every address the From header names (postal-mime's `from` keeps only the first). */
const fromAddresses = (mail: Email): string[] => addresses(headerValues(mail, 'from').flatMap((value) => addressParser(value)));

function isAutoSubmitted(mail: Email, from: string | undefined): boolean {
  const first = (key: string) => headerValues(mail, key)[0]?.toLowerCase();
  const autoSubmitted = first('auto-submitted');
  if (autoSubmitted !== undefined && !/^no\b/.test(autoSubmitted)) return true;
  // X-Auto-Response-Suppress is deliberately absent: Outlook sets it on ordinary mail.
  if (['x-autoreply', 'x-autorespond', 'x-auto-reply', 'x-autoresponder'].some((key) => headerValues(mail, key).length > 0)) return true;
  if (/^(bulk|junk|list|auto_reply)\b/.test(first('precedence') ?? '') || /^(bulk|junk|list|auto_reply)\b/.test(first('x-precedence') ?? '')) return true;
  if (/^multipart\/report\b/.test(first('content-type') ?? '')) return true;
  if (from && /^(mailer-daemon|postmaster)@/.test(from)) return true;
  return OUT_OF_OFFICE_SUBJECT.test(mail.subject ?? '');
}

/** The d= tag of each DKIM-Signature header, lower-case; '' for a signature without one. */
function dkimDomains(mail: Email): string[] {
  return headerValues(mail, 'dkim-signature').map((value) => (/(?:^|;)\s*d\s*=\s*([^;\s]*)/i.exec(value)?.[1] ?? '').toLowerCase());
}

/**
 * The one From address. A message with several From headers, or a From header
 * naming several addresses, has none: which of them SES authenticated is unknown.
 */
function soleFrom(mail: Email): string | undefined {
  if (headerValues(mail, 'from').length !== 1) return undefined;
  const all = fromAddresses(mail);
  return all.length === 1 ? all[0] : undefined;
}

/** Lines, and boundary lines (`--…` at a line start: an upper bound of the parts); linear in the size. */
function shapeOf(raw: Uint8Array): { lines: number; boundaries: number } {
  let lines = 1;
  let boundaries = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0x0a) lines++;
    else if (raw[i] === 0x2d && raw[i + 1] === 0x2d && (i === 0 || raw[i - 1] === 0x0a)) boundaries++;
  }
  return { lines, boundaries };
}

/** Calendar parts read at most: a client's REPLY has one (or the same twice, inline and attached). */
const MAX_CALENDAR_PARTS = 3;

/**
 * The answer of a calendar client (Gmail, Outlook, Apple Mail send a `text/calendar;
 * method=REPLY` part, some also as an .ics attachment). Parts whose own method says
 * something else are skipped; the bounded reader checks the object's METHOD itself.
 */
function calendarReplyOf(mail: Email): CalendarReply | undefined {
  const parts = mail.attachments.filter((a) => a.mimeType === 'text/calendar' || a.mimeType === 'application/ics').slice(0, MAX_CALENDAR_PARTS);
  for (const part of parts) {
    if (part.method && part.method !== 'REPLY') continue;
    const text = typeof part.content === 'string' ? part.content : new TextDecoder('utf-8').decode(part.content);
    const reply = readCalendarReply(text);
    if (reply) return reply;
  }
  return undefined;
}

/** Throws UnparseableMessage for a message past the MIME limits (the use case drops it, never retries). */
export async function parseInboundMessage(raw: Buffer | string): Promise<InboundMessage> {
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  const shape = shapeOf(bytes);
  if (shape.boundaries > MIME_LIMITS.maxParts) throw new UnparseableMessage(`more than ${MIME_LIMITS.maxParts} MIME parts`);
  if (shape.lines > MIME_LIMITS.maxLines) throw new UnparseableMessage(`more than ${MIME_LIMITS.maxLines} lines`);
  let mail: Email;
  try {
    mail = await PostalMime.parse(bytes, {
      maxNestingDepth: MIME_LIMITS.maxNestingDepth,
      maxHeadersSize: MIME_LIMITS.maxHeadersSize,
      // A forwarded message inside a reply is not the person's own words: never part of the text.
      forceRfc822Attachments: true,
    });
  } catch (error) {
    throw new UnparseableMessage((error as Error).message);
  }
  const from = soleFrom(mail);
  const calendarReply = calendarReplyOf(mail);
  // postal-mime fills `text` only from text/plain parts (an HTML-only message has none); our
  // htmlToText cuts quoted history where a generic converter keeps it.
  const fromText = mail.text ? stripQuoted(mail.text) : '';
  const text = fromText || (mail.html ? stripQuoted(htmlToText(mail.html)) : '');

  return {
    ...(mail.messageId ? { messageId: mail.messageId } : {}),
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    ...(from ? { from } : {}),
    subject: mail.subject ?? '',
    text,
    // A calendar's answer is written by the client on the person's press of "Accept", whatever
    // automation headers it carries (calendar services may mark it auto-generated): never dropped as an auto-reply.
    autoSubmitted: !calendarReply && isAutoSubmitted(mail, from ?? fromAddresses(mail)[0]),
    dkimDomains: dkimDomains(mail),
    ...withCalendarReply(calendarReply),
  };
}

const withCalendarReply = (reply: CalendarReply | undefined) => (reply ? { calendarReply: reply } : {});

/** The MessageParser port, served by postal-mime. */
export const mimeMessages: MessageParser = { parse: parseInboundMessage };
