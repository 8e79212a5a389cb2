import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Activity, MeetingClaim } from '../../domain/activity';
import type { Pair, PairEndReason, PairStart, PairStatus, TimelineStep } from '../../domain/pair';
import { activityRecorded, merge, pairCreated, pairEnded, statusChanged, type StatsDelta } from '../../domain/kpi/stats-delta';
import type { Role } from '../../domain/signup-schema';
import type { MemberChange, MemberSnapshot, PairRef, PairStore, RecordResult } from '../../ports';
import { afterPairing } from '../../domain/membership';
import { statsUpdates } from './stats';
import { cancellationCodes, cancelledByCondition, isConditionFailure, transact, unlessConditionFails, type Db } from './client';
import { batchGetAll, queryAll } from './reads';
import { parseActivity, parseMembership, parsePair, parsePairRef, parseProjectedFeedback } from './items';
import {
  activityGuardKey,
  activityKey,
  atRiskSortKey,
  blockedPairKey,
  GSI1,
  GSI2,
  membershipKey,
  pairKey,
  pairSortKey,
  pairsAtRisk,
  pairsOfProgram,
  pairStepKey,
  pairsPendingSetup,
  participantKey,
  poolKey,
  programKey,
  SK_PREFIX,
} from './keys';
import { SCHEMA_VERSION, TABLE } from './table-definition';

