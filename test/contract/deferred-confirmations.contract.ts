/** What every DeferredConfirmationQueue does, run against the in-memory fake and the DynamoDB adapter alike. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { DeferredConfirmationQueue } from '../../functions/ports';
import { uid } from './fixtures';

export function deferredConfirmationsContract(name: string, make: () => Promise<DeferredConfirmationQueue>) {
  describe(`DeferredConfirmationQueue contract: ${name}`, () => {
    let queue: DeferredConfirmationQueue;
    beforeAll(async () => {
      queue = await make();
    });

    it('hands out the oldest first, per program, adds the same item once, and forgets what was removed', async () => {
      const program = uid('prog');
      const item = (n: number, hour: number) => ({
        participantId: `p${n}`,
        key: `confirm#p${n}`,
        deferredAt: `2026-11-01T${String(hour).padStart(2, '0')}:00:00.000Z`,
      });
      await queue.add(program, item(2, 11));
      await queue.add(program, item(1, 10));
      await queue.add(program, item(1, 10));
      await queue.add(program, item(3, 12));
      await queue.add(uid('other'), item(4, 9));
      expect(await queue.oldest(program, 2)).toEqual([item(1, 10), item(2, 11)]);
      await queue.remove(program, item(1, 10));
      expect(await queue.oldest(program, 10)).toEqual([item(2, 11), item(3, 12)]);
      expect(await queue.oldest(uid('empty'), 10)).toEqual([]);
    });
  });
}
