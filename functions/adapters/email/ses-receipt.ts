/**
 * An SES receipt notification (the Lambda action's event record) mapped to the
 * reply use case's input. Where the mail goes is the receipt's own envelope
 * recipients (RCPT TO, only those the receipt rule matched), never
 * `mail.destination`'s neighbours in To/Cc or `commonHeaders`: headers are
 * written by the sender. The envelope sender (MAIL FROM, `mail.source`) is what
 * SPF judged, so it goes with the verdicts.
 */
import type { SESMessage } from 'aws-lambda';
import type { VerdictStatus } from '../../domain/reply/verdicts';
import type { InboundMail } from '../../ports';

const STATUSES: readonly VerdictStatus[] = ['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED', 'DISABLED'];

/** A missing or unknown verdict counts as not evaluated, which the rule refuses. */
const status = (verdict: { status?: string } | undefined): VerdictStatus => STATUSES.find((s) => s === verdict?.status) ?? 'PROCESSING_FAILED';

export function inboundMailOf(ses: SESMessage, raw: Buffer, size: number): InboundMail {
  const { receipt, mail } = ses;
  return {
    envelopeRecipients: receipt.recipients ?? [],
    verdicts: {
      spam: status(receipt.spamVerdict),
      virus: status(receipt.virusVerdict),
      spf: status(receipt.spfVerdict),
      dkim: status(receipt.dkimVerdict),
      dmarc: status(receipt.dmarcVerdict),
      mailFrom: mail.source ?? '',
    },
    raw,
    size,
  };
}
