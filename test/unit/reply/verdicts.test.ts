import { describe, expect, it } from 'vitest';
import { aligned, domainOf, earlyRefusal, verdictRefusal, type MailVerdicts } from '../../../functions/domain/reply/verdicts';

const passing: MailVerdicts = { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', mailFrom: 'bounce@mail.example.com' };
const from = (fromDomain: string | undefined, dkimDomains: string[] = []) => ({ fromDomain, dkimDomains });

describe('domainOf and relaxed alignment', () => {
  it('reads the domain of an address or a bare domain, lower-case, without a trailing dot', () => {
    expect(domainOf('Ada@Mail.Example.COM')).toBe('mail.example.com');
    expect(domainOf('example.com.')).toBe('example.com');
    expect(domainOf('')).toBeUndefined();
    expect(domainOf('localhost')).toBeUndefined();
    expect(domainOf('a@b@example.com')).toBe('example.com');
    expect(domainOf('x@exa mple.com')).toBeUndefined();
  });

  it.each([
    ['example.com', 'example.com', true],
    ['mail.example.com', 'example.com', true],
    ['example.com', 'a.b.example.com', true],
    ['EXAMPLE.com', 'example.COM', true],
    ['example.com', 'example.org', false],
    ['evil-example.com', 'example.com', false],
    ['example.com.evil.com', 'example.com', false],
    ['evil.co.uk', 'victim.co.uk', false],
    ['com', 'example.com', false],
    ['', 'example.com', false],
  ])('%s ~ %s → %s', (a, b, expected) => {
    expect(aligned(a, b)).toBe(expected);
  });
});

describe('verdictRefusal', () => {
  it('accepts DMARC PASS with clean scans, whatever SPF and DKIM say', () => {
    expect(verdictRefusal({ ...passing, spf: 'FAIL', dkim: 'FAIL' }, from('example.com'))).toBeUndefined();
  });

  it.each([
    ['spam', { spam: 'FAIL' }, 'spam'],
    ['spam not scanned', { spam: 'PROCESSING_FAILED' }, 'spam'],
    ['spam scan disabled', { spam: 'DISABLED' }, 'spam'],
    ['virus', { virus: 'FAIL' }, 'virus'],
    ['virus gray', { virus: 'GRAY' }, 'virus'],
    ['DMARC FAIL', { dmarc: 'FAIL' }, 'dmarc'],
    ['DMARC not evaluated', { dmarc: 'PROCESSING_FAILED' }, 'dmarc'],
  ] as const)('refuses %s', (_name, change, reason) => {
    const verdicts = { ...passing, ...change } as MailVerdicts;
    expect(earlyRefusal(verdicts)).toBe(reason);
    expect(verdictRefusal(verdicts, from('example.com', ['example.com']))).toBe(reason);
  });

  describe('no DMARC record (GRAY): SPF or DKIM must pass aligned with the From domain', () => {
    const gray: MailVerdicts = { ...passing, dmarc: 'GRAY', spf: 'FAIL', dkim: 'FAIL' };

    it('is not refused before parsing: alignment needs the From header', () => {
      expect(earlyRefusal(gray)).toBeUndefined();
    });

    it('accepts SPF PASS for an aligned envelope sender (same domain or subdomain)', () => {
      expect(verdictRefusal({ ...gray, spf: 'PASS', mailFrom: 'ada@example.com' }, from('example.com'))).toBeUndefined();
      expect(verdictRefusal({ ...gray, spf: 'PASS', mailFrom: 'bounces@mail.example.com' }, from('example.com'))).toBeUndefined();
    });

    it('refuses SPF PASS for an unrelated envelope sender, or the null sender', () => {
      expect(verdictRefusal({ ...gray, spf: 'PASS', mailFrom: 'mallory@evil.example' }, from('example.com'))).toBe('unaligned');
      expect(verdictRefusal({ ...gray, spf: 'PASS', mailFrom: '' }, from('example.com'))).toBe('unaligned');
    });

    it('accepts DKIM PASS when every signature is aligned', () => {
      expect(verdictRefusal({ ...gray, dkim: 'PASS' }, from('example.com', ['example.com']))).toBeUndefined();
      expect(verdictRefusal({ ...gray, dkim: 'PASS' }, from('example.com', ['example.com', 'mail.example.com']))).toBeUndefined();
    });

    it('refuses DKIM PASS from an unaligned signer, also next to an aligned-looking one', () => {
      expect(verdictRefusal({ ...gray, dkim: 'PASS' }, from('example.com', ['evil.example']))).toBe('unaligned');
      // SES does not say which signature passed: the forger's own could be the one.
      expect(verdictRefusal({ ...gray, dkim: 'PASS' }, from('example.com', ['example.com', 'evil.example']))).toBe('unaligned');
      expect(verdictRefusal({ ...gray, dkim: 'PASS' }, from('example.com', []))).toBe('unaligned');
      expect(verdictRefusal({ ...gray, dkim: 'PASS' }, from('example.com', ['']))).toBe('unaligned');
    });

    it('refuses aligned domains whose checks did not pass, and a message without a From domain', () => {
      expect(verdictRefusal({ ...gray, mailFrom: 'ada@example.com' }, from('example.com', ['example.com']))).toBe('unaligned');
      expect(verdictRefusal({ ...gray, spf: 'PASS', dkim: 'PASS', mailFrom: 'ada@example.com' }, from(undefined, ['example.com']))).toBe('unaligned');
    });
  });
});
