import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Pair, TimelineStep } from '../../domain/pair';
import type { MemberSnapshot, PairRef, PairStore } from '../../ports';
import { cancelledByCondition, isConditionFailure, type Db } from './client';
import { membershipKey, pairKey, pairsOfProgram, pairsPendingSetup, participantKey, poolKey, programKey } from './keys';
import { SCHEMA_VERSION } from './table-definition';

type PairItem = Pair & Record<string, unknown>;
const META = ['pk', 'sk', 'type', 'v', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'];

function fromItem(item: Record<string, unknown>): Pair {
  const pair = { ...item };
  for (const k of META) delete pair[k];
  return pair as unknown as Pair;
}

export class DynamoPairStore implements PairStore {
  constructor(
    private readonly db: Db,
    private readonly table: string,
  ) {}

  async createPair(pair: Pair, mentor: MemberSnapshot, mentee: MemberSnapshot): Promise<'created' | 'conflict'> {
    const item: PairItem = {
      ...pair,
      ...pairKey(pair.id),
      type: 'pair',
      v: SCHEMA_VERSION,
      gsi1pk: pairsOfProgram(pair.programId),
      gsi1sk: `${pair.createdAt}#${pair.id}`,
      // Listed as "setup pending" until its intro emails and timeline exist.
      gsi2pk: pairsPendingSetup(pair.programId),
      gsi2sk: `${pair.createdAt}#${pair.id}`,
    };
    const link = (participantId: string, role: 'mentor' | 'mentee') => ({
      Put: {
        TableName: this.table,
        Item: { ...membershipKey(participantId, pair.id), type: 'membership', v: SCHEMA_VERSION, pairId: pair.id, role, createdAt: pair.createdAt },
      },
    });
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
            link(mentor.id, 'mentor'),
            link(mentee.id, 'mentee'),
            this.memberUpdate(pair, mentor),
            this.memberUpdate(pair, mentee),
          ],
        }),
      );
      return 'created';
    } catch (error) {
      if (cancelledByCondition(error)) return 'conflict';
      throw error;
    }
  }

  /** One more active pair for the member, conditioned on the snapshot the matcher saw. */
  private memberUpdate(pair: Pair, member: MemberSnapshot) {
    const activePairs = member.activePairs + 1;
    const status = activePairs >= member.capacity ? 'matched' : 'waiting';
    return {
      Update: {
        TableName: this.table,
        Key: participantKey(member.id),
        UpdateExpression: 'SET #status = :status, activePairs = :active, gsi1pk = :pool, updatedAt = :at',
        // Items written before capacity tracking have no counter: that reads as zero.
        ConditionExpression:
          member.activePairs === 0 ? '#status = :seen AND (attribute_not_exists(activePairs) OR activePairs = :seenActive)' : '#status = :seen AND activePairs = :seenActive',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': status,
          ':active': activePairs,
          ':pool': poolKey(pair.programId, status),
          ':at': pair.createdAt,
          ':seen': member.status,
          ':seenActive': member.activePairs,
        },
      },
    };
  }

  async get(pairId: string): Promise<Pair | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: pairKey(pairId), ConsistentRead: true }));
    return Item ? fromItem(Item) : undefined;
  }

  async history(programId: string): Promise<PairRef[]> {
    const items = await this.queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': pairsOfProgram(programId) },
      ProjectionExpression: 'mentorId, menteeId',
    });
    return items.map((i) => ({ mentorId: String(i.mentorId), menteeId: String(i.menteeId) }));
  }

  async blocked(programId: string): Promise<PairRef[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :block)',
      ExpressionAttributeValues: { ':pk': programKey(programId), ':block': 'BLOCK#' },
    });
    return items.map((i) => ({ mentorId: String(i.mentorId), menteeId: String(i.menteeId) }));
  }

  async pendingSetup(programId: string): Promise<Pair[]> {
    const items = await this.queryAll({
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': pairsPendingSetup(programId) },
    });
    return items.map(fromItem);
  }

  async markSetUp(pairId: string): Promise<void> {
    await this.db.send(new UpdateCommand({ TableName: this.table, Key: pairKey(pairId), UpdateExpression: 'REMOVE gsi2pk, gsi2sk' }));
  }

  async recordStep(pairId: string, step: TimelineStep, at: string): Promise<'recorded' | 'duplicate'> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: pairKey(pairId).pk, sk: `STEP#${step}`, type: 'pair_step', v: SCHEMA_VERSION, pairId, step, firedAt: at },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'recorded';
    } catch (error) {
      if (isConditionFailure(error)) return 'duplicate';
      throw error;
    }
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(new QueryCommand({ ...input, TableName: this.table, ExclusiveStartKey: start }));
      out.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
}
