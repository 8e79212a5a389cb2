/**
 * Reading stored items field by field: each getter checks the type it
 * promises and names the item and field when it does not hold, so a malformed
 * item fails where it is read, not three calls later as `undefined`. Plain
 * TypeScript rather than a schema library: Lambda bundles stay small, and the
 * stores read few shapes.
 */

/** A stored item does not have the shape its type promises (written by hand, by an old version, or corrupted). */
export class MalformedItem extends Error {
  override name = 'MalformedItem' as const;
}

export type Item = Record<string, unknown>;

export class ItemFields {
  constructor(
    private readonly item: Item,
    /** What the item should be, for the error ("participant P#abc"). */
    private readonly what: string,
  ) {}

  private fail(field: string, expected: string): never {
    throw new MalformedItem(`${this.what}: ${field} must be ${expected}, found ${describe(this.item[field])}`);
  }

  has(field: string): boolean {
    return this.item[field] !== undefined;
  }

  string(field: string): string {
    const value = this.item[field];
    return typeof value === 'string' ? value : this.fail(field, 'a string');
  }

  optionalString(field: string): string | undefined {
    return this.has(field) ? this.string(field) : undefined;
  }

  number(field: string): number {
    const value = this.item[field];
    return typeof value === 'number' && Number.isFinite(value) ? value : this.fail(field, 'a number');
  }

  optionalNumber(field: string): number | undefined {
    return this.has(field) ? this.number(field) : undefined;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[]): T {
    const value = this.item[field];
    return allowed.includes(value as T) ? (value as T) : this.fail(field, `one of ${allowed.join(', ')}`);
  }

  optionalOneOf<T extends string>(field: string, allowed: readonly T[]): T | undefined {
    return this.has(field) ? this.oneOf(field, allowed) : undefined;
  }

  strings(field: string): string[] {
    const value = this.item[field];
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? [...(value as string[])] : this.fail(field, 'a list of strings');
  }

  optionalStrings(field: string): string[] | undefined {
    return this.has(field) ? this.strings(field) : undefined;
  }

  /** A list whose every entry is one of `allowed`. */
  oneOfEach<T extends string>(field: string, allowed: readonly T[]): T[] {
    const value = this.item[field];
    return Array.isArray(value) && value.every((v) => allowed.includes(v as T)) ? [...(value as T[])] : this.fail(field, `a list of ${allowed.join(', ')}`);
  }

  numbers(field: string): number[] {
    const value = this.item[field];
    return Array.isArray(value) && value.every((v) => typeof v === 'number') ? [...(value as number[])] : this.fail(field, 'a list of numbers');
  }

  /** A nested map, read with its own fields. */
  map(field: string): ItemFields {
    const value = this.item[field];
    return isMap(value) ? new ItemFields(value, `${this.what}.${field}`) : this.fail(field, 'a map');
  }

  /** A list of maps, each read with its own fields. */
  maps(field: string): ItemFields[] {
    const value = this.item[field];
    return Array.isArray(value) && value.every(isMap)
      ? value.map((v, i) => new ItemFields(v, `${this.what}.${field}[${i}]`))
      : this.fail(field, 'a list of maps');
  }

  literal<T extends string | number | boolean>(field: string, expected: T): T {
    return this.item[field] === expected ? expected : this.fail(field, JSON.stringify(expected));
  }
}

export const isMap = (value: unknown): value is Item => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Drops the fields that are `undefined`, so a parsed item equals what was written (optional fields stay absent). */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return value === null ? 'null' : `a ${typeof value}`;
}
