/**
 * The kinds of value a setting holds. Each kind knows its typed value (what cdk.json, a
 * JSON edit in the admin console and the functions' configuration hold) and how the value
 * is written as text (`-c key=value`, an environment variable). `label` names the setting
 * in messages as the person typed it: `meetingCadenceDays` in CDK context,
 * `MEETING_CADENCE_DAYS` in the environment.
 */
import * as v from 'valibot';
import { isCronExpression } from '../lib/cron';

export interface Kind<T> {
  /** Checks (and normalises) a typed value. */
  schema: v.GenericSchema<unknown, T>;
  /** Text → the input `schema` takes. */
  fromText(text: string): unknown;
  /** The value as text, for an environment variable. */
  toText(value: T): string;
}

export type KindOf<T> = (label: string) => Kind<T>;

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** A kind whose value is text already: written as it is. */
const textKind = (schema: v.GenericSchema<unknown, string>): Kind<string> => ({ schema, fromText: (s) => s, toText: (s) => s });

/** A kind whose value is a number: written in decimal. */
const numberKind = (schema: v.GenericSchema<unknown, number>): Kind<number> => ({ schema, fromText: (s) => Number(s.trim()), toText: String });

/** A kind whose value is a list: written as comma-separated text. */
const listKind = (schema: v.GenericSchema<unknown, string[]>): Kind<string[]> => ({ schema, fromText: (s) => s.split(','), toText: (list) => list.join(',') });

/** Longest text a one-line setting may hold. */
export const TEXT_MAX = 500;

/** A trimmed, non-empty line. */
export const text: KindOf<string> = (label) =>
  textKind(
    v.pipe(
      v.string(`${label} must be text`),
      v.trim(),
      v.minLength(1, `${label} must not be empty`),
      v.maxLength(TEXT_MAX, `${label} must be at most ${TEXT_MAX} characters`),
    ),
  );

/** An id made of lower-case letters, digits and dashes (part of resource names). */
export const slug: KindOf<string> = (label) =>
  textKind(v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,40}$/, `${label}: 1-40 lower-case letters, digits and dashes`)));

export const wholeNumber =
  (min: number, max = Number.MAX_SAFE_INTEGER): KindOf<number> =>
  (label) =>
    numberKind(
      v.pipe(
        v.number(`${label} must be a whole number`),
        v.integer(`${label} must be a whole number`),
        v.minValue(min, `${label} must be at least ${min}`),
        v.maxValue(max, `${label} must be at most ${max}`),
      ),
    );

/** A number of items per second. */
export const perSecond =
  (min: number, max: number): KindOf<number> =>
  (label) =>
    numberKind(
      v.pipe(
        v.number(`${label} must be a number`),
        v.minValue(min, `${label} must be at least ${min} (per second)`),
        v.maxValue(max, `${label} must be at most ${max} (per second)`),
      ),
    );

export const domain: KindOf<string> = (label) => textKind(v.pipe(v.string(), v.trim(), v.toLowerCase(), v.regex(DOMAIN, `${label} must be a domain name`)));

export const emailAddress: KindOf<string> = (label) =>
  textKind(v.pipe(v.string(), v.trim(), v.toLowerCase(), v.email(`${label} must be a bare email address`)));

/** Most domains an allow-list may hold. */
export const DOMAINS_MAX = 100;

/** Written as text: a comma-separated list. */
export const domainList: KindOf<string[]> = (label) =>
  listKind(
    v.pipe(
      v.array(v.string(`${label} must be a list of domains`), `${label} must be a list of domains`),
      v.maxLength(DOMAINS_MAX, `${label} may hold at most ${DOMAINS_MAX} domains`),
      v.transform((items) => items.map((d) => d.trim().toLowerCase().replace(/^@/, '')).filter(Boolean)),
      v.array(v.pipe(v.string(), v.regex(DOMAIN, `${label} must be a comma-separated list of domains, e.g. acme.com,acme.co.uk`))),
    ),
  );

/** Written as text: a comma-separated list; at least one address. */
export const emailList: KindOf<string[]> = (label) =>
  listKind(
    v.pipe(
      v.array(v.string()),
      v.transform((items) => items.map((a) => a.trim()).filter(Boolean)),
      v.array(v.pipe(v.string(), v.email(`${label} must be a comma-separated list of email addresses`))),
      v.minLength(1, `${label} needs at least one address`),
    ),
  );

/** An EventBridge Scheduler `cron(...)` expression (UTC): the functions and the local scheduler evaluate it too. */
export const cron: KindOf<string> = (label) =>
  textKind(v.pipe(v.string(), v.trim(), v.check(isCronExpression, `${label} must be an EventBridge cron(...) expression, e.g. cron(0 9 ? * MON *)`)));

/** An absolute URL without a trailing slash; `https` only when deployed. */
export const baseUrl =
  (httpsOnly: boolean): KindOf<string> =>
  (label) =>
    textKind(
      v.pipe(
        v.string(),
        v.trim(),
        v.url(`${label} must be an absolute URL`),
        v.check((u) => !httpsOnly || u.startsWith('https://'), `${label} must use https`),
        v.transform((u) => u.replace(/\/+$/, '')),
      ),
    );

/** One of a fixed list of words. */
export const oneOf =
  <const T extends string>(...choices: T[]): KindOf<T> =>
  (label) => ({
    schema: v.picklist(choices, `${label} must be one of ${choices.join(', ')}`) as v.GenericSchema<unknown, T>,
    fromText: (s) => s.trim().toLowerCase(),
    toText: String,
  });

/** Yes or no; written as text `true` or `false`. */
export const yesNo: KindOf<boolean> = (label) => ({
  schema: v.boolean(`${label} must be true or false`),
  fromText: (s) => (/^(true|yes|1)$/i.test(s.trim()) ? true : /^(false|no|0)$/i.test(s.trim()) ? false : s),
  toText: String,
});

export const routeZoneId: KindOf<string> = (label) =>
  textKind(v.pipe(v.string(), v.trim(), v.regex(/^Z[A-Z0-9]{1,31}$/, `${label} must be a Route 53 zone id like Z0123456789ABC`)));
