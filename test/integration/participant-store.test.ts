import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoParticipantStore } from '../../functions/adapters/dynamodb/participant-store';
import { newParticipant, type Participant } from '../../functions/domain/participant';
import { validateSignup } from '../../functions/domain/signup-schema';
import { EmailTaken } from '../../functions/ports';
import { signupRecord } from '../support/fakes';
import { freshTable, uniqueEmail } from '../support/local-services';

let store: DynamoParticipantStore;
let n = 0;
const participant = (overrides: Record<string, unknown> = {}, programId = 'prog-a'): Participant => {
  const r = validateSignup(signupRecord({ email: uniqueEmail('p'), ...overrides }));
  if (!r.ok) throw new Error('invalid fixture');
  return newParticipant(r.value, { id: `p${++n}-${Math.random().toString(36).slice(2, 8)}`, programId }, new Date(Date.UTC(2026, 10, 1, 0, n)).toISOString());
};

beforeAll(async () => {
  const { db, tableName } = await freshTable();
  store = new DynamoParticipantStore(db, tableName);
});

describe('DynamoParticipantStore against DynamoDB Local', () => {
  it('creates, reads back and finds by email', async () => {
    const p = participant();
    await store.create(p);
    expect(await store.get(p.id)).toEqual(p);
    expect(await store.findByEmail('prog-a', p.email)).toEqual(p);
    expect(await store.findByEmail('prog-b', p.email)).toBeUndefined();
  });

  it('keeps one participant per address per program, even under concurrent sign-ups', async () => {
    const email = uniqueEmail('race');
    const attempts = Array.from({ length: 6 }, () => participant({ email }));
    const results = await Promise.allSettled(attempts.map((p) => store.create(p)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(EmailTaken);
    const winner = attempts[results.findIndex((r) => r.status === 'fulfilled')]!;
    expect((await store.findByEmail('prog-a', email))?.id).toBe(winner.id);
    // The same address may join another program.
    await expect(store.create(participant({ email }, 'prog-b'))).resolves.toBeUndefined();
  });

  it('transitions status conditionally and moves the participant between pools', async () => {
    const p = participant({}, 'prog-pool');
    await store.create(p);
    expect((await store.listByStatus('prog-pool', 'pending')).map((x) => x.id)).toEqual([p.id]);
    const moved = await store.transition(p.id, ['pending'], 'waiting', '2026-11-02T10:00:00.000Z');
    expect(moved).toMatchObject({ status: 'waiting', confirmedAt: '2026-11-02T10:00:00.000Z' });
    expect(await store.transition(p.id, ['pending'], 'waiting', '2026-11-03T10:00:00.000Z')).toBeUndefined();
    expect(await store.listByStatus('prog-pool', 'pending')).toEqual([]);
    expect((await store.listByStatus('prog-pool', 'waiting')).map((x) => x.id)).toEqual([p.id]);
  });

  it('lets exactly one of two concurrent transitions win', async () => {
    const p = participant();
    await store.create(p);
    const [a, b] = await Promise.all([
      store.transition(p.id, ['pending'], 'waiting', '2026-11-02T10:00:00.000Z'),
      store.transition(p.id, ['pending'], 'unsubscribed', '2026-11-02T10:00:00.000Z'),
    ]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
  });

  it('lists a pool across several pages', async () => {
    const { db, tableName } = await freshTable();
    const paged = new DynamoParticipantStore(db, tableName, 7);
    const many = Array.from({ length: 40 }, () => participant({}, 'prog-big'));
    await Promise.all(many.map((p) => paged.create(p)));
    const listed = await paged.listByStatus('prog-big', 'pending');
    expect(listed).toHaveLength(40);
    expect(new Set(listed.map((p) => p.id))).toEqual(new Set(many.map((p) => p.id)));
  });
});
