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
