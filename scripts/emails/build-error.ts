/** A problem in the email sources, reported with the file it is in; the build exits with 1. */
export class BuildError extends Error {
  override name = 'BuildError' as const;
}
