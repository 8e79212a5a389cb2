/**
 * Matching mode `choice` (issue 12): a mentee's `/choose/<token>` and a
 * mentor's `/decline/<token>`. Each GET only shows a page (mail scanners open
 * every link); the change is the POST of the page's button. Tokens are checked
 * by the use cases (purpose, signature, expiry); a bad one gets the usual
 * error page (on-error.tsx).
 */
import { Hono } from 'hono';
import { chooseMentor, choiceView, type ChoiceOutcome } from '../../app/use-cases/choice/choose';
import { cleanReason, declinePair, declineView, type DeclineDeps, type DeclineOutcome } from '../../app/use-cases/choice/decline';
import { signedLink } from '../../app/support/links';
import { DECLINE_REASON_MAX } from '../../domain/offer';
import { firstName } from '../../domain/participant';
import { readFormSingle } from '../form-body';
import { formPostGuards } from '../guards';
import { MessagePage } from '../pages/layout';
import { forThePair } from '../../app/use-cases/set-up-pair';
import type { Ctx, HttpEnv, HttpOptions } from '../types';

const closedText =
  'This choice is no longer open: the offer has expired or was replaced by a newer one. Look for our latest email, or wait for the next round: we will pair you then.';

export function choiceRoutes({ deps }: { deps: DeclineDeps; options: HttpOptions }) {
  const app = new Hono<HttpEnv>();
  const formPost = formPostGuards(deps.config.publicUrl);
  const page = (c: Ctx, title: string, body: unknown, status: 200 | 409 | 422 = 200) =>
    c.html(
      <MessagePage title={title} programName={deps.config.name} nonce={c.get('secureHeadersNonce')}>
        {body as never}
      </MessagePage>,
      status,
    );
  const contact = () => (deps.config.admins[0] ? ` (${deps.config.admins[0]})` : '');

  /** The kind pages shared by GET and POST. */
  const choiceEnd = (c: Ctx, outcome: Exclude<ChoiceOutcome, { kind: 'paired' | 'late' }>) =>
    outcome.kind === 'already_paired'
      ? page(c, 'You already have a mentor', <p class="lead">You're paired already: look for the introduction email. Nothing else to do here.</p>)
      : page(c, 'This choice has closed', <p class="lead">{closedText}</p>);

  app.get('/choose/:token', async (c) => {
    const token = c.req.param('token');
    const view = await choiceView(deps, token);
    if (view.kind !== 'open') return choiceEnd(c, view);
    const name = firstName(view.mentor.name);
    return page(
      c as Ctx,
      `Choose ${view.mentor.name} as your mentor?`,
      <>
        <p class="lead">Why we suggest {name}:</p>
        <ul>
          {forThePair(view.offered.reasons).map((r) => (
            <li>{r}</li>
          ))}
        </ul>
        <form method="post" action={`/choose/${token}`}>
          <button class="button" type="submit">
            Choose {name}
          </button>
        </form>
      </>,
    );
  });

  app.post('/choose/:token', ...formPost, async (c) => {
    const outcome = await chooseMentor(deps, c.req.param('token'));
    if (outcome.kind === 'paired') {
      const name = firstName(outcome.mentor.name);
      return page(
        c,
        `${name} is your mentor`,
        <p class="lead">Great choice. You'll both get an introduction by email in a moment: reply to it to say hello to {name}.</p>,
      );
    }
    if (outcome.kind === 'late') {
      const wanted = firstName(outcome.wanted.name);
      if (!outcome.next)
        return page(
          c as Ctx,
          `${wanted} has no room left`,
          <p class="lead">
            Someone else chose {wanted} a moment ago. No other mentor has room right now: you stay first in line, and the next round pairs you.
          </p>,
          409,
        );
      const next = outcome.next;
      const link = await signedLink(deps, 'choose', outcome.mentee.id, next.mentor.id);
      return page(
        c as Ctx,
        `${wanted} has no room left`,
        <>
          <p class="lead">
            Someone else chose {wanted} a moment ago. The mentor who suits you best among those with room now is {next.mentor.name}:
          </p>
          <ul>
            {forThePair(next.offered.reasons).map((r) => (
              <li>{r}</li>
            ))}
          </ul>
          <form method="post" action={new URL(link).pathname}>
            <button class="button" type="submit">
              Choose {firstName(next.mentor.name)}
            </button>
          </form>
        </>,
        409,
      );
    }
    return choiceEnd(c, outcome);
  });

  const declineEnd = (c: Ctx, outcome: Exclude<DeclineOutcome, { kind: 'declined' }>) =>
    outcome.kind === 'used'
      ? page(
          c,
          'You have declined once already',
          <p class="lead">
            Each mentor can decline a pairing once during the program, and you have. If this pairing can't work, please write to the program team
            {contact()}: they'll sort it out with you.
          </p>,
          409,
        )
      : outcome.kind === 'ended'
        ? page(c, 'This pairing has ended', <p class="lead">Nothing more to do here. Thank you for letting us know.</p>)
        : page(
            c,
            'Nothing to decline here',
            <p class="lead">This pairing was made by the program, not chosen. To change it, please write to the program team{contact()}.</p>,
          );

  const declineForm = (c: Ctx, token: string, menteeName: string, error?: string) =>
    page(
      c,
      `Decline the pairing with ${menteeName}?`,
      <>
        <p class="lead">
          If you can't mentor {menteeName} after all, tell us why in a line or two. Only the program team reads it; {menteeName} will simply be asked to choose
          again. You can do this once during the program.
        </p>
        <form method="post" action={`/decline/${token}`}>
          <label for="reason">Your reason (for the program team)</label>
          {error ? (
            <p class="error" id="reason-error" role="alert">
              {error}
            </p>
          ) : null}
          <textarea id="reason" name="reason" maxlength={DECLINE_REASON_MAX} required aria-describedby={error ? 'reason-error' : undefined} />
          <p>
            <button class="button" type="submit">
              Decline this pairing
            </button>
          </p>
        </form>
      </>,
      error ? 422 : 200,
    );

  app.get('/decline/:token', async (c) => {
    const token = c.req.param('token');
    const view = await declineView(deps, token);
    if (view.kind !== 'open') return declineEnd(c, view);
    return declineForm(c, token, firstName(view.mentee.name));
  });

  app.post('/decline/:token', ...formPost, async (c) => {
    const token = c.req.param('token');
    const body = await readFormSingle(c);
    const reason = cleanReason(body.reason);
    if (!reason) {
      const view = await declineView(deps, token);
      if (view.kind !== 'open') return declineEnd(c, view);
      return declineForm(c, token, firstName(view.mentee.name), 'Please tell us briefly why.');
    }
    const outcome = await declinePair(deps, token, reason);
    if (outcome.kind !== 'declined') return declineEnd(c, outcome);
    return page(
      c as Ctx,
      'Thank you for letting us know',
      <p class="lead">The pairing with {firstName(outcome.mentee.name)} has ended, and we're helping them choose again. You stay in the program as before.</p>,
    );
  });

  return app;
}
