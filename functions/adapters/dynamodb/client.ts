import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';

export type Db = DynamoDBDocumentClient;

export function createDb(config: DynamoDBClientConfig = {}): Db {
  return DynamoDBDocumentClient.from(new DynamoDBClient(config), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/** Makes a conditional write: true when it was made, false when its condition failed (someone else got there first). */
export async function unlessConditionFails(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** A single-item conditional write failed its condition (for transactions use `cancelledByCondition`). */
export function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException' || cancelledByCondition(error);
}

/**
 * Why each item of a cancelled transaction failed, in the order the items were
 * given (`undefined`/`'None'` for the ones that did not): how a store tells
 * which of its conditions failed. Empty for any other error.
 */
export function cancellationCodes(error: unknown): (string | undefined)[] {
  const e = error as { name?: string; CancellationReasons?: { Code?: string }[] } | undefined;
  return e?.name === 'TransactionCanceledException' ? (e.CancellationReasons ?? []).map((r) => r.Code) : [];
}

/** True when a cancelled transaction failed on a condition (not on throttling or a conflict). */
export function cancelledByCondition(error: unknown): boolean {
  if ((error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException') return true;
  return cancellationCodes(error).includes('ConditionalCheckFailed');
}

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

/**
 * A write transaction, retried while it is cancelled only by conflicts with
 * other transactions (every event also bumps the shared aggregate items, so
 * concurrent events do collide). Condition failures are never retried.
 */
export async function transact(db: Db, items: TransactItems, attempts = 8): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      const e = error as { name?: string };
      const codes = cancellationCodes(error);
      const conflictOnly = e.name === 'TransactionCanceledException' && codes.includes('TransactionConflict') && !codes.includes('ConditionalCheckFailed');
      const retryable =
        conflictOnly || e.name === 'TransactionInProgressException' || e.name === 'ThrottlingException' || e.name === 'ProvisionedThroughputExceededException';
      if (!retryable || attempt >= attempts) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 25 * 2 ** attempt));
    }
  }
}
