import { Hono } from 'hono';
import { excludePair, getRound, listRounds, pinPair, publishRound, roundSuggestions } from '../../../app/use-cases/admin/rounds';
import { limitBody, requireContentType } from '../../guards';
import type { AdminEnv } from '../env';
import type { AdminHttpDeps } from '../types';
import { parseListQuery } from './list-query';
import { parsePairRef, readJson } from './pair-ref-body';

/**
 * Matching rounds under review, as JSON (the same use cases as the pages):
 *   GET  /admin/api/rounds                      newest first, `limit` and `cursor`
 *   GET  /admin/api/rounds/:id                  the proposal: pairs (score, reasons, pinned), unmatched, pins, exclusions
 *   GET  /admin/api/rounds/:id/suggestions/:personId   ranked partners for one person
 *   POST /admin/api/rounds/:id/exclude|pin      {"mentorId","menteeId"} → the re-solved round
 *   POST /admin/api/rounds/:id/publish          → what was created and what was skipped
 */
export function roundsRoutes({ deps }: AdminHttpDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const jsonPost = [limitBody, requireContentType('application/json')] as const;

  app.get('/admin/api/rounds', async (c) => c.json(await listRounds(deps, parseListQuery(c.req.query()))));
  app.get('/admin/api/rounds/:id', async (c) => c.json(await getRound(deps, c.req.param('id'))));
  app.get('/admin/api/rounds/:id/suggestions/:personId', async (c) => {
    const { suggestions } = await roundSuggestions(deps, c.req.param('id'), c.req.param('personId'));
    return c.json({ personId: c.req.param('personId'), suggestions });
  });
  app.post('/admin/api/rounds/:id/exclude', ...jsonPost, async (c) =>
    c.json(await excludePair(deps, c.get('admin'), c.req.param('id'), parsePairRef(await readJson(c)))),
  );
  app.post('/admin/api/rounds/:id/pin', ...jsonPost, async (c) =>
    c.json(await pinPair(deps, c.get('admin'), c.req.param('id'), parsePairRef(await readJson(c)))),
  );
  app.post('/admin/api/rounds/:id/publish', limitBody, async (c) => c.json(await publishRound(deps, c.get('admin'), c.req.param('id'))));
  return app;
}
