import { Hono } from 'hono';
import { checkIn, isCheckInAnswer } from '../../app/use-cases/check-in';
import { pairLinkContext } from '../../app/support/pair-links';
import { firstName } from '../../domain/participant';
import { readFormSingle } from '../form-body';
import { formPostGuards } from '../guards';
import { showActionPage } from '../show-action-page';
import { MessagePage } from '../pages/layout';
import { RatingButtons } from '../pages/rating-buttons';
import type { HttpDeps, HttpEnv } from '../types';

const answerText = (answer: string, partner: string) =>
  answer === 'met'
    ? `that you met ${partner}`
    : answer === 'not_yet'
      ? `that you haven't met ${partner} yet`
      : `a rating of ${answer} out of 5 for your meeting with ${partner}`;

export function checkinRoutes({ deps }: HttpDeps) {
  const app = new Hono<HttpEnv>();
  const formPost = formPostGuards(deps.config.publicUrl);

  app.get('/checkin/:token', async (c) => {
    const token = c.req.param('token');
    const { partner } = await pairLinkContext(deps, token, 'checkin');
    const answer = c.req.query('answer');
    const nonce = c.get('secureHeadersNonce');
    if (!isCheckInAnswer(answer)) {
      return c.html(
        <MessagePage title={`Did you meet ${firstName(partner.name)}?`} programName={deps.config.name} nonce={nonce}>
          <form method="post" action={`/checkin/${token}`} class="card">
            <p>
              <button class="button" type="submit" name="answer" value="met">
                We met
              </button>{' '}
              <button class="button secondary" type="submit" name="answer" value="not_yet">
                Not yet
              </button>
            </p>
          </form>
        </MessagePage>,
      );
    }
    return showActionPage(c, deps.config.name, {
      title: 'Save your check-in',
      lead: `Press the button to save ${answerText(answer, firstName(partner.name))}.`,
      action: `/checkin/${token}`,
      fields: { answer },
      button: 'Save my answer',
    });
  });

  app.post('/checkin/:token', ...formPost, async (c) => {
    const token = c.req.param('token');
    const body = await readFormSingle(c);
    if (!isCheckInAnswer(body.answer))
      return c.html(<MessagePage title="Choose an answer" programName={deps.config.name} nonce={c.get('secureHeadersNonce')} />, 422);
    const { partner } = await checkIn(deps, token, body.answer);
    const partnerName = firstName(partner.name);
    const rated = /^[1-5]$/.test(body.answer);
    const title = body.answer === 'met' ? `Great: you met ${partnerName}` : body.answer === 'not_yet' ? 'Thanks for letting us know' : 'Thanks for rating';
    return c.html(
      <MessagePage title={title} programName={deps.config.name} nonce={c.get('secureHeadersNonce')}>
        {body.answer === 'not_yet' ? (
          <p class="lead">No problem. Pick a time that works for you both: just reply to our last email and it reaches {partnerName} too.</p>
        ) : (
          <p class="lead">We've saved it. Thank you!</p>
        )}
        {body.answer === 'met' && !rated ? <RatingButtons action={`/checkin/${token}`} /> : null}
      </MessagePage>,
    );
  });

  return app;
}
