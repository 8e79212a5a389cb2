import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeBase64UrlStrict, expiresIn, signToken, verifyToken } from '../../functions/domain/tokens';

const secret = 'unit-test-secret';
const now = Date.parse('2026-11-30T09:00:00Z');

describe('signed link tokens', () => {
  const token = signToken({ p: 'confirm', s: 'participant-1', e: expiresIn(now, 7) }, secret);

  it('verifies a fresh token and returns its claims', () => {
    expect(verifyToken(token, 'confirm', secret, now)).toEqual({ ok: true, claims: { p: 'confirm', s: 'participant-1', e: expiresIn(now, 7) } });
  });

  it('is URL-safe', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('expires exactly at its expiry time', () => {
    expect(verifyToken(token, 'confirm', secret, now + 7 * 86_400_000 - 1000).ok).toBe(true);
    expect(verifyToken(token, 'confirm', secret, now + 7 * 86_400_000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('is single-purpose', () => {
    expect(verifyToken(token, 'unsubscribe', secret, now)).toEqual({ ok: false, reason: 'wrong_purpose' });
  });

  it('rejects another secret, a changed payload and a changed signature', () => {
    expect(verifyToken(token, 'confirm', 'other-secret', now)).toEqual({ ok: false, reason: 'forged' });
    const [payload, signature] = token.split('.') as [string, string];
    const tampered = Buffer.from(JSON.stringify({ p: 'confirm', s: 'participant-2', e: expiresIn(now, 7) })).toString('base64url');
    expect(verifyToken(`${tampered}.${signature}`, 'confirm', secret, now)).toEqual({ ok: false, reason: 'forged' });
    const flipped = signature.slice(0, -2) + (signature.endsWith('AA') ? 'BB' : 'AA');
    expect(verifyToken(`${payload}.${flipped}`, 'confirm', secret, now)).toEqual({ ok: false, reason: 'forged' });
  });

  it('rejects malformed tokens without throwing', () => {
    for (const t of ['', 'abc', 'a.b.c', '.', 'x.', '.y', '%%%.###']) {
      const r = verifyToken(t, 'confirm', secret, now);
      expect(r.ok).toBe(false);
    }
  });

  it('rejects a correctly signed payload that is not JSON claims', () => {
    const payload = Buffer.from('not json').toString('base64url');
    const sig = createHmac('sha256', secret).update(payload).digest('base64url');
    expect(verifyToken(`${payload}.${sig}`, 'confirm', secret, now)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('strict base64url in tokens', () => {
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const token = signToken({ p: 'confirm', s: 'participant-1', e: expiresIn(now, 7) }, secret);
  const [payload, signature] = token.split('.') as [string, string];
  /** The same bytes, spelled differently: the unused low bits of the last character set. */
  const otherSpellings = (text: string) => {
    const last = ALPHABET.indexOf(text.at(-1)!);
    const unusedBits = [0, 0, 4, 2][text.length % 4]!; // 2 chars → 4 unused bits, 3 chars → 2
    const variants: string[] = [];
    for (let low = 1; low < 2 ** unusedBits; low++) variants.push(text.slice(0, -1) + ALPHABET[(last & ~(2 ** unusedBits - 1)) | low]);
    return variants;
  };

  it('decodes only the canonical spelling', () => {
    expect(decodeBase64UrlStrict('QUJD')).toEqual(Buffer.from('ABC'));
    expect(decodeBase64UrlStrict('QUJDRA')).toEqual(Buffer.from('ABCD'));
    for (const bad of ['QUJDRB', 'QUJDRA==', 'QUJD!', 'QU JD', 'QUJD+', 'QUJD/', 'Q', '', 'QUJD\n']) expect(decodeBase64UrlStrict(bad)).toBeUndefined();
  });

  it('rejects a signature whose unused padding bits were altered', () => {
    const variants = otherSpellings(signature);
    expect(variants.length).toBeGreaterThan(0);
    for (const v of variants) {
      expect(Buffer.from(v, 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
      expect(verifyToken(`${payload}.${v}`, 'confirm', secret, now).ok).toBe(false);
    }
  });

  it('rejects a token with characters appended or inserted', () => {
    for (const extra of ['!', '=', '==', ' ', '%', '~', '\n', '+', '/']) {
      expect(verifyToken(`${token}${extra}`, 'confirm', secret, now).ok).toBe(false);
      expect(verifyToken(`${payload}${extra}.${signature}`, 'confirm', secret, now).ok).toBe(false);
      expect(verifyToken(`${payload}.${signature.slice(0, 10)}${extra}${signature.slice(10)}`, 'confirm', secret, now).ok).toBe(false);
    }
  });

  it('property: only the exact token string verifies', () => {
    fc.assert(
      fc.property(
        fc.record({ s: fc.string({ minLength: 1, maxLength: 40 }), x: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }) }),
        fc.string({ minLength: 1, maxLength: 3 }),
        fc.nat(),
        ({ s, x }, extra, at) => {
          const claims = x === undefined ? { p: 'checkin' as const, s, e: expiresIn(now, 1) } : { p: 'checkin' as const, s, x, e: expiresIn(now, 1) };
          const t = signToken(claims, secret);
          expect(verifyToken(t, 'checkin', secret, now)).toEqual({ ok: true, claims });
          const i = at % (t.length + 1);
          const changed = t.slice(0, i) + extra + t.slice(i);
          expect(verifyToken(changed, 'checkin', secret, now).ok).toBe(false);
          const [p, sig] = t.split('.') as [string, string];
          for (const v of otherSpellings(sig)) expect(verifyToken(`${p}.${v}`, 'checkin', secret, now).ok).toBe(false);
        },
      ),
    );
  });

  it('rejects a correctly signed payload that is JSON but not an object', () => {
    for (const json of ['null', '42', '"x"']) {
      const p = Buffer.from(json).toString('base64url');
      const sig = createHmac('sha256', secret).update(p).digest('base64url');
      expect(verifyToken(`${p}.${sig}`, 'confirm', secret, now)).toEqual({ ok: false, reason: 'malformed' });
    }
  });
});
