/**
 * The people part of the console's JSON API (DESIGN §3): participants (list,
 * search, one, actions, suggestions), pairs made by hand and ended, and CSV
 * imports. Handlers parse, call one use case, and map; errors are
 * AdminRequestRefused (→ `{"error","issues"}`).
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { importInvitations } from '../../../app/use-cases/admin/import-invitations';
import { endAndRematch, makeManualPair } from '../../../app/use-cases/admin/pairs';
import {
  adminPause,
  approveParticipant,
  blockParticipant,
  listParticipants,
  personDetail,
  removeParticipant,
  resendConfirmationFor,
  suggestionsFor,
} from '../../../app/use-cases/admin/people';
import { AdminRequestRefused, type Issue } from '../../../app/support/errors';
import type { Pair } from '../../../domain/pair';
import { PARTICIPANT_STATUSES, type Participant, type ParticipantStatus } from '../../../domain/participant';
import { MAX_QUERY_LENGTH } from '../../../domain/people-search';
import { ROLES, type Role } from '../../../domain/signup-schema';
import type { AdminPrincipal, ParticipantQuery } from '../../../ports';
import { limitBody, requireContentType } from '../../guards';
import type { AdminEnv } from '../env';
import type { AdminHttpDeps } from '../types';
import { jsonGuards, readJsonObject } from './json-body';
import { parseListQuery } from './list-query';

/** Largest CSV import body: 1,000 rows of name, email and role fit well within it (with long names, so do a few more columns). */
export const MAX_IMPORT_BYTES = 1024 * 1024;

/** `role`, `status` and `q` of a people list (also the page's filters). */
export function parsePeopleQuery(query: { role?: string; status?: string; q?: string }): ParticipantQuery {
  const issues: Issue[] = [];
  if (query.role && !(ROLES as readonly string[]).includes(query.role)) issues.push({ path: 'role', message: 'role must be mentor or mentee' });
  if (query.status && !(PARTICIPANT_STATUSES as readonly string[]).includes(query.status))
    issues.push({ path: 'status', message: `status must be one of ${PARTICIPANT_STATUSES.join(', ')}` });
  if (query.q !== undefined && query.q.length > MAX_QUERY_LENGTH) issues.push({ path: 'q', message: `q must be at most ${MAX_QUERY_LENGTH} characters` });
  if (issues.length) throw new AdminRequestRefused(400, 'invalid_query', issues);
  return {
    ...(query.role ? { role: query.role as Role } : {}),
    ...(query.status ? { status: query.status as ParticipantStatus } : {}),
    ...(query.q?.trim() ? { q: query.q.trim() } : {}),
  };
}

/** A participant as the API shows it (camelCase as stored; erased ones have only their anonymous fields). */
export const participantJson = (p: Participant) => ({ ...p });

export const pairJson = (p: Pair) => ({
  id: p.id,
  mentorId: p.mentorId,
  menteeId: p.menteeId,
  status: p.status,
  score: p.score,
  reasons: p.reasons,
  createdAt: p.createdAt,
  endsAt: p.endsAt,
  lastActivityAt: p.lastActivityAt,
  meetingsLogged: p.meetingsLogged ?? 0,
  ...(p.endedAt ? { endedAt: p.endedAt, endReason: p.endReason } : {}),
});

export function peopleApiRoutes({ deps }: AdminHttpDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();

  app.get('/admin/api/participants', async (c) => {
    const query = parsePeopleQuery(c.req.query());
    const page = await listParticipants(deps, query, parseListQuery(c.req.query()));
    return c.json({ participants: page.participants.map(participantJson), ...(page.cursor ? { cursor: page.cursor } : {}) });
  });

  app.get('/admin/api/participants/:id', async (c) => {
    const detail = await personDetail(deps, c.req.param('id'));
    return c.json({
      ...participantJson(detail.participant),
      pairs: detail.pairs.map(({ pair }) => pairJson(pair)),
      activity: detail.activity.map((a) => ({ pairId: a.pairId, participantId: a.participantId, kind: a.kind, source: a.source, at: a.at })),
      emails: detail.emails,
    });
  });

  app.get('/admin/api/participants/:id/suggestions', async (c) => {
    const ranked = await suggestionsFor(deps, c.req.param('id'));
    return c.json({
      suggestions: ranked.map((s) => ({ partnerId: s.partnerId, name: s.partner.name, role: s.partner.role, score: s.score, reasons: s.reasons })),
    });
  });

  const actions: Record<'approve' | 'pause' | 'block' | 'remove' | 'resend', (admin: AdminPrincipal, id: string) => Promise<Record<string, unknown>>> = {
    approve: async (admin, id) => ({ participant: participantJson(await approveParticipant(deps, admin, id)) }),
    pause: async (admin, id) => adminPause(deps, admin, id),
    block: async (admin, id) => ({ participant: participantJson(await blockParticipant(deps, admin, id)) }),
    remove: async (admin, id) => {
      await removeParticipant(deps, admin, id);
      return { removed: true };
    },
    resend: async (admin, id) => resendConfirmationFor(deps, admin, id),
  };
  for (const [action, run] of Object.entries(actions)) {
    app.post(`/admin/api/participants/:id/${action}`, limitBody, async (c) => c.json(await run(c.get('admin'), c.req.param('id'))));
  }

  app.post('/admin/api/pairs', ...jsonGuards, async (c) => {
    const body = await readJsonObject(c);
    const issues: Issue[] = [];
    for (const field of ['mentorId', 'menteeId'] as const)
      if (typeof body[field] !== 'string' || body[field] === '' || (body[field] as string).length > 100)
        issues.push({ path: field, message: `${field} must be a participant id` });
    if (issues.length) throw new AdminRequestRefused(400, 'invalid_pair', issues);
    const { pair, introsQueued } = await makeManualPair(deps, c.get('admin'), body.mentorId as string, body.menteeId as string);
    return c.json({ pair: pairJson(pair), introsQueued }, 201);
  });

  app.post('/admin/api/pairs/:id/end', limitBody, async (c) => c.json({ pair: pairJson(await endAndRematch(deps, c.get('admin'), c.req.param('id'))) }));

  app.post(
    '/admin/api/imports',
    bodyLimit({
      maxSize: MAX_IMPORT_BYTES,
      onError: () => {
        throw new HTTPException(413, { message: 'payload_too_large' });
      },
    }),
    requireContentType('text/csv'),
    async (c) => c.json(await importInvitations(deps, c.get('admin'), await c.req.text())),
  );

  return app;
}
