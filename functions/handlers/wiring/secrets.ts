import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsManagerSecrets } from '../../adapters/aws/secrets-manager';
import type { Secrets } from '../../ports';
import { loadAwsSecretConfig } from '../../config';
import type { Env } from './common';

/** The token secret (TOKEN_SECRET_ARN), read once per instance on first use. */
export function tokenSecrets(env: Env): Secrets {
  return new SecretsManagerSecrets(new SecretsManagerClient({}), loadAwsSecretConfig(env).tokenSecretArn);
}
