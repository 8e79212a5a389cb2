/** Fixtures shared by the port contracts: unique ids per test, so suites can share one store. */
import { randomUUID } from 'node:crypto';
import { activePairsOf, pairCapacity } from '../../functions/domain/membership';
import { newParticipant, type Participant } from '../../functions/domain/participant';
import type { Pair } from '../../functions/domain/pair';
import { validateSignup } from '../../functions/domain/signup-schema';
import type { MemberSnapshot } from '../../functions/ports';
import { signupRecord } from '../support/fakes';

export const uid = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

export function participant(programId: string, overrides: Record<string, unknown> = {}, at = '2026-11-01T09:00:00.000Z'): Participant {
  const r = validateSignup(signupRecord({ email: `${uid('p')}@example.com`, ...overrides }));
  if (!r.ok) throw new Error(`invalid fixture: ${JSON.stringify(r.issues)}`);
  return newParticipant(r.value, { id: uid('p'), programId }, at);
}

export function pair(programId: string, mentorId: string, menteeId: string, createdAt = '2026-11-02T09:00:00.000Z'): Pair {
  return {
    id: uid('pair'),
    programId,
    mentorId,
    menteeId,
    score: 0.75,
    reasons: ['Both speak en'],
    status: 'active',
    createdAt,
    endsAt: '2027-02-01T09:00:00.000Z',
    lastActivityAt: createdAt,
  };
}

export const snapshotOf = (p: Participant): MemberSnapshot => ({
  id: p.id,
  role: p.role,
  status: p.status,
  activePairs: activePairsOf(p),
  capacity: pairCapacity(p),
  waitingSince: p.confirmedAt ?? p.createdAt,
});
