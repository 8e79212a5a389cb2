/** Connects a one-off command (`npm run job`, demo data) to the running local stack. */
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { loadLocalConfig, loadProgramConfig } from '../../functions/config';
import type { Clock } from '../../functions/ports';
import { localDeps } from './deps';
import { localDynamoClient } from './dynamodb-local';
import { localTokenSecret } from './secret';
import { startSesClient } from './ses-local';

export async function connectToLocalStack(env: Record<string, string | undefined>, clock?: Clock) {
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const local = loadLocalConfig(env);
  const config = loadProgramConfig({ ...env, PUBLIC_URL: env.PUBLIC_URL ?? `http://localhost:${local.port}` });
  const dynamo = localDynamoClient(local.ddbPort);
  try {
    await dynamo.send(new ListTablesCommand({ Limit: 1 }));
  } catch {
    throw new Error(`The local stack is not running (no DynamoDB Local on port ${local.ddbPort}): start it with npm start in another terminal.`);
  }
  const ses = startSesClient(local.sesPort);
  const deps = localDeps({ config, dynamo, ses, tableName: local.tableName, secret: localTokenSecret(local.dataDir), clock, quiet: true });
  return { deps, close: () => (dynamo.destroy(), ses.destroy()) };
}
