/**
 * Every email template and the variables it takes, declared once: the schema below is
 * what the build (scripts/build-emails.ts) checks each template's placeholders against,
 * what renderEmail checks the values against, and what the TypeScript types are inferred
 * from. It must not import the generated module: the build reads it before that exists.
 */

/**
 * A scalar's kind, which says how a value is checked and where a template may put it:
 * `text` (a string, in HTML text or a text attribute such as aria-label), `url` (an
 * http(s) URL, in text or as a whole href), `number` (finite; also in width, height,
 * style), `colour` (`#rrggbb`, only in a style attribute, e.g. a status colour chosen
 * by the code that prepares the view).
 */
export type ScalarKind = 'text' | 'url' | 'number' | 'colour';

/** 0–LIST_MAX_ITEMS non-blank strings, each made one line; a template writes it as `{{#v}}<li>{{.}}</li>{{/v}}`. */
export interface ListKind {
  readonly kind: 'list';
  readonly min: number;
  readonly max: number;
}

export type RowFields = { readonly [field: string]: ScalarKind };

/**
 * Repeated records with the declared fields, each field checked per its kind and made
 * one line; a template writes it as `{{#v}}…{{field}}…{{/v}}` and may add an
 * empty state `{{^v}}…{{/v}}`. Values come ready (formatted, padded, colours chosen).
 */
export interface RowsKind<F extends RowFields = RowFields> {
  readonly kind: 'rows';
  readonly fields: F;
  readonly min: number;
  readonly max: number;
}

export type VarKind = ScalarKind | ListKind | RowsKind;

/** Most items a `list` variable may hold: more is a bug in the caller, and no email should carry a wall of bullets. */
export const LIST_MAX_ITEMS = 20;
/** Most records a `rows` variable may hold. */
export const ROWS_MAX_ITEMS = 50;

const list = (min = 0, max = LIST_MAX_ITEMS): ListKind => ({ kind: 'list', min, max });
const rows = <const F extends RowFields>(fields: F, min = 0, max = ROWS_MAX_ITEMS): RowsKind<F> => ({ kind: 'rows', fields, min, max });

/**
 * Who a template is written to. A participant email carries the participant footer
 * (emails/partials/footer.mjml) with a one-click unsubscribe link; an admin email
 * goes to the program's admins, who have no participant subscription to leave, so
 * it takes no `unsubscribeUrl` and carries emails/partials/admin-footer.mjml instead.
 */
export type Audience = 'participant' | 'admin';

/** Variables every admin template gets (header, footer, preheader). */
export const ADMIN_COMMON_VARS = {
  programName: 'text',
  /** The program's identity/postal line (CAN-SPAM, GDPR). */
  identityLine: 'text',
  /** Hidden preview text shown next to the subject in the inbox. */
  preheader: 'text',
} as const;

/** Variables every participant template gets: the admin ones plus the one-click unsubscribe page (also sent as the List-Unsubscribe header). */
export const COMMON_VARS = { ...ADMIN_COMMON_VARS, unsubscribeUrl: 'url' } as const;

/** Variables only the HTML part uses; every other variable must also appear in the plain-text part. */
export const HTML_ONLY_VARS: readonly string[] = ['preheader'];

const STAT = rows({ label: 'text', value: 'text', note: 'text', textLine: 'text' });