type PairItem = Pair & Record<string, unknown>;

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
      gsi1sk: pairSortKey(pair),
      // Listed as "setup pending" until its intro emails and timeline exist.
      gsi2pk: pairsPendingSetup(pair.programId),
      gsi2sk: pairSortKey(pair),
    };
    const link = (participantId: string, role: 'mentor' | 'mentee') => ({
      Put: {
        TableName: this.table,
        Item: { ...membershipKey(participantId, pair.id), type: 'membership', v: SCHEMA_VERSION, pairId: pair.id, role, createdAt: pair.createdAt },
      },
    });
    try {
      await transact(this.db, [
        { Put: { TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
        link(mentor.id, 'mentor'),
        link(mentee.id, 'mentee'),
        this.memberUpdate(pair, mentor),
        this.memberUpdate(pair, mentee),
        ...statsUpdates(
          this.table,
          pair.programId,
          merge(
            pairCreated(pair.createdAt, mentee.waitingSince),
            ...[mentor, mentee].map((m) => statusChanged(m.role, m.status, afterPairing(m).status, pair.createdAt)),
          ),
        ),
      ]);
      return 'created';
    } catch (error) {
      if (cancelledByCondition(error)) return 'conflict';
      throw error;
    }
  }

  /** One more active pair for the member, conditioned on the snapshot the matcher saw. */
  private memberUpdate(pair: Pair, member: MemberSnapshot) {
    const { activePairs, status } = afterPairing(member);
    return {
      Update: {
        TableName: this.table,
        Key: participantKey(member.id),
        UpdateExpression: 'SET #status = :status, activePairs = :active, gsi1pk = :pool, updatedAt = :at',
        // Items written before capacity tracking have no counter: that reads as zero.
        ConditionExpression:
          member.activePairs === 0
            ? '#status = :seen AND (attribute_not_exists(activePairs) OR activePairs = :seenActive)'
            : '#status = :seen AND activePairs = :seenActive',
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
    return Item ? parsePair(Item) : undefined;
  }

  async history(programId: string): Promise<PairRef[]> {
    const items = await this.queryPartition({ index: GSI1, pk: pairsOfProgram(programId), projection: 'mentorId, menteeId' });
    return items.map(parsePairRef);
  }

  async all(programId: string): Promise<Pair[]> {
    const items = await this.queryPartition({ index: GSI1, pk: pairsOfProgram(programId) });
    return items.map(parsePair);
  }

  async blocked(programId: string): Promise<PairRef[]> {
    const items = await this.queryPartition({ pk: programKey(programId), skPrefix: SK_PREFIX.blockedPair });
    return items.map(parsePairRef);
  }

  async pendingSetup(programId: string): Promise<Pair[]> {
    const items = await this.queryPartition({ index: GSI2, pk: pairsPendingSetup(programId) });
    return items.map(parsePair);
  }

  async markSetUp(pairId: string): Promise<void> {
    await this.db.send(new UpdateCommand({ TableName: this.table, Key: pairKey(pairId), UpdateExpression: 'REMOVE gsi2pk, gsi2sk' }));
  }

  async recordStep(pairId: string, step: TimelineStep, at: string): Promise<'recorded' | 'duplicate'> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...pairStepKey(pairId, step), type: 'pair_step', v: SCHEMA_VERSION, pairId, step, firedAt: at },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'recorded';
    } catch (error) {
      if (isConditionFailure(error)) return 'duplicate';
      throw error;
    }
  }

  async recordActivity(
    activity: Activity,
    meeting: MeetingClaim | undefined,
    pairBefore: Pick<Pair, 'programId' | 'status' | 'nudgeLevel'>,
  ): Promise<RecordResult> {
    // Keys can be long (Message-IDs); a digest keeps the guard's sort key short and free of PII.
    const keyHash = createHash('sha256').update(activity.key).digest('base64url').slice(0, 32);
    const records = [
      {
        Put: {
          TableName: this.table,
          Item: { ...activityGuardKey(activity.pairId, keyHash), type: 'activity_key', v: SCHEMA_VERSION },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      { Put: { TableName: this.table, Item: { ...activity, ...activityKey(activity.pairId, activity.at, keyHash), type: 'activity', v: SCHEMA_VERSION } } },
    ];
    // Activity brings an at-risk pair back to active (and off the at-risk list); an ended pair is left alone.
    const wasAtRisk = pairBefore.status === 'at_risk';
    const pairUpdate = (withMeeting: MeetingClaim | undefined) => ({
      Update: {
        TableName: this.table,
        Key: pairKey(activity.pairId),
        UpdateExpression:
          'SET lastActivityAt = :at, nudgeLevel = :zero, #status = :active' +
          (withMeeting ? ', lastMeetingPeriod = :period ADD meetingsLogged :one' : '') +
          (wasAtRisk ? ' REMOVE gsi2pk, gsi2sk' : ''),
        // One meeting per check-in period: the pair's last counted period must be an earlier one.
        ConditionExpression:
          'attribute_exists(pk) AND #status <> :ended' + (withMeeting ? ' AND (attribute_not_exists(lastMeetingPeriod) OR lastMeetingPeriod < :period)' : ''),
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':at': activity.at,
          ':zero': 0,
          ':active': 'active',
          ':ended': 'ended',
          ...(withMeeting ? { ':period': withMeeting.period, ':one': 1 } : {}),
        },
      },
    });
    const stats = (delta: StatsDelta) => statsUpdates(this.table, pairBefore.programId, delta);
    // With the meeting first; if the pair's condition fails, without it (the period had one, or the pair ended).
    for (const withMeeting of meeting ? [meeting, undefined] : [undefined]) {
      try {
        await transact(this.db, [...records, pairUpdate(withMeeting), ...stats(activityRecorded(activity, withMeeting ? 1 : 0, pairBefore))]);
        return { outcome: 'recorded', meetingCounted: withMeeting !== undefined };
      } catch (error) {
        // Item 0 is the activity's guard (already recorded); item 2 the pair's update (a meeting this period, or ended).
        const codes = cancellationCodes(error);
        if (codes[0] === 'ConditionalCheckFailed') return { outcome: 'duplicate', meetingCounted: false };
        if (codes[2] !== 'ConditionalCheckFailed') throw error;
      }
    }
    // The pair has ended: still keep what they told us (closing feedback), without touching the pair.
    try {
      await transact(this.db, [...records, ...stats(activityRecorded(activity, 0, { status: 'ended' }))]);
      return { outcome: 'recorded', meetingCounted: false };
    } catch (error) {
      if (cancelledByCondition(error)) return { outcome: 'duplicate', meetingCounted: false };
      throw error;
    }
  }

  async activities(pairId: string): Promise<Activity[]> {
    const items = await this.queryPartition({ pk: pairKey(pairId).pk, skPrefix: SK_PREFIX.activity });
    return items.map(parseActivity);
  }

  async setStart(pair: Pair, change: PairStart): Promise<'updated' | 'conflict'> {
    const names: Record<string, string> = { '#rev': 'startRev', '#status': 'status' };
    const values: Record<string, unknown> = { ':rev': (pair.startRev ?? 0) + 1, ':ended': 'ended' };
    const sets = ['#rev = :rev'];
    for (const field of ['firstMeeting', 'fitCheck'] as const) {
      if (change[field] === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = change[field];
      sets.push(`#${field} = :${field}`);
    }
    const revCondition = pair.startRev === undefined ? 'attribute_not_exists(#rev)' : '#rev = :prev';
    if (pair.startRev !== undefined) values[':prev'] = pair.startRev;
    const written = await unlessConditionFails(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: pairKey(pair.id),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: `attribute_exists(pk) AND #status <> :ended AND ${revCondition}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      ),
    );
    return written ? 'updated' : 'conflict';
  }

  async setLadder(pair: Pair, fields: { nudgeLevel?: number; nudgeSchedule?: string; status?: PairStatus }, stats?: StatsDelta): Promise<void> {
    const sets: string[] = [];
    const values: Record<string, unknown> = {};
    const names: Record<string, string> = {};
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined) continue;
      names[`#${k}`] = k;
      values[`:${k}`] = v;
      sets.push(`#${k} = :${k}`);
    }
    if (fields.status === 'at_risk') {
      // Listed for the digest: a bounded index of at-risk pairs, not a scan.
      values[':riskPk'] = pairsAtRisk(pair.programId);
      values[':riskSk'] = atRiskSortKey(pair);
      sets.push('gsi2pk = :riskPk', 'gsi2sk = :riskSk');
    }
    if (sets.length === 0) return;
    await transact(this.db, [
      {
        Update: {
          TableName: this.table,
          Key: pairKey(pair.id),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
      ...statsUpdates(this.table, pair.programId, stats),
    ]);
  }

  async atRisk(programId: string, limit: number): Promise<Pair[]> {
    const items = await this.queryPartition({ index: GSI2, pk: pairsAtRisk(programId) }, limit);
    return items.map(parsePair);
  }

  async endPair(pair: Pair, reason: PairEndReason, at: string, members: MemberChange[], dropped: Role[]): Promise<'ended' | 'conflict' | 'stale'> {
    try {
      await transact(this.db, [
        {
          Update: {
            TableName: this.table,
            Key: pairKey(pair.id),
            UpdateExpression: 'SET #status = :ended, endedAt = :at, endReason = :reason REMOVE gsi2pk, gsi2sk',
            ConditionExpression: '#status <> :ended',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':ended': 'ended', ':at': at, ':reason': reason },
          },
        },
        // Conditioned on the member as read: two of a mentor's pairs ending at once (their "end" firings run
        // together), or a pair created meanwhile, would otherwise overwrite each other's counter (found by the
        // fault tests: a capacity-2 mentor left with activePairs 1 and no pair).
        ...members.map((m) => ({
          Update: {
            TableName: this.table,
            Key: participantKey(m.id),
            UpdateExpression: 'SET #status = :status, activePairs = :active, gsi1pk = :pool, updatedAt = :at',
            ConditionExpression: `#status = :from AND ${m.fromActivePairs === undefined ? 'attribute_not_exists(activePairs)' : 'activePairs = :fromActive'}`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':status': m.status,
              ':active': m.activePairs,
              ':pool': poolKey(pair.programId, m.status),
              ':at': at,
              ':from': m.from,
              ...(m.fromActivePairs === undefined ? {} : { ':fromActive': m.fromActivePairs }),
            },
          },
        })),
        ...statsUpdates(this.table, pair.programId, merge(pairEnded(pair, at, dropped), ...members.map((m) => statusChanged(m.role, m.from, m.status, at)))),
      ]);
      return 'ended';
    } catch (error) {
      if (!cancelledByCondition(error)) throw error;
      // The pair's own condition is the first item: it had ended already. Otherwise a member changed.
      return cancellationCodes(error)[0] === 'ConditionalCheckFailed' ? 'conflict' : 'stale';
    }
  }

  async block(programId: string, ref: PairRef, at: string): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...blockedPairKey(programId, ref), type: 'blocked_pair', v: SCHEMA_VERSION, mentorId: ref.mentorId, menteeId: ref.menteeId, blockedAt: at },
      }),
    );
  }

  async pairsOf(participantId: string): Promise<Pair[]> {
    const links = await this.queryPartition({ pk: participantKey(participantId).pk, skPrefix: SK_PREFIX.membership });
    if (links.length === 0) return [];
    const items = await batchGetAll(
      this.db,
      this.table,
      links.map((l) => pairKey(parseMembership(l))),
      { consistentRead: true },
    );
    return items.map(parsePair).sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  }

  async scrubActivities(pairId: string, participantId: string): Promise<void> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :act)',
      FilterExpression: 'participantId = :who AND attribute_exists(feedback)',
      ExpressionAttributeValues: { ':pk': pairKey(pairId).pk, ':act': SK_PREFIX.activity, ':who': participantId },
      ProjectionExpression: 'pk, sk, feedback',
    });
    for (const item of items) {
      const { met, timesMet, satisfaction } = parseProjectedFeedback(item);
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: 'SET feedback = :kept',
          ExpressionAttributeValues: { ':kept': { met, timesMet, satisfaction } },
        }),
      );
    }
  }

  /**
   * The items (at most `max`) under one partition key of the table or of an
   * index: those whose sort key starts with `skPrefix` when given, with only
   * the `projection` attributes when given.
   */
  private queryPartition(
    query: { index?: typeof GSI1 | typeof GSI2; pk: string; skPrefix?: string; projection?: string },
    max?: number,
  ): Promise<Record<string, unknown>[]> {
    const { partitionKey, sortKey } = TABLE.indexes.find((i) => i.name === query.index) ?? TABLE;
    const byPrefix = query.skPrefix !== undefined;
    return this.queryAll(
      {
        IndexName: query.index,
        KeyConditionExpression: byPrefix ? `${partitionKey} = :pk AND begins_with(${sortKey}, :prefix)` : `${partitionKey} = :pk`,
        ExpressionAttributeValues: byPrefix ? { ':pk': query.pk, ':prefix': query.skPrefix } : { ':pk': query.pk },
        ProjectionExpression: query.projection,
      },
      max,
    );
  }

  private queryAll(input: Omit<QueryCommandInput, 'TableName'>, max?: number): Promise<Record<string, unknown>[]> {
    return queryAll(this.db, { ...input, TableName: this.table }, { max });
  }
}
