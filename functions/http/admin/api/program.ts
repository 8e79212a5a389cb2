/**
 * `GET|PUT /admin/api/program`: the program's settings document as JSON, and its versions.
 *
 * GET answers `{version, updatedAt, updatedBy, settings, deployDefaults}` (with an `ETag` of the
 * version). PUT replaces the whole document (every program setting, nothing else): with
 * `If-Match: <version>` a stale edit gets 409 `version_conflict`; without it the last write wins
 * (still one atomic new version). A bad document gets 400 `invalid_program` with dotted paths.
 * `GET /admin/api/program/versions?limit=&cursor=` lists the versions, newest first.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { AdminRequestRefused } from '../../../app/support/errors';
import type { CurrentSettings } from '../../../app/support/current-config';
import { readProgramSettings, settingsHistory, updateProgramSettings } from '../../../app/use-cases/admin/program-settings';
import type { StoredSettingsVersion } from '../../../ports';
import type { AdminEnv } from '../env';
import type { AdminHttpDeps } from '../types';
import { parseListQuery } from './list-query';

/** A whole document with full catalogues is ~70 KB of JSON: room for that, not for more. */
export const MAX_SETTINGS_BODY_BYTES = 256 * 1024;

export const settingsBodyLimit = bodyLimit({
  maxSize: MAX_SETTINGS_BODY_BYTES,
  onError: () => {
    throw new HTTPException(413, { message: 'payload_too_large' });
  },
});

/** `If-Match: 3`, `"3"` or `W/"3"`; absent: undefined. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!m) throw new AdminRequestRefused(400, 'invalid_if_match', [{ path: 'If-Match', message: 'If-Match must be a settings version number, e.g. 3' }]);
  return Number(m[1]);
}

export const programJson = (s: CurrentSettings) => ({
  version: s.version,
  updatedAt: s.updatedAt,
  updatedBy: s.updatedBy,
  settings: s.settings,
  deployDefaults: s.deployDefaults,
});

const versionJson = (v: StoredSettingsVersion) => ({ version: v.version, updatedAt: v.updatedAt, updatedBy: v.updatedBy });

export function programApiRoutes({ deps }: AdminHttpDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();

  app.get('/admin/api/program', async (c) => {
    const current = await readProgramSettings(deps);
    c.header('ETag', `"${current.version}"`);
    return c.json(programJson(current));
  });

  app.get('/admin/api/program/versions', async (c) => {
    const page = await settingsHistory(deps, parseListQuery({ limit: c.req.query('limit'), cursor: c.req.query('cursor') }));
    return c.json({ versions: page.versions.map(versionJson), ...(page.cursor ? { cursor: page.cursor } : {}) });
  });

  app.put('/admin/api/program', settingsBodyLimit, async (c) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') throw new HTTPException(415, { message: 'unsupported_media_type' });
    const expected = parseIfMatch(c.req.header('if-match'));
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      throw new AdminRequestRefused(400, 'invalid_program', [{ path: '', message: 'the body is not JSON' }]);
    }
    const result = await updateProgramSettings(deps, c.get('admin'), body, expected);
    if (result.outcome === 'invalid') throw new AdminRequestRefused(400, 'invalid_program', result.issues);
    if (result.outcome === 'conflict')
      throw new AdminRequestRefused(409, 'version_conflict', [
        { path: 'If-Match', message: `version ${expected ?? '?'} is not the current one (${result.currentVersion}): reload and apply your change again` },
      ]);
    c.header('ETag', `"${result.current.version}"`);
    return c.json(programJson(result.current));
  });

  return app;
}
