import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { deleteMyData } from '../../app/use-cases/delete-data';
import { pauseParticipant } from '../../app/use-cases/pause';
import { unsubscribe, unsubscribeTarget } from '../../app/use-cases/unsubscribe';
import { isPaused, type Participant } from '../../domain/participant';
import { readFormSingle } from '../form-body';
import { limitBody } from '../guards';
import { MessagePage } from '../pages/layout';
import type { HttpDeps, HttpEnv } from '../types';

const STATUS_LINES: Record<Participant['status'], string> = {
  pending: 'Your address is not confirmed yet.',
  awaiting_approval: "Your sign-up is waiting for the program team's approval.",
  waiting: "You're in the matching pool.",
  matched: "You're matched with a partner.",
  alumni: 'Your mentorship has ended.',
  unsubscribed: '',
  blocked: '',
  deleted: '',
};

const day = (iso: string) => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(iso));

function Choice(props: { action: string; value: string; title: string; text: string; button: string; secondary?: boolean }) {
  return (
    <form method="post" action={props.action} class="card">
      <h2>{props.title}</h2>
      <p>{props.text}</p>
      <button class={props.secondary ? 'button secondary' : 'button'} type="submit" name="choice" value={props.value}>
        {props.button}
      </button>
    </form>
  );
}

/** `?ask=` on the link a "stop"/"pause" reply's confirmation email carries (see handle-reply). */
const ASKED_BY_EMAIL: Record<string, { request: string; button: string; choice: 'pause' | 'unsubscribe' } | undefined> = {
  stop: { request: 'stop all emails', button: 'Unsubscribe me', choice: 'unsubscribe' },
  pause: { request: 'pause reminders for 30 days', button: 'Pause for 30 days', choice: 'pause' },
};

/** The second button of "Delete my data": only a POST with this value deletes. */
export const DELETE_CONFIRMED = 'delete-confirmed';

/**
 * The manage page behind every email's unsubscribe link: pause, unsubscribe, or
 * delete my data. Deleting cannot be undone, so it takes two presses: the first
 * POST (`choice=delete`) only explains what goes, the second (`choice=delete-confirmed`) deletes.
 */
