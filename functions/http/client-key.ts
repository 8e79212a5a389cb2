import { createHmac } from 'node:crypto';
import type { JobDeps } from '../app/support/deps';
import type { Ctx, HttpOptions } from './types';

/**
 * A stable, non-reversible key for the caller, for rate limiting: a keyed hash
 * of its address, so no IP address is ever stored.
 */
export async function clientKey(c: Ctx, deps: JobDeps, options: HttpOptions): Promise<string> {
  const address = options.clientAddress(c) ?? 'unknown';
  return createHmac('sha256', await deps.secrets.tokenSecret())
    .update(`client:${address}`)
    .digest('base64url')
    .slice(0, 22);
}
