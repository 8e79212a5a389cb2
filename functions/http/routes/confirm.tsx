import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { confirmAddress } from '../../app/confirm';
import { resendConfirmation } from '../../app/resend-confirmation';
import { limitBody, requireContentType } from '../guards';
import { MessagePage } from '../pages/layout';
import type { HttpDeps, HttpEnv } from '../types';

export function confirmRoutes({ deps }: HttpDeps) {
  const app = new Hono<HttpEnv>();

  app.get('/confirm/:token', async (c) => {
    const { outcome } = await confirmAddress(deps, c.req.param('token'));
    return c.html(
      <MessagePage title="You're in: we'll introduce you to your match soon." programName={deps.config.name} nonce={c.get('secureHeadersNonce')}>
        <p class="lead">
          {outcome === 'confirmed' ? 'Thanks for confirming your address.' : 'Your address was already confirmed, so there is nothing more to do.'} You're in the
          matching pool.
        </p>
        <div class="card">
          <h2>What happens next</h2>
          <ol>
            <li>We match mentors and mentees every week, by skills, time-zone overlap and language.</li>
            <li>You and your partner get one introduction email, addressed to both of you.</li>
            <li>Pairs meet about every {deps.config.meetingCadenceDays} days for {deps.config.mentorshipWeeks} weeks; we send ice-breakers and short check-ins along the way.</li>
          </ol>
        </div>
      </MessagePage>,
    );
  });

  app.post(
    '/confirm/resend',
    limitBody,
    requireContentType('application/x-www-form-urlencoded', 'multipart/form-data'),
    csrf({ origin: new URL(deps.config.publicUrl).origin }),
    async (c) => {
      const body = await c.req.parseBody();
      const email = typeof body.email === 'string' ? body.email.slice(0, 254) : '';
      await resendConfirmation(deps, email);
      return c.html(
        <MessagePage title="Check your inbox" programName={deps.config.name} nonce={c.get('secureHeadersNonce')}>
          <p class="lead">If that address signed up and still needs confirming, a new link is on its way. It works for 7 days.</p>
        </MessagePage>,
      );
    },
  );

  return app;
}
