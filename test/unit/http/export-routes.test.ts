import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { S3ExportFiles } from '../../../functions/adapters/aws/s3-export-files';
import { FolderExportFiles } from '../../../functions/adapters/local/folder-export-files';
import { exportRoutes } from '../../../functions/http/admin/export';
import { adminTestApp } from '../../support/admin-app';
import { memoryDeps } from '../../support/fakes';
import { MemoryExportFiles, adminDeps } from '../../support/memory-exports';
import { mentee, mentor } from '../../support/people';

async function setup(inlineMaxBytes?: number, exportFiles = new MemoryExportFiles()) {
  const env = memoryDeps();
  const deps = adminDeps(env.deps, { exportFiles });
  await mentor(deps, 'Grace Hopper');
  await mentee(deps, 'Ada Lovelace');
  const app = adminTestApp(deps, [exportRoutes({ deps, options: { clientAddress: () => undefined } }, { inlineMaxBytes })]);
  return { ...env, deps, app, exportFiles };
}

describe('CSV export', () => {
  it('answers a small export directly, as an attachment, and records it in the audit log (ids only)', async () => {
    const { app, deps, exportFiles } = await setup();
    for (const path of ['/admin/export.csv', '/admin/api/export.csv']) {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[a-z0-9-]+-export-\d{4}-\d{2}-\d{2}\.csv"$/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const text = await res.text();
      expect(text.split('\n')[0]).toMatch(/^record,id,role,status,name,email/);
      expect(text).toContain('Grace Hopper');
    }
    expect(exportFiles.files.size).toBe(0);
    expect(deps.audit.entries[0]).toMatchObject({ action: 'export.csv', actorId: 'adm-1', details: { rows: 2, delivery: 'inline' } });
    expect(JSON.stringify(deps.audit.entries)).not.toMatch(/Grace|Ada|@/);
  });

  it('stores an export above the threshold and answers a 303 to its signed link', async () => {
    const { app, exportFiles, deps } = await setup(64);
    const res = await app.request('/admin/export.csv');
    expect(res.status).toBe(303);
    const [name, file] = [...exportFiles.files.entries()][0]!;
    expect(res.headers.get('location')).toBe(`https://exports.example/${name}?signed=1`);
    expect(new TextDecoder().decode(file.body)).toContain('Ada Lovelace');
    expect(file.body.byteLength).toBeGreaterThan(64);
    expect(deps.audit.entries[0]).toMatchObject({ details: { delivery: 'link' } });
  });

  it('locally: writes the file to the folder and serves it by a signed link that expires after five minutes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'exports-'));
    const env = memoryDeps();
    const folder = new FolderExportFiles(dir, 'http://localhost:3000', env.deps.secrets, env.clock);
    const { app, clock } = await setup(64, folder as unknown as MemoryExportFiles);
    const res = await app.request('/admin/api/export.csv');
    expect(res.status).toBe(303);
    const link = new URL(res.headers.get('location')!);
    expect(link.pathname).toMatch(/^\/admin\/export-files\/[A-Za-z0-9_.-]+$/);
    expect(await readdir(dir)).toHaveLength(1);
    const file = await app.request(link.pathname);
    expect(file.status).toBe(200);
    expect(await file.text()).toContain('Grace Hopper');
    expect((await app.request(`${link.pathname.slice(0, -3)}xyz`)).status).toBeGreaterThanOrEqual(400);
    env.clock.current = new Date(clock.now().getTime() + 301_000);
    expect((await app.request(link.pathname)).status).toBe(404);
  });

  it('on AWS: puts the object encrypted and presigns a GET valid five minutes', async () => {
    const s3 = new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
    const sent: unknown[] = [];
    s3.send = (async (command: { input: unknown }) => {
      sent.push(command.input);
      return {};
    }) as never;
    const url = new URL(await new S3ExportFiles(s3, 'demo-exports').put('demo-export-2026-11-30-x.csv', new TextEncoder().encode('a,b\n'), 'text/csv'));
    expect(sent).toEqual([expect.objectContaining({ Bucket: 'demo-exports', Key: 'exports/demo-export-2026-11-30-x.csv', ServerSideEncryption: 'AES256' })]);
    expect(url.pathname).toBe('/exports/demo-export-2026-11-30-x.csv');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('response-content-disposition')).toBe('attachment; filename="demo-export-2026-11-30-x.csv"');
  });
});
