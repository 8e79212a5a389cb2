import { summarize, type MatchingRound, type RoundSummary } from '../../functions/domain/round';
import type { RoundStore } from '../../functions/ports';

const copy = (r: MatchingRound): MatchingRound => structuredClone(r);
const sortKey = (r: MatchingRound) => `${r.createdAt}#${r.id}`;

/** Matching rounds in memory; the cursor is the sort key of the last round returned. */
export class MemoryRounds implements RoundStore {
  readonly byKey = new Map<string, MatchingRound>();
  private key = (programId: string, id: string) => `${programId}#${id}`;

  async create(round: MatchingRound) {
    const k = this.key(round.programId, round.id);
    if (this.byKey.has(k)) throw new Error(`round ${round.id} exists`);
    this.byKey.set(k, copy(round));
  }

  async get(programId: string, roundId: string) {
    const r = this.byKey.get(this.key(programId, roundId));
    return r && copy(r);
  }

  private of(programId: string) {
    return [...this.byKey.values()].filter((r) => r.programId === programId).sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
  }

  async list(programId: string, { limit, cursor }: { limit: number; cursor?: string }): Promise<{ rounds: RoundSummary[]; cursor?: string }> {
    const newest = this.of(programId)
      .reverse()
      .filter((r) => cursor === undefined || sortKey(r) < Buffer.from(cursor, 'base64url').toString('utf8'));
    const page = newest.slice(0, limit);
    return newest.length > limit
      ? { rounds: page.map(summarize), cursor: Buffer.from(sortKey(page[page.length - 1]!)).toString('base64url') }
      : { rounds: page.map(summarize) };
  }

  async proposed(programId: string) {
    return this.of(programId)
      .filter((r) => r.status === 'proposed')
      .map(copy);
  }

  async update(round: MatchingRound): Promise<'updated' | 'conflict'> {
    const k = this.key(round.programId, round.id);
    const current = this.byKey.get(k);
    if (!current || current.status !== 'proposed' || current.version !== round.version) return 'conflict';
    this.byKey.set(k, copy({ ...round, version: round.version + 1 }));
    return 'updated';
  }

  async close(programId: string, roundId: string, change: { status: 'published' | 'superseded'; at: string; by: string }) {
    const current = this.byKey.get(this.key(programId, roundId));
    if (!current || current.status !== 'proposed') return false;
    current.status = change.status;
    current.version++;
    if (change.status === 'published') Object.assign(current, { publishedAt: change.at, publishedBy: change.by });
    else Object.assign(current, { supersededAt: change.at, supersededBy: change.by });
    return true;
  }

  async markReminded(programId: string, roundId: string, at: string) {
    const current = this.byKey.get(this.key(programId, roundId));
    if (!current || current.remindedAt !== undefined) return false;
    current.remindedAt = at;
    return true;
  }
}
