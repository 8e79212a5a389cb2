/** What every RateLimiter does, run against the in-memory fake and the DynamoDB adapter alike. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { RateLimiter } from '../../functions/ports';
import { uid } from './fixtures';

export function rateLimiterContract(name: string, make: () => Promise<RateLimiter>) {
  describe(`RateLimiter contract: ${name}`, () => {
    let limiter: RateLimiter;
    beforeAll(async () => {
      limiter = await make();
    });
    const at = (iso: string) => new Date(iso);

    it('allows `limit` hits per fixed window, says when the window ends, and starts over in the next', async () => {
      const key = uid('client');
      const hits = [];
      for (let i = 0; i < 3; i++) hits.push(await limiter.hit(key, 2, 60, at('2026-11-01T09:00:10Z')));
      expect(hits.map((h) => h.allowed)).toEqual([true, true, false]);
      expect(hits[2]!.retryAfterSeconds).toBe(50);
      expect((await limiter.hit(key, 2, 60, at('2026-11-01T09:01:00Z'))).allowed).toBe(true);
      expect((await limiter.hit(uid('client'), 2, 60, at('2026-11-01T09:00:10Z'))).allowed).toBe(true);
    });

    it('slides its window over granted hits only', async () => {
      const key = uid('target');
      expect((await limiter.hitSliding(key, 2, 3600, at('2026-11-01T09:00:00Z'))).allowed).toBe(true);
      expect((await limiter.hitSliding(key, 2, 3600, at('2026-11-01T09:30:00Z'))).allowed).toBe(true);
      const refused = await limiter.hitSliding(key, 2, 3600, at('2026-11-01T09:45:00Z'));
      expect(refused).toEqual({ allowed: false, retryAfterSeconds: 15 * 60 });
      // The refused hit was not counted: the first one leaving the window makes room.
      expect((await limiter.hitSliding(key, 2, 3600, at('2026-11-01T10:00:00Z'))).allowed).toBe(true);
      expect((await limiter.hitSliding(key, 2, 3600, at('2026-11-01T10:10:00Z'))).allowed).toBe(false);
    });
  });
}
