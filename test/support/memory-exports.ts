import type { AdminDeps, JobDeps } from '../../functions/app/support/deps';
import { MemoryAuditLog, MemoryExportFiles } from './fakes';

export { MemoryExportFiles };

/** The console's dependencies on top of a job's (in-memory audit log and export files unless given). */
export function adminDeps(deps: JobDeps, extra: Partial<Pick<AdminDeps, 'audit' | 'exportFiles'>> = {}): AdminDeps & { audit: MemoryAuditLog } {
  return { audit: new MemoryAuditLog(), exportFiles: new MemoryExportFiles(), ...deps, ...extra } as AdminDeps & { audit: MemoryAuditLog };
}
