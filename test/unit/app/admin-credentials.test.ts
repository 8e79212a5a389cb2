import { describe, expect, it } from 'vitest';
import { hashSecret, looksLikeApiKey, looksLikeSecret, newSecret, normaliseEmail, safeNext } from '../../../functions/app/use-cases/admin/credentials';

describe('admin credentials', () => {
  it('hands out 256-bit base64url secrets and stores a hash that is not the secret', () => {
    const a = newSecret();
    const b = newSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(looksLikeSecret(a)).toBe(true);
    expect(hashSecret(a)).not.toBe(a);
    expect(hashSecret(a)).toBe(hashSecret(a));
    expect(looksLikeSecret(`${a}x`)).toBe(false);
    expect(looksLikeApiKey(`mpk_${a}`)).toBe(true);
    expect(looksLikeApiKey(a)).toBe(false);
  });

  it('lands only on a local console path after signing in', () => {
    for (const good of ['/admin', '/admin/people', '/admin/people?q=ada&role=mentor', '/admin/pairs/01JD8Q3Z']) expect(safeNext(good), good).toBe(good);
    for (const bad of [
      undefined,
      '',
      '/',
      '/signup',
      '//evil.test',
      '/admin//evil.test',
      'https://evil.test/admin',
      '/admin/../signup',
      '/admin/./x',
      '/\\evil.test',
      '/administrator',
      '/admin/sign-in/abc',
      '/admin/sign-out',
      '/admin/x\ny',
      `/admin/${'a'.repeat(600)}`,
    ])
      expect(safeNext(bad), String(bad)).toBeUndefined();
  });

  it('normalises addresses and refuses what is not one', () => {
    expect(normaliseEmail('  Ada@Example.COM ')).toBe('ada@example.com');
    for (const bad of ['', 'ada', 'ada@', '@example.com', 'a b@example.com', 'ada@example', 42, undefined, `${'a'.repeat(250)}@example.com`])
      expect(normaliseEmail(bad), String(bad)).toBeUndefined();
  });
});
