/**
 * Runs `fn` over `items` with at most `limit` in flight; results keep the input order.
 *
 * When one call fails, no new item is started, and the failure is thrown only
 * once the calls already running have finished: a job that fails (say, the
 * database went away) never walks off from an email it has claimed but not yet
 * sent, which would leave it stuck as `sending` for good (a Lambda instance is
 * frozen as soon as its handler returns).
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}

/** Like `Promise.all`, but a rejection is thrown only once every promise has settled (see `mapLimit`). */
export async function allSettledOrThrow<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(promises);
  const rejected = settled.find((s) => s.status === 'rejected');
  if (rejected) throw rejected.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}
