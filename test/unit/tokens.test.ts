import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expiresIn, signToken, verifyToken } from '../../functions/domain/tokens';

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
