/** The feedback form (issue: met? how many times, satisfaction 1–5, what went well, what to improve, comments). */
import * as v from 'valibot';
import type { Feedback } from './activity';
import { cleanText } from '../lib/clean-text';

const text = (label: string) =>
  v.optional(
    v.pipe(
      v.string(),
      v.transform(cleanText),
      v.trim(),
      v.maxLength(2000, `${label} must be at most 2000 characters`),
      v.transform((s) => s || undefined),
    ),
  );
const optionalInt = (label: string, min: number, max: number) =>
  v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.transform((s) => (s === '' ? undefined : Number(s))),
      v.union(
        [
          v.undefined(),
          v.pipe(
            v.number(),
            v.integer(`${label} must be a whole number`),
            v.minValue(min, `${label} must be between ${min} and ${max}`),
            v.maxValue(max, `${label} must be between ${min} and ${max}`),
          ),
        ],
        `${label} must be a whole number`,
      ),
    ),
  );

export const FeedbackFormSchema = v.object({
  met: v.pipe(v.optional(v.string(), ''), v.picklist(['yes', 'no'], 'Tell us whether you have met')),
  timesMet: optionalInt('Number of meetings', 1, 50),
  satisfaction: optionalInt('Satisfaction', 1, 5),
  wentWell: text('What went well'),
  toImprove: text('What to improve'),
  comments: text('Comments'),
});

export type FeedbackResult = { ok: true; feedback: Feedback } | { ok: false; errors: Record<string, string> };

export function parseFeedbackForm(form: Record<string, unknown>): FeedbackResult {
  const result = v.safeParse(FeedbackFormSchema, form, { abortPipeEarly: true });
  if (!result.success) {
    const errors: Record<string, string> = {};
    for (const issue of result.issues) errors[String(issue.path?.[0]?.key ?? 'form')] ??= issue.message;
    return { ok: false, errors };
  }
  const feedback = result.output;
  return { ok: true, feedback: { ...feedback, timesMet: feedback.met === 'yes' ? (feedback.timesMet ?? 1) : undefined } };
}
