/**
 * The key formats are the physical layout of a deployed table: these literals
 * must only change together with a data migration.
 */
import { describe, expect, it } from 'vitest';
import * as keys from '../../functions/adapters/dynamodb/keys';
import { TABLE } from '../../functions/adapters/dynamodb/table-definition';

describe('table keys', () => {
  it('spell every item key as deployed tables store it', () => {
    expect(keys.participantKey('p1')).toEqual({ pk: 'P#p1', sk: 'PROFILE' });
    expect(keys.emailGuardKey('prog', 'a@b.c')).toEqual({ pk: 'EMAIL#prog#a@b.c', sk: 'GUARD' });
    expect(keys.poolKey('prog', 'waiting')).toBe('PROG#prog#STATUS#waiting');
    expect(keys.poolSortKey({ role: 'mentor', createdAt: '2026-11-01T00:00:00Z', id: 'p1' })).toBe('mentor#2026-11-01T00:00:00Z#p1');
    expect(keys.pairKey('x')).toEqual({ pk: 'PAIR#x', sk: 'PAIR' });
    expect(keys.pairsOfProgram('prog')).toBe('PROG#prog#PAIRS');
    expect(keys.pairsPendingSetup('prog')).toBe('PROG#prog#SETUP');
    expect(keys.pairsAtRisk('prog')).toBe('PROG#prog#ATRISK');
    expect(keys.pairSortKey({ createdAt: 't', id: 'x' })).toBe('t#x');
    expect(keys.atRiskSortKey({ lastActivityAt: 't', id: 'x' })).toBe('t#x');
    expect(keys.membershipKey('p1', 'x')).toEqual({ pk: 'P#p1', sk: 'PAIR#x' });
    expect(keys.pairStepKey('x', 'checkin-2')).toEqual({ pk: 'PAIR#x', sk: 'STEP#checkin-2' });
    expect(keys.activityGuardKey('x', 'h')).toEqual({ pk: 'PAIR#x', sk: 'ACTKEY#h' });
    expect(keys.activityKey('x', 't', 'h')).toEqual({ pk: 'PAIR#x', sk: 'ACT#t#h' });
    expect(keys.programKey('prog')).toBe('PROG#prog');
    expect(keys.blockedPairKey('prog', { mentorId: 'm', menteeId: 'e' })).toEqual({ pk: 'PROG#prog', sk: 'BLOCK#m#e' });
    expect(keys.incentiveKey('prog', '2026-W45', 'p1')).toEqual({ pk: 'PROG#prog', sk: 'INCENTIVE#2026-W45#p1' });
    expect(keys.statsKeys.week('prog', '2026-W45')).toEqual({ pk: 'PROG#prog', sk: 'STATS#WEEK#2026-W45' });
    expect(keys.statsKeys.total('prog')).toEqual({ pk: 'PROG#prog', sk: 'STATS#TOTAL' });
    expect(keys.statsKeys.cohort('prog', '2026-W45')).toEqual({ pk: 'PROG#prog', sk: 'STATS#COHORT#2026-W45' });
    expect(keys.statsKeys.snapshot('prog', '2026-W45')).toEqual({ pk: 'PROG#prog', sk: 'STATS#SNAP#2026-W45' });
    expect(keys.countedOnceKey('k')).toEqual({ pk: 'COUNTED#k', sk: 'COUNTED' });
    expect(keys.deferredItemKey('prog', { deferredAt: 't', key: 'confirm#p1' })).toEqual({ pk: 'PROG#prog#DEFERRED', sk: 't#confirm#p1' });
    expect(keys.emailLogKey('intro#x#p1')).toEqual({ pk: 'MAIL#intro#x#p1', sk: 'MAIL' });
    expect(keys.emailsSending('prog')).toBe('MAILSENDING#prog');
    expect(keys.sendRateBucketKey('prog')).toEqual({ pk: 'SENDRATE#prog', sk: 'BUCKET' });
    expect(keys.rateWindowKey('c', 120)).toEqual({ pk: 'RL#c#120', sk: 'RL' });
    expect(keys.rateLogKey('h')).toEqual({ pk: 'RLS#h', sk: 'RL' });
    expect(keys.scheduleKey('n')).toEqual({ pk: 'SCHED#n', sk: 'SCHED' });
    expect(keys.schedulesDue('prog')).toBe('PROG#prog#DUE');
    expect(keys.scheduleDueSortKey({ at: 't', name: 'n' })).toBe('t#n');
    expect(keys.sendQueueKey('prog', 'now')).toBe('SENDQ#prog#now');
    expect(keys.sendQueueSortKey('t', 'id')).toBe('t#id');
    expect(keys.roundKey('prog', 'r1')).toEqual({ pk: 'ROUND#prog#r1', sk: 'ROUND' });
    expect(keys.roundChunkKey('prog', 'r1', 7)).toEqual({ pk: 'ROUND#prog#r1', sk: 'CHUNK#007' });
    expect(keys.roundsOfProgram('prog')).toBe('PROG#prog#ROUNDS');
    expect(keys.roundsProposed('prog')).toBe('PROG#prog#PROPOSED');
    expect(keys.roundSortKey({ createdAt: 't', id: 'r1' })).toBe('t#r1');
  });

  it('query prefixes and bounds match the keys they select', () => {
    expect(keys.membershipKey('p', 'x').sk.startsWith(keys.SK_PREFIX.membership)).toBe(true);
    expect(keys.activityKey('x', 't', 'h').sk.startsWith(keys.SK_PREFIX.activity)).toBe(true);
    // The activity guard shares the pair's partition but must never be read as an activity.
    expect(keys.activityGuardKey('x', 'h').sk.startsWith(keys.SK_PREFIX.activity)).toBe(false);
    expect(keys.blockedPairKey('p', { mentorId: 'm', menteeId: 'e' }).sk.startsWith(keys.SK_PREFIX.blockedPair)).toBe(true);
    // A round's chunks sort in index order and never read as its header.
    expect(keys.roundChunkKey('p', 'r', 2).sk < keys.roundChunkKey('p', 'r', 10).sk).toBe(true);
    expect(keys.roundKey('p', 'r').sk.startsWith(keys.SK_PREFIX.roundChunk)).toBe(false);
    expect(keys.incentiveKey('p', '2026-W45', 'x').sk.startsWith(keys.SK_PREFIX.incentivesOfWeek('2026-W45'))).toBe(true);
    expect(keys.incentiveKey('p', '2026-W450', 'x').sk.startsWith(keys.SK_PREFIX.incentivesOfWeek('2026-W45'))).toBe(false);
    const at = '2026-11-01T09:00:00.000Z';
    expect(keys.scheduleDueSortKey({ at, name: 'pair-1-end_x.y' }) <= keys.timeCeiling(at)).toBe(true);
    expect(keys.sendQueueSortKey(at, 'f47ac10b-58cc-4372-a567-0e02b2c3d479') <= keys.timeCeiling(at)).toBe(true);
  });

  it('names the indexes the table definition creates', () => {
    expect(TABLE.indexes.map((i) => i.name)).toEqual([keys.GSI1, keys.GSI2]);
  });
});
