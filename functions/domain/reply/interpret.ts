/**
 * What a reply asks for. Commands are read from the first non-empty line of the
 * already stripped reply (see strip-quoted.ts), so "met" followed by a story
 * still counts, while a command word somewhere in a paragraph does not.
 *
 * stop, pause and rating must be the whole line (politeness words aside);
 * "met" may start a longer line, but any negation on that line ("not yet",
 * "haven't", "noch nicht", "pas encore") makes it a plain message. When in
 * doubt the answer is `message`: it still counts as contact, and a wrongly
 * logged meeting or unsubscribe is worse than a missed one.
 */

export type Rating = 1 | 2 | 3 | 4 | 5;

/** The fit check's three answers: "good fit", "still deciding", "not a good fit". */
export type FitAnswer = 'good' | 'deciding' | 'not';

export type ReplyIntent =
  | { kind: 'met' }
  | { kind: 'rating'; rating: Rating }
  | { kind: 'pause' }
  | { kind: 'stop' }
  /** Answers to a first-meeting invitation; they mean something only while one awaits the member's answer. */
  | { kind: 'accept' }
  | { kind: 'decline' }
  | { kind: 'another_time' }
  /** An answer to the fit check; it means something only while one awaits the member's answer. */
  | { kind: 'fit'; answer: FitAnswer }
  | { kind: 'message' };

const alt = (words: string[]) => words.join('|');

