/**
 * The kinds of the program's structured settings: data the admin console edits (SMART
 * goals, guidelines, the optional webinar, the question catalogues). Each is bounded
 * (items, characters) so a hostile document is refused with a 400 naming the field,
 * never stored or rendered. As text (an environment variable, `-c key=…`) they are JSON.
 */
import * as v from 'valibot';
import { GOAL_METRICS, type GoalMetric } from '../domain/kpi/goals';
import type { Guidelines, SmartGoal, ToolLinks, Webinar } from '../domain/program';
import { TOOLS } from '../domain/signup-schema';
import type { KindOf } from './kinds';

export const LIMITS = {
  /** Items of a question catalogue (ice-breakers, conversation starters). */
  catalogueItems: 100,
  /** Characters of one catalogue item, best practice or template line. */
  itemChars: 300,
  goals: 20,
  /** Best practices and goal-template lines: each a bullet in the intro email (which caps lists at 20). */
  guidelineItems: 20,
  descriptionChars: 300,
} as const;

/** Not JSON: handed to the schema as is, which refuses it. */
function fromJson(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return s;
  }
}

const line = (max: number) =>
  v.pipe(v.string('must be text'), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(max, `must be at most ${max} characters`));

/** Lines, trimmed; blank lines dropped (a textarea's trailing newline). */
const lines = (label: string, min: number, maxItems: number, maxChars: number) =>
  v.pipe(
    v.array(v.string('must be text'), `${label} must be a list of text`),
    v.maxLength(maxItems, `${label} may hold at most ${maxItems} items`),
    v.transform((items) => items.map((s) => s.trim()).filter(Boolean)),
    v.array(v.pipe(v.string(), v.maxLength(maxChars, `must be at most ${maxChars} characters`))),
    v.minLength(min, `${label} needs at least ${min} item${min === 1 ? '' : 's'}`),
  );

/** A question catalogue: 1–100 questions of ≤ 300 characters. */
export const catalogue: KindOf<string[]> = (label) => ({
  schema: lines(label, 1, LIMITS.catalogueItems, LIMITS.itemChars),
  fromText: fromJson,
  toText: (list) => JSON.stringify(list),
});

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date, YYYY-MM-DD (2027-02-30 is not). */
export function isCalendarDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

const METRICS = Object.keys(GOAL_METRICS) as GoalMetric[];

const goalSchema = v.pipe(
  v.strictObject(
    {
      id: v.pipe(v.string('must be text'), v.regex(/^[a-z0-9-]{1,40}$/, 'must be 1-40 lower-case letters, digits and dashes')),
      description: line(LIMITS.descriptionChars),
      metric: v.picklist(METRICS, `must be one of ${METRICS.join(', ')}`),
      target: v.pipe(v.number('must be a number'), v.finite('must be a number')),
      deadline: v.pipe(v.string('must be a date'), v.trim(), v.check(isCalendarDate, 'must be a date, YYYY-MM-DD')),
    },
    (issue) => `unknown field "${String(issue.input === undefined ? '' : (issue.expected ?? ''))}"`,
  ),
  v.check((g) => g.target >= GOAL_METRICS[g.metric].min && g.target <= GOAL_METRICS[g.metric].max, 'target is outside the range of its metric'),
);

/** The program's SMART goals: each measured by one of the digest's KPIs, with a fixed deadline. */
export const goalList: KindOf<SmartGoal[]> = (label) => ({
  schema: v.pipe(
    v.array(goalSchema, `${label} must be a list of goals`),
    v.maxLength(LIMITS.goals, `${label} may hold at most ${LIMITS.goals} goals`),
    v.check((goals) => new Set(goals.map((g) => g.id)).size === goals.length, `${label}: every goal needs its own id`),
  ) as v.GenericSchema<unknown, SmartGoal[]>,
  fromText: fromJson,
  toText: (goals) => JSON.stringify(goals),
});

/** What the intro email tells a new pair: best practices and the goal-setting template. */
export const guidelines: KindOf<Guidelines> = (label) => ({
  schema: v.strictObject(
    {
      bestPractices: lines('bestPractices', 1, LIMITS.guidelineItems, LIMITS.itemChars),
      goalTemplate: lines('goalTemplate', 1, LIMITS.guidelineItems, LIMITS.itemChars),
    },
    `${label} must be an object with bestPractices and goalTemplate`,
  ),
  fromText: fromJson,
  toText: (g) => JSON.stringify(g),
});

/** An optional introductory webinar or training the intro mentions; `null`: none. */
export const webinar: KindOf<Webinar | null> = (label) => ({
  schema: v.nullable(
    v.strictObject(
      {
        title: line(200),
        url: v.pipe(
          v.string('must be a link'),
          v.trim(),
          v.maxLength(2000, 'must be at most 2000 characters'),
          v.url('must be an https link'),
          v.startsWith('https://', 'must be an https link'),
        ),
        at: v.pipe(
          v.string('must be a date and time'),
          v.trim(),
          v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, 'must be a date and time with its offset, e.g. 2027-01-14T15:00:00Z'),
          v.check((s) => Number.isFinite(Date.parse(s)), 'must be a date and time'),
          v.transform((s) => new Date(Date.parse(s)).toISOString()),
        ),
      },
      `${label} must be null or an object with title, url and at`,
    ),
  ),
  fromText: (s) => (s.trim() === 'null' ? null : fromJson(s)),
  toText: (w) => JSON.stringify(w),
});

const httpsLink = v.pipe(
  v.string('must be a link'),
  v.trim(),
  v.maxLength(2000, 'must be at most 2000 characters'),
  v.url('must be an https link'),
  v.startsWith('https://', 'must be an https link'),
);

/** A meeting link per tool the sign-up form offers (`{"zoom":"https://…"}`); tools without one are named only. */
export const toolLinks: KindOf<ToolLinks> = (label) => ({
  schema: v.pipe(
    v.record(v.picklist(TOOLS, `${label}: tools must be among ${TOOLS.join(', ')}`), httpsLink, `${label} must be an object of tool → https link`),
    v.transform((links) => links as ToolLinks),
  ),
  fromText: fromJson,
  toText: (links) => JSON.stringify(links),
});
