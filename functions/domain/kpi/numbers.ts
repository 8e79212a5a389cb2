import { MATCH_DAY_BUCKETS, type WeekStats } from './aggregates';
import type { Change } from './types';

const EPSILON = 1e-9;

/** A counter or gauge as a usable count: missing, negative (a drifting gauge) or non-finite values are 0. */
export function count(v: number | undefined): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
}

/** a ÷ b, or null when b is 0. */
export function ratio(a: number, b: number): number | null {
  return b > 0 && Number.isFinite(a) && Number.isFinite(b) ? a / b : null;
}

/** a ÷ b kept within 0…1 (a part can't exceed its whole, even if the running totals briefly disagree), or null when b is 0. */
export function share(part: number, whole: number): number | null {
  const r = ratio(part, whole);
  return r === null ? null : Math.min(1, Math.max(0, r));
}

export function changeOf(value: number | null, previous: number | null): Change {
  if (value === null || previous === null) return { value, previous, delta: null, direction: null };
  const delta = value - previous;
  return { value, previous, delta, direction: Math.abs(delta) < EPSILON ? 'flat' : delta > 0 ? 'up' : 'down' };
}

/** Mentees matched after 0, 1, … 60+ days of waiting, summed over the weeks. */
export function histogram(weeks: readonly WeekStats[]): number[] {
  const buckets = new Array<number>(MATCH_DAY_BUCKETS).fill(0);
  for (const w of weeks) {
    for (const [key, value] of Object.entries(w.counts)) {
      const m = /^match_days_(\d+)$/.exec(key);
      if (!m) continue;
      const day = Math.min(MATCH_DAY_BUCKETS - 1, Number(m[1]));
      buckets[day] = (buckets[day] ?? 0) + count(value);
    }
  }
  return buckets;
}

/** The median of a histogram of whole days (the mean of the two middle values when the count is even); null when empty. */
export function medianOfHistogram(buckets: readonly number[]): number | null {
  const n = buckets.reduce((s, b) => s + b, 0);
  if (n <= 0) return null;
  const valueAt = (rank: number) => {
    let seen = 0;
    for (let day = 0; day < buckets.length; day++) {
      seen += buckets[day] ?? 0;
      if (seen > rank) return day;
    }
    return buckets.length - 1;
  };
  return (valueAt(Math.floor((n - 1) / 2)) + valueAt(Math.floor(n / 2))) / 2;
}
