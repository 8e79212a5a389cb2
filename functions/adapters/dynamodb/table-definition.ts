/**
 * The single table's keys and indexes. CDK (infra/data-stack.ts) and the local
 * stack (scripts/local-stack.ts) both build the table from this module, so the
 * two can never drift.
 *
 * Access patterns:
 *   participant by id            pk=P#<id>            sk=PROFILE
 *   participant by email         pk=EMAIL#<email>     sk=GUARD        (uniqueness guard)
 *   pool by program and status   gsi1pk=PROG#<program>#STATUS#<status>  gsi1sk=<role>#<createdAt>#<id>
 *   email idempotency            pk=MAIL#<key>        sk=MAIL
 *   rate-limit windows           pk=RL#<client>#<window> sk=RL          (expire via TTL)
 *   sliding rate-limit logs      pk=RLS#<hashed key>  sk=RL              (expire via TTL)
 *   deferred confirmations       pk=PROG#<program>#DEFERRED  sk=<deferredAt>#<email key>  (oldest first)
 *   gsi2 is the second generic index (pairs by participant, due work by time).
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
