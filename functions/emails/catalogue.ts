/**
 * What every email template takes. This is the declaration the build
 * (scripts/build-emails.ts) checks each template's placeholders against, so it
 * must not import the generated module: the build reads it before that exists.
 */

/**
 * How a value is checked and written: `url` must be an http(s) URL, `number` a finite
 * number, `list` an array of 0–LIST_MAX_ITEMS non-blank strings. A list placeholder
 * must be the only content of a `<ul>`/`<ol>` in the HTML (each item becomes an
 * escaped `<li>`) and stand alone on its own line in the text part (each item becomes
 * a line `- item`); an empty list writes nothing, not even that line.
 */
export type VarKind = 'text' | 'url' | 'number' | 'list';

/** Most items a `list` variable may hold: more is a bug in the caller, and no email should carry a wall of bullets. */
export const LIST_MAX_ITEMS = 20;

/** Variables every template gets (header, footer, preheader). */
export interface CommonVars {
  programName: string;
  /** One-click unsubscribe page (also sent as the List-Unsubscribe header). */
  unsubscribeUrl: string;
  /** The program's identity/postal line (CAN-SPAM, GDPR). */
  identityLine: string;
  /** Hidden preview text shown next to the subject in the inbox. */
  preheader: string;
}

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
}

export type TemplateName = keyof TemplateVars;

type Kinds<T> = { [K in keyof T]-?: T[K] extends number ? 'number' : T[K] extends readonly string[] ? 'list' : 'text' | 'url' };

export const COMMON_VARS = {
  programName: 'text',
  unsubscribeUrl: 'url',
  identityLine: 'text',
  preheader: 'text',
} as const satisfies Kinds<CommonVars>;

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
} as const satisfies { [N in TemplateName]: Kinds<TemplateVars[N]> };

/** Variables only the HTML part uses; every other variable must also appear in the plain-text part. */
export const HTML_ONLY_VARS: readonly string[] = ['preheader'];

export const TEMPLATE_NAMES = Object.keys(TEMPLATE_VARS) as TemplateName[];

/** Every variable of a template, common ones first, with its kind. */
export function templateVarKinds(name: TemplateName): Record<string, VarKind> {
  return { ...COMMON_VARS, ...TEMPLATE_VARS[name] };
}