/** Each template: who it goes to, and its own variables (on top of the common ones). */
export const TEMPLATES = {
  confirm: {
    audience: 'participant',
    vars: {
      firstName: 'text',
      /** As the reader should see it, e.g. "mentor". */
      role: 'text',
      confirmUrl: 'url',
      expiresInDays: 'number',
    },
  },
  /** An admin's CSV import invites someone to sign up (one email per address, ever; the footer's link declines it). */
  invitation: {
    audience: 'participant',
    vars: {
      firstName: 'text',
      role: 'text',
      signupUrl: 'url',
      expiresInDays: 'number',
    },
  },
  'already-registered': {
    audience: 'participant',
    vars: {
      firstName: 'text',
      /** A whole sentence, e.g. "You're already in the matching pool." */
      statusLine: 'text',
      actionLabel: 'text',
      actionUrl: 'url',
    },
  },
  /** A new pair's introduction: each member gets their own copy, written to them ("recipient") about the other ("partner"). */
  intro: {
    audience: 'participant',
    vars: {
      recipientFirstName: 'text',
      /** As the reader should see it: "mentor" or "mentee". */
      recipientRole: 'text',
      partnerName: 'text',
      partnerFirstName: 'text',
      partnerRole: 'text',
      mentorName: 'text',
      menteeName: 'text',
      /** Why we matched them, one short phrase each, e.g. "both prefer Zoom". */
      reasons: list(),
      /** A whole sentence, e.g. "You both like Zoom, so that's an easy place to start." */
      toolSuggestion: 'text',
      /** A whole sentence on when both are free, in the reader's time zone. */
      overlapSummary: 'text',
      cadenceDays: 'number',
      durationWeeks: 'number',
      /** The program's guidelines (settings): best practices and the goal-setting template, one line each. */
      bestPractices: list(1),
      goalTemplate: list(1),
      /** A whole sentence on the program's reward, e.g. "After 3 meetings you both earn a coffee on the program." */
      incentiveLine: 'text',
      /** The optional introductory webinar or training (settings): none or one, `when` as the reader should see it. */
      webinar: rows({ title: 'text', url: 'url', when: 'text' }, 0, 1),
      /** As the reader should see it, e.g. "Mon 7 Dec". */
      firstMeetingBy: 'text',
      /** One question to open the first call, ending with its question mark. */
      iceBreaker: 'text',
      feedbackUrl: 'url',
      /** Choice mode: to the mentor of a pair the mentee chose, their one link to decline it (none or one). */
      decline: rows({ menteeFirstName: 'text', url: 'url' }, 0, 1),
    },
  },
  /** To someone left unmatched in a matching round. */
  'not-this-round': {
    audience: 'participant',
    vars: {
      firstName: 'text',
      role: 'text',
      /** As the reader should see it, e.g. "Monday 7 December". */
      nextRoundDate: 'text',
      /** A whole sentence on why, e.g. "This round there were more mentees than mentors with matching hours." */
      reasonHint: 'text',
      /** Where they can update their availability and languages. */
      manageUrl: 'url',
    },
  },
  /** To one pair member, 2 days after pairing: exactly 3 questions (the subject says "Three"). */
  icebreakers: { audience: 'participant', vars: { firstName: 'text', partnerFirstName: 'text', questions: list(3, 3) } },
  /** To one pair member, 9 days after pairing: 2–4 practical prompts. */
  starters: { audience: 'participant', vars: { firstName: 'text', partnerFirstName: 'text', prompts: list(2, 4) } },
  /** After each expected meeting; every link is a one-click answer, rate1Url…rate5Url from "not really" to "very". */
  checkin: {
    audience: 'participant',
    vars: {
      firstName: 'text',
      partnerFirstName: 'text',
      /** Which expected meeting this asks about: 1 for the first. */
      meetingNumber: 'number',
      metUrl: 'url',
      notYetUrl: 'url',
      rate1Url: 'url',
      rate2Url: 'url',
      rate3Url: 'url',
      rate4Url: 'url',
      rate5Url: 'url',
      feedbackUrl: 'url',
    },
  },
  /** The first nudge, sent with the pair's Reply-To (the copy says a reply reaches the partner too). */
  nudge: {
    audience: 'participant',
    vars: { firstName: 'text', partnerFirstName: 'text', daysQuiet: 'number', overlapSummary: 'text', toolSuggestion: 'text' },
  },
  /** The second nudge at 2× the cadence, sent with the member's own Reply-To, never the partner's. */
  'nudge-second': { audience: 'participant', vars: { firstName: 'text', partnerFirstName: 'text', daysQuiet: 'number' } },
  /** To the admins when a pair is flagged at risk at 3× the cadence. */
  escalation: {
    audience: 'admin',
    vars: {
      mentorName: 'text',
      menteeName: 'text',
      daysQuiet: 'number',
      /** As the reader should see it, e.g. "Mon 2 Nov". */
      pairedOn: 'text',
      /** Lower-case phrase shown in brackets after the days, e.g. "no activity since pairing". */
      lastActivity: 'text',
      nudgesSent: 'number',
      /** The pair's page in the admin console (sign-in first when needed); ending a pair there is a button press, since mail scanners follow links. */
      pairUrl: 'url',
      /** A whole sentence on why this admin gets this email. */
      adminReason: 'text',
    },
  },
  /** To one admin who asked to sign in to the console: the one-time link (sent ahead of bulk mail). */
  'admin-sign-in': { audience: 'admin', vars: { signInUrl: 'url', expiresInMinutes: 'number' } },
  /** To the admins when more confirmations were asked for in one hour than CONFIRMATIONS_PER_HOUR allows. */
  'confirmations-deferred': {
    audience: 'admin',
    vars: { hourLabel: 'text', limit: 'number', resumesAt: 'text', exportUrl: 'url', adminReason: 'text' },
  },
  /** To the admins when the SES account has used 95% of its 24-hour quota. */
  'send-quota-near': {
    audience: 'admin',
    vars: { sentLast24Hours: 'number', max24HourSend: 'number', increaseUrl: 'url', adminReason: 'text' },
  },
  /**
   * Choice mode (issue 12): to a waiting mentee, the mentors suggested to them (1–3), each with the
   * reasons and its own link to choose; also sent again, without blame, when a chosen mentor could not go ahead.
   */
  'mentor-choice': {
    audience: 'participant',
    vars: {
      firstName: 'text',
      /** A whole sentence on why this email comes (a new round, or a choice to make again). */
      lead: 'text',
      /** `about`: e.g. "Engineering · 12 years of experience"; `reasons`: one line, phrases joined by "; ". */
      mentors: rows({ name: 'text', firstNameOf: 'text', about: 'text', reasons: 'text', url: 'url' }, 1, 3),
      /** A whole sentence on what happens if they don't choose, with the day. */
      deadlineLine: 'text',
    },
  },
  /** To the admins, once, when a proposed matching round (matching mode `review`) has waited a week unpublished. */
  'round-reminder': {
    audience: 'admin',
    vars: { proposedOn: 'text', pairCount: 'number', roundUrl: 'url', adminReason: 'text' },
  },
  /**
   * The weekly KPI digest (issue 5). Every value comes formatted, every colour chosen and
   * every text-part line laid out by functions/app/support/digest-rows.ts.
   */
  digest: {
    audience: 'admin',
    vars: {
      /** e.g. "Week 48: 23–29 Nov 2026". */
      weekLabel: 'text',
      /** The week's news in a few words, for the subject and the top of the email. */
      headline: 'text',
      tiles: rows({ label: 'text', value: 'text', change: 'text', arrow: 'text', toneColour: 'colour', toneWords: 'text', textLine: 'text' }, 1, 6),
      /** What the chart shows; also its caption. */
      chartTitle: 'text',
      /** Oldest week first; barPx is the bar's length in px. */
      chart: rows({ week: 'text', barPx: 'number', value: 'text', textLine: 'text' }, 1, 12),
      goals: rows({
        description: 'text',
        current: 'text',
        target: 'text',
        deadline: 'text',
        projected: 'text',
        statusLabel: 'text',
        badgeBorder: 'colour',
        badgeBackground: 'colour',
        badgeText: 'colour',
        /** The status in brackets, padded to one width for the text part. */
        statusTag: 'text',
      }),
      participants: STAT,
      matching: STAT,
      activity: STAT,
      retention: STAT,
      satisfaction: STAT,
      deliverability: STAT,
      /** A whole sentence on how many pairs are at risk and why. */
      atRiskSummary: 'text',
      // 20 at-risk rows keep the digest's HTML well under Gmail's 102 KB clip; the CSV export lists them all.
      atRisk: rows({ mentorName: 'text', menteeName: 'text', daysQuiet: 'number', pairUrl: 'url' }, 0, 20),
      /** A whole sentence: who earns the incentive. */
      incentiveRule: 'text',
      incentives: rows({ name: 'text', role: 'text' }),
      /** The console's CSV export (`/admin/export.csv`; sign-in first when needed). */
      exportUrl: 'url',
      /** The console's dashboard (`/admin/dashboard`). */
      dashboardUrl: 'url',
    },
  },
  /** To one pair member at the end of the mentorship. */
  'closing-survey': {
    audience: 'participant',
    vars: { firstName: 'text', partnerFirstName: 'text', weeks: 'number', feedbackUrl: 'url', rejoinUrl: 'url' },
  },
  /** To a member who asked by email to stop or pause: links to the manage page, which acts only on a button press. */
  'command-confirm': {
    audience: 'participant',
    vars: {
      firstName: 'text',
      /** What they asked for, completing "asking us to …", e.g. "pause reminders for 30 days". */
      request: 'text',
      /** The signed manage page, with a hint of the asked-for action. */
      manageUrl: 'url',
    },
  },
  /**
   * The first meeting as a calendar invitation (REQUEST), one copy per member with their own
   * reply address as ORGANIZER; a new slot after a decline is the same email with a higher SEQUENCE.
   */
  'first-meeting': {
    audience: 'participant',
    vars: {
      firstName: 'text',
      partnerFirstName: 'text',
      /** The start as the reader's clock shows it, e.g. "Tue 8 Dec, 09:00 PST": also the subject. */
      when: 'text',
      /** The same start on the partner's clock, e.g. "Tue 8 Dec, 18:00 CET". */
      partnerWhen: 'text',
      minutes: 'number',
      /** The pair's shared tool, e.g. "Zoom", or a sentence when they share none. */
      place: 'text',
      /** The admin's meeting link for that tool, when set. */
      link: rows({ url: 'url' }, 0, 1),
      /** One sentence: a first proposal, or why this is a new time. */
      lead: 'text',
    },
  },
  /** Three proposed times did not suit: the pair agrees one by replying (carries the CANCEL of the last invitation). */
  'first-meeting-by-reply': {
    audience: 'participant',
    vars: { firstName: 'text', partnerFirstName: 'text', overlapSummary: 'text' },
  },
  /** The pair ended or a member left before the first meeting: the invitation is withdrawn (CANCEL). */
  'first-meeting-cancelled': {
    audience: 'participant',
    vars: { firstName: 'text', when: 'text' },
  },
  /** The fit check after the first meeting: one link per answer to the member's own fit page (the answer as `?answer=`). */
  'fit-check': { audience: 'participant', vars: { firstName: 'text', partnerFirstName: 'text', goodUrl: 'url', decidingUrl: 'url', notUrl: 'url' } },
  /** To both members when a fit check ended their pair: the same words for both, nothing about who answered what. */
  'fit-ended': { audience: 'participant', vars: { firstName: 'text', partnerFirstName: 'text' } },
  /** To a member who replied "not a good fit": the fit page at their own address, which acts only on a button press. */
  'fit-confirm': { audience: 'participant', vars: { firstName: 'text', partnerFirstName: 'text', confirmUrl: 'url' } },
  /** The program's introductory session as a calendar invitation (new, updated or cancelled: the words come from wording.ts). */
  'webinar-invitation': {
    audience: 'participant',
    vars: { heading: 'text', firstName: 'text', lead: 'text', sessionTitle: 'text', when: 'text', joinUrl: 'url', calendarNote: 'text' },
  },
} as const satisfies Record<string, { audience: Audience; vars: Record<string, VarKind> }>;

