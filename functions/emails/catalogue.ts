/**
 * What every email template takes. This is the declaration the build
 * (scripts/build-emails.ts) checks each template's placeholders against, so it
 * must not import the generated module: the build reads it before that exists.
 */

/**
 * How a value is checked and written: `url` must be an http(s) URL, `number` a finite
 * number, `list` an array of 0–LIST_MAX_ITEMS non-blank strings (or as many as
 * LIST_LENGTHS declares for it). A list placeholder
 * must be the only content of a `<ul>`/`<ol>` in the HTML (each item becomes an
 * escaped `<li>`) and stand alone on its own line in the text part (each item becomes
 * a line `- item`); an empty list writes nothing, not even that line.
 *
 * `rows` is an array of 0–ROWS_MAX_ITEMS records (or as many as ROWS_LENGTHS declares),
 * each with exactly the fields ROW_FIELDS declares for it. The template repeats a block
 * once per record, in the HTML and in the text part (see scripts/build-emails.ts):
 *
 *     {{#goals}}<tr><td>{{goals.description}}</td><td>{{#goals.status=met}}Met{{/goals.status}}…</td></tr>{{/goals}}
 *     {{^goals}}<tr><td>No goals yet.</td></tr>{{/goals}}
 *
 * `{{#v}}…{{/v}}` is the row block, compiled once at build time; inside it only the
 * record's own fields `{{v.field}}` may stand (escaped, checked per their kind).
 * `{{^v}}…{{/v}}` is static content written only when the array is empty.
 * `{{#v.field=option}}…{{/v.field}}` is static content written only when a `choice`
 * field holds that option (how a status gets its colour and its label).
 */
export type VarKind = 'text' | 'url' | 'number' | 'list' | 'rows';

/**
 * The kind of one field of a `rows` record: as for variables, or a choice (the array
 * of the options the field may hold, e.g. GOAL_STATUSES). Every field is one line:
 * CR, LF and other control characters become spaces.
 */
export type RowFieldKind = 'text' | 'url' | 'number' | readonly string[];

/** Most items a `list` variable may hold: more is a bug in the caller, and no email should carry a wall of bullets. */
export const LIST_MAX_ITEMS = 20;

/** Most records a `rows` variable may hold, unless ROWS_LENGTHS says otherwise. */
export const ROWS_MAX_ITEMS = 50;

