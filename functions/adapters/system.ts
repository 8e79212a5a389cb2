import { randomBytes } from 'node:crypto';
import type { Clock, Ids, Secrets } from '../ports';

export const systemClock: Clock = { now: () => new Date() };

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * ULID-style ids in lower-case Crockford base32: 26 characters, sortable by
 * creation time, and safe inside case-folding places such as email local parts.
 */
export const ulidIds: Ids = {
  next() {
    let time = Date.now();
    let head = '';
    for (let i = 0; i < 10; i++) {
      head = CROCKFORD[time % 32] + head;
      time = Math.floor(time / 32);
    }
    const bytes = randomBytes(16);
    let tail = '';
    for (let i = 0; i < 16; i++) tail += CROCKFORD[bytes[i]! % 32];
    return head + tail;
  },
};

export const staticSecret = (secret: string): Secrets => ({ tokenSecret: async () => secret });
