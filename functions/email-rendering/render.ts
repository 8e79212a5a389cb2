/**
 * Fills the email templates compiled at build time (scripts/build-emails.ts: MJML to
 * HTML, checked against the schema, tokenized by Mustache) with Mustache's renderer.
 * No mjml and no parsing at run time: Mustache's parser takes ~0.5 s for all templates.
 *
 * Values are untrusted (names, goals…) and checked first (./view.ts). Then:
 * - HTML: every value HTML-escaped (the build allows no `{{{raw}}}` placeholder);
 * - text: as-is, minus control characters other than newline;
 * - subject: one line, control characters and CR/LF become spaces (no header injection).
 */
import Mustache from 'mustache';
import type { EmailVars, TemplateName } from './catalogue';
import { cleanHeader, cleanText, escapeHtml } from './escape';
import { compiledTemplates, type CompiledTemplate } from './templates.generated';
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

const templates: Readonly<Record<string, CompiledTemplate | undefined>> = compiledTemplates;
const writer = new Mustache.Writer();

// Mustache hands numbers to the escape function as they are.
const HTML = { escape: (v: unknown) => escapeHtml(String(v)) };
const TEXT = { escape: (v: unknown) => cleanText(String(v)) };
const SUBJECT = { escape: String };

function fill(tokens: Mustache.TemplateSpans, view: Mustache.Context, options: Mustache.RenderOptions): string {
  return writer.renderTokens(tokens as string[][], view, undefined, undefined, options);
}

export function renderEmail<N extends TemplateName>(name: N, vars: EmailVars<N>): RenderedEmail {
  const template = Object.hasOwn(templates, name) ? templates[name] : undefined;
  if (template === undefined) throw new EmailTemplateError(`Unknown email template '${String(name)}'`);
  const view = new Mustache.Context(checkedView(name, vars));
  return {
    subject: cleanHeader(fill(template.subject, view, SUBJECT)),
    html: fill(template.html, view, HTML),
    text: fill(template.text, view, TEXT),
  };
}