export type TemplateName = keyof typeof TEMPLATES;
export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as TemplateName[];

/** The TypeScript value of a kind. */
type ValueOf<K> = K extends 'number'
  ? number
  : K extends ScalarKind
    ? string
    : K extends ListKind
      ? readonly string[]
      : K extends RowsKind<infer F>
        ? readonly RowOf<F>[]
        : never;
type RowOf<F> = { [P in keyof F]: ValueOf<F[P]> };
/** The values a schema of variables takes. */
export type VarsOf<S> = { [P in keyof S]: ValueOf<S[P]> };

/** Each template's own variables, on top of the common ones. */
export type TemplateVars = { [N in TemplateName]: VarsOf<(typeof TEMPLATES)[N]['vars']> };
export type CommonVars = VarsOf<typeof COMMON_VARS>;
export type AdminCommonVars = VarsOf<typeof ADMIN_COMMON_VARS>;

export const TEMPLATE_AUDIENCE = Object.fromEntries(TEMPLATE_NAMES.map((n) => [n, TEMPLATES[n].audience])) as {
  [N in TemplateName]: (typeof TEMPLATES)[N]['audience'];
};
/** Templates sent to the program's admins. */
export type AdminTemplateName = { [N in TemplateName]: (typeof TEMPLATES)[N]['audience'] extends 'admin' ? N : never }[TemplateName];
/** Templates sent to participants: the only ones that take an `unsubscribeUrl`. */
export type ParticipantTemplateName = Exclude<TemplateName, AdminTemplateName>;
/** The common variables template N takes. */
export type CommonVarsOf<N extends TemplateName> = [N] extends [AdminTemplateName] ? AdminCommonVars : CommonVars;
/** Everything a template takes: its common variables plus its own. */
export type EmailVars<N extends TemplateName> = CommonVarsOf<N> & TemplateVars[N];

type Row<V> = V extends readonly (infer R)[] ? R : never;
export type DigestTile = Row<TemplateVars['digest']['tiles']>;
export type DigestChartBar = Row<TemplateVars['digest']['chart']>;
export type DigestGoal = Row<TemplateVars['digest']['goals']>;
export type DigestStat = Row<TemplateVars['digest']['participants']>;
export type DigestAtRiskPair = Row<TemplateVars['digest']['atRisk']>;
export type DigestIncentive = Row<TemplateVars['digest']['incentives']>;

/** Every variable of a template, common ones first, with its kind. */
export function templateVarKinds(name: TemplateName): Readonly<Record<string, VarKind>> {
  return { ...(TEMPLATES[name].audience === 'admin' ? ADMIN_COMMON_VARS : COMMON_VARS), ...TEMPLATES[name].vars };
}
