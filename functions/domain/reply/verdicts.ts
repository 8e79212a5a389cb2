/**
 * Whether an inbound email is trustworthy enough to act on, from the verdicts
 * SES attaches to every received message (spam, virus, SPF, DKIM, DMARC).
 *
 * - Spam and virus scans must PASS.
 * - DMARC PASS means the From domain is authenticated and aligned: enough.
 * - DMARC GRAY means the From domain publishes no DMARC record. Then SPF or DKIM
 *   must PASS *and* be aligned with the From domain, as DMARC would require:
 *   SPF for the envelope sender (MAIL FROM, SES's `mail.source`), DKIM for the
 *   domains (d=) of the DKIM-Signature headers. SES reports one DKIM verdict for
 *   the whole message, not which signature passed, so DKIM counts as aligned only
 *   when every signature's d= is: a forger can sign with their own domain and add
 *   a broken signature claiming the victim's.
 * - Anything else (FAIL, PROCESSING_FAILED, DISABLED, a missing verdict) refuses.
 *
 * Alignment is relaxed: the same domain, or one a subdomain of the other
 * (mail.example.com and example.com). Real DMARC compares organizational domains
 * via the public suffix list; this simpler rule never aligns two unrelated
 * registrations, and a bare top-level or one-label domain aligns with nothing.
 *
 * Pure: no SDK types, so the local stack and tests use it as they are.
 */

export type VerdictStatus = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED' | 'DISABLED';

export interface MailVerdicts {
  spam: VerdictStatus;
  virus: VerdictStatus;
  spf: VerdictStatus;
  dkim: VerdictStatus;
  dmarc: VerdictStatus;
  /** The envelope sender (MAIL FROM); '' for the null sender. */
  mailFrom: string;
}

/** Why a message is not acted on; undefined when it may be. */
export type VerdictRefusal = 'spam' | 'virus' | 'dmarc' | 'unaligned';

/** Lower-case, without a trailing dot; undefined for anything that is not a plausible domain. */
export function domainOf(addressOrDomain: string): string | undefined {
  const at = addressOrDomain.lastIndexOf('@');
  const domain = (at >= 0 ? addressOrDomain.slice(at + 1) : addressOrDomain).trim().toLowerCase().replace(/\.$/, '');
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain) && domain.length <= 253 ? domain : undefined;
}

/** Relaxed alignment: the same domain, or one a subdomain of the other (both with at least two labels). */
export function aligned(a: string | undefined, b: string | undefined): boolean {
  const [x, y] = [a && domainOf(a), b && domainOf(b)];
  if (!x || !y) return false;
  return x === y || x.endsWith(`.${y}`) || y.endsWith(`.${x}`);
}

/**
 * What can be judged before the message is parsed: the scans, and DMARC when it
 * is neither PASS nor GRAY. Lets a failing message be dropped unread.
 */
export function earlyRefusal(verdicts: MailVerdicts): VerdictRefusal | undefined {
  if (verdicts.spam !== 'PASS') return 'spam';
  if (verdicts.virus !== 'PASS') return 'virus';
  if (verdicts.dmarc !== 'PASS' && verdicts.dmarc !== 'GRAY') return 'dmarc';
  return undefined;
}

/**
 * The whole rule, once the From header's domain and the DKIM signing domains
 * are known (from the parsed message).
 */
export function verdictRefusal(verdicts: MailVerdicts, from: { fromDomain: string | undefined; dkimDomains: readonly string[] }): VerdictRefusal | undefined {
  const early = earlyRefusal(verdicts);
  if (early) return early;
  if (verdicts.dmarc === 'PASS') return undefined;
  const spfAligned = verdicts.spf === 'PASS' && aligned(domainOf(verdicts.mailFrom), from.fromDomain);
  const dkimAligned = verdicts.dkim === 'PASS' && from.dkimDomains.length > 0 && from.dkimDomains.every((d) => aligned(d, from.fromDomain));
  return spfAligned || dkimAligned ? undefined : 'unaligned';
}
