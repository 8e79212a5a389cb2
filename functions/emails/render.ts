/**
 * Fills the email templates compiled at build time (scripts/build-emails.ts: MJML to
 * HTML, then checked against the schema) with Mustache. No mjml at run time; Mustache
 * parses each template once, on its first render, and caches the tokens.
 *
 * Values are untrusted (names, goals…) and checked first (./view.ts). Then:
 * - HTML: every value HTML-escaped (the build allows no `{{{raw}}}` placeholder);
 * - text: as-is, minus control characters other than newline;
 * - subject: one line, control characters and CR/LF become spaces (no header injection).
 */
import Mustache from 'mustache';
import type { EmailVars, TemplateName } from './catalogue';
import { cleanHeader, cleanText, escapeHtml } from './escape';
import { compiledTemplates } from './templates.generated';
import { checkedView, EmailTemplateError } from './view';

export type {
  AdminCommonVars,
  AdminTemplateName,
  CommonVars,
  CommonVarsOf,
  DigestAtRiskPair,
  DigestChartBar,
  DigestGoal,
  DigestIncentive,
  DigestStat,
  DigestTile,
  EmailVars,
  ParticipantTemplateName,
  TemplateName,
  TemplateVars,
} from './catalogue';
export { TEMPLATE_AUDIENCE, TEMPLATE_NAMES } from './catalogue';
export { cleanHeader, cleanText, escapeHtml, isHttpUrl } from './escape';
export { EmailTemplateError } from './view';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const templates: Readonly<Record<string, { subject: string; html: string; text: string } | undefined>> = compiledTemplates;

// Mustache hands numbers to the escape function as they are.
const HTML = { escape: (v: unknown) => escapeHtml(String(v)) };
const TEXT = { escape: (v: unknown) => cleanText(String(v)) };
const SUBJECT = { escape: String };

export function renderEmail<N extends TemplateName>(name: N, vars: EmailVars<N>): RenderedEmail {
  const template = Object.hasOwn(templates, name) ? templates[name] : undefined;
  if (template === undefined) throw new EmailTemplateError(`Unknown email template '${String(name)}'`);
  const view = checkedView(name, vars);
  return {
    subject: cleanHeader(Mustache.render(template.subject, view, undefined, SUBJECT)),
    html: Mustache.render(template.html, view, undefined, HTML),
    text: Mustache.render(template.text, view, undefined, TEXT),
  };
}
