/**
 * A raw inbound email (from SES via S3, or the local SMTP listener) reduced to
 * what the reply use case needs: who sent it, the person's own words, whether a
 * machine wrote it, and the DKIM signing domains for the alignment check.
 *
 * Where the message goes is not read here: the use case routes by the real
 * envelope (SES's receipt recipients, SMTP RCPT TO). To, Cc, Delivered-To and
 * X-Original-To are written by whoever sent the message and are never trusted.
 */
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { htmlToText, stripQuoted } from '../../domain/reply/strip-quoted';
import type { MessageParser, ParsedReply } from '../../ports';

export interface InboundMessage extends ParsedReply {
  inReplyTo?: string;
  subject: string;
}

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

/** The d= tag of each DKIM-Signature header, lower-case; '' for a signature without one. */
function dkimDomains(mail: ParsedMail): string[] {
  return headerValues(mail, 'dkim-signature').map((value) => (/(?:^|;)\s*d\s*=\s*([^;\s]*)/i.exec(value)?.[1] ?? '').toLowerCase());
}

/**
 * The one From address. A message with several From headers, or a From header
 * naming several addresses, has none: which of them SES authenticated is unknown.
 */
function soleFrom(mail: ParsedMail): string | undefined {
  if (headerValues(mail, 'from').length !== 1) return undefined;
  const all = addresses(mail.from);
  return all.length === 1 ? all[0] : undefined;
}

export async function parseInboundMessage(raw: Buffer | string): Promise<InboundMessage> {
  const mail = await simpleParser(raw, {
    skipHtmlToText: true, // our htmlToText cuts quoted history; the generic converter keeps it
    skipTextToHtml: true,
    skipImageLinks: true,
  });
  const from = soleFrom(mail);
  const fromText = mail.text ? stripQuoted(mail.text) : '';
  const text = fromText || (typeof mail.html === 'string' ? stripQuoted(htmlToText(mail.html)) : '');

  return {
    ...(mail.messageId ? { messageId: mail.messageId } : {}),
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    ...(from ? { from } : {}),
    subject: mail.subject ?? '',
    text,
    autoSubmitted: isAutoSubmitted(mail, from ?? addresses(mail.from)[0]),
    dkimDomains: dkimDomains(mail),
  };
}

export const mailparserMessages: MessageParser = { parse: parseInboundMessage };
