/**
 * Matching mode `choice` in the single table (keys.ts): one item per mentee
 * holding their latest offer (listed on the sparse gsi2 while open, so a round
 * reads the open offers, not history), and one guard item per mentor who
 * declined a chosen pair (its conditional put is the "at most once").
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { MentorDecline, Offer, OfferState, OfferedMentor } from '../../domain/offer';
import type { OfferStore } from '../../ports';
import { unlessConditionFails, type Db } from './client';
import { ItemFields, defined, type Item } from './item-fields';
import { GSI1, GSI2, declineSortKey, declinesOfProgram, mentorDeclineKey, offerKey, offerOpenSortKey, offersOpen } from './keys';
import { queryAll } from './reads';
import { SCHEMA_VERSION } from './table-definition';

const OFFER_STATES = ['open', 'chosen', 'expired', 'withdrawn'] as const;

export function parseOffer(item: Item): Offer {
  const f = new ItemFields(item, `offer ${String(item.pk)}`);
  f.literal('type', 'offer');
  return defined({
    programId: f.string('programId'),
    menteeId: f.string('menteeId'),
    id: f.string('id'),
    roundId: f.string('roundId'),
    sentAt: f.string('sentAt'),
    state: f.oneOf('state', OFFER_STATES),
    mentors: f.maps('mentors').map((m) => ({ mentorId: m.string('mentorId'), score: m.number('score'), reasons: m.strings('reasons') })),
    rev: f.number('rev'),
    closedAt: f.optionalString('closedAt'),
    pairId: f.optionalString('pairId'),
  });
}

export function parseDecline(item: Item): MentorDecline {
  const f = new ItemFields(item, `decline ${String(item.pk)}`);
  f.literal('type', 'mentor_decline');
  return {
    programId: f.string('programId'),
    mentorId: f.string('mentorId'),
    pairId: f.string('pairId'),
    menteeId: f.string('menteeId'),
    reason: f.string('reason'),
    at: f.string('at'),
  };
}

export class DynamoOfferStore implements OfferStore {
  constructor(
    private readonly db: Db,
    private readonly table: string,
  ) {}

  async create(offer: Offer): Promise<'created' | 'exists'> {
    const open = offer.state === 'open' ? { gsi2pk: offersOpen(offer.programId), gsi2sk: offerOpenSortKey(offer) } : {};
    const written = await unlessConditionFails(() =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...offerKey(offer.programId, offer.menteeId), type: 'offer', v: SCHEMA_VERSION, ...defined(offer), ...open },
          // A closed offer is replaced by the next one; an open one never is (a round does not re-offer).
          ConditionExpression: 'attribute_not_exists(pk) OR #state <> :open',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':open': 'open' },
        }),
      ),
    );
    return written ? 'created' : 'exists';
  }

  async get(programId: string, menteeId: string): Promise<Offer | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: offerKey(programId, menteeId), ConsistentRead: true }));
    return Item ? parseOffer(Item) : undefined;
  }

  async listOpen(programId: string): Promise<Offer[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      IndexName: GSI2,
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': offersOpen(programId) },
    });
    // The index is eventually consistent: an offer closed a moment ago may still be listed.
    return items.map(parseOffer).filter((o) => o.state === 'open');
  }

  async addMentor(offer: Offer, mentor: OfferedMentor): Promise<'updated' | 'conflict'> {
    const written = await unlessConditionFails(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: offerKey(offer.programId, offer.menteeId),
          UpdateExpression: 'SET mentors = list_append(mentors, :mentor), rev = :next',
          ConditionExpression: '#state = :open AND rev = :rev AND id = :id',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':mentor': [mentor], ':next': offer.rev + 1, ':open': 'open', ':rev': offer.rev, ':id': offer.id },
        }),
      ),
    );
    return written ? 'updated' : 'conflict';
  }

  async close(offer: Offer, change: { state: Exclude<OfferState, 'open'>; at: string; pairId?: string }): Promise<'closed' | 'conflict'> {
    const written = await unlessConditionFails(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: offerKey(offer.programId, offer.menteeId),
          UpdateExpression: `SET #state = :state, closedAt = :at, rev = :next${change.pairId ? ', pairId = :pair' : ''} REMOVE gsi2pk, gsi2sk`,
          ConditionExpression: '#state = :open AND rev = :rev AND id = :id',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':state': change.state,
            ':at': change.at,
            ':next': offer.rev + 1,
            ':open': 'open',
            ':rev': offer.rev,
            ':id': offer.id,
            ...(change.pairId ? { ':pair': change.pairId } : {}),
          },
        }),
      ),
    );
    return written ? 'closed' : 'conflict';
  }

  async recordDecline(decline: MentorDecline): Promise<'recorded' | MentorDecline> {
    const written = await unlessConditionFails(() =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...mentorDeclineKey(decline.programId, decline.mentorId),
            type: 'mentor_decline',
            v: SCHEMA_VERSION,
            ...decline,
            gsi1pk: declinesOfProgram(decline.programId),
            gsi1sk: declineSortKey(decline),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    if (written) return 'recorded';
    const before = await this.declineOf(decline.programId, decline.mentorId);
    if (!before) throw new Error(`decline of ${decline.mentorId}: refused as existing, but not found`);
    return before;
  }

  async declineOf(programId: string, mentorId: string): Promise<MentorDecline | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: mentorDeclineKey(programId, mentorId), ConsistentRead: true }));
    return Item ? parseDecline(Item) : undefined;
  }

  async declines(programId: string, limit: number): Promise<MentorDecline[]> {
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': declinesOfProgram(programId) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (page.Items ?? []).map(parseDecline);
  }

  async erase(programId: string, participantId: string): Promise<void> {
    await Promise.all(
      [offerKey(programId, participantId), mentorDeclineKey(programId, participantId)].map((Key) =>
        this.db.send(new DeleteCommand({ TableName: this.table, Key })),
      ),
    );
  }
}
