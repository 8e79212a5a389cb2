import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { invitationId, type Invitation } from '../../domain/invitation';
import { PARTICIPANT_STATUSES, normalizeEmail, type Participant, type ParticipantStatus } from '../../domain/participant';
import { leadingWord, listedUnder, matchesAll, queryWords, searchTerms } from '../../domain/people-search';
import { BadCursor, EmailTaken, type ParticipantPage, type ParticipantQuery, type ParticipantStore } from '../../ports';
import { cancelledByCondition, isConditionFailure, transact, unlessConditionFails, type Db } from './client';
import { SCHEMA_VERSION } from './table-definition';

import { counted, signedUp, statusChanged, type StatsDelta } from '../../domain/kpi/stats-delta';
import { isoWeekOf } from '../../domain/kpi/iso-week';
import { parseEmailGuard, parseInvitation, parseParticipant, parseSearchEntry, parseSearchTerms } from './items';
import { emailGuardKey, GSI1, incentiveKey, invitationKey, participantKey, poolKey, poolSortKey, searchShard, searchTermKey } from './keys';
import { batchGetAll, queryAll } from './reads';
import { statsUpdates } from './stats';

/** Query rounds one search page may take (each reads at most `limit` index entries and their profiles): the read budget. */
export const SEARCH_ROUNDS = 4;

/** Statuses listed when no status is asked for, in this order (erased participants only when asked for). */
const LISTED_STATUSES = PARTICIPANT_STATUSES.filter((s) => s !== 'deleted');

/** Opaque page cursors: base64url JSON (the list API accepts that alphabet only). */
const encodeCursor = (value: Record<string, string>) => Buffer.from(JSON.stringify(value)).toString('base64url');
function decodeCursor(cursor: string | undefined): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string')) return value as Record<string, string>;
  } catch {
    // falls through
  }
  throw new BadCursor('not a cursor of this list');
}

/** A participant as stored: in the pool index of its program and status. Erased ones carry only `fields`' anonymous part. */
function toItem(fields: Pick<Participant, 'id' | 'programId' | 'role' | 'status' | 'createdAt'> & Partial<Participant>) {
  return {
    ...fields,
    ...participantKey(fields.id),
    type: 'participant',
    v: SCHEMA_VERSION,
    gsi1pk: poolKey(fields.programId, fields.status),
    gsi1sk: poolSortKey(fields),
  };
}

export class DynamoParticipantStore implements ParticipantStore {
  constructor(
    private readonly db: Db,
    private readonly table: string,
    /** Items per Query page; DynamoDB's own 1 MB page cap applies when unset. */
    private readonly pageSize?: number,
  ) {}