/** Week-over-week direction of a digest headline number: the tile shows ▲ / ▼ / → with it. */
export const DIGEST_TRENDS = ['up', 'down', 'flat'] as const;
export type DigestTrend = (typeof DIGEST_TRENDS)[number];
/** Whether a change is good news for the program: coloured, and said in words ("better" / "worse"). */
export const DIGEST_TONES = ['good', 'bad', 'neutral'] as const;
export type DigestTone = (typeof DIGEST_TONES)[number];
/** A SMART goal's status, from the linear projection of its weekly trend. */
export const GOAL_STATUSES = ['met', 'on-track', 'at-risk', 'missed'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

/** Widest bar of the digest's trend chart, in px: it fits a 375 px wide phone. */
export const DIGEST_CHART_MAX_PX = 220;

/** A headline number of the digest, e.g. { label: 'Active pairs', value: '46', change: '+3 vs last week', trend: 'up', tone: 'good' }. */
export interface DigestTile {
  label: string;
  /** Formatted by the caller: "46", "4.3 / 5", "84%". */
  value: string;
  /** The change in words and numbers, e.g. "+3 vs last week", "no change vs last week". */
  change: string;
  trend: DigestTrend;
  tone: DigestTone;
}

/** One week of the trend chart (oldest first). */
export interface DigestChartBar {
  /** e.g. "W41" (the text part aligns labels up to 4 characters). */
  week: string;
  /** Bar length in px, 0–DIGEST_CHART_MAX_PX (chartBarPx computes it); the text part draws one █ per 11 px. */
  barPx: number;
  /** The value as printed next to the bar, e.g. "12". */
  value: string;
}

/** A SMART goal's row: values formatted by the caller ("62%", "4.1", "31 Mar 2027"). */
export interface DigestGoal {
  /** e.g. "80% of mentees matched by 31 Mar 2027". */
  description: string;
  current: string;
  target: string;
  deadline: string;
  /** Where the linear projection lands at the deadline. */
  projected: string;
  status: GoalStatus;
}

/** One line of a KPI section: e.g. { label: 'Meetings per pair per month', value: '1.6', note: 'benchmark 2.0' }. */
export interface DigestStat {
  label: string;
  value: string;
  /** Context in a few words, or '' for none: a benchmark, a share, a cohort size. */
  note: string;
}

/** An at-risk pair, with its one-click admin action. */
export interface DigestAtRiskPair {
  mentorName: string;
  menteeName: string;
  daysQuiet: number;
  /** Signed admin link: ends the pair and puts both back in the pool. */
  rematchUrl: string;
}

/** A participant who earned the incentive this week. */
export interface DigestIncentive {
  name: string;
  /** As the reader should see it: "mentor" or "mentee". */
  role: string;
}

/**
 * Who a template is written to. A participant email carries the participant footer
 * (emails/partials/footer.mjml) with a one-click unsubscribe link; an admin email
 * goes to the program's admins, who have no participant subscription to leave, so
 * it takes no `unsubscribeUrl` and carries the admin footer
 * (emails/partials/admin-footer.mjml) instead: why they get it, and the identity line.
 */
export type Audience = 'participant' | 'admin';

/** Variables every participant template gets (header, footer, preheader). */
export interface CommonVars {
  programName: string;
  /** One-click unsubscribe page (also sent as the List-Unsubscribe header). */
  unsubscribeUrl: string;
  /** The program's identity/postal line (CAN-SPAM, GDPR). */
  identityLine: string;
  /** Hidden preview text shown next to the subject in the inbox. */
  preheader: string;
}

/** Variables every admin template gets: the common ones without a participant unsubscribe link. */
export type AdminCommonVars = Omit<CommonVars, 'unsubscribeUrl'>;

/** Each template's own variables, on top of CommonVars. */
export interface TemplateVars {
  confirm: {
    firstName: string;
    /** As the reader should see it, e.g. "mentor". */
    role: string;
    confirmUrl: string;
    expiresInDays: number;
  };
  'already-registered': {
    firstName: string;
    /** A whole sentence, e.g. "You're already in the matching pool." */
    statusLine: string;
    actionLabel: string;
    actionUrl: string;
  };
  /**
   * A new pair's introduction. Each member gets their own copy, written to them
   * ("recipient") about the other ("partner"); both names appear in each.
   */
  intro: {
    recipientFirstName: string;
    /** As the reader should see it: "mentor" or "mentee". */
    recipientRole: string;
    partnerName: string;
    partnerFirstName: string;
    partnerRole: string;
    mentorName: string;
    menteeName: string;
    /** Why we matched them, one short phrase each, e.g. "both prefer Zoom". */
    reasons: readonly string[];
    /** A whole sentence, e.g. "You both like Zoom, so that's an easy place to start." */
    toolSuggestion: string;
    /** A whole sentence on when both are free, e.g. "You're both free Tue–Thu, 09:00–11:00 in Berlin (16:00–18:00 in Singapore)." */
    overlapSummary: string;
    /** Meet about every … days. */
    cadenceDays: number;
    /** The mentorship lasts … weeks. */
    durationWeeks: number;
    /** As the reader should see it, e.g. "Mon 7 Dec". */
    firstMeetingBy: string;
    /** One question to open the first call, ending with its question mark. */
    iceBreaker: string;
    /** "Tell us how it's going". */
    feedbackUrl: string;
  };
  /** To someone left unmatched in a matching round. */
  'not-this-round': {
    firstName: string;
    /** As the reader should see it: "mentor" or "mentee". */
    role: string;
    /** As the reader should see it, e.g. "Monday 7 December". */
    nextRoundDate: string;
    /** A whole sentence on why, e.g. "This round there were more mentees than mentors with matching hours." */
    reasonHint: string;
    /** Where they can update their availability and languages. */
    manageUrl: string;
  };
  /** To one pair member, 2 days after pairing. */
  icebreakers: {
    firstName: string;
    partnerFirstName: string;
    /** Exactly 3 questions, each ending with its question mark (the subject says "Three"). */
    questions: readonly string[];
  };
  /** To one pair member, 9 days after pairing: from personal to practical. */
  starters: {
    firstName: string;
    partnerFirstName: string;
    /** 2–4 practical prompts, e.g. "Where do you see yourself in five years?". */
    prompts: readonly string[];
  };
  /**
   * To one pair member after each expected meeting. Every link is a one-click answer
   * (a GET that records it, or lands on a page that does); the copy also says that
   * replying "met" works.
   */
  checkin: {
    firstName: string;
    partnerFirstName: string;
    /** Which expected meeting this asks about: 1 for the first. */
    meetingNumber: number;
    metUrl: string;
    notYetUrl: string;
    /** "How useful was it?", 1 (not really) to 5 (very). */
    rate1Url: string;
    rate2Url: string;
    rate3Url: string;
    rate4Url: string;
    rate5Url: string;
    /** The longer feedback form. */
    feedbackUrl: string;
  };
  /**
   * The first nudge, to each member separately, when the pair has been quiet longer
   * than the cadence. The copy says a reply reaches the partner too: send it with the
   * pair's Reply-To (the member's own reply address and the partner), as the intro is sent.
   */
  nudge: {
    firstName: string;
    partnerFirstName: string;
    daysQuiet: number;
    /** A whole sentence with their shared free hours in the reader's time zone, as in the intro. */
    overlapSummary: string;
    /** A whole sentence, as in the intro. */
    toolSuggestion: string;
  };
  /**
   * The second, shorter nudge at 2× the cadence. The copy invites "if it isn't working,
   * reply and tell us": send it with the member's own Reply-To, never the partner's.
   */
  'nudge-second': {
    firstName: string;
    partnerFirstName: string;
    daysQuiet: number;
  };
  /** To the program's admins (an admin template: no unsubscribeUrl) when a pair is flagged at risk at 3× the cadence. */
  escalation: {
    mentorName: string;
    menteeName: string;
    daysQuiet: number;
    /** As the reader should see it, e.g. "Mon 2 Nov". */
    pairedOn: string;
    /** Lower-case phrase shown in brackets after the days, e.g. "no activity since pairing" or "last check-in 9 Nov". */
    lastActivity: string;
    nudgesSent: number;
    /** "End this pair and re-match both": should land on a confirmation page, since mail scanners follow links. */
    rematchUrl: string;
    /** A whole sentence on why this admin gets this email. */
    adminReason: string;
  };
  /**
   * To the program's admins (an admin template) when more confirmation emails were asked
   * for in one hour than CONFIRMATIONS_PER_HOUR allows: the rest wait for the next hour.
   * Sent at most once per such hour.
   */
  'confirmations-deferred': {
    /** The hour that reached the cap, as the reader should see it, e.g. "Mon 30 Nov 2026, 09:00–10:00 UTC". */
    hourLabel: string;
    /** The cap: confirmation emails per hour. */
    limit: number;
    /** When the held-back confirmations start going out, e.g. "10:00 UTC". */
    resumesAt: string;
    /** Signed admin link to the CSV export (participants, pending sign-ups included): are the sign-ups genuine? */
    exportUrl: string;
    /** A whole sentence on why this admin gets this email. */
    adminReason: string;
  };
  /**
   * To the program's admins (an admin template) when the SES account has used 95% of its
   * 24-hour sending quota: bulk mail waits, mail a person waits for goes on. At most once a day.
   */
  'send-quota-near': {
    /** Emails sent in the last 24 hours, as SES counts them. */
    sentLast24Hours: number;
    /** The account's 24-hour quota. */
    max24HourSend: number;
    /** How to ask AWS for a higher quota (the SES guide's page). */
    increaseUrl: string;
    /** A whole sentence on why this admin gets this email. */
    adminReason: string;
  };
  /** To one pair member at the end of the mentorship. */
  /**
   * The weekly KPI digest to the program's admins (issue 5). Every number is formatted
   * by the caller; the text part carries the same numbers as the HTML.
   */
  digest: {
    /** e.g. "Week 48: 23–29 Nov 2026". */
    weekLabel: string;
    /** The week's news in a few words, for the subject and the top of the email, e.g. "3 new pairs, 2 at risk". */
    headline: string;
    /** The headline numbers (1–6): active pairs, new pairs, meetings logged, average satisfaction, match rate. */
    tiles: readonly DigestTile[];
    /** What the chart shows; also its caption, e.g. "Meetings logged per week, last 8 weeks". */
    chartTitle: string;
    /** The 8-week trend, oldest week first (1–12 bars). */
    chart: readonly DigestChartBar[];
    /** The program's SMART goals (none: an empty-state line). */
    goals: readonly DigestGoal[];
    /** Signed up, confirmed, waiting, in a pair, by role; new this week. */
    participants: readonly DigestStat[];
    /** Match rate, median days to match, new and active pairs. */
    matching: readonly DigestStat[];
    /** Meetings and replies per pair per month against the cadence benchmark, share of pairs on track. */
    activity: readonly DigestStat[];
    /** Mentors and mentees still active 30/60/90 days after pairing, unsubscribes, pauses. */
    retention: readonly DigestStat[];
    /** Average rating, distribution, response rate. */
    satisfaction: readonly DigestStat[];
    /** Bounces, complaints, suppressed addresses. */
    deliverability: readonly DigestStat[];
    /** A whole sentence on how many pairs are at risk and why (and, past 20, that the export lists the rest). */
    atRiskSummary: string;
    /** The quietest at-risk pairs, at most 20 (none: an empty-state line). */
    atRisk: readonly DigestAtRiskPair[];
    /** A whole sentence: who earns the incentive, e.g. "Participants earn the incentive at their third logged meeting." */
    incentiveRule: string;
    /** Participants who became eligible this week (none: an empty-state line). */
    incentives: readonly DigestIncentive[];
    /** Signed admin link to the CSV export of participants, pairs and activity. */
    exportUrl: string;
    /** The export link stops working after … days. */
    exportExpiresInDays: number;
  };
  'closing-survey': {
    firstName: string;
    partnerFirstName: string;
    weeks: number;
    /** The closing survey form. */
    feedbackUrl: string;
    /** One click to join the next matching round. */
    rejoinUrl: string;
  };
  /**
   * To a member who asked by email to stop or pause (issue 8): such commands never act
   * directly; this email, sent to their own stored address, links to the manage page,
   * which acts only on a button press.
   */
  'command-confirm': {
    firstName: string;
    /** What they asked for, completing "asking us to …", e.g. "pause reminders for 30 days". */
    request: string;
    /** The signed manage page (/unsubscribe/<token>), with a hint of the asked-for action. */
    manageUrl: string;
  };
}

export type TemplateName = keyof TemplateVars;

/** Every template declares who it is written to; admin templates take no `unsubscribeUrl`. */
export const TEMPLATE_AUDIENCE = {
  confirm: 'participant',
  'already-registered': 'participant',
  intro: 'participant',
  'not-this-round': 'participant',
  icebreakers: 'participant',
  starters: 'participant',
  checkin: 'participant',
  nudge: 'participant',
  'nudge-second': 'participant',
  escalation: 'admin',
  'confirmations-deferred': 'admin',
  'send-quota-near': 'admin',
  digest: 'admin',
  'closing-survey': 'participant',
  'command-confirm': 'participant',
} as const satisfies { [N in TemplateName]: Audience };

/** Templates sent to the program's admins. */
export type AdminTemplateName = { [N in TemplateName]: (typeof TEMPLATE_AUDIENCE)[N] extends 'admin' ? N : never }[TemplateName];
/** Templates sent to participants: the only ones that take an `unsubscribeUrl`. */
export type ParticipantTemplateName = Exclude<TemplateName, AdminTemplateName>;
/** The common variables template N takes. */
export type CommonVarsOf<N extends TemplateName> = [N] extends [AdminTemplateName] ? AdminCommonVars : CommonVars;

type Kinds<T> = {
  [K in keyof T]-?: T[K] extends number ? 'number' : T[K] extends readonly string[] ? 'list' : T[K] extends readonly object[] ? 'rows' : 'text' | 'url';
};

export const COMMON_VARS = {
  programName: 'text',
  unsubscribeUrl: 'url',
  identityLine: 'text',
  preheader: 'text',
} as const satisfies Kinds<CommonVars>;

export const ADMIN_COMMON_VARS = {
  programName: 'text',
  identityLine: 'text',
  preheader: 'text',
} as const satisfies Kinds<AdminCommonVars>;

export const TEMPLATE_VARS = {
  confirm: { firstName: 'text', role: 'text', confirmUrl: 'url', expiresInDays: 'number' },
  'already-registered': { firstName: 'text', statusLine: 'text', actionLabel: 'text', actionUrl: 'url' },
  intro: {
    recipientFirstName: 'text',
    recipientRole: 'text',
    partnerName: 'text',
    partnerFirstName: 'text',
    partnerRole: 'text',
    mentorName: 'text',
    menteeName: 'text',
    reasons: 'list',
    toolSuggestion: 'text',
    overlapSummary: 'text',
    cadenceDays: 'number',
    durationWeeks: 'number',
    firstMeetingBy: 'text',
    iceBreaker: 'text',
    feedbackUrl: 'url',
  },
  'not-this-round': { firstName: 'text', role: 'text', nextRoundDate: 'text', reasonHint: 'text', manageUrl: 'url' },
  icebreakers: { firstName: 'text', partnerFirstName: 'text', questions: 'list' },
  starters: { firstName: 'text', partnerFirstName: 'text', prompts: 'list' },
  checkin: {
    firstName: 'text',
    partnerFirstName: 'text',
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
  nudge: { firstName: 'text', partnerFirstName: 'text', daysQuiet: 'number', overlapSummary: 'text', toolSuggestion: 'text' },
  'nudge-second': { firstName: 'text', partnerFirstName: 'text', daysQuiet: 'number' },
  escalation: {
    mentorName: 'text',
    menteeName: 'text',
    daysQuiet: 'number',
    pairedOn: 'text',
    lastActivity: 'text',
    nudgesSent: 'number',
    rematchUrl: 'url',
    adminReason: 'text',
  },
  'confirmations-deferred': { hourLabel: 'text', limit: 'number', resumesAt: 'text', exportUrl: 'url', adminReason: 'text' },
  'send-quota-near': { sentLast24Hours: 'number', max24HourSend: 'number', increaseUrl: 'url', adminReason: 'text' },
  digest: {
    weekLabel: 'text',
    headline: 'text',
    tiles: 'rows',
    chartTitle: 'text',
    chart: 'rows',
    goals: 'rows',
    participants: 'rows',
    matching: 'rows',
    activity: 'rows',
    retention: 'rows',
    satisfaction: 'rows',
    deliverability: 'rows',
    atRiskSummary: 'text',
    atRisk: 'rows',
    incentiveRule: 'text',
    incentives: 'rows',
    exportUrl: 'url',
    exportExpiresInDays: 'number',
  },
  'closing-survey': { firstName: 'text', partnerFirstName: 'text', weeks: 'number', feedbackUrl: 'url', rejoinUrl: 'url' },
  'command-confirm': { firstName: 'text', request: 'text', manageUrl: 'url' },
} as const satisfies { [N in TemplateName]: Kinds<TemplateVars[N]> };

type RowsVarOf<N extends TemplateName> = {
  [K in keyof TemplateVars[N]]: TemplateVars[N][K] extends readonly string[] ? never : TemplateVars[N][K] extends readonly object[] ? K : never;
}[keyof TemplateVars[N]];
type RowOf<V> = V extends readonly (infer R)[] ? R : never;
/** A choice field (a union of string literals) is declared by its options. */
type FieldKinds<R> = { [F in keyof R]-?: R[F] extends number ? 'number' : string extends R[F] ? 'text' | 'url' : readonly R[F][] };
/** Templates with at least one `rows` variable. */
type TemplateWithRows = { [N in TemplateName]: [RowsVarOf<N>] extends [never] ? never : N }[TemplateName];

const STAT_FIELDS = { label: 'text', value: 'text', note: 'text' } as const;

/** The fields of each `rows` variable's records, with their kinds. */
export const ROW_FIELDS = {
  digest: {
    tiles: { label: 'text', value: 'text', change: 'text', trend: DIGEST_TRENDS, tone: DIGEST_TONES },
    chart: { week: 'text', barPx: 'number', value: 'text' },
    goals: { description: 'text', current: 'text', target: 'text', deadline: 'text', projected: 'text', status: GOAL_STATUSES },
    participants: STAT_FIELDS,
    matching: STAT_FIELDS,
    activity: STAT_FIELDS,
    retention: STAT_FIELDS,
    satisfaction: STAT_FIELDS,
    deliverability: STAT_FIELDS,
    atRisk: { mentorName: 'text', menteeName: 'text', daysQuiet: 'number', rematchUrl: 'url' },
    incentives: { name: 'text', role: 'text' },
  },
} as const satisfies { [N in TemplateWithRows]: { [K in RowsVarOf<N>]: FieldKinds<RowOf<TemplateVars[N][K]>> } };

/** How many records a `rows` variable must hold, where the layout depends on it; any other takes 0–ROWS_MAX_ITEMS. */
export const ROWS_LENGTHS: { readonly [N in TemplateName]?: { readonly [K in RowsVarOf<N>]?: { readonly min: number; readonly max: number } } } = {
  // 20 at-risk rows keep the digest's HTML well under Gmail's 102 KB clip; the CSV export lists them all.
  digest: { tiles: { min: 1, max: 6 }, chart: { min: 1, max: 12 }, atRisk: { min: 0, max: 20 } },
};

type ListVarOf<N extends TemplateName> = { [K in keyof TemplateVars[N]]: TemplateVars[N][K] extends readonly string[] ? K : never }[keyof TemplateVars[N]];

/**
 * How many items a `list` variable must hold, where its copy depends on it
 * ("Three ice-breakers…"); any other list takes 0–LIST_MAX_ITEMS.
 */
export const LIST_LENGTHS: { readonly [N in TemplateName]?: { readonly [K in ListVarOf<N>]?: { readonly min: number; readonly max: number } } } = {
  icebreakers: { questions: { min: 3, max: 3 } },
  starters: { prompts: { min: 2, max: 4 } },
};

/** Variables only the HTML part uses; every other variable must also appear in the plain-text part. */
export const HTML_ONLY_VARS: readonly string[] = ['preheader'];

export const TEMPLATE_NAMES = Object.keys(TEMPLATE_VARS) as TemplateName[];

/** The common variables of a template, with their kinds: admin templates have no `unsubscribeUrl`. */
export function commonVarKinds(name: TemplateName): Record<string, VarKind> {
  return TEMPLATE_AUDIENCE[name] === 'admin' ? ADMIN_COMMON_VARS : COMMON_VARS;
}

/** Every variable of a template, common ones first, with its kind. */
export function templateVarKinds(name: TemplateName): Record<string, VarKind> {
  return { ...commonVarKinds(name), ...TEMPLATE_VARS[name] };
}

/** The item bounds of a `list` or `rows` variable. */
export function listLength(name: TemplateName, variable: string): { min: number; max: number } {
  const rows = templateVarKinds(name)[variable] === 'rows';
  const table = (rows ? ROWS_LENGTHS[name] : LIST_LENGTHS[name]) as Record<string, { min: number; max: number } | undefined> | undefined;
  return table?.[variable] ?? { min: 0, max: rows ? ROWS_MAX_ITEMS : LIST_MAX_ITEMS };
}

/** The fields of a `rows` variable's records, with their kinds ({} for any other variable). */
export function rowFieldKinds(name: TemplateName, variable: string): Record<string, RowFieldKind> {
  const fields = (ROW_FIELDS as Partial<Record<TemplateName, Record<string, Record<string, RowFieldKind>>>>)[name];
  return fields?.[variable] ?? {};
}
