import { DAYS } from '../domain/signup-schema';
import type { FormErrors, FormValues } from './pages/signup-page';
import type { FieldIssue } from '../domain/signup-schema';

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
const commaList = (v: string | string[] | undefined) =>
  first(v)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
/** Numbers stay strings when they are not numbers, so the schema reports them by name. */
const optionalNumber = (v: string | string[] | undefined) => {
  const s = first(v);
  if (s === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s;
};

/**
 * Turns the HTML form's fields into a sign-up record of the JSON shape, so the
 * same schema validates both. Availability comes as one from/to pair per day.
 */
export function formToSignup(form: FormValues): Record<string, unknown> {
  const availability = DAYS.flatMap((day) => {
    const from = first(form[`avail_${day}_from`]);
    const to = first(form[`avail_${day}_to`]);
    return from || to ? [{ day, from, to }] : [];
  });
  const languages = commaList(form.languages);
  const tools = form.preferredTools;
  return {
    name: first(form.name),
    email: first(form.email),
    role: first(form.role) || undefined,
    timezone: first(form.timezone),
    skills: commaList(form.skills),
    goals: first(form.goals),
    department: first(form.department) || undefined,
    yearsExperience: optionalNumber(form.yearsExperience),
    languages: languages.length ? languages : undefined,
    preferredTools: Array.isArray(tools) ? tools : tools ? [tools] : [],
    availability,
    capacity: first(form.role) === 'mentor' ? optionalNumber(form.capacity) : undefined,
    consent: first(form.consent) === 'yes',
  };
}

/** One message per form field: the first issue under each top-level field. */
export function issuesToFormErrors(issues: FieldIssue[], record: Record<string, unknown>): FormErrors {
  const errors: FormErrors = {};
  for (const issue of issues) {
    const [field = issue.path, index] = issue.path.split('.');
    errors[field] ??= field === 'availability' && index !== undefined ? slotMessage(record, Number(index), issue.message) : issue.message;
  }
  return errors;
}

const DAY_NAMES: Record<string, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };

function slotMessage(record: Record<string, unknown>, index: number, message: string): string {
  const slot = (record.availability as { day: string }[] | undefined)?.[index];
  const day = slot ? (DAY_NAMES[slot.day] ?? slot.day) : `Slot ${index + 1}`;
  return `${day}: ${message.charAt(0).toLowerCase()}${message.slice(1)}`;
}
