import { Hono } from 'hono';
import { answerFitCheck, fitLinkContext, isFitAnswer } from '../../app/use-cases/fit-check/answer-fit-check';
import type { FitAnswerValue } from '../../domain/pair';
import { firstName } from '../../domain/participant';
import { readFormSingle } from '../form-body';
import { formPostGuards } from '../guards';
import { MessagePage } from '../pages/layout';
import type { HttpDeps, HttpEnv } from '../types';

const LABELS: Record<FitAnswerValue, string> = { good: 'Good fit', deciding: 'Still deciding', not: 'Not a good fit' };

/**
 * The fit check's page. GET shows the question with one button per answer (the one the email's
 * link named is the highlighted one) and changes nothing; the POST of a button records the answer.
 */
export function fitRoutes({ deps }: HttpDeps) {
  const app = new Hono<HttpEnv>();
  const formPost = formPostGuards(deps.config.publicUrl);

  app.get('/fit/:token', async (c) => {
    const token = c.req.param('token');
    const { pair, partner } = await fitLinkContext(deps, token);
    const nonce = c.get('secureHeadersNonce');
    if (pair.status === 'ended')
      return c.html(
        <MessagePage title="This pairing has ended" programName={deps.config.name} nonce={nonce}>
          <p class="lead">There is nothing to answer any more. Thank you!</p>
        </MessagePage>,
      );
    const chosen = c.req.query('answer');
    const partnerName = firstName(partner.name);
    return c.html(
      <MessagePage title={`How is it going with ${partnerName}?`} programName={deps.config.name} nonce={nonce}>
        <p class="lead">
          {isFitAnswer(chosen) ? `Press "${LABELS[chosen]}" to save your answer, or choose another one.` : 'Press the answer that fits.'} Only we see it.
        </p>
        {chosen === 'not' ? (
          <p>
            This ends the pairing kindly: {partnerName} and you each get the same short email, with no word on who answered what, and you are both first in line
            for the next round.
          </p>
        ) : null}
        <form method="post" action={`/fit/${token}`} class="card">
          <p>
            {(Object.keys(LABELS) as FitAnswerValue[]).map((answer) => (
              <>
                <button class={answer === chosen ? 'button' : 'button secondary'} type="submit" name="answer" value={answer}>
                  {LABELS[answer]}
                </button>{' '}
              </>
            ))}
          </p>
        </form>
      </MessagePage>,
    );
  });

  app.post('/fit/:token', ...formPost, async (c) => {
    const token = c.req.param('token');
    const body = await readFormSingle(c);
    const nonce = c.get('secureHeadersNonce');
    if (!isFitAnswer(body.answer)) return c.html(<MessagePage title="Choose an answer" programName={deps.config.name} nonce={nonce} />, 422);
    const { outcome, partner } = await answerFitCheck(deps, token, body.answer);
    const partnerName = firstName(partner.name);
    const [title, lead] =
      outcome === 'not_asked'
        ? ['Nothing to answer yet', `We ask after your first meeting with ${partnerName}.`]
        : outcome === 'pair_ended'
          ? ['This pairing has ended', "You're back in the pool: we'll introduce you to your next match."]
          : body.answer === 'not'
            ? ['Thank you for telling us', "We've ended the pairing kindly. You're first in line for the next round; you don't need to do anything."]
            : body.answer === 'deciding'
              ? ['Thanks: we saved your answer', 'Take your time. We may ask again after your next meeting.']
              : ['Great to hear', `We saved your answer. Enjoy your mentoring with ${partnerName}!`];
    return c.html(
      <MessagePage title={title} programName={deps.config.name} nonce={nonce}>
        <p class="lead">{lead}</p>
      </MessagePage>,
    );
  });

  return app;
}
