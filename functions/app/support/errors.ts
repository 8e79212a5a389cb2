/** Typed errors of the use cases; http/ maps each to a status code in one place. */
export class InvalidToken extends Error {
  override name = 'InvalidToken' as const;
  constructor(readonly reason: 'malformed' | 'forged' | 'expired' | 'wrong_purpose') {
    super(`invalid token: ${reason}`);
  }
}

export class NotFound extends Error {
  override name = 'NotFound' as const;
}

export class RateLimited extends Error {
  override name = 'RateLimited' as const;
  constructor(readonly retryAfterSeconds: number) {
    super('rate limited');
  }
}

/** A sign-up the program does not accept (e.g. an address outside the allowed domains); nothing was written or sent. */
export class InvalidSignup extends Error {
  override name = 'InvalidSignup' as const;
  constructor(readonly issues: { path: string; message: string }[]) {
    super('invalid sign-up');
  }
}

export interface Issue {
  /** Dotted path of the field, e.g. `goals.0.target`; `(body)` for the whole request. */
  path: string;
  message: string;
}

/** An admin request that cannot be done as asked (bad input, a stale version, a state that forbids it); nothing was written. */
export class AdminRequestRefused extends Error {
  override name = 'AdminRequestRefused' as const;
  constructor(
    readonly status: 400 | 404 | 409 | 422,
    readonly code: string,
    readonly issues: Issue[] = [],
  ) {
    super(`admin request refused: ${code}`);
  }
}

/** No valid admin session or API key came with the request (401; pages redirect to the sign-in form). */
export class Unauthenticated extends Error {
  override name = 'Unauthenticated' as const;
}

/** Credentials are valid but the request is not allowed (e.g. a cookie-authenticated change from another Origin). */
export class Forbidden extends Error {
  override name = 'Forbidden' as const;
}