/** Lower-case words separated by single spaces; punctuation dropped, apostrophes inside words kept. */
function words(line: string): string {
  return line
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[^\p{L}\p{N}'\s]/gu, ' ')
    .split(/\s+/)
    .map((word) => word.replace(/^'+|'+$/g, ''))
    .filter(Boolean)
    .join(' ');
}

const POLITE = alt([
  'please',
  'pls',
  'plz',
  'thanks',
  'thank you',
  'thx',
  'ok',
  'okay',
  'now',
  'asap',
  'bitte',
  'danke',
  'por favor',
  'gracias',
  'merci',
  "s'il vous plaît",
  "s'il vous plait",
  'svp',
  'obrigado',
  'obrigada',
  'alstublieft',
  'aub',
  'graag',
  'bedankt',
  'dank je',
  'grazie',
  'per favore',
]);

const STOP_PHRASES = alt([
  'stop',
  'stop it',
  'stop emails',
  'stop emailing me',
  'stop all emails',
  'stop mailing me',
  'stop sending',
  'stop sending me',
  'stop sending (?:me )?(?:these |the )?(?:emails|e mails|mails|messages|reminders)',
  'unsubscribe',
  'unsubscribe me',
  'opt out',
  'opt me out',
  'remove me',
  'remove me from (?:this|the) list',
  'stopp',
  'stoppen',
  'abmelden',
  'mich abmelden',
  'abbestellen',
  'austragen',
  'mich austragen',
  'keine (?:e ?mails|nachrichten) mehr',
  'desuscribir',
  'desuscribirme',
  'darme de baja',
  'dar de baja',
  'baja',
  'cancelar suscripción',
  'cancelar suscripcion',
  'se désabonner',
  'désabonner',
  'me désabonner',
  'désabonnement',
  'se désinscrire',
  'désinscrire',
  'me désinscrire',
  'arrêter',
  'arrêtez',
  'arrêt',
  'descadastrar',
  'descadastrar me',
  'cancelar inscrição',
  'cancelar subscrição',
  'parar',
  'pare',
  'afmelden',
  'uitschrijven',
  'mij afmelden',
  'disiscrivimi',
  'annulla iscrizione',
]);

const PAUSE_PHRASES = alt([
  'pause',
  'pause me',
  'pause it',
  'pause (?:the )?(?:nudges|reminders|emails)',
  'please pause',
  'pausa',
  'pausar',
  'pausieren',
  'pausiere',
  'pause machen',
  'pauze',
  'pauzeren',
  'mettre en pause',
  'en pause',
  'faire une pause',
  'mettez en pause',
]);
const PAUSE_SUFFIX = alt([
  'for now',
  'for a while',
  'for a bit',
  'for a month',
  'for 30 days',
  'vorerst',
  'por ahora',
  'pour le moment',
  'por enquanto',
  'voorlopig',
]);

const STOP = new RegExp(`^(?:(?:${POLITE}) )*(?:${STOP_PHRASES})(?: (?:${POLITE}))*$`, 'u');
const PAUSE = new RegExp(`^(?:(?:${POLITE}) )*(?:${PAUSE_PHRASES})(?: (?:${PAUSE_SUFFIX}|${POLITE}))*$`, 'u');

const wholeLine = (phrases: string) => new RegExp(`^(?:(?:${POLITE}) )*(?:${phrases})(?: (?:${POLITE}))*$`, 'u');

// Invitation answers are whole lines: "yes" inside a sentence is a message, never an RSVP.
const ACCEPT = wholeLine(
  alt([
    'accept',
    'accepted',
    'i accept',
    'yes',
    'yes please',
    'yep',
    'yeah',
    'sure',
    'works for me',
    'that works',
    'ja',
    'sí',
    'si',
    'oui',
    'sim',
    'akkoord',
    'zusage',
  ]),
);
const DECLINE = wholeLine(
  alt([
    'decline',
    'declined',
    'i decline',
    'no',
    'nope',
    'no thanks',
    "can't make it",
    'cannot make it',
    'i can not make it',
    'nein',
    'non',
    'não',
    'nee',
    'absage',
  ]),
);
const ANOTHER_TIME = wholeLine(
  alt([
    'another time',
    'a different time',
    'different time',
    'other time',
    'another slot',
    'reschedule',
    'please reschedule',
    'can we reschedule',
    'new time',
    'anderer termin',
    'otra hora',
    'autre horaire',
    'outro horário',
  ]),
);
const FIT: [FitAnswer, RegExp][] = [
  ['not', wholeLine(alt(['not a good fit', 'not good fit', 'not a fit', 'no fit', 'bad fit', 'poor fit', 'not a great fit', 'not the right fit']))],
  ['deciding', wholeLine(alt(['still deciding', 'deciding', 'not sure yet', 'not sure', 'unsure', 'too early to tell', 'too early to say']))],
  ['good', wholeLine(alt(['good fit', 'a good fit', 'great fit', 'a great fit', 'good match', 'great match', 'its a good fit', "it's a good fit"]))],
];

const END = '(?= |$)';
const MET: RegExp[] = [
  // en: "met", "we met", "we've met", "we have met", "just met", "met today", "met up"
  new RegExp(
    `^(?:(?:yes|yep|yeah|yup|ok|okay|update|thanks|thank you|hi|hello|hey|good news) )*(?:we (?:have |just |finally |already |both )?|we've (?:just |finally |already )?|just |finally |already )?met${END}`,
  ),
  new RegExp(
    `^(?:(?:yes|yep|yeah) )?we (?:just |finally )?had (?:a|our) (?:(?:first|second|third|next|video|weekly|monthly) )?(?:meeting|call|session|chat)${END}`,
  ),
  // de: "getroffen", "wir haben uns (heute) getroffen", "wir trafen uns"
  new RegExp(`^(?:ja )?(?:wir )?(?:haben )?(?:uns )?(?:(?:heute|gestern|schon|bereits|endlich|jetzt|letzte woche) )?getroffen${END}`),
  new RegExp(`^(?:ja )?wir trafen uns${END}`),
  // es / pt: "nos reunimos", "nos vimos", "nos hemos visto", "nos encontramos", "já nos encontramos"
  new RegExp(`^(?:(?:sí|si|sim) )?(?:(?:ya|já|ja) )?nos (?:hemos )?(?:reunimos|reunido|vimos|visto|encontramos|encontrado)${END}`, 'u'),
  // fr: "on s'est vus", "nous nous sommes rencontrés"
  new RegExp(`^(?:oui )?(?:on s'est|nous nous sommes) (?:(?:déjà|enfin|bien) )?(?:vus?|vues?|rencontrée?s?|parlé)${END}`, 'u'),
  // nl: "ontmoet", "we hebben elkaar ontmoet/gesproken/gezien"
  new RegExp(`^(?:ja )?(?:we (?:hebben )?elkaar (?:(?:vandaag|gisteren|al) )?(?:ontmoet|gesproken|gezien)|ontmoet)${END}`),
  // it: "ci siamo visti/incontrati/sentiti"
  new RegExp(`^(?:(?:sì|si) )?ci siamo (?:visti|viste|incontrati|incontrate|sentiti)${END}`, 'u'),
];
const NEGATION = new RegExp(
  `(?:^| )(?:${alt([
    'not',
    'no',
    'nope',
    'never',
    'yet',
    "[a-z]+n't",
    'havent',
    'hasnt',
    'didnt',
    'dont',
    'cant',
    'wont',
    'nicht',
    'nie',
    'kein',
    'keine',
    'noch',
    'nein',
    'pas',
    'jamais',
    'non',
    'nunca',
    'todavía',
    'todavia',
    'aún',
    'aun',
    'não',
    'nao',
    'ainda',
    'niet',
    'nooit',
    'nog',
    'nee',
    'geen',
    'mai',
    'ancora',
  ])})${END}`,
  'u',
);

const STAR_WORDS = alt(['stars?', 'sterne?', 'étoiles?', 'estrellas?', 'estrelas?', 'sterren', 'ster', 'stelle', 'stella']);
const NUMBER_WORDS: Record<string, Rating> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  eins: 1,
  zwei: 2,
  drei: 3,
  vier: 4,
  fünf: 5,
  uno: 1,
  una: 1,
  dos: 2,
  tres: 3,
  cuatro: 4,
  cinco: 5,
  une: 1,
  deux: 2,
  trois: 3,
  quatre: 4,
  cinq: 5,
  uma: 1,
  duas: 2,
  dois: 2,
  três: 3,
  quatro: 4,
  een: 1,
  twee: 2,
  drie: 3,
  vijf: 5,
};
const RATING_PATTERNS: RegExp[] = [
  /^([1-5])$/u,
  /^([1-5]) ?(?:\/|out of|of|von|sur|de|van|su|em) ?5$/u,
  new RegExp(`^([1-5]) ?(?:${STAR_WORDS}|[★⭐]+)$`, 'u'),
  /^(?:rating|my rating|note|bewertung|nota|puntuación|puntuacion|cijfer|voto|score) ?:? ?([1-5])(?: ?\/ ?5)?$/u,
  new RegExp(`^(${Object.keys(NUMBER_WORDS).join('|')}) (?:${STAR_WORDS})$`, 'u'),
];

