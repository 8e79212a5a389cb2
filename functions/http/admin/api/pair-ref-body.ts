import type { Context } from 'hono';
import { AdminRequestRefused, type Issue } from '../../../app/support/errors';
import type { PairRef } from '../../../domain/matching';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** `{"mentorId","menteeId"}`: both ids as the API gives them; 400 `invalid_pair` naming each bad field. */
export function parsePairRef(body: unknown): PairRef {
  const issues: Issue[] = [];
  const record = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  if (!record) throw new AdminRequestRefused(400, 'invalid_pair', [{ path: '(body)', message: 'The body must be {"mentorId": "…", "menteeId": "…"}.' }]);
  for (const field of ['mentorId', 'menteeId'] as const) {
    const value = record[field];
    if (typeof value !== 'string' || !ID.test(value)) issues.push({ path: field, message: `${field} must be a participant id.` });
  }
  if (issues.length) throw new AdminRequestRefused(400, 'invalid_pair', issues);
  return { mentorId: record.mentorId as string, menteeId: record.menteeId as string };
}

/** The JSON body, or 400 `malformed_json`. */
export async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new AdminRequestRefused(400, 'malformed_json', [{ path: '(body)', message: 'The body is not valid JSON.' }]);
  }
}
