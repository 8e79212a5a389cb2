import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { feedbackTarget, submitFeedback } from '../../app/use-cases/feedback';
import { parseFeedbackForm } from '../../domain/feedback-schema';
import { firstName } from '../../domain/participant';
import { readFormSingle } from '../form-body';
import { limitBody, requireContentType } from '../guards';
import { FeedbackPage, type FeedbackValues } from '../pages/feedback-page';
import { MessagePage } from '../pages/layout';
import type { HttpDeps, HttpEnv } from '../types';

export function feedbackRoutes({ deps }: HttpDeps) {
  const app = new Hono<HttpEnv>();

  app.get('/feedback/:token', async (c) => {
    const token = c.req.param('token');
    const { partner } = await feedbackTarget(deps, token);
    return c.html(
      <FeedbackPage
        programName={deps.config.name}
        nonce={c.get('secureHeadersNonce')}
        partnerFirstName={firstName(partner.name)}
        action={`/feedback/${token}`}
        values={{}}
        errors={{}}
      />,
    );
  });

  app.post(
    '/feedback/:token',
    limitBody,
    requireContentType('application/x-www-form-urlencoded', 'multipart/form-data'),
    csrf({ origin: new URL(deps.config.publicUrl).origin }),
    async (c) => {
      const token = c.req.param('token');
      const form = await readFormSingle(c);
      const parsed = parseFeedbackForm(form);
      if (!parsed.ok) {
        const { partner } = await feedbackTarget(deps, token);
        return c.html(
          <FeedbackPage
            programName={deps.config.name}
            nonce={c.get('secureHeadersNonce')}
            partnerFirstName={firstName(partner.name)}
            action={`/feedback/${token}`}
            values={form as FeedbackValues}
            errors={parsed.errors}
          />,
          422,
        );
      }
      const { outcome } = await submitFeedback(deps, token, parsed.feedback);
      return c.html(
        <MessagePage
          title={outcome === 'duplicate' ? 'We already have your feedback' : 'Thank you for your feedback'}
          programName={deps.config.name}
          nonce={c.get('secureHeadersNonce')}
        >
          <p class="lead">
            {outcome === 'duplicate'
              ? 'You already answered for this check-in, so we kept your first answer. You can tell us again after your next meeting.'
              : 'It helps us make the program better for everyone. You can close this page.'}
          </p>
        </MessagePage>,
      );
    },
  );

  return app;
}
