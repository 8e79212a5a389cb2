/**
 * A raw inbound email (from SES via S3, or the local SMTP listener) reduced to
 * what the reply use case needs: who sent it, to which addresses, the person's
 * own words, and whether a machine wrote it.
 */
import { parseAddressHeader, simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { htmlToText, stripQuoted } from '../../domain/reply/strip-quoted';

export interface InboundMessage {
  /** As in the header, angle brackets included (`<id@host>`). */
  messageId?: string;
  inReplyTo?: string;
  /** Bare, lower-case address of the From header. */
  from?: string;
  /** To, Cc, Delivered-To, X-Original-To and similar: bare, lower-case, without duplicates. */
  recipients: string[];
  subject: string;
  /** The person's own words: quoted history and signatures stripped, from the text part or else the HTML. */
  text: string;
  /** Auto-replies, bulk mail, bounces: these must not count as activity. */
  autoSubmitted: boolean;
}

// Headers that servers add for the envelope recipient; the To header may not name the reply address (Bcc, aliases).
const ENVELOPE_HEADERS = ['delivered-to', 'x-original-to', 'envelope-to', 'x-envelope-to', 'x-rcpt-to', 'x-forwarded-to'];

const OUT_OF_OFFICE_SUBJECT = new RegExp(
  '^\\s*(\\[[^\\]]*\\]\\s*)?(' +
    [
      'auto(matic|matische|matisch)?[ -]?(reply|response|antwort|antwoord)', 'autoreply', 'auto-reply',
      'out of (the )?office', 'ooo\\b', 'abwesenheitsnotiz', 'abwesend', 'réponse automatique', 'absence',
      'respuesta automática', 'fuera de la oficina', 'resposta automática', 'ausência', 'fora do escritório',
      'afwezig', 'risposta automatica', 'fuori sede', 'undeliverable', 'unzustellbar', 'delivery status notification',
      'mail delivery failed', 'returned mail',
    ].join('|') +
    ')',
  'i',
);

/** Raw header values in order, folding undone; repeated headers give several values. */
function headerValues(mail: ParsedMail, key: string): string[] {
  return mail.headerLines
    .filter((h) => h.key === key)
    .map((h) => h.line.slice(h.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim());
}

function addresses(objects: AddressObject | AddressObject[] | undefined): string[] {
  const list = objects === undefined ? [] : Array.isArray(objects) ? objects : [objects];
  const out: string[] = [];
  const visit = (entries: AddressObject['value']) => {
    for (const entry of entries) {
      if (entry.address) out.push(entry.address.trim().toLowerCase());
      if (entry.group) visit(entry.group);
    }
  };
  for (const object of list) visit(object.value);
  return out;
}

function isAutoSubmitted(mail: ParsedMail, from: string | undefined): boolean {
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

export async function parseInboundMessage(raw: Buffer | string): Promise<InboundMessage> {
  const mail = await simpleParser(raw, {
    skipHtmlToText: true, // our htmlToText cuts quoted history; the generic converter keeps it
    skipTextToHtml: true,
    skipImageLinks: true,
  });
  const from = addresses(mail.from)[0];
  const envelope = addresses(parseAddressHeader(ENVELOPE_HEADERS.flatMap((key) => headerValues(mail, key)), { flatten: true }));
  const recipients = [...new Set([...addresses(mail.to), ...addresses(mail.cc), ...envelope])];

  const fromText = mail.text ? stripQuoted(mail.text) : '';
  const text = fromText || (typeof mail.html === 'string' ? stripQuoted(htmlToText(mail.html)) : '');

  return {
    ...(mail.messageId ? { messageId: mail.messageId } : {}),
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    ...(from ? { from } : {}),
    recipients,
    subject: mail.subject ?? '',
    text,
    autoSubmitted: isAutoSubmitted(mail, from),
  };
}
