import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SignInToken, SignInTokenStore } from '../../ports';
import { unlessConditionFails, type Db } from './client';
import { parseSignInToken } from './items';
import { signInTokenKey } from './keys';
import { SCHEMA_VERSION } from './table-definition';

const epochSeconds = (iso: string) => Math.ceil(Date.parse(iso) / 1000);

/** One-time sign-in links: an item per token hash, removed by the conditional delete that uses it (and by TTL otherwise). */
export class DynamoSignInTokens implements SignInTokenStore {
  constructor(
    private readonly db: Db,
    private readonly table: string,
  ) {}

  async create(token: SignInToken): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...signInTokenKey(token.tokenHash),
          type: 'sign_in_token',
          v: SCHEMA_VERSION,
          tokenHash: token.tokenHash,
          programId: token.programId,
          adminId: token.adminId,
          next: token.next,
          createdAt: token.createdAt,
          expiresAtIso: token.expiresAt,
          expiresAt: epochSeconds(token.expiresAt),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async peek(tokenHash: string, now: string): Promise<SignInToken | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: signInTokenKey(tokenHash), ConsistentRead: true }));
    const token = Item ? parseSignInToken(Item) : undefined;
    return token && token.expiresAt > now ? token : undefined;
  }

  async consume(tokenHash: string, now: string): Promise<SignInToken | undefined> {
    let old: Record<string, unknown> | undefined;
    const used = await unlessConditionFails(async () => {
      const out = await this.db.send(
        new DeleteCommand({
          TableName: this.table,
          Key: signInTokenKey(tokenHash),
          ConditionExpression: 'attribute_exists(pk) AND expiresAtIso > :now',
          ExpressionAttributeValues: { ':now': now },
          ReturnValues: 'ALL_OLD',
        }),
      );
      old = out.Attributes;
    });
    return used && old ? parseSignInToken(old) : undefined;
  }
}
