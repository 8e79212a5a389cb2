/**
 * What every email template takes. This is the declaration the build
 * (scripts/build-emails.ts) checks each template's placeholders against, so it
 * must not import the generated module: the build reads it before that exists.
 */

/** How a value is checked and written: `url` must be an http(s) URL, `number` a finite number. */
export type VarKind = 'text' | 'url' | 'number';

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
}

export type TemplateName = keyof TemplateVars;

type Kinds<T> = { [K in keyof T]-?: T[K] extends number ? 'number' : 'text' | 'url' };

export const COMMON_VARS = {
  programName: 'text',
  unsubscribeUrl: 'url',
  identityLine: 'text',
  preheader: 'text',
} as const satisfies Kinds<CommonVars>;

export const TEMPLATE_VARS = {
  confirm: { firstName: 'text', role: 'text', confirmUrl: 'url', expiresInDays: 'number' },
  'already-registered': { firstName: 'text', statusLine: 'text', actionLabel: 'text', actionUrl: 'url' },
} as const satisfies { [N in TemplateName]: Kinds<TemplateVars[N]> };

/** Variables only the HTML part uses; every other variable must also appear in the plain-text part. */
export const HTML_ONLY_VARS: readonly string[] = ['preheader'];

export const TEMPLATE_NAMES = Object.keys(TEMPLATE_VARS) as TemplateName[];

/** Every variable of a template, common ones first, with its kind. */
export function templateVarKinds(name: TemplateName): Record<string, VarKind> {
  return { ...COMMON_VARS, ...TEMPLATE_VARS[name] };
}
