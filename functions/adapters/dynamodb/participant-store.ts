import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Participant, ParticipantStatus } from '../../domain/participant';
import { EmailTaken, type ParticipantStore } from '../../ports';
import { cancelledByCondition, isConditionFailure, transact, unlessConditionFails, type Db } from './client';
import { SCHEMA_VERSION } from './table-definition';

import { counted, signedUp, statusChanged, type StatsDelta } from '../../domain/kpi/stats-delta';
import { isoWeekOf } from '../../domain/kpi/iso-week';
import { parseEmailGuard, parseParticipant } from './items';
import { emailGuardKey, GSI1, incentiveKey, participantKey, poolKey, poolSortKey } from './keys';
import { queryAll } from './reads';
import { statsUpdates } from './stats';

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
    try {
      await transact(this.db, [
        {
          Put: {
            TableName: this.table,
            Item: { ...emailGuardKey(participant.programId, participant.email), type: 'email_guard', v: SCHEMA_VERSION, participantId: participant.id },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        { Put: { TableName: this.table, Item: toItem(participant), ConditionExpression: 'attribute_not_exists(pk)' } },
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
    flags: Partial<Pick<Participant, 'pausedUntil' | 'suppressed'>>,
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
    const current = await this.get(id);
    if (!current || current.status === 'deleted') return;
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
      ...statsUpdates(this.table, current.programId, statusChanged(current.role, current.status, 'deleted', at)),
    ]);
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
