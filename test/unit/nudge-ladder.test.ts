import { describe, expect, it } from 'vitest';
import { daysQuiet, decideNudge, nudgeAt } from '../../functions/domain/nudge-ladder';

const basis = '2026-11-30T09:00:00.000Z';
const active = { status: 'active' as const, lastActivityAt: basis, nudgeLevel: 0 };

describe('nudge ladder', () => {
  it('falls due a day after 1, 2 and 3 cadences of quiet', () => {
    expect([1, 2, 3].map((l) => nudgeAt(basis, l as 1 | 2 | 3, 14))).toEqual([
      '2026-12-15T09:00:00.000Z',
      '2026-12-29T09:00:00.000Z',
      '2027-01-12T09:00:00.000Z',
    ]);
  });

  it('climbs: a friendly nudge, a shorter one, then escalation', () => {
    expect(decideNudge(active, 'nudge-1', basis, '2026-12-15T09:00:00.000Z', 14)).toEqual({
      kind: 'nudge',
      level: 1,
      next: { step: 'nudge-2', at: '2026-12-29T09:00:00.000Z' },
    });
    expect(decideNudge({ ...active, nudgeLevel: 1 }, 'nudge-2', basis, '2026-12-29T09:00:00.000Z', 14)).toEqual({
      kind: 'nudge',
      level: 2,
      next: { step: 'nudge-3', at: '2027-01-12T09:00:00.000Z' },
    });
    expect(decideNudge({ ...active, nudgeLevel: 2 }, 'nudge-3', basis, '2027-01-12T09:00:00.000Z', 14)).toEqual({ kind: 'escalate' });
  });

  it('does nothing for a stale ladder (activity since), a repeated firing, or an ended pair', () => {
    expect(decideNudge({ ...active, lastActivityAt: '2026-12-10T10:00:00.000Z' }, 'nudge-1', basis, '2026-12-15T09:00:00.000Z', 14)).toEqual({
      kind: 'skip',
      reason: 'stale',
    });
    expect(decideNudge({ ...active, nudgeLevel: 1 }, 'nudge-1', basis, '2026-12-15T09:00:00.000Z', 14)).toEqual({ kind: 'skip', reason: 'done' });
    expect(decideNudge({ ...active, status: 'ended' }, 'nudge-1', basis, '2026-12-15T09:00:00.000Z', 14)).toEqual({ kind: 'skip', reason: 'ended' });
    expect(decideNudge(active, 'nudge-1', undefined, '2026-12-15T09:00:00.000Z', 14)).toEqual({ kind: 'skip', reason: 'stale' });
  });

  it('waits while a member has paused reminders', () => {
    expect(decideNudge(active, 'nudge-1', basis, '2026-12-15T09:00:00.000Z', 14, '2026-12-20T00:00:00.000Z')).toEqual({
      kind: 'wait',
      until: '2026-12-20T00:00:00.000Z',
    });
    expect(decideNudge(active, 'nudge-1', basis, '2026-12-21T09:00:00.000Z', 14, '2026-12-20T00:00:00.000Z').kind).toBe('nudge');
  });

  it('counts whole quiet days', () => {
    expect(daysQuiet(basis, '2026-12-15T08:59:00.000Z')).toBe(14);
    expect(daysQuiet(basis, '2026-12-15T09:00:00.000Z')).toBe(15);
  });
});
