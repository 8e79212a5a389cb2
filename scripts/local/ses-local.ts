import type { Server } from 'node:http';
import * as sesEmulator from 'aws-ses-v2-local';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { LOCAL_CREDENTIALS } from './dynamodb-local';

export interface RunningSes {
  port: number;
  client: SESv2Client;
  stop(): Promise<void>;
}

/** The SES v2 emulator with its web inbox (GET /) and store (GET /store), in this process. */
export async function startSesLocal(port: number): Promise<RunningSes> {
  // A CommonJS module: its default export arrives as `default` or as the module itself, by loader.
  const mod = sesEmulator as unknown as { default: typeof sesEmulator.default | { default: typeof sesEmulator.default } };
  const start = typeof mod.default === 'function' ? mod.default : mod.default.default;
  const server: Server = await start({ port, host: '127.0.0.1' });
  const client = startSesClient(port);
  return {
    port,
    client,
    stop: () =>
      new Promise<void>((resolve) => {
        client.destroy();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** An SES v2 client pointed at the emulator. */
export function startSesClient(port: number): SESv2Client {
  return new SESv2Client({ endpoint: `http://127.0.0.1:${port}`, region: 'aws-ses-v2-local', credentials: LOCAL_CREDENTIALS });
}
