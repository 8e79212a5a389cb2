import { Hono } from 'hono';
import { confirmAddress, confirmTarget } from '../../app/use-cases/confirm';
import { resendConfirmation } from '../../app/use-cases/resend-confirmation';
import { clientKey } from '../client-key';
import { readForm, readFormSingle } from '../form-body';
import { formPostGuards } from '../guards';
import { showActionPage } from '../show-action-page';
import { MessagePage } from '../pages/layout';
import type { Participant } from '../../domain/participant';
import type { Ctx, HttpDeps, HttpEnv } from '../types';

export function confirmRoutes({ deps, options }: HttpDeps) {
  const app = new Hono<HttpEnv>();
  const formPost = formPostGuards(deps.config.publicUrl);

  const inThePool = (c: Ctx, outcome: 'confirmed' | 'already_confirmed') =>
    c.html(
      <MessagePage title="You're in: we'll introduce you to your match soon." programName={deps.config.name} nonce={c.get('secureHeadersNonce')}>
        <p class="lead">
          {outcome === 'confirmed' ? 'Thanks for confirming your address.' : 'Your address was already confirmed, so there is nothing more to do.'} You're in
          the matching pool.
        </p>
        <div class="card">
          <h2>What happens next</h2>
          <ol>
            <li>We match mentors and mentees every week, by skills, time-zone overlap and language.</li>
            <li>You and your partner get one introduction email, addressed to both of you.</li>
            <li>
              Pairs meet about every {deps.config.meetingCadenceDays} days for {deps.config.mentorshipWeeks} weeks; we send ice-breakers and short check-ins
              along the way.
            </li>
          </ol>
        </div>
      </MessagePage>,
    );

  const awaitingApproval = (c: Ctx, outcome: 'confirmed' | 'already_confirmed') =>
    c.html(
      <MessagePage title="Thanks: your sign-up is waiting for approval" programName={deps.config.name} nonce={c.get('secureHeadersNonce')}>
        <p class="lead">
          {outcome === 'confirmed' ? 'Thanks for confirming your address.' : 'Your address was already confirmed.'} The program's team approves each sign-up
          before matching: once they have, you join the matching pool, and we'll introduce you to your match.
        </p>
      </MessagePage>,
    );

  const confirmedPage = (c: Ctx, outcome: 'confirmed' | 'already_confirmed', participant: Participant) =>
    participant.status === 'awaiting_approval' ? awaitingApproval(c, outcome) : inThePool(c, outcome);

  // Registered before `/confirm/:token`, which would otherwise take "resend" for a token.
  app.post('/confirm/resend', ...formPost, async (c) => {
    const body = await readFormSingle(c);
    const email = (body.email ?? '').slice(0, 254);
    await resendConfirmation(deps, email, { key: await clientKey(c, deps, options) });
    return c.html(
      <MessagePage title="Check your inbox" programName={deps.config.name} nonce={c.get('secureHeadersNonce')}>
        <p class="lead">If that address signed up and still needs confirming, a new link is on its way. It works for 7 days.</p>
      </MessagePage>,
    );
  });

  // GET (and HEAD) only show: mail scanners and link previews open every link,
  // so confirming takes a person's press of the button (double opt-in).
  app.get('/confirm/:token', async (c) => {
    const token = c.req.param('token');
    const { needsConfirmation, participant } = await confirmTarget(deps, token);
    if (!needsConfirmation) return confirmedPage(c, 'already_confirmed', participant);
    return showActionPage(c, deps.config.name, {
      title: 'Confirm your address',
      lead: 'One last step: press the button to confirm this is your address and join the matching pool.',
      action: `/confirm/${token}`,
      button: 'Confirm my address',
    });
  });

  app.post('/confirm/:token', ...formPost, async (c) => {
    await readForm(c);
    const { outcome, participant } = await confirmAddress(deps, c.req.param('token'));
    return confirmedPage(c, outcome, participant);
  });

  return app;
}
