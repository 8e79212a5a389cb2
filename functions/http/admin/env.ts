import type { SecureHeadersVariables } from 'hono/secure-headers';
import type { AdminPrincipal } from '../../ports';

/** The console's routes run after the admin check, which sets `admin`. */
export type AdminEnv = { Variables: SecureHeadersVariables & { admin: AdminPrincipal } };