  async create(participant: Participant): Promise<void> {
    const terms = searchTerms(participant);
    try {
      await transact(this.db, [
        {
          Put: {
            TableName: this.table,
            Item: { ...emailGuardKey(participant.programId, participant.email), type: 'email_guard', v: SCHEMA_VERSION, participantId: participant.id },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        { Put: { TableName: this.table, Item: { ...toItem(participant), searchTerms: terms }, ConditionExpression: 'attribute_not_exists(pk)' } },
        // The people search's index entries, written with the profile and erased with it (see keys.ts).
        ...terms.map((term) => ({
          Put: {
            TableName: this.table,
            Item: { ...searchTermKey(participant.programId, term, participant.id), type: 'search_term', v: SCHEMA_VERSION, participantId: participant.id },
          },
        })),
        ...statsUpdates(this.table, participant.programId, signedUp(participant)),
      ]);
    } catch (error) {
      if (cancelledByCondition(error)) throw new EmailTaken('email already registered');
      throw error;
    }
  }

  async get(id: string): Promise<Participant | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: participantKey(id), ConsistentRead: true }));
    return Item ? parseParticipant(Item) : undefined;
  }

  /** BatchGetItem, 100 keys a request, unprocessed keys asked again (batchGetAll). */
  async getMany(ids: readonly string[]): Promise<Participant[]> {
    const keys = [...new Set(ids)].map((id) => participantKey(id));
    return (await batchGetAll(this.db, this.table, keys, { consistentRead: true })).map(parseParticipant);
  }

  async findByEmail(programId: string, email: string): Promise<Participant | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: emailGuardKey(programId, email), ConsistentRead: true }));
    return Item ? this.get(parseEmailGuard(Item)) : undefined;
  }

  async transition(id: string, from: ParticipantStatus[], to: ParticipantStatus, at: string): Promise<Participant | undefined> {
    const current = await this.get(id);
    if (!current || !from.includes(current.status)) return undefined;
    const names = { '#status': 'status', '#updatedAt': 'updatedAt', '#gsi1pk': 'gsi1pk' };
    const values: Record<string, unknown> = { ':to': to, ':at': at, ':pool': poolKey(current.programId, to), ':from': current.status };
    let update = 'SET #status = :to, #updatedAt = :at, #gsi1pk = :pool';
    if (to === 'waiting') update += ', confirmedAt = if_not_exists(confirmedAt, :at)';
    try {
      await transact(this.db, [
        {
          Update: {
            TableName: this.table,
            Key: participantKey(id),
            UpdateExpression: update,
            // Conditioned on the status we read, so two concurrent transitions cannot both win.
            ConditionExpression: '#status = :from',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          },
        },
        ...statsUpdates(this.table, current.programId, statusChanged(current.role, current.status, to, at)),
      ]);
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
    return { ...current, status: to, updatedAt: at, ...(to === 'waiting' ? { confirmedAt: current.confirmedAt ?? at } : {}) };
  }

  async setFlags(
    participant: Pick<Participant, 'id' | 'programId'>,
    flags: Partial<Pick<Participant, 'pausedUntil' | 'suppressed' | 'priorityUntil'>>,
    at: string,
    stats?: StatsDelta,
  ): Promise<void> {
    const sets = ['updatedAt = :at'];
    const removes: string[] = [];
    const values: Record<string, unknown> = { ':at': at };
    for (const [k, v] of Object.entries(flags)) {
      if (v === undefined) removes.push(k);
      else {
        sets.push(`${k} = :${k}`);
        values[`:${k}`] = v;
      }
    }
    await transact(this.db, [
      {
        Update: {
          TableName: this.table,
          Key: participantKey(participant.id),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: values,
        },
      },
      ...statsUpdates(this.table, participant.programId, stats),
    ]);
  }

  async markIncentiveEligible(id: string, at: string): Promise<boolean> {
    const current = await this.get(id);
    if (!current || current.incentiveEligibleAt) return false;
    const week = isoWeekOf(Date.parse(at));
    return unlessConditionFails(() =>
      transact(this.db, [
        {
          Update: {
            TableName: this.table,
            Key: participantKey(id),
            UpdateExpression: 'SET incentiveEligibleAt = :at',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(incentiveEligibleAt)',
            ExpressionAttributeValues: { ':at': at },
          },
        },
        // Listed by week, so the digest reads this week's earners without a scan.
        { Put: { TableName: this.table, Item: { ...incentiveKey(current.programId, week, id), type: 'incentive', v: SCHEMA_VERSION, participantId: id, at } } },
        ...statsUpdates(this.table, current.programId, counted('incentives', at)),
      ]),
    );
  }

  async erase(id: string, at: string): Promise<void> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: participantKey(id), ConsistentRead: true }));
    const current = Item ? parseParticipant(Item) : undefined;
    if (!Item || !current || current.status === 'deleted') return;
    // The terms written at sign-up, and the ones today's rules give (an item older than the search has none stored).
    const terms = [...new Set([...parseSearchTerms(Item), ...searchTerms(current)])];
    const email = normalizeEmail(current.email);
    const anonymous = {
      id: current.id,
      programId: current.programId,
      role: current.role,
      status: 'deleted' as const,
      createdAt: current.createdAt,
      confirmedAt: current.confirmedAt,
      updatedAt: at,
      activePairs: current.activePairs,
      incentiveEligibleAt: current.incentiveEligibleAt,
    };
    await transact(this.db, [
      // Put replaces the whole item: every personal field is gone, not just blanked.
      { Put: { TableName: this.table, Item: toItem(anonymous) } },
      { Delete: { TableName: this.table, Key: emailGuardKey(current.programId, current.email) } },
      ...terms.map((term) => ({ Delete: { TableName: this.table, Key: searchTermKey(current.programId, term, id) } })),
      { Delete: { TableName: this.table, Key: invitationKey(current.programId, invitationId(current.programId, email)) } },
      ...statsUpdates(this.table, current.programId, statusChanged(current.role, current.status, 'deleted', at)),
    ]);
  }

  async search(programId: string, query: ParticipantQuery, page: { limit: number; cursor?: string }): Promise<ParticipantPage> {
    const words = query.q === undefined ? [] : queryWords(query.q);
    return words.length > 0 ? this.searchByTerm(programId, words, query, page) : this.listByPool(programId, query, page);
  }

  /** Without `q`: the pool index, status partition by status, `Limit`ed to what the page still needs. */
  private async listByPool(programId: string, query: ParticipantQuery, page: { limit: number; cursor?: string }): Promise<ParticipantPage> {
    const statuses: readonly ParticipantStatus[] = query.status ? [query.status] : LISTED_STATUSES;
    const after = decodeCursor(page.cursor);
    let from = 0;
    let startKey: Record<string, string> | undefined;
    if (after) {
      from = statuses.indexOf(after.s as ParticipantStatus);
      if (from < 0 || !after.id || !after.g) throw new BadCursor('not a cursor of this list');
      startKey = { ...participantKey(after.id), gsi1pk: poolKey(programId, statuses[from]!), gsi1sk: after.g };
    }
    const out: Participant[] = [];
    for (let i = from; i < statuses.length && out.length < page.limit; i++) {
      const status = statuses[i]!;
      const want = page.limit - out.length;
      const { Items = [], LastEvaluatedKey } = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: GSI1,
          KeyConditionExpression: query.role ? 'gsi1pk = :pk AND begins_with(gsi1sk, :role)' : 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': poolKey(programId, status), ...(query.role ? { ':role': `${query.role}#` } : {}) },
          Limit: want,
          ...(i === from && startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      out.push(...Items.map(parseParticipant));
      if (out.length >= page.limit) {
        const last = out[out.length - 1]!;
        const more = LastEvaluatedKey !== undefined || i < statuses.length - 1;
        return { participants: out, cursor: more ? encodeCursor({ s: status, id: last.id, g: poolSortKey(last) }) : undefined };
      }
    }
    return { participants: out };
  }

  /**
   * With `q`: the index entries of the longest word's prefix, in term order, `Limit`ed to the page size, for
   * at most SEARCH_ROUNDS rounds; each round BatchGets the profiles, keeps those that match every word and the
   * filters, and lists each participant only at the one entry `listedUnder` names (no duplicates across pages).
   */
  private async searchByTerm(programId: string, words: string[], query: ParticipantQuery, page: { limit: number; cursor?: string }): Promise<ParticipantPage> {
    const word = leadingWord(words);
    const pk = searchShard(programId, word);
    const after = decodeCursor(page.cursor);
    if (after && (after.w !== word || !after.k?.startsWith(word))) throw new BadCursor('not a cursor of this search');
    let startSk = after?.k;
    const out: Participant[] = [];
    for (let round = 0; round < SEARCH_ROUNDS; round++) {
      const { Items = [], LastEvaluatedKey } = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :word)',
          ExpressionAttributeValues: { ':pk': pk, ':word': word },
          Limit: page.limit,
          ...(startSk ? { ExclusiveStartKey: { pk, sk: startSk } } : {}),
        }),
      );
      const entries = Items.map(parseSearchEntry);
      const items = await batchGetAll(
        this.db,
        this.table,
        [...new Set(entries.map((e) => e.participantId))].map((id) => participantKey(id)),
      );
      const profiles = new Map(items.map((item) => [String(item.id), { p: parseParticipant(item), terms: parseSearchTerms(item) }]));
      for (const entry of entries) {
        startSk = entry.sk;
        const found = profiles.get(entry.participantId);
        if (!found || found.p.status === 'deleted') continue;
        const term = entry.sk.slice(0, entry.sk.length - entry.participantId.length - 1);
        if (listedUnder(found.terms, word) !== term || !matchesAll(found.terms, words)) continue;
        if ((query.role && found.p.role !== query.role) || (query.status && found.p.status !== query.status)) continue;
        out.push(found.p);
        if (out.length >= page.limit) break;
      }
      const consumedAll = entries.length === 0 || startSk === entries[entries.length - 1]!.sk;
      if (out.length >= page.limit || !LastEvaluatedKey) {
        const more = LastEvaluatedKey !== undefined || !consumedAll;
        return { participants: out, cursor: more && startSk ? encodeCursor({ w: word, k: startSk }) : undefined };
      }
    }
    // Out of read budget: the page ends short, and the cursor carries on from the last entry read.
    return { participants: out, cursor: startSk ? encodeCursor({ w: word, k: startSk }) : undefined };
  }

  async invite(invitation: Invitation): Promise<'invited' | 'already_invited'> {
    const made = await unlessConditionFails(() =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...invitationKey(invitation.programId, invitation.id), type: 'invitation', v: SCHEMA_VERSION, ...invitation },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    return made ? 'invited' : 'already_invited';
  }

  async indexForSearch(programId: string, page: { limit: number; cursor?: string }): Promise<{ read: number; indexed: number; cursor?: string }> {
    const statuses = PARTICIPANT_STATUSES.filter((s) => s !== 'deleted');
    let { s: at, k: start } = decodeBackfillCursor(page.cursor, statuses.length);
    let read = 0;
    let indexed = 0;
    while (at < statuses.length && read < page.limit) {
      const { Items = [], LastEvaluatedKey } = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: GSI1,
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': poolKey(programId, statuses[at]!) },
          Limit: page.limit - read,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      read += Items.length;
      for (const item of Items) if (item.searchTerms === undefined && (await this.indexOne(item))) indexed++;
      if (LastEvaluatedKey) start = LastEvaluatedKey;
      else {
        at++;
        start = undefined;
      }
    }
    return { read, indexed, ...(at < statuses.length ? { cursor: Buffer.from(JSON.stringify({ s: at, k: start })).toString('base64url') } : {}) };
  }

  /** Writes one old profile's index entries and marks it indexed, together; false when it was indexed (or erased) meanwhile. */
  private async indexOne(item: Record<string, unknown>): Promise<boolean> {
    const p = parseParticipant(item);
    const terms = searchTerms(p);
    try {
      await transact(this.db, [
        {
          Update: {
            TableName: this.table,
            Key: participantKey(p.id),
            UpdateExpression: 'SET searchTerms = :terms',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(searchTerms) AND #status <> :deleted',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':terms': terms, ':deleted': 'deleted' },
          },
        },
        ...terms.map((term) => ({
          Put: { TableName: this.table, Item: { ...searchTermKey(p.programId, term, p.id), type: 'search_term', v: SCHEMA_VERSION, participantId: p.id } },
        })),
      ]);
      return true;
    } catch (error) {
      if (cancelledByCondition(error)) return false;
      throw error;
    }
  }

  async knownAddresses(programId: string, emails: readonly string[]): Promise<Map<string, 'participant' | 'invited'>> {
    const unique = [...new Set(emails)];
    const byGuard = new Map(unique.map((email) => [emailGuardKey(programId, email).pk, email]));
    const byInvite = new Map(unique.map((email) => [invitationKey(programId, invitationId(programId, email)).pk, email]));
    const keys = [
      ...unique.map((email) => emailGuardKey(programId, email)),
      ...unique.map((email) => invitationKey(programId, invitationId(programId, email))),
    ];
    const known = new Map<string, 'participant' | 'invited'>();
    for (const item of await batchGetAll(this.db, this.table, keys, { consistentRead: true })) {
      const participantEmail = byGuard.get(String(item.pk));
      if (participantEmail) known.set(participantEmail, 'participant');
      const invitedEmail = byInvite.get(String(item.pk));
      if (invitedEmail && !known.has(invitedEmail)) known.set(invitedEmail, 'invited');
    }
    return known;
  }

  async invitation(programId: string, id: string): Promise<Invitation | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: invitationKey(programId, id), ConsistentRead: true }));
    return Item ? parseInvitation(Item) : undefined;
  }

  async listByStatus(programId: string, status: ParticipantStatus): Promise<Participant[]> {
    const items = await queryAll(
      this.db,
      { TableName: this.table, IndexName: GSI1, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': poolKey(programId, status) } },
      { pageSize: this.pageSize },
    );
    return items.map(parseParticipant);
  }
}

/** The backfill's cursor: which status list (index into the non-deleted statuses) and where in it. */
function decodeBackfillCursor(cursor: string | undefined, lists: number): { s: number; k?: Record<string, unknown> } {
  if (cursor === undefined) return { s: 0 };
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown; k?: unknown };
    if (
      typeof parsed.s === 'number' &&
      Number.isInteger(parsed.s) &&
      parsed.s >= 0 &&
      parsed.s <= lists &&
      (parsed.k === undefined || (typeof parsed.k === 'object' && parsed.k !== null))
    )
      return { s: parsed.s, ...(parsed.k ? { k: parsed.k as Record<string, unknown> } : {}) };
  } catch {
    // falls through
  }
  throw new BadCursor('not a cursor of the search backfill');
}
