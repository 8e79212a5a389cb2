/** Whether `parse` takes `value` without throwing: the yes/no form of a check that throws on bad input. */
export function accepts<T>(parse: (value: T) => unknown, value: T): boolean {
  try {
    parse(value);
    return true;
  } catch {
    return false;
  }
}
