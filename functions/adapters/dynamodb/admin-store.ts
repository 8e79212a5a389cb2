import { createHash } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Admin, AdminAddresses, AdminStore } from '../../ports';
import { cancellationCodes, isConditionFailure, transact, type Db } from './client';
import { parseAdmin, parseAdminEmailGuard } from './items';
import { ADMIN_SK_PREFIX, adminCountKey, adminEmailKey, adminKey, adminSeededKey, adminsPartition } from './keys';
import { queryAll } from './reads';
import { SCHEMA_VERSION } from './table-definition';

const hashEmail = (email: string) => createHash('sha256').update(email).digest('base64url');

/**
 * The program's admins in one partition: an item per admin, a guard per address
 * (one admin per address), and a counter written in the same transactions, whose
 * condition keeps the last admin from being removed even by two concurrent removals.
 */
export class DynamoAdminStore implements AdminStore {
  constructor(
    private readonly db: Db,
    private readonly table: string,
  ) {}

  async list(programId: string): Promise<Admin[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': adminsPartition(programId), ':prefix': ADMIN_SK_PREFIX },
      ConsistentRead: true,
    });
    return items.map(parseAdmin).sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.id.localeCompare(b.id));
  }

  async get(programId: string, id: string): Promise<Admin | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: adminKey(programId, id), ConsistentRead: true }));
    return Item ? parseAdmin(Item) : undefined;
  }

  async findByEmail(programId: string, email: string): Promise<Admin | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: adminEmailKey(programId, email), ConsistentRead: true }));
    return Item ? this.get(programId, parseAdminEmailGuard(Item)) : undefined;
  }

  private addItems(programId: string, admin: Admin) {
    return [
      {
        Put: {
          TableName: this.table,
          Item: { ...adminKey(programId, admin.id), type: 'admin', v: SCHEMA_VERSION, ...admin },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: this.table,
          Item: { ...adminEmailKey(programId, admin.email), type: 'admin_email', v: SCHEMA_VERSION, adminId: admin.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: this.table,
          Key: adminCountKey(programId),
          UpdateExpression: 'ADD admins :one SET #type = :type, v = :v',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':one': 1, ':type': 'admin_count', ':v': SCHEMA_VERSION },
        },
      },
    ];
  }

  async add(programId: string, admin: Admin): Promise<'added' | 'exists'> {
    try {
      await transact(this.db, this.addItems(programId, admin));
      return 'added';
    } catch (error) {
      if (isConditionFailure(error)) return 'exists';
      throw error;
    }
  }

  async remove(programId: string, id: string): Promise<'removed' | 'missing' | 'last'> {
    const admin = await this.get(programId, id);
    if (!admin) return 'missing';
    try {
      await transact(this.db, [
        { Delete: { TableName: this.table, Key: adminKey(programId, id), ConditionExpression: 'attribute_exists(pk)' } },
        {
          Delete: {
            TableName: this.table,
            Key: adminEmailKey(programId, admin.email),
            ConditionExpression: 'adminId = :id',
            ExpressionAttributeValues: { ':id': id },
          },
        },
        {
          Update: {
            TableName: this.table,
            Key: adminCountKey(programId),
            UpdateExpression: 'ADD admins :minus',
            ConditionExpression: 'admins > :one',
            ExpressionAttributeValues: { ':minus': -1, ':one': 1 },
          },
        },
      ]);
      return 'removed';
    } catch (error) {
      const codes = cancellationCodes(error);
      if (codes[2] === 'ConditionalCheckFailed') return 'last';
      if (isConditionFailure(error)) return 'missing';
      throw error;
    }
  }

  async seed(programId: string, emails: string[], at: string): Promise<number> {
    let added = 0;
    for (const email of emails) {
      const marker = {
        Put: {
          TableName: this.table,
          Item: { ...adminSeededKey(programId, hashEmail(email)), type: 'admin_seeded', v: SCHEMA_VERSION, at },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      };
      const admin: Admin = { id: `adm_${hashEmail(`${programId}#${email}`).slice(0, 20)}`, email, addedAt: at, addedBy: 'system' };
      try {
        await transact(this.db, [marker, ...this.addItems(programId, admin)]);
        added++;
      } catch (error) {
        const codes = cancellationCodes(error);
        if (codes[0] === 'ConditionalCheckFailed') continue; // seeded before: the console's choice stands
        if (!isConditionFailure(error)) throw error;
        // Already an admin (added in the console): only remember that the seed saw this address.
        await this.db.send(new PutCommand({ TableName: this.table, Item: marker.Put.Item }));
      }
    }
    return added;
  }
}

/**
 * The admins' addresses in one query of their partition (admins and seed markers together): the
 * jobs and the sender read it for every admin email, and never write admins.
 */
export class DynamoAdminAddresses implements AdminAddresses {
  constructor(
    private readonly db: Db,
    private readonly table: string,
  ) {}

  async list(programId: string, seed: readonly string[]): Promise<string[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': adminsPartition(programId) },
      ConsistentRead: true,
    });
    const admins = items.filter((item) => String(item.sk).startsWith(ADMIN_SK_PREFIX)).map(parseAdmin);
    const seen = new Set(items.map((item) => String(item.sk)));
    const unseeded = seed.filter((email) => !seen.has(adminSeededKey(programId, hashEmail(email)).sk));
    return [...new Set([...admins.map((a) => a.email), ...unseeded])];
  }
}
