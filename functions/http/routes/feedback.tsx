import { Hono } from 'hono';
import { feedbackTarget, submitFeedback } from '../../app/use-cases/feedback';
import { parseFeedbackForm } from '../../domain/feedback-schema';
import { firstName } from '../../domain/participant';
import { readFormSingle } from '../form-body';
import { formPostGuards } from '../guards';
import { FeedbackPage, type FeedbackValues } from '../pages/feedback-page';
import { MessagePage } from '../pages/layout';
import type { Ctx, HttpDeps, HttpEnv } from '../types';

export function feedbackRoutes({ deps }: HttpDeps) {
  const app = new Hono<HttpEnv>();

  /** The form for this token's pair, blank or with what was sent and its errors. */
  const feedbackForm = async (c: Ctx, token: string, values: FeedbackValues, errors: Record<string, string>) => {
    const { partner } = await feedbackTarget(deps, token);
    return (
      <FeedbackPage
        programName={deps.config.name}
        nonce={c.get('secureHeadersNonce')}
        partnerFirstName={firstName(partner.name)}
        action={`/feedback/${token}`}
        values={values}
        errors={errors}
      />
    );
  };

  app.get('/feedback/:token', async (c) => c.html(await feedbackForm(c, c.req.param('token'), {}, {})));

  app.post('/feedback/:token', ...formPostGuards(deps.config.publicUrl), async (c) => {
    const token = c.req.param('token');
    const form = await readFormSingle(c);
    const parsed = parseFeedbackForm(form);
    if (!parsed.ok) {
      return c.html(await feedbackForm(c, token, form as FeedbackValues, parsed.errors), 422);
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
  });

  return app;
}
