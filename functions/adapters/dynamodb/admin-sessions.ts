import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AdminSession, AdminSessionStore } from '../../ports';
import { unlessConditionFails, type Db } from './client';
import { parseAdminSession } from './items';
import { GSI1, adminSessionKey, createdSortKey, sessionsOfAdmin } from './keys';
import { queryAll } from './reads';
import { SCHEMA_VERSION } from './table-definition';

const epochSeconds = (iso: string) => Math.ceil(Date.parse(iso) / 1000);

/**
 * Admin sessions, by the hash of the cookie's secret; listed per admin on gsi1.
 * `expiresAt` is the TTL attribute (epoch seconds); `expiresAtIso` the same
 * instant, which reads check (TTL deletes late).
 */
export class DynamoAdminSessions implements AdminSessionStore {
  constructor(
    private readonly db: Db,
    private readonly table: string,
  ) {}

  async create(secretHash: string, session: AdminSession): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...adminSessionKey(secretHash),
          type: 'admin_session',
          v: SCHEMA_VERSION,
          gsi1pk: sessionsOfAdmin(session.programId, session.adminId),
          gsi1sk: createdSortKey(session),
          id: session.id,
          programId: session.programId,
          adminId: session.adminId,
          createdAt: session.createdAt,
          lastSeenAt: session.lastSeenAt,
          expiresAtIso: session.expiresAt,
          expiresAt: epochSeconds(session.expiresAt),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(secretHash: string): Promise<AdminSession | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: adminSessionKey(secretHash), ConsistentRead: true }));
    return Item ? parseAdminSession(Item) : undefined;
  }

  async touch(secretHash: string, lastSeenAt: string, expiresAt: string): Promise<void> {
    await unlessConditionFails(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: adminSessionKey(secretHash),
          UpdateExpression: 'SET lastSeenAt = :seen, expiresAtIso = :iso, expiresAt = :ttl',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':seen': lastSeenAt, ':iso': expiresAt, ':ttl': epochSeconds(expiresAt) },
        }),
      ),
    );
  }

  private async itemsOf(programId: string, adminId: string) {
    return queryAll(this.db, {
      TableName: this.table,
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': sessionsOfAdmin(programId, adminId) },
      ScanIndexForward: false,
    });
  }

  async listOf(programId: string, adminId: string): Promise<AdminSession[]> {
    return (await this.itemsOf(programId, adminId)).map(parseAdminSession);
  }

  async remove(secretHash: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.table, Key: adminSessionKey(secretHash) }));
  }

  async revoke(programId: string, adminId: string, sessionId: string): Promise<boolean> {
    const item = (await this.itemsOf(programId, adminId)).find((i) => i.id === sessionId);
    if (!item) return false;
    const key = { pk: String(item.pk), sk: String(item.sk) };
    return unlessConditionFails(() => this.db.send(new DeleteCommand({ TableName: this.table, Key: key, ConditionExpression: 'attribute_exists(pk)' })));
  }
}
