/**
 * Real-looking replies as mail clients write them, run through the same steps as
 * the inbound path: (htmlToText for HTML-only mail) → stripQuoted → interpretReply,
 * and once more as a whole MIME message through parseInboundMessage.
 */
import { describe, expect, it } from 'vitest';
import { parseInboundMessage } from '../../../functions/adapters/email/parse-message';
import { interpretReply, type ReplyIntent } from '../../../functions/domain/reply/interpret';
import { htmlToText, stripQuoted } from '../../../functions/domain/reply/strip-quoted';

const REPLY_TO = 'reply+pair-01m8gqn7kxfq0z5eqm7jrgq9t2-0123456789abcdef@reply.example.org';
const lines = (...l: string[]) => l.join('\n');

const gmailQuote = lines(
  '> Hi Ada,',
  '>',
  '> How are things going with Grace? Reply "met" once you have met, or a',
  '> rating from 1 to 5.',
  '>',
  '> Mentor Loop',
  '> Unsubscribe: https://mentor.example.org/unsubscribe/abc',
);
const outlookHistory = lines('Hi Ada,', '', 'How are things going with Grace? Reply "met" once you have met, or a rating from 1 to 5.', '', 'Mentor Loop');

interface Reply {
  name: string;
  text?: string;
  html?: string;
  expected: string;
  intent: ReplyIntent;
}

const MET: ReplyIntent = { kind: 'met' };
const MESSAGE: ReplyIntent = { kind: 'message' };
const STOP: ReplyIntent = { kind: 'stop' };
const PAUSE: ReplyIntent = { kind: 'pause' };
const rating = (value: 1 | 2 | 3 | 4 | 5): ReplyIntent => ({ kind: 'rating', rating: value });

