import type { AdminDeps } from '../../app/support/deps';
import type { HttpOptions } from '../types';

/** What every console route group gets: `functions/http/admin/<area>.tsx` and `functions/http/admin/api/<area>.ts`. */
export interface AdminHttpDeps {
  deps: AdminDeps;
  options: HttpOptions;
}
