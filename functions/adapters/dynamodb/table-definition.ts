/**
 * The single table's key attributes and indexes. CDK (infra/data-stack.ts) and
 * the local stack (scripts/local-stack.ts) both build the table from this
 * module, so the two can never drift. What goes in those attributes, and the
 * access patterns each index serves, are in keys.ts.
 */
export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  indexes: [
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
} as const;

/** Every stored entity carries its type and schema version. */
export const SCHEMA_VERSION = 1;
