import { AdminRequestRefused } from '../../../app/support/errors';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;
const MAX_CURSOR_LENGTH = 1024;

/** `limit` (1–200, default 50) and the opaque `cursor` every list of the JSON API takes. */
export function parseListQuery(query: { limit?: string; cursor?: string }): { limit: number; cursor?: string } {
  const issues = [];
  let limit = DEFAULT_LIMIT;
  if (query.limit !== undefined) {
    limit = Number(query.limit);
    if (!/^\d{1,3}$/.test(query.limit) || limit < 1 || limit > MAX_LIMIT)
      issues.push({ path: 'limit', message: `limit must be a whole number from 1 to ${MAX_LIMIT}` });
  }
  const cursor = query.cursor || undefined;
  if (cursor !== undefined && (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)))
    issues.push({ path: 'cursor', message: 'cursor is not one this API gave' });
  if (issues.length) throw new AdminRequestRefused(400, 'invalid_query', issues);
  return { limit, cursor };
}
