import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, AuditLog, AuditPage } from '../../ports';
import type { Db } from './client';
import { parseAuditEntry } from './items';
import { auditKey, auditPartition } from './keys';
import { SCHEMA_VERSION } from './table-definition';

/** The cursor is the last entry's sort key, base64url: opaque to callers, and a query's ExclusiveStartKey when handed back. */
const encodeCursor = (sk: string) => Buffer.from(sk, 'utf8').toString('base64url');
function decodeCursor(cursor: string): string | undefined {
  const sk = Buffer.from(cursor, 'base64url').toString('utf8');
  return /^\d{4}-\d\d-\d\dT[^#]+#[\w-]+$/.test(sk) ? sk : undefined;
}

/** The audit log: one partition per program, sorted by `<at>#<id>`, read newest first. Entries hold ids only. */
export class DynamoAuditLog implements AuditLog {
  constructor(
    private readonly db: Db,
    private readonly table: string,
  ) {}

  async record(programId: string, entry: AuditEntry): Promise<void> {
    const id = randomUUID();
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...auditKey(programId, entry.at, id),
          type: 'audit',
          v: SCHEMA_VERSION,
          id,
          at: entry.at,
          actorId: entry.actorId,
          action: entry.action,
          targets: entry.targets,
          details: entry.details,
        },
      }),
    );
  }

  async list(programId: string, options: { limit: number; cursor?: string }): Promise<AuditPage> {
    const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
    if (options.cursor !== undefined && after === undefined) return { entries: [] };
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': auditPartition(programId) },
        ScanIndexForward: false,
        Limit: options.limit,
        ExclusiveStartKey: after ? { pk: auditPartition(programId), sk: after } : undefined,
      }),
    );
    const entries = Items.map(parseAuditEntry);
    // DynamoDB may return a LastEvaluatedKey for a page that happened to end on the last item: the next page is then empty.
    return { entries, cursor: LastEvaluatedKey && entries.length ? encodeCursor(String(LastEvaluatedKey.sk)) : undefined };
  }
}
