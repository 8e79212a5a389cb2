import { describe, expect, it } from 'vitest';
import { memberOf, memberReplyAddress, parseReplyAddress, replyAddress } from '../../functions/domain/reply-address';

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

describe('per-member reply addresses', () => {
  const pair = { id: '01m8gqn7kxfq0z5eqm7jrgq9t2', mentorId: '01m8gqn7kxfq0z5eqm7jrgq9aa', menteeId: '01m8gqn7kxfq0z5eqm7jrgq9bb' };

  it('gives each member of a pair their own address, within 64 lower-case characters', () => {
    const [toMentor, toMentee] = [
      memberReplyAddress(pair, pair.mentorId, 's3cret', 'r.example.com'),
      memberReplyAddress(pair, pair.menteeId, 's3cret', 'r.example.com'),
    ];
    expect(toMentor).not.toBe(toMentee);
    for (const address of [toMentor, toMentee]) {
      const local = address.split('@')[0]!;
      expect(local.length).toBeLessThanOrEqual(64);
      expect(local).toMatch(/^[a-z0-9+-]+$/);
    }
    expect(parseReplyAddress(toMentor, 's3cret')).toEqual({ kind: 'mentor', id: pair.id });
    expect(parseReplyAddress(toMentee.toUpperCase(), 's3cret')).toEqual({ kind: 'mentee', id: pair.id });
    expect(memberOf(parseReplyAddress(toMentor, 's3cret')!, pair)).toBe(pair.mentorId);
    expect(memberOf(parseReplyAddress(toMentee, 's3cret')!, pair)).toBe(pair.menteeId);
  });

  it("cannot be turned into the partner's address or a participant address", () => {
    const toMentee = memberReplyAddress(pair, pair.menteeId, 's3cret', 'r.example.com');
    expect(parseReplyAddress(toMentee.replace('+mentee-', '+mentor-'), 's3cret')).toBeUndefined();
    expect(parseReplyAddress(toMentee.replace('+mentee-', '+pair-'), 's3cret')).toBeUndefined();
    expect(parseReplyAddress(toMentee.replace('+mentee-', '+p-'), 's3cret')).toBeUndefined();
  });

  it('refuses a non-member and names no member for the old shared pair address', () => {
    expect(() => memberReplyAddress(pair, 'someone-else', 's3cret', 'r.example.com')).toThrow();
    expect(memberOf(parseReplyAddress(replyAddress('pair', pair.id, 's3cret', 'r.example.com'), 's3cret')!, pair)).toBeUndefined();
  });
});
