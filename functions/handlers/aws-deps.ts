import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoEmailLog } from '../adapters/dynamodb/email-log';
import { createDb } from '../adapters/dynamodb/client';
import { DynamoParticipantStore } from '../adapters/dynamodb/participant-store';
import { DynamoRateLimiter } from '../adapters/dynamodb/rate-limiter';
import { SecretsManagerSecrets } from '../adapters/aws/secrets-manager';
import { SesMailer } from '../adapters/ses/ses-mailer';
import { systemClock, ulidIds } from '../adapters/system';
import type { AppDeps } from '../app/deps';
import { loadAwsRuntimeConfig, loadProgramConfig } from '../config';

/** Builds the use cases' dependencies from the Lambda environment, once per cold start. */
export function awsDeps(env: Record<string, string | undefined>): AppDeps {
  const runtime = loadAwsRuntimeConfig(env);
  const config = loadProgramConfig(env, new Date());
  const db = createDb();
  return {
    config,
    clock: systemClock,
    ids: ulidIds,
    secrets: new SecretsManagerSecrets(new SecretsManagerClient({}), runtime.tokenSecretArn),
    participants: new DynamoParticipantStore(db, runtime.tableName),
    emailLog: new DynamoEmailLog(db, runtime.tableName),
    rateLimiter: new DynamoRateLimiter(db, runtime.tableName),
    mailer: new SesMailer(new SESv2Client({}), { from: config.sender, configurationSet: runtime.configurationSet }),
    log: (event, fields) => console.log(JSON.stringify({ event, ...fields })),
  };
}
