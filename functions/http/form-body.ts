import { HTTPException } from 'hono/http-exception';
import type { Ctx } from './types';

/**
 * A form body that cannot be used: a truncated or garbled multipart body (400),
 * or a file where every field of our forms is text (422, naming the field).
 * on-error.tsx renders it as a page, or as `{"error","issues"}` for JSON callers.
 */
export class BadFormBody extends HTTPException {
  constructor(
    status: 400 | 422,
    readonly code: 'malformed_form' | 'file_not_allowed',
    readonly detail: string,
    readonly field?: string,
  ) {
    super(status, { message: code });
  }
}

export type FormFields = Record<string, string | string[]>;

/**
 * The one way routes read a form body. Parse failures become a 400 and a File
 * in any field a 422, before a route looks at a single value, so nothing is
 * written or sent for a body like that. Repeated fields come as arrays.
 */
export async function readForm(c: Ctx): Promise<FormFields> {
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody({ all: true });
  } catch {
    throw new BadFormBody(400, 'malformed_form', 'The form could not be read: it arrived incomplete or garbled.');
  }
  for (const [name, value] of Object.entries(body)) {
    if ((Array.isArray(value) ? value : [value]).some((one) => typeof one !== 'string')) {
      const field = name.length > 60 ? `${name.slice(0, 60)}…` : name;
      throw new BadFormBody(422, 'file_not_allowed', `The field “${field}” must be text, not a file.`, field);
    }
  }
  return body as FormFields;
}

/** One value per field, as a browser sends it: the last one when a field is repeated. */
export async function readFormSingle(c: Ctx): Promise<Record<string, string>> {
  const form = await readForm(c);
  return Object.fromEntries(Object.entries(form).map(([name, value]) => [name, Array.isArray(value) ? (value.at(-1) ?? '') : value]));
}
