import { HTTPException } from 'hono/http-exception';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { createMiddleware } from 'hono/factory';
import type { HttpEnv } from './types';

export const MAX_BODY_BYTES = 32 * 1024;

export const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new HTTPException(413, { message: 'payload_too_large' });
  },
});

/** 415 unless the request body has one of the given media types. */
export const requireContentType = (...types: string[]) =>
  createMiddleware<HttpEnv>(async (c, next) => {
    const given = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!types.includes(given)) throw new HTTPException(415, { message: 'unsupported_media_type' });
    await next();
  });

/** What every page's form POST passes first: a bounded body, a form media type, and the app's own Origin. */
export const formPostGuards = (publicUrl: string) =>
  [limitBody, requireContentType('application/x-www-form-urlencoded', 'multipart/form-data'), csrf({ origin: new URL(publicUrl).origin })] as const;

export const HONEYPOT_FIELD = 'website';

/** Bots fill every field; people never see this one. */
export function honeypotFilled(body: unknown): boolean {
  const value = (body as Record<string, unknown> | null)?.[HONEYPOT_FIELD];
  return typeof value === 'string' ? value.trim() !== '' : value !== undefined && value !== null && value !== false;
}
