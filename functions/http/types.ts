import type { Context } from 'hono';
import type { SecureHeadersVariables } from 'hono/secure-headers';
import type { JobDeps } from '../app/support/deps';

export type HttpEnv = { Variables: SecureHeadersVariables };
export type Ctx = Context<HttpEnv>;

export interface HttpOptions {
  /** The caller's network address (source IP), as the runtime sees it. */
  clientAddress: (c: Ctx) => string | undefined;
}

export interface HttpDeps {
  deps: JobDeps;
  options: HttpOptions;
}