export function unsubscribeRoutes({ deps }: HttpDeps) {
  const app = new Hono<HttpEnv>();
  const sameOrigin = csrf({ origin: new URL(deps.config.publicUrl).origin });

  app.get('/unsubscribe/:token', async (c) => {
    const participant = await unsubscribeTarget(deps, c.req.param('token'));
    const action = `/unsubscribe/${c.req.param('token')}`;
    const nonce = c.get('secureHeadersNonce');
    if (participant.status === 'deleted') {
      return c.html(
        <MessagePage title="Your data has been deleted" programName={deps.config.name} nonce={nonce}>
          <p class="lead">We no longer hold your name, address or answers. You will not receive any more emails from us.</p>
        </MessagePage>,
      );
    }
    const done = participant.status === 'unsubscribed';
    const now = deps.clock.now().toISOString();
    // From the confirmation of a "stop"/"pause" reply: says what was asked; still only a button press acts.
    const asked = done ? undefined : ASKED_BY_EMAIL[c.req.query('ask') ?? ''];
    return c.html(
      <MessagePage title={done ? 'You are unsubscribed' : 'Manage your participation'} programName={deps.config.name} nonce={nonce}>
        <p class="lead">
          {done
            ? `You will not receive any more emails from ${deps.config.name}.`
            : `You take part as a ${participant.role}. ${STATUS_LINES[participant.status]}`}
          {!done && isPaused(participant, now) && participant.pausedUntil ? ` Reminders are paused until ${day(participant.pausedUntil)}.` : ''}
        </p>
        {asked ? (
          <p class="card">
            You asked us by email to {asked.request}. Nothing has changed yet: press “{asked.button}” below to confirm, or close this page to keep things as
            they are.
          </p>
        ) : null}
        {done ? null : (
          <>
            <Choice
              action={action}
              value="pause"
              title="Take a break"
              text="No reminders or follow-ups for 30 days. Your pair and your place in the program stay as they are."
              button="Pause for 30 days"
              secondary={asked?.choice !== 'pause'}
            />
            <Choice
              action={action}
              value="unsubscribe"
              title="Unsubscribe"
              text={`Stops every email from ${deps.config.name} and takes you out of matching. You can sign up again whenever you like.`}
              button="Unsubscribe me"
            />
          </>
        )}
        <Choice
          action={action}
          value="delete"
          title="Delete my data"
          text="Removes your name, address and answers for good, and ends any running pair. We keep only anonymous counts (for example, that a mentee took part)."
          button="Delete my data"
          secondary
        />
      </MessagePage>,
    );
  });

  // RFC 8058 one-click: mail clients POST `List-Unsubscribe=One-Click` without cookies
  // or an Origin we know, so no CSRF check here: the signed token is the authority.
  app.post('/unsubscribe/:token', limitBody, async (c) => {
    const token = c.req.param('token');
    const body = await readFormSingle(c);
    const choice = body.choice;
    const nonce = c.get('secureHeadersNonce');
    // The page's own choices come from its buttons, so they must come from this site;
    // only the plain unsubscribe is also the cross-site RFC 8058 one-click POST.
    if (choice === 'pause' || choice === 'delete' || choice === DELETE_CONFIRMED) await sameOrigin(c, async () => {});
    if (choice === 'pause') {
      const until = await pauseParticipant(deps, await unsubscribeTarget(deps, token));
      return c.html(
        <MessagePage title="Reminders paused" programName={deps.config.name} nonce={nonce}>
          <p class="lead">We won't send reminders or follow-ups until {day(until)}. Replying "met" or using a check-in link still works.</p>
        </MessagePage>,
      );
    }
    const deletedPage = () =>
      c.html(
        <MessagePage title="Your data has been deleted" programName={deps.config.name} nonce={nonce}>
          <p class="lead">We no longer hold your name, address or answers, and you will not receive any more emails from us.</p>
        </MessagePage>,
      );
    if (choice === 'delete') {
      const participant = await unsubscribeTarget(deps, token);
      if (participant.status === 'deleted') return deletedPage();
      return c.html(
        <MessagePage title="Delete your data?" programName={deps.config.name} nonce={nonce}>
          <p class="lead">This cannot be undone. Nothing is deleted until you press the button below.</p>
          <div class="card">
            <h2>What we delete</h2>
            <ul>
              <li>Your name, email address and everything you told us when you signed up.</li>
              <li>The words you wrote in feedback forms.</li>
              <li>Your place in the program: a running pair ends, and your partner goes back to the matching pool.</li>
            </ul>
            <p>
              You will not receive any more emails from {deps.config.name}. We keep only anonymous counts (for example, that a {participant.role} took part).
            </p>
          </div>
          <form method="post" action={`/unsubscribe/${token}`}>
            <p>
              <button class="button" type="submit" name="choice" value={DELETE_CONFIRMED}>
                Yes, delete my data
              </button>
            </p>
          </form>
          <p>
            <a class="button secondary" href={`/unsubscribe/${token}`}>
              No, keep my data
            </a>
          </p>
        </MessagePage>,
      );
    }
    if (choice === DELETE_CONFIRMED) {
      await deleteMyData(deps, token);
      return deletedPage();
    }
    // The manage page's "Unsubscribe me" and the RFC 8058 one-click POST do the same.
    await unsubscribe(deps, token);
    if (!(c.req.header('accept') ?? '').includes('text/html')) return c.text('Unsubscribed', 200);
    return c.html(
      <MessagePage title="You are unsubscribed" programName={deps.config.name} nonce={nonce}>
        <p class="lead">You will not receive any more emails from {deps.config.name}. Changed your mind? Sign up again any time.</p>
      </MessagePage>,
    );
  });

  return app;
}
