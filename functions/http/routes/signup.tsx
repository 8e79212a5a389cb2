import { sValidator } from '@hono/standard-validator';
import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { InvalidSignup } from '../../app/support/errors';
import { invitationFromLink } from '../../app/use-cases/invitation';
import { signUp } from '../../app/use-cases/sign-up';
import { SignupSchema, issueMessage, validateSignup, type FieldIssue } from '../../domain/signup-schema';
import { clientKey } from '../client-key';
import { readForm } from '../form-body';
import { formToSignup, issuesToFormErrors } from '../form-to-signup';
import { honeypotFilled, limitBody, requireContentType } from '../guards';
import { MessagePage } from '../pages/layout';
import { SignupPage, type FormValues } from '../pages/signup-page';
import type { HttpDeps, HttpEnv } from '../types';

type StandardIssue = { message: string; path?: readonly (PropertyKey | { key: PropertyKey })[] };

const toFieldIssues = (issues: readonly StandardIssue[]): FieldIssue[] =>
  issues.map((i) => {
    const path = (i.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p)).join('.') || '(root)';
    return { path, message: issueMessage(path, i.message) };
  });

export function signupRoutes({ deps, options }: HttpDeps) {
  const app = new Hono<HttpEnv>();
  const page = (values: FormValues, errors: Record<string, string>, nonce?: string) => (
    <SignupPage
      programName={deps.config.name}
      values={values}
      errors={errors}
      nonce={nonce}
      cadenceDays={deps.config.meetingCadenceDays}
      durationWeeks={deps.config.mentorshipWeeks}
    />
  );

  app.get('/', async (c) => {
    const token = c.req.query('invite');
    const invitation = token ? await invitationFromLink(deps, token) : undefined;
    // The invitation email's footer link: nothing to record, since an address is only ever invited once.
    if (invitation && c.req.query('decline') === '1')
      return c.html(
        <MessagePage title="Invitation declined" programName={deps.config.name} nonce={c.get('secureHeadersNonce')}>
          <p class="lead">Thanks for letting us know. We send no other email to this address unless you sign up yourself.</p>
        </MessagePage>,
      );
    const prefill = invitation ? { name: invitation.name, email: invitation.email, role: invitation.role } : {};
    return c.html(page({ languages: 'en', capacity: '1', ...prefill }, {}, c.get('secureHeadersNonce')));
  });

  app.post(
    '/signup',
    limitBody,
    requireContentType('application/x-www-form-urlencoded', 'multipart/form-data'),
    csrf({ origin: new URL(deps.config.publicUrl).origin }),
    async (c) => {
      const form: FormValues = await readForm(c);
      if (honeypotFilled(form)) return c.redirect('/thanks', 303);
      const record = formToSignup(form);
      const result = validateSignup(record);
      if (!result.ok) return c.html(page(form, issuesToFormErrors(result.issues, record), c.get('secureHeadersNonce')), 422);
      try {
        await signUp(deps, result.value, { key: await clientKey(c, deps, options) });
      } catch (error) {
        // The form again, with what they typed: only this route has it (the JSON twin is mapped in onError).
        if (error instanceof InvalidSignup) return c.html(page(form, issuesToFormErrors(error.issues, record), c.get('secureHeadersNonce')), 422);
        throw error;
      }
      return c.redirect('/thanks', 303);
    },
  );

  app.get('/thanks', (c) =>
    c.html(
      <MessagePage title="Check your inbox" programName={deps.config.name} nonce={c.get('secureHeadersNonce')}>
        <p class="lead">We've sent you an email with a link to confirm your address. Click it and you're in the matching pool.</p>
        <p>Nothing there after a few minutes? Check your spam folder, or sign up again with the same address and we'll send a fresh link.</p>
      </MessagePage>,
    ),
  );

  app.post(
    '/api/signups',
    limitBody,
    requireContentType('application/json'),
    sValidator('json', SignupSchema, (result, c) => {
      if (honeypotFilled(result.data)) return c.json({ status: 'pending_confirmation' }, 202);
      if (!result.success) return c.json({ error: 'invalid_signup', issues: toFieldIssues(result.error) }, 400);
    }),
    async (c) => {
      await signUp(deps, c.req.valid('json'), { key: await clientKey(c, deps, options) });
      return c.json({ status: 'pending_confirmation' }, 202);
    },
  );

  return app;
}
