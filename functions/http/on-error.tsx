import type { ErrorHandler, NotFoundHandler } from 'hono';
import type { Child } from 'hono/jsx';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { JobDeps } from '../app/support/deps';
import { AdminRequestRefused, Forbidden, InvalidSignup, InvalidToken, NotFound, RateLimited, Unauthenticated } from '../app/support/errors';
import { BadFormBody } from './form-body';
import { MessagePage } from './pages/layout';
import type { Ctx, HttpEnv } from './types';

const wantsJson = (c: Ctx) =>
  c.req.path.startsWith('/api/') || c.req.path.startsWith('/admin/api/') || (c.req.header('accept') ?? '').startsWith('application/json');

function ResendForm() {
  return (
    <form method="post" action="/confirm/resend" class="card">
      <label for="f-email">Your email address</label>
      <input type="email" id="f-email" name="email" autocomplete="email" required />
      <p>
        <button class="button" type="submit">
          Send me a new link
        </button>
      </p>
    </form>
  );
}

/** The one place where errors become responses (DESIGN §8). Never a 5xx for bad input. */
export function onError(deps: JobDeps): ErrorHandler<HttpEnv> {
  return (error, c) => {
    const page = (status: ContentfulStatusCode, title: string, body: string, extra?: Child) =>
      c.html(
        <MessagePage title={title} programName={deps.config.name} nonce={c.get('secureHeadersNonce')}>
          <p class="lead">{body}</p>
          {extra ?? null}
        </MessagePage>,
        status,
      );

    if (error instanceof InvalidToken) {
      const expired = error.reason === 'expired';
      const isConfirm = c.req.path.startsWith('/confirm/');
      const title = expired ? 'This link has expired' : "This link doesn't work";
      const body = expired
        ? 'Links in our emails expire to keep your account safe.'
        : 'It may have been cut off or changed when it was copied. Try clicking it in the email again.';
      return page(
        expired ? 410 : 400,
        title,
        isConfirm ? `${body} Enter your address and we'll send a new confirmation link.` : body,
        isConfirm ? <ResendForm /> : undefined,
      );
    }
    if (error instanceof RateLimited) {
      c.header('Retry-After', String(error.retryAfterSeconds));
      if (wantsJson(c)) return c.json({ error: 'rate_limited', retryAfterSeconds: error.retryAfterSeconds }, 429);
      return page(429, 'Too many requests from your network', `Please wait ${Math.ceil(error.retryAfterSeconds / 60)} minutes and try again.`);
    }
    if (error instanceof InvalidSignup) {
      if (wantsJson(c)) return c.json({ error: 'invalid_signup', issues: error.issues }, 400);
      return page(422, 'We could not sign you up', error.issues.map((i) => i.message).join(' '));
    }
    if (error instanceof AdminRequestRefused) {
      if (wantsJson(c)) return c.json({ error: error.code, issues: error.issues }, error.status);
      return page(error.status, 'That could not be done', error.issues.map((i) => `${i.path}: ${i.message}`).join(' ') || error.code.replaceAll('_', ' '));
    }
    if (error instanceof Unauthenticated) {
      if (wantsJson(c)) return c.json({ error: 'unauthenticated' }, 401);
      // Back to the page after signing in; a form POST's path has no page, so it lands on the dashboard.
      return c.redirect(c.req.method === 'GET' ? `/admin?next=${encodeURIComponent(c.req.path)}` : '/admin', 303);
    }
    if (error instanceof Forbidden) {
      if (wantsJson(c)) return c.json({ error: 'forbidden' }, 403);
      return page(403, 'This request was refused', 'It came from another site, or your session cannot do this.');
    }
    if (error instanceof NotFound) {
      if (wantsJson(c)) return c.json({ error: 'not_found' }, 404);
      return page(404, 'We could not find that', 'The person or page behind this link no longer exists.');
    }
    if (error instanceof BadFormBody) {
      const status = error.status as ContentfulStatusCode;
      if (wantsJson(c)) return c.json({ error: error.code, issues: [{ path: error.field ?? '(body)', message: error.detail }] }, status);
      const title = error.code === 'file_not_allowed' ? 'A file was sent where text was expected' : 'We could not read that form';
      return page(status, title, `${error.detail} Nothing was saved. Go back to the form and try again.`);
    }
    if (error instanceof HTTPException) {
      const status = error.status as ContentfulStatusCode;
      const code = status === 400 ? 'malformed_request' : error.message || 'http_error';
      if (wantsJson(c)) return c.json({ error: code }, status);
      const titles: Partial<Record<number, string>> = {
        403: 'This form was sent from another site',
        413: 'That was too much text',
        415: 'Unsupported request',
      };
      return page(status, titles[status] ?? 'Something is wrong with the request', 'Go back to the form and try again.');
    }
    // Unknown failure: log its kind and stack, never request data (it may hold PII).
    console.error(JSON.stringify({ event: 'unhandled_error', name: (error as Error).name, stack: (error as Error).stack }));
    if (wantsJson(c)) return c.json({ error: 'internal_error' }, 500);
    return page(500, 'Something went wrong on our side', 'Please try again in a minute. Nothing you sent was lost.');
  };
}

export function notFound(deps: JobDeps): NotFoundHandler<HttpEnv> {
  return (c) => {
    if (wantsJson(c)) return c.json({ error: 'not_found' }, 404);
    return c.html(
      <MessagePage title="Page not found" programName={deps.config.name} nonce={c.get('secureHeadersNonce')}>
        <p class="lead">
          There is nothing at this address. <a href="/">Go to the sign-up form</a>.
        </p>
      </MessagePage>,
      404,
    );
  };
}
