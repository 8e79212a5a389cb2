import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiKeyRecord, ApiKeyStore } from '../../ports';
import { unlessConditionFails, type Db } from './client';
import { parseApiKey } from './items';
import { GSI1, apiKeyKey, apiKeysOfProgram, createdSortKey } from './keys';
import { queryAll } from './reads';
import { SCHEMA_VERSION } from './table-definition';

/** API keys by the hash of the key (the key itself is never stored); listed per program on gsi1. */
export class DynamoApiKeys implements ApiKeyStore {
  constructor(
    private readonly db: Db,
    private readonly table: string,
  ) {}

  async create(keyHash: string, key: ApiKeyRecord): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...apiKeyKey(keyHash),
          type: 'api_key',
          v: SCHEMA_VERSION,
          gsi1pk: apiKeysOfProgram(key.programId),
          gsi1sk: createdSortKey(key),
          ...key,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async findByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: apiKeyKey(keyHash), ConsistentRead: true }));
    return Item ? parseApiKey(Item) : undefined;
  }

  private items(programId: string) {
    return queryAll(this.db, {
      TableName: this.table,
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': apiKeysOfProgram(programId) },
      ScanIndexForward: false,
    });
  }

  async list(programId: string): Promise<ApiKeyRecord[]> {
    return (await this.items(programId)).map(parseApiKey);
  }

  async touch(keyHash: string, at: string): Promise<void> {
    await unlessConditionFails(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: apiKeyKey(keyHash),
          UpdateExpression: 'SET lastUsedAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at },
        }),
      ),
    );
  }

  async revoke(programId: string, id: string): Promise<boolean> {
    const item = (await this.items(programId)).find((i) => i.id === id);
    if (!item) return false;
    const key = { pk: String(item.pk), sk: String(item.sk) };
    return unlessConditionFails(() => this.db.send(new DeleteCommand({ TableName: this.table, Key: key, ConditionExpression: 'attribute_exists(pk)' })));
  }
}
