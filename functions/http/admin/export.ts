import { Hono, type Context } from 'hono';
import { EXPORT_CONTENT_TYPE, EXPORT_INLINE_MAX_BYTES, exportCsv } from '../../app/use-cases/admin/export';
import { NotFound } from '../../app/support/errors';
import { FolderExportFiles, LOCAL_EXPORT_ROUTE } from '../../adapters/local/folder-export-files';
import type { AdminEnv } from './env';
import type { AdminHttpDeps } from './types';

/**
 * The program's CSV export: `GET /admin/export.csv` (the dashboard's link) and
 * `GET /admin/api/export.csv` answer the file itself when it is small, else a
 * 303 to a short-lived signed link (S3 presigned; locally
 * `/admin/export-files/<token>`, served here from `.local/exports/`).
 */
export function exportRoutes({ deps }: AdminHttpDeps, options: { inlineMaxBytes?: number } = {}): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const inlineMaxBytes = options.inlineMaxBytes ?? EXPORT_INLINE_MAX_BYTES;

  const answer = async (c: Context<AdminEnv>) => {
    const outcome = await exportCsv(deps, c.get('admin'), inlineMaxBytes);
    c.header('cache-control', 'no-store');
    if (outcome.kind === 'link') return c.redirect(outcome.url, 303);
    c.header('content-type', EXPORT_CONTENT_TYPE);
    c.header('content-disposition', `attachment; filename="${outcome.fileName}"`);
    return c.body(outcome.body as Uint8Array<ArrayBuffer>);
  };
  app.get('/admin/export.csv', answer);
  app.get('/admin/api/export.csv', answer);

  // Local stack only: the folder stand-in's signed, expiring links.
  if (deps.exportFiles instanceof FolderExportFiles) {
    const files = deps.exportFiles;
    app.get(`${LOCAL_EXPORT_ROUTE}:token`, async (c) => {
      const file = await files.read(c.req.param('token'));
      if (!file.ok) throw new NotFound(file.reason);
      c.header('cache-control', 'no-store');
      c.header('content-type', EXPORT_CONTENT_TYPE);
      c.header('content-disposition', `attachment; filename="${file.name}"`);
      return c.body(new Uint8Array(file.body));
    });
  }
  return app;
}
