import type { AdminDeps } from '../../app/support/deps';
import type { HttpOptions } from '../types';

export interface AdminHttpDeps {
  deps: AdminDeps;
  options: HttpOptions;
}
