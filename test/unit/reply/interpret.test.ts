import { describe, expect, it } from 'vitest';
import { interpretReply, type ReplyIntent } from '../../../functions/domain/reply/interpret';

const cases: [string, ReplyIntent['kind'], number?][] = [
  // met
  ['met', 'met'],
  ['Met!', 'met'],
  ['MET', 'met'],
  ['we met', 'met'],
  ['We met.', 'met'],
  ['Met today', 'met'],
  ['met up yesterday', 'met'],
  ["We've met", 'met'],
  ['we have met', 'met'],
  ['Yes, we met!', 'met'],
  ['Thanks, we met on Monday!', 'met'],
  ['we met last week and it was great', 'met'],
  ['We had our first call today', 'met'],
  ['getroffen', 'met'],
  ['Wir haben uns getroffen', 'met'],
  ['wir haben uns heute getroffen!', 'met'],
  ['nos reunimos', 'met'],
  ['Nos vimos ayer', 'met'],
  ['Sí, nos hemos visto', 'met'],
  ["on s'est vus", 'met'],
  ['On s’est vus hier', 'met'],
  ['Nous nous sommes rencontrés', 'met'],
  ['nos encontramos', 'met'],
  ['Já nos encontramos', 'met'],
  ['We hebben elkaar ontmoet', 'met'],
  ['Ci siamo visti', 'met'],
  // not met
  ["I haven't met her yet", 'message'],
  ['not met', 'message'],
  ['Not met yet', 'message'],
  ['Met? Not yet.', 'message'],
  ['We met... no, actually we didn’t', 'message'],
  ['we never met', 'message'],
  ['Wir haben uns noch nicht getroffen', 'message'],
  ['Noch nicht getroffen', 'message'],
  ['Todavía no nos reunimos', 'message'],
  ["On ne s'est pas encore vus", 'message'],
  ['Ainda não nos encontramos', 'message'],
  ['Have you met Grace?', 'message'],
  ['Meeting next week', 'message'],
  ['metrics look good', 'message'],
  // rating
  ['1', 'rating', 1],
  ['5', 'rating', 5],
  ['4.', 'rating', 4],
  [' 3! ', 'rating', 3],
  ['4/5', 'rating', 4],
  ['4 / 5', 'rating', 4],
  ['2 out of 5', 'rating', 2],
  ['5 stars', 'rating', 5],
  ['1 star', 'rating', 1],
  ['5 Sterne', 'rating', 5],
  ['4 étoiles', 'rating', 4],
  ['3 estrellas', 'rating', 3],
  ['Five stars!', 'rating', 5],
  ['★★★★', 'rating', 4],
  ['★★★☆☆', 'rating', 3],
  ['⭐️⭐️⭐️⭐️⭐️', 'rating', 5],
  ['Rating: 4', 'rating', 4],
  ['５', 'rating', 5],
  ['0', 'message'],
  ['6', 'message'],
  ['10', 'message'],
  ['4.5', 'message'],
  ['3 questions for you', 'message'],
  ['★★★★★★', 'message'],
  // pause
  ['pause', 'pause'],
  ['Pause please', 'pause'],
  ['please pause', 'pause'],
  ['PAUSE!', 'pause'],
  ['pause for now', 'pause'],
  ['pausa', 'pause'],
  ['Pausa por favor', 'pause'],
  ['pausieren', 'pause'],
  ['Pausieren bitte', 'pause'],
  ['mettre en pause', 'pause'],
  ["don't pause", 'message'],
  ['Pause? What does that do?', 'message'],
  ['pause the project for a week while I think', 'message'],
  // stop
  ['stop', 'stop'],
  ['STOP', 'stop'],
  ['Stop!', 'stop'],
  ['stop please', 'stop'],
  ['Please stop sending me emails', 'stop'],
  ['unsubscribe', 'stop'],
  ['Unsubscribe me', 'stop'],
  ['abmelden', 'stop'],
  ['Bitte abmelden', 'stop'],
  ['desuscribir', 'stop'],
  ['Darme de baja', 'stop'],
  ['se désabonner', 'stop'],
  ['Se désabonner, merci', 'stop'],
  ['uitschrijven', 'stop'],
  ["don't stop", 'message'],
  ['Do not unsubscribe me', 'message'],
  ['stop by my desk tomorrow?', 'message'],
  ['I want to stop the program but not yet', 'message'],
  // other
  ['', 'message'],
  ['   ', 'message'],
  ['Thanks!', 'message'],
  ['Hi Grace, could we move our call to Friday?', 'message'],
];

describe('interpretReply', () => {
  it.each(cases)('%j → %s %s', (text, kind, value) => {
    const expected: ReplyIntent = kind === 'rating' ? { kind, rating: value as 1 | 2 | 3 | 4 | 5 } : ({ kind } as ReplyIntent);
    expect(interpretReply(text)).toEqual(expected);
  });

  it('reads the command from the first non-empty line only', () => {
    expect(interpretReply('\n\nMet\n\nShe was very helpful, thanks!')).toEqual({ kind: 'met' });
    expect(interpretReply('Stop\r\nI no longer have time, sorry.')).toEqual({ kind: 'stop' });
    expect(interpretReply('5\n\nCheers,\nAda')).toEqual({ kind: 'rating', rating: 5 });
    expect(interpretReply('Thanks for checking in.\nWe met on Tuesday.')).toEqual({ kind: 'message' });
    expect(interpretReply('Quick question\nstop')).toEqual({ kind: 'message' });
  });

  it.each([
    ['dots', `${'.'.repeat(200_000)}x`],
    ['a long word after met', `met ${'a'.repeat(500_000)}`],
    ['politeness forever', `${'please '.repeat(100_000)}x`],
  ])('stays fast on a huge first line: %s', (_name, text) => {
    const started = performance.now();
    expect(interpretReply(text).kind).toBeDefined();
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
