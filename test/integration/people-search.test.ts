/**
 * The people search never scans, and reads a bounded number of items per page
 * however many participants the program has: every command the store sends is
 * counted on DynamoDB Local.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoParticipantStore, SEARCH_ROUNDS } from '../../functions/adapters/dynamodb/participant-store';
import { newParticipant, type Participant } from '../../functions/domain/participant';
import { validateSignup } from '../../functions/domain/signup-schema';
import { mapLimit } from '../../functions/lib/map-limit';
import { signupRecord } from '../support/fakes';
import { freshTable, uniqueEmail } from '../support/local-services';

const PROGRAM = `prog-search-${Date.now()}`;
const PEOPLE = 400;
const LIMIT = 20;

let store: DynamoParticipantStore;
const sent: { command: string; items: number; keys: number }[] = [];
let zelda: Participant;

const person = (i: number, overrides: Record<string, unknown> = {}): Participant => {
  const r = validateSignup(
    signupRecord({ email: uniqueEmail('sam'), name: `Sam Number${i}`, role: i % 3 ? 'mentee' : 'mentor', skills: ['sales'], ...overrides }),
  );
  if (!r.ok) throw new Error('invalid fixture');
  return newParticipant(
    r.value,
    { id: `p${i}-${Math.random().toString(36).slice(2, 8)}`, programId: PROGRAM },
    new Date(Date.UTC(2026, 10, 1, 0, 0, i)).toISOString(),
  );
};

beforeAll(async () => {
  const { db, tableName } = await freshTable();
  const people = Array.from({ length: PEOPLE }, (_, i) => person(i));
  zelda = person(PEOPLE, { name: 'Zelda Rare', skills: ['cartography'] });
  const setup = new DynamoParticipantStore(db, tableName);
  await mapLimit([...people, zelda], 16, (p) => setup.create(p));
  // Every command the searching store sends, with what it read.
  const counting = {
    send: async (command: { constructor: { name: string }; input: { RequestItems?: Record<string, { Keys?: unknown[] }> } }) => {
      const out = (await db.send(command as never)) as { Items?: unknown[]; Responses?: Record<string, unknown[]> };
      const items = (out.Items?.length ?? 0) + Object.values(out.Responses ?? {}).reduce((n, r) => n + r.length, 0);
      const keys = Object.values(command.input.RequestItems ?? {}).reduce((n, r) => n + (r.Keys?.length ?? 0), 0);
      sent.push({ command: command.constructor.name, items, keys });
      return out;
    },
  };
  store = new DynamoParticipantStore(counting as never, tableName);
}, 240_000);

function measure() {
  sent.length = 0;
  return () => ({
    commands: sent.map((s) => s.command),
    itemsRead: sent.reduce((n, s) => n + s.items, 0),
  });
}

describe(`people search over ${PEOPLE + 1} participants`, () => {
  it('finds a rare name with one query and one batch read of what it found', async () => {
    const done = measure();
    const page = await store.search(PROGRAM, { q: 'zel' }, { limit: LIMIT });
    expect(page.participants.map((p) => p.id)).toEqual([zelda.id]);
    const { commands, itemsRead } = done();
    expect(commands).toEqual(['QueryCommand', 'BatchGetCommand']);
    expect(itemsRead).toBe(2);
  });

  it('reads at most SEARCH_ROUNDS × limit index entries and profiles for a common word, however many share it', async () => {
    const done = measure();
    const page = await store.search(PROGRAM, { q: 'sam' }, { limit: LIMIT });
    expect(page.participants).toHaveLength(LIMIT);
    expect(page.cursor).toBeDefined();
    const { commands, itemsRead } = done();
    expect(commands).not.toContain('ScanCommand');
    expect(commands.filter((c) => c === 'QueryCommand').length).toBeLessThanOrEqual(SEARCH_ROUNDS);
    expect(itemsRead).toBeLessThanOrEqual(2 * SEARCH_ROUNDS * LIMIT);
  });

  it('stops at its read budget when a filter leaves nothing (a short page and a cursor, not a read of the whole program)', async () => {
    const done = measure();
    const page = await store.search(PROGRAM, { q: 'sam', status: 'matched' }, { limit: LIMIT });
    expect(page.participants).toEqual([]);
    expect(page.cursor).toBeDefined();
    const { commands, itemsRead } = done();
    expect(commands.filter((c) => c === 'QueryCommand')).toHaveLength(SEARCH_ROUNDS);
    expect(itemsRead).toBeLessThanOrEqual(2 * SEARCH_ROUNDS * LIMIT);
  });

  it('lists by status and role from the pool index, reading one page of items', async () => {
    const done = measure();
    const page = await store.search(PROGRAM, { status: 'pending', role: 'mentor' }, { limit: LIMIT });
    expect(page.participants).toHaveLength(LIMIT);
    expect(page.participants.every((p) => p.role === 'mentor' && p.status === 'pending')).toBe(true);
    const { commands, itemsRead } = done();
    expect(commands).toEqual(['QueryCommand']);
    expect(itemsRead).toBe(LIMIT);
  });
});
