import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { signToken, verifyToken } from '../../domain/tokens';
import { EXPORT_LINK_SECONDS, type Clock, type ExportFiles, type Secrets } from '../../ports';

/** Export file names as the console makes them: `<program>-export-<date>-<id>.csv`. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;
export const LOCAL_EXPORT_ROUTE = '/admin/export-files/';

/**
 * The local stack's stand-in for the export bucket: files in a folder
 * (`.local/exports/`), served by GET /admin/export-files/<token>, where the
 * token is signed with the program's secret and expires after
 * EXPORT_LINK_SECONDS, as a presigned S3 URL does.
 */
export class FolderExportFiles implements ExportFiles {
  constructor(
    private readonly dir: string,
    private readonly publicUrl: string,
    private readonly secrets: Secrets,
    private readonly clock: Clock,
  ) {}

  async put(name: string, body: Uint8Array): Promise<string> {
    if (!SAFE_NAME.test(name)) throw new RangeError('unsafe export file name');
    await mkdir(this.dir, { recursive: true });
    await writeFile(join(this.dir, name), body);
    const e = Math.floor(this.clock.now().getTime() / 1000) + EXPORT_LINK_SECONDS;
    return `${this.publicUrl}${LOCAL_EXPORT_ROUTE}${signToken({ p: 'export', s: name, x: 'export-file', e }, await this.secrets.tokenSecret())}`;
  }

  /** The file behind a link, or why not ('expired', 'forged'…, or 'missing'). */
  async read(token: string): Promise<{ ok: true; name: string; body: Buffer } | { ok: false; reason: string }> {
    const check = verifyToken(token, 'export', await this.secrets.tokenSecret(), this.clock.now().getTime());
    if (!check.ok) return check;
    if (check.claims.x !== 'export-file' || !SAFE_NAME.test(check.claims.s)) return { ok: false, reason: 'wrong_purpose' };
    try {
      return { ok: true, name: check.claims.s, body: await readFile(join(this.dir, check.claims.s)) };
    } catch {
      return { ok: false, reason: 'missing' };
    }
  }
}
