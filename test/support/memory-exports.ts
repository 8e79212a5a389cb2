import type { AdminDeps, JobDeps } from '../../functions/app/support/deps';
import type { ExportFiles } from '../../functions/ports';
import { MemoryAuditLog } from './fakes';

/** Exports kept in memory; the "link" names the file. */
export class MemoryExportFiles implements ExportFiles {
  readonly files = new Map<string, { body: Uint8Array; contentType: string }>();
  async put(name: string, body: Uint8Array, contentType: string) {
    this.files.set(name, { body, contentType });
    return `https://exports.example/${name}?signed=1`;
  }
}

/** The console's dependencies on top of a job's (in-memory audit log and export files unless given). */
export function adminDeps(deps: JobDeps, extra: Partial<Pick<AdminDeps, 'audit' | 'exportFiles'>> = {}): AdminDeps & { audit: MemoryAuditLog } {
  return { audit: new MemoryAuditLog(), exportFiles: new MemoryExportFiles(), ...deps, ...extra } as AdminDeps & { audit: MemoryAuditLog };
}
