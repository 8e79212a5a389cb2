import type { Context } from 'hono';
import { AdminRequestRefused } from '../../../app/support/errors';
import { limitBody, requireContentType } from '../../guards';
import type { AdminEnv } from '../env';

/** What every JSON POST/PUT of the console's API passes first (the Origin rule for cookies is the admin check's). */
export const jsonGuards = [limitBody, requireContentType('application/json')] as const;

/** The request's JSON object, or 400 `malformed_json`. */
export async function readJsonObject(c: Context<AdminEnv>): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new AdminRequestRefused(400, 'malformed_json', [{ path: '(body)', message: 'the body is not valid JSON' }]);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new AdminRequestRefused(400, 'malformed_json', [{ path: '(body)', message: 'the body must be a JSON object' }]);
  return body as Record<string, unknown>;
}

/** One page of a short list held in full (admins, keys): the cursor is the offset, base64url. */
export function pageOf<T>(items: T[], query: { limit: number; cursor?: string }): { items: T[]; cursor?: string } {
  const start = query.cursor ? Number(Buffer.from(query.cursor, 'base64url').toString('utf8')) : 0;
  if (!Number.isInteger(start) || start < 0)
    throw new AdminRequestRefused(400, 'invalid_query', [{ path: 'cursor', message: 'cursor is not one this API gave' }]);
  const end = start + query.limit;
  return { items: items.slice(start, end), ...(end < items.length ? { cursor: Buffer.from(String(end), 'utf8').toString('base64url') } : {}) };
}
