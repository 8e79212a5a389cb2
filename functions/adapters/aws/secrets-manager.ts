import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Secrets } from '../../ports';

/** Reads the token secret once per Lambda instance; later calls reuse the same promise. */
export class SecretsManagerSecrets implements Secrets {
  private cached: Promise<string> | undefined;

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretArn: string,
  ) {}

  tokenSecret(): Promise<string> {
    this.cached ??= this.client.send(new GetSecretValueCommand({ SecretId: this.secretArn })).then((out) => {
      if (!out.SecretString) throw new Error('token secret is empty');
      return out.SecretString;
    });
    this.cached.catch(() => (this.cached = undefined));
    return this.cached;
  }
}

/** For a function deployed without the secret (least privilege): any attempt to sign or check a token fails loudly. */
export const noTokenSecret: Secrets = {
  tokenSecret: () => Promise.reject(new Error('this function has no access to the token secret (TOKEN_SECRET_ARN is not set)')),
};