const REPLIES: Reply[] = [
  {
    name: 'Gmail web, one word on top',
    text: lines('Met!', '', `On Tue, 1 Dec 2026 at 09:00, Mentor Loop <${REPLY_TO}> wrote:`, '', gmailQuote, ''),
    expected: 'Met!',
    intent: MET,
  },
  {
    name: 'Gmail, attribution wrapped over two lines',
    text: lines(
      'We met yesterday, a great first chat about career paths.',
      '',
      'On Tue, 1 Dec 2026 at 09:00, Mentor Loop via Example Mentoring <',
      `${REPLY_TO}> wrote:`,
      '',
      gmailQuote,
    ),
    expected: 'We met yesterday, a great first chat about career paths.',
    intent: MET,
  },
  {
    name: 'Gmail, a line starting with "On" right above a wrapped attribution',
    text: lines('On Monday we talked for an hour, it went well.', 'On Tue, Dec 1, 2026 at 9:00 AM Mentor Loop <', `${REPLY_TO}> wrote:`, gmailQuote),
    expected: 'On Monday we talked for an hour, it went well.',
    intent: MESSAGE,
  },
  {
    name: 'Gmail, top-posting with a "-- " signature',
    text: lines(
      "I haven't met her yet, she cancelled twice. Can you help?",
      '',
      '-- ',
      'Ada Lovelace',
      'Engineering Manager, Example Corp',
      '+44 20 7946 0000',
      '',
      `On Tue, 1 Dec 2026 at 09:00, Mentor Loop <${REPLY_TO}> wrote:`,
      gmailQuote,
    ),
    expected: "I haven't met her yet, she cancelled twice. Can you help?",
    intent: MESSAGE,
  },
  {
    name: 'Gmail, sign-off kept',
    text: lines('Met today!', '', 'Best,', 'Ada', '', `On Tue, 1 Dec 2026 at 09:00, Mentor Loop <${REPLY_TO}> wrote:`, gmailQuote),
    expected: lines('Met today!', '', 'Best,', 'Ada'),
    intent: MET,
  },
  {
    name: 'Gmail, "don\'t stop" is not a stop',
    text: lines("Don't stop the reminders, they help!", '', `On Tue, 1 Dec 2026 at 09:00, Mentor Loop <${REPLY_TO}> wrote:`, gmailQuote),
    expected: "Don't stop the reminders, they help!",
    intent: MESSAGE,
  },
  {
    name: 'Gmail, forwarded message',
    text: lines(
      'FYI, forwarding this to my manager for context.',
      '',
      '---------- Forwarded message ---------',
      `From: Mentor Loop <${REPLY_TO}>`,
      'Date: Tue, 1 Dec 2026 at 09:00',
      'Subject: Meet your mentor',
      'To: Ada Lovelace <ada@example.com>',
      '',
      outlookHistory,
    ),
    expected: 'FYI, forwarding this to my manager for context.',
    intent: MESSAGE,
  },
  {
    name: 'Outlook desktop, header block and a contact signature',
    text: lines(
      '5',
      '',
      'Ada Lovelace',
      'Senior Engineer | Example Corp',
      '',
      `From: Mentor Loop <${REPLY_TO}>`,
      'Sent: Tuesday, December 1, 2026 9:00 AM',
      'To: Ada Lovelace <ada@example.com>',
      'Subject: How is it going with Grace?',
      '',
      outlookHistory,
    ),
    expected: lines('5', '', 'Ada Lovelace', 'Senior Engineer | Example Corp'),
    intent: rating(5),
  },
  {
    name: 'Outlook desktop, -----Original Message-----',
    text: lines('Pause', '', '-----Original Message-----', `From: Mentor Loop <${REPLY_TO}>`, 'Sent: Tuesday, December 1, 2026 9:00 AM', outlookHistory),
    expected: 'Pause',
    intent: PAUSE,
  },
  {
    name: 'Outlook web, underscore separator',
    text: lines(
      'Stop',
      '',
      '________________________________',
      `From: Mentor Loop <${REPLY_TO}>`,
      'Sent: Tuesday, December 1, 2026 09:00',
      'To: Ada Lovelace',
      'Subject: A friendly nudge',
      '',
      outlookHistory,
    ),
    expected: 'Stop',
    intent: STOP,
  },
  {
    name: 'Outlook for iOS, "Get Outlook for iOS<link>"',
    text: lines(
      'Unsubscribe please',
      '',
      'Get Outlook for iOS<https://aka.ms/o0ukef>',
      '________________________________',
      `From: Mentor Loop <${REPLY_TO}>`,
      'Sent: Tuesday, December 1, 2026 9:00:12 AM',
      'To: Ada Lovelace <ada@example.com>',
      'Subject: A friendly nudge',
      '',
      outlookHistory,
    ),
    expected: 'Unsubscribe please',
    intent: STOP,
  },
  {
    name: 'Outlook, header block on one line (bold markers)',
    text: lines(
      'Met up on Friday, all good.',
      '',
      `*From:* Mentor Loop <${REPLY_TO}> *Sent:* Tuesday, December 1, 2026 9:00 AM *To:* Ada *Subject:* Check-in`,
      outlookHistory,
    ),
    expected: 'Met up on Friday, all good.',
    intent: MET,
  },
  {
    name: 'Apple Mail (macOS)',
    text: lines('We met today 🙂', '', `On 1 Dec 2026, at 09:00, Mentor Loop <${REPLY_TO}> wrote:`, '', gmailQuote),
    expected: 'We met today 🙂',
    intent: MET,
  },
  {
    name: 'iPhone Mail, quoted attribution below "Sent from my iPhone"',
    text: lines('4/5', '', 'Sent from my iPhone', '', `> On 1 Dec 2026, at 09:00, Mentor Loop <${REPLY_TO}> wrote:`, '> ', gmailQuote),
    expected: '4/5',
    intent: rating(4),
  },
  {
    name: 'Thunderbird',
    text: lines('Not met yet. Next week hopefully.', '', 'On 12/1/26 9:00 AM, Mentor Loop wrote:', gmailQuote),
    expected: 'Not met yet. Next week hopefully.',
    intent: MESSAGE,
  },
  {
    name: 'Bottom-posted, answers between quoted lines',
    text: lines(
      `On Tue, 1 Dec 2026 at 09:00, Mentor Loop <${REPLY_TO}> wrote:`,
      '> Did you meet this week?',
      '',
      'Yes, we met on Thursday.',
      '',
      '> How would you rate it from 1 to 5?',
      '',
      '5',
      '',
      '-- ',
      'Ada',
    ),
    expected: lines('Yes, we met on Thursday.', '', '5'),
    intent: MET,
  },
  {
    name: 'Only quoted text, nothing written',
    text: lines(`On Tue, 1 Dec 2026 at 09:00, Mentor Loop <${REPLY_TO}> wrote:`, gmailQuote),
    expected: '',
    intent: MESSAGE,
  },
  {
    name: 'German Gmail, wrapped "Am … schrieb …:"',
    text: lines(
      'Wir haben uns getroffen, lief super!',
      '',
      'Am Di., 1. Dez. 2026 um 09:00 Uhr schrieb Mentor Loop <',
      `${REPLY_TO}>:`,
      '',
      '> Hallo Ada,',
      '> wie läuft es mit Grace?',
    ),
    expected: 'Wir haben uns getroffen, lief super!',
    intent: MET,
  },
  {
    name: 'German Outlook, "Von: … Gesendet: …"',
    text: lines(
      'Pausieren bitte',
      '',
      'Ich bin bis Januar im Urlaub.',
      '',
      'Viele Grüße',
      'Ada',
      '',
      `Von: Mentor Loop <${REPLY_TO}>`,
      'Gesendet: Dienstag, 1. Dezember 2026 09:00',
      'An: Ada Lovelace <ada@example.com>',
      'Betreff: Eine freundliche Erinnerung',
      '',
      'Hallo Ada,',
    ),
    expected: lines('Pausieren bitte', '', 'Ich bin bis Januar im Urlaub.', '', 'Viele Grüße', 'Ada'),
    intent: PAUSE,
  },
  {
    name: 'German iPhone, "Von meinem iPhone gesendet"',
    text: lines('Getroffen!', '', 'Von meinem iPhone gesendet', '', `> Am 01.12.2026 um 09:00 schrieb Mentor Loop <${REPLY_TO}>:`, '> ', '> Hallo Ada,'),
    expected: 'Getroffen!',
    intent: MET,
  },
  {
    name: 'German, "abmelden" with Outlook-de original message',
    text: lines(
      'Abmelden',
      '',
      '-----Ursprüngliche Nachricht-----',
      `Von: Mentor Loop <${REPLY_TO}>`,
      'Gesendet: Dienstag, 1. Dezember 2026 09:00',
      'Hallo Ada,',
    ),
    expected: 'Abmelden',
    intent: STOP,
  },
  {
    name: 'French Gmail, narrow no-break space before the colon',
    text: lines("On s'est vus mardi, très bon échange.", '', `Le mar. 1 déc. 2026 à 09:00, Mentor Loop <${REPLY_TO}> a écrit\u00a0:`, '', '> Bonjour Ada,'),
    expected: "On s'est vus mardi, très bon échange.",
    intent: MET,
  },
  {
    name: 'French Outlook, "De : … Envoyé : … À : … Objet :"',
    text: lines(
      'Se désabonner',
      '',
      'Envoyé de mon iPhone',
      '',
      `De : Mentor Loop <${REPLY_TO}>`,
      'Envoyé : mardi 1 décembre 2026 09:00',
      'À : Ada Lovelace <ada@example.com>',
      'Objet : Un petit rappel',
      '',
      'Bonjour Ada,',
    ),
    expected: 'Se désabonner',
    intent: STOP,
  },
  {
    name: 'Spanish Gmail',
    text: lines('Nos reunimos ayer 👍', '', `El mar, 1 dic 2026 a las 9:00, Mentor Loop (<${REPLY_TO}>) escribió:`, '', '> Hola Ada,'),
    expected: 'Nos reunimos ayer 👍',
    intent: MET,
  },
  {
    name: 'Spanish iPhone, "Enviado desde mi iPhone"',
    text: lines('Desuscribir', '', 'Enviado desde mi iPhone', '', `> El 1 dic 2026, a las 9:00, Mentor Loop <${REPLY_TO}> escribió:`, '> ', '> Hola Ada,'),
    expected: 'Desuscribir',
    intent: STOP,
  },
  {
    name: 'Portuguese Gmail, wrapped "Em … escreveu:"',
    text: lines('Nos encontramos na sexta!', '', 'Em ter., 1 de dez. de 2026 às 09:00, Mentor Loop <', `${REPLY_TO}> escreveu:`, '', '> Olá Ada,'),
    expected: 'Nos encontramos na sexta!',
    intent: MET,
  },
  {
    name: 'Portuguese iPhone, stars in words',
    text: lines('5 estrelas', '', 'Enviado do meu iPhone', '', `> Em 1 de dez. de 2026, à(s) 09:00, Mentor Loop <${REPLY_TO}> escreveu:`, '> Olá Ada,'),
    expected: '5 estrelas',
    intent: rating(5),
  },
  {
    name: 'Dutch Gmail, "Op … schreef …:"',
    text: lines('3', '', `Op di 1 dec 2026 om 09:00 schreef Mentor Loop <${REPLY_TO}>:`, '', '> Hoi Ada,'),
    expected: '3',
    intent: rating(3),
  },
  {
    name: 'Out-of-office text (flagged by headers, not by the text)',
    text: lines(
      'Thank you for your email. I am out of the office until 4 January with limited access to email.',
      'For urgent matters please contact team@example.com.',
    ),
    expected: lines(
      'Thank you for your email. I am out of the office until 4 January with limited access to email.',
      'For urgent matters please contact team@example.com.',
    ),
    intent: MESSAGE,
  },
  {
    name: 'HTML-only Gmail with gmail_quote',
    html:
      '<div dir="ltr">We met! She&#39;s great &amp; very helpful.<div><br></div><div>Ada</div></div><br>' +
      '<div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">On Tue, 1 Dec 2026 at 09:00, Mentor Loop &lt;' +
      REPLY_TO +
      '&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex">Hi Ada,<br>How are things going?</blockquote></div>',
    expected: lines("We met! She's great & very helpful.", '', 'Ada'),
    intent: MET,
  },
  {
    name: 'HTML-only Outlook web with appendonsend / divRplyFwdMsg',
    html:
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><style type="text/css">p{margin-top:0;margin-bottom:0}</style></head>' +
      '<body dir="ltr"><div class="elementToProof" style="font-family: Aptos, Calibri, sans-serif; font-size: 12pt">Not yet, we&rsquo;re rescheduling to next week.</div>' +
      '<div id="appendonsend"></div><hr style="display:inline-block;width:98%" tabindex="-1">' +
      '<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif"><b>From:</b> Mentor Loop &lt;' +
      REPLY_TO +
      '&gt;<br><b>Sent:</b> Tuesday, December 1, 2026 09:00</font></div><div>Hi Ada,</div></body></html>',
    expected: 'Not yet, we’re rescheduling to next week.',
    intent: MESSAGE,
  },
  {
    name: 'HTML-only Outlook desktop (Word HTML), header block as text',
    html:
      '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style><!-- p.MsoNormal {margin:0cm} --></style></head><body lang=EN-GB>' +
      '<div class=WordSection1><p class=MsoNormal>Met today, 45 minutes on Teams.<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>' +
      "<div><div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm'><p class=MsoNormal><b>From:</b> Mentor Loop &lt;" +
      REPLY_TO +
      '&gt; <br><b>Sent:</b> Tuesday, December 1, 2026 9:00 AM<br><b>To:</b> Ada Lovelace &lt;ada@example.com&gt;<br><b>Subject:</b> Check-in<o:p></o:p></p></div></div>' +
      '<p class=MsoNormal>Hi Ada,<o:p></o:p></p></div></body></html>',
    expected: 'Met today, 45 minutes on Teams.',
    intent: MET,
  },
  {
    name: 'HTML-only Apple Mail with blockquote type=cite and star rating',
    html:
      '<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body style="overflow-wrap: break-word;">' +
      '<div>★★★★☆</div><div><br><blockquote type="cite"><div>On 1 Dec 2026, at 09:00, Mentor Loop &lt;' +
      REPLY_TO +
      '&gt; wrote:</div><br><div>Hi Ada,</div></blockquote></div></body></html>',
    expected: '★★★★☆',
    intent: rating(4),
  },
];

const mime = (reply: Reply) =>
  [
    'From: "Ada Lovelace" <Ada@Example.com>',
    `To: Mentor Loop <${REPLY_TO}>`,
    'Subject: Re: How is it going?',
    'Message-ID: <reply-1@mail.example.com>',
    'MIME-Version: 1.0',
    reply.text !== undefined ? 'Content-Type: text/plain; charset=utf-8' : 'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    (reply.text ?? reply.html ?? '').replace(/\n/g, '\r\n'),
  ].join('\r\n');

describe('replies from real mail clients', () => {
  it('has a broad table', () => {
    expect(REPLIES.length).toBeGreaterThanOrEqual(25);
  });

  describe.each(REPLIES)('$name', (reply) => {
    const stripped = stripQuoted(reply.text ?? htmlToText(reply.html ?? ''));

    it('keeps only what the person wrote', () => {
      expect(stripped).toBe(reply.expected);
    });

    it('reads the intent', () => {
      expect(interpretReply(stripped)).toEqual(reply.intent);
    });

    it('gives the same text through parseInboundMessage', async () => {
      const parsed = await parseInboundMessage(Buffer.from(mime(reply), 'utf8'));
      expect(parsed.text).toBe(reply.expected);
    });
  });
});
