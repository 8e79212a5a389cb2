/**
 * The sign-up record (DESIGN §3) and its validation: one schema for the HTML
 * form and the JSON API, so both accept and reject exactly the same input.
 */
import * as v from 'valibot';
import { accepts } from '../lib/accepts';
import { cleanLine, cleanText } from '../lib/clean-text';

export const ROLES = ['mentor', 'mentee'] as const;
export const TOOLS = ['zoom', 'teams', 'meet', 'slack', 'skype', 'phone', 'in_person'] as const;
export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export type Role = (typeof ROLES)[number];
export type Tool = (typeof TOOLS)[number];
export type Day = (typeof DAYS)[number];

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
// Letters-only guard first: Intl also accepts offsets such as "+05:00", which are not IANA zones
// and would make DST-correct matching impossible.
const IANA_SHAPE = /^(?:[A-Za-z]+(?:[_-][A-Za-z]+)*(?:\/[A-Za-z0-9]+(?:[_+-][A-Za-z0-9]+)*)*|UTC)$/;

// Building an Intl.DateTimeFormat costs ~50 µs; matching validates thousands of records with a few hundred zones.
const knownZones = new Map<string, boolean>();

export function isIanaTimeZone(value: string): boolean {
  const known = knownZones.get(value);
  if (known !== undefined) return known;
  const valid = IANA_SHAPE.test(value) && accepts((timeZone) => new Intl.DateTimeFormat('en-US', { timeZone }), value);
  if (knownZones.size < 2000) knownZones.set(value, valid);
  return valid;
}

function canonicalLanguage(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Invisible and direction-changing characters go before trimming and counting (see clean-text.ts). */
const trimmed = (max: number, label: string, lines: 'single' | 'multi' = 'single') =>
  v.pipe(
    v.string(`${label} must be text`),
    v.transform(lines === 'single' ? cleanLine : cleanText),
    v.trim(),
    v.maxLength(max, `${label} must be at most ${max} characters`),
  );

const unique = <T>(items: T[]) => [...new Set(items)];

/** A whole number from `min` to `max`, with the messages a person reads for each way it can be wrong. */
const wholeNumber = (label: string, min: number, max: number, messages: { below: string; above: string }) =>
  v.pipe(v.number(`${label} must be a number`), v.integer(`${label} must be a whole number`), v.minValue(min, messages.below), v.maxValue(max, messages.above));

const SlotSchema = v.pipe(
  v.object({
    day: v.picklist(DAYS, 'Day must be one of mon, tue, wed, thu, fri, sat, sun'),
    from: v.pipe(v.string(), v.regex(HHMM, 'Start time must look like 09:30')),
    to: v.pipe(v.string(), v.regex(HHMM, 'End time must look like 17:00')),
  }),
  v.check((slot) => minutes(slot.from) < minutes(slot.to), 'End time must be after the start time'),
);

export const SignupSchema = v.pipe(
  v.object({
    name: v.pipe(trimmed(100, 'Name'), v.minLength(1, 'Please tell us your name')),
    email: v.pipe(
      v.string('Email must be text'),
      v.trim(),
      v.toLowerCase(),
      v.maxLength(254, 'Email must be at most 254 characters'),
      v.email('Please enter a valid email address, like ada@example.com'),
    ),
    role: v.picklist(ROLES, 'Choose whether you join as a mentor or a mentee'),
    timezone: v.pipe(v.string('Time zone must be text'), v.trim(), v.check(isIanaTimeZone, 'Choose a time zone such as Europe/Berlin or America/New_York')),
    skills: v.pipe(
      v.array(v.pipe(trimmed(50, 'Each skill'), v.toLowerCase(), v.minLength(1, 'Skills cannot be empty')), 'Skills must be a list'),
      v.maxLength(20, 'List at most 20 skills'),
      v.transform(unique),
    ),
    goals: v.optional(trimmed(1000, 'Goals', 'multi'), ''),
    department: v.optional(
      v.pipe(
        trimmed(100, 'Department'),
        v.transform((d) => d || undefined),
      ),
    ),
    yearsExperience: v.optional(
      wholeNumber('Years of experience', 0, 60, { below: 'Years of experience cannot be negative', above: 'Years of experience must be at most 60' }),
    ),
    languages: v.optional(
      v.pipe(
        v.array(
          v.pipe(
            v.string('Each language must be text'),
            v.trim(),
            v.check((tag) => canonicalLanguage(tag) !== undefined, 'Use language codes such as en, de or pt-BR'),
            v.transform((tag) => canonicalLanguage(tag) as string),
          ),
          'Languages must be a list',
        ),
        v.minLength(1, 'Name at least one language'),
        v.maxLength(10, 'List at most 10 languages'),
        v.transform(unique),
      ),
      ['en'],
    ),
    preferredTools: v.pipe(v.array(v.picklist(TOOLS, `Tools must be among ${TOOLS.join(', ')}`), 'Preferred tools must be a list'), v.transform(unique)),
    availability: v.pipe(
      v.array(SlotSchema, 'Availability must be a list of time slots'),
      v.minLength(1, 'Add at least one time slot when you are free to meet'),
      v.maxLength(28, 'List at most 28 time slots'),
    ),
    capacity: v.optional(wholeNumber('Capacity', 1, 5, { below: 'Capacity must be between 1 and 5', above: 'Capacity must be between 1 and 5' })),
    consent: v.literal(true, 'Please agree to the program terms to join'),
  }),
  // Capacity only means something for mentors; mentees always hold one pair.
  v.transform((s) => ({ ...s, capacity: s.role === 'mentor' ? (s.capacity ?? 1) : undefined })),
);

export type SignupInput = v.InferInput<typeof SignupSchema>;
export type Signup = v.InferOutput<typeof SignupSchema>;
export type AvailabilitySlot = Signup['availability'][number];

export interface FieldIssue {
  path: string;
  message: string;
}

/** A field that is missing altogether gets a plain "is required" rather than the library's wording. */
export function issueMessage(path: string, message: string): string {
  return message.startsWith('Invalid key') ? `${path} is required` : message;
}

/** Flattens schema issues to `{path, message}` with dotted paths (`availability.0.to`). */
export function toFieldIssues(issues: readonly v.BaseIssue<unknown>[]): FieldIssue[] {
  return issues.map((issue) => {
    const path = issue.path?.map((p) => String(p.key)).join('.') || '(root)';
    return { path, message: issueMessage(path, issue.message) };
  });
}

export type ValidationResult = { ok: true; value: Signup } | { ok: false; issues: FieldIssue[] };

export function validateSignup(input: unknown): ValidationResult {
  const result = v.safeParse(SignupSchema, input, { abortPipeEarly: true });
  return result.success ? { ok: true, value: result.output } : { ok: false, issues: toFieldIssues(result.issues) };
}
