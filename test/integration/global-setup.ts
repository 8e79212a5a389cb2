/**
 * Starts DynamoDB Local (in memory) and the SES emulator once for the
 * integration project; each test file makes its own table, so files never share state.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../scripts/local/dynamodb-local';
import { freePort } from '../../scripts/local/ports';
import { startSesLocal } from '../../scripts/local/ses-local';

declare module 'vitest' {
  export interface ProvidedContext {
    ddbPort: number;
    sesPort: number;
  }
}

export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const [ddbPort, sesPort] = [await freePort(), await freePort()];
  const [dynamo, ses] = await Promise.all([startDynamoDbLocal(ddbPort, null), startSesLocal(sesPort)]);
  project.provide('ddbPort', ddbPort);
  project.provide('sesPort', sesPort);
  return async () => {
    await Promise.all([dynamo.stop(), ses.stop()]);
  };
}
