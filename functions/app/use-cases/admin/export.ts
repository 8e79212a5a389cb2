/**
 * The program's CSV export from the console. An HTTP API buffers a response
 * and caps its size, so a small export is answered directly and a larger one
 * (above EXPORT_INLINE_MAX_BYTES) is stored (S3, locally a folder) and
 * answered with a short-lived signed link. Reading is not a change, but an
 * export carries personal data: each one is recorded in the audit log (ids only).
 */
import type { AdminPrincipal } from '../../../ports';
import type { AdminDeps } from '../../support/deps';
import { exportLines } from '../export-program';

/** Above this, an export goes to a file and a link (API Gateway's payload limit is 10 MB; Lambda's response 6 MB). */
export const EXPORT_INLINE_MAX_BYTES = 4 * 1024 * 1024;
export const EXPORT_CONTENT_TYPE = 'text/csv; charset=utf-8';

export type ExportOutcome = { kind: 'inline'; fileName: string; body: Uint8Array } | { kind: 'link'; fileName: string; url: string };

export async function exportCsv(deps: AdminDeps, admin: AdminPrincipal, inlineMaxBytes = EXPORT_INLINE_MAX_BYTES): Promise<ExportOutcome> {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  let bytes = 0;
  let rows = -1;
  for await (const line of exportLines(deps)) {
    const part = encoder.encode(line);
    parts.push(part);
    bytes += part.byteLength;
    rows++;
  }
  const body = new Uint8Array(bytes);
  let at = 0;
  for (const part of parts) {
    body.set(part, at);
    at += part.byteLength;
  }
  const now = deps.clock.now();
  const fileName = `${deps.config.id}-export-${now.toISOString().slice(0, 10)}.csv`;
  const big = bytes > inlineMaxBytes;
  await deps.audit.record(deps.config.id, {
    at: now.toISOString(),
    actorId: admin.adminId,
    action: 'export.csv',
    targets: [deps.config.id],
    details: { rows, bytes, delivery: big ? 'link' : 'inline' },
  });
  if (!big) return { kind: 'inline', fileName, body };
  // A unique name per export: the link names one file, never the next admin's.
  const stored = `${deps.config.id}-export-${now.toISOString().slice(0, 10)}-${deps.ids.next()}.csv`;
  return { kind: 'link', fileName: stored, url: await deps.exportFiles.put(stored, body, EXPORT_CONTENT_TYPE) };
}
