import { describe, expect, it } from 'vitest';
import { parseReplyAddress, replyAddress } from '../../functions/domain/reply-address';

describe('reply addresses', () => {
  const id = '01m8gqn7kxfq0z5eqm7jrgq9t2';
  const address = replyAddress('pair', id, 's3cret', 'reply.example.com');

  it('fits the 64-character local-part limit and uses only case-safe characters', () => {
    const local = address.split('@')[0]!;
    expect(local.length).toBeLessThanOrEqual(64);
    expect(local).toMatch(/^[a-z0-9+-]+$/);
  });

  it('round-trips, also when a mail server upper-cases it', () => {
    expect(parseReplyAddress(address, 's3cret')).toEqual({ kind: 'pair', id });
    expect(parseReplyAddress(address.toUpperCase(), 's3cret')).toEqual({ kind: 'pair', id });
  });

  it('rejects another secret, a changed id and junk', () => {
    expect(parseReplyAddress(address, 'other')).toBeUndefined();
    expect(parseReplyAddress(address.replace(id, id.replace('0', '1')), 's3cret')).toBeUndefined();
    expect(parseReplyAddress('someone@example.com', 's3cret')).toBeUndefined();
  });
});