function ratingOf(line: string): Rating | undefined {
  const s = line
    .normalize('NFKC')
    .replace(/\ufe0f/g, '')
    .toLowerCase()
    .trim()
    .replace(/[.!]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  const stars = s.replace(/\s/g, '');
  if (/^[★⭐]{1,5}☆*$/u.test(stars)) return [...stars].filter((c) => c !== '☆').length as Rating;
  for (const re of RATING_PATTERNS) {
    const value = re.exec(s)?.[1];
    if (value === undefined) continue;
    return NUMBER_WORDS[value] ?? (Number(value) as Rating);
  }
  return undefined;
}

/** The intent of a reply, read from its first non-empty line. Give it stripped text. */
export function interpretReply(text: string): ReplyIntent {
  // Commands are short; a bound keeps the regexes cheap on a huge first line.
  const line = (text.split(/\r?\n/, 200).find((l) => l.trim()) ?? '').slice(0, 1000);
  const normalized = words(line);
  if (!normalized && !line.trim()) return { kind: 'message' };
  if (STOP.test(normalized)) return { kind: 'stop' };
  if (PAUSE.test(normalized)) return { kind: 'pause' };
  const rating = ratingOf(line);
  if (rating) return { kind: 'rating', rating };
  for (const [answer, re] of FIT) if (re.test(normalized)) return { kind: 'fit', answer };
  if (ANOTHER_TIME.test(normalized)) return { kind: 'another_time' };
  if (ACCEPT.test(normalized)) return { kind: 'accept' };
  if (DECLINE.test(normalized)) return { kind: 'decline' };
  if (MET.some((re) => re.test(normalized)) && !NEGATION.test(normalized)) return { kind: 'met' };
  return { kind: 'message' };
}

/**
 * A command asks the system to do something: anything but a plain message. It is
 * believed only from the member the reply address was sent to (see handle-reply).
 */
export const isCommand = (intent: ReplyIntent): boolean => intent.kind !== 'message';

/**
 * A command that stops, pauses, deletes or ends a pair ("not a good fit" ends it). By email it
 * never acts directly: the member confirms it by a link sent to their own address, since a
 * From header is easy to forge and a pair email reaches two people.
 */
export const isDestructive = (intent: ReplyIntent): intent is Extract<ReplyIntent, { kind: 'stop' | 'pause' | 'fit' }> =>
  intent.kind === 'stop' || intent.kind === 'pause' || (intent.kind === 'fit' && intent.answer === 'not');
