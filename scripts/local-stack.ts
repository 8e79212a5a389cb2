/**
 * `npm start`: the whole product on one laptop. DynamoDB Local (data kept under
 * .local/), the SES v2 emulator with its inbox, and the Hono app on Node, wired
 * exactly as in AWS. Ctrl-C stops everything.
 */
import { serve, type ServerType } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { ensureTable } from '../functions/adapters/dynamodb/create-table';
import { loadLocalConfig, loadProgramConfig } from '../functions/config';
import { mimeMessages } from '../functions/adapters/email/parse-message';
import { startSmtpInbound } from '../functions/adapters/local/smtp-inbound';
import { handleReply } from '../functions/app/use-cases/handle-reply';
import { parseReplyAddress } from '../functions/domain/reply-address';
import { createApp } from '../functions/http/app';
import { ensureAdminsSeeded } from '../functions/app/use-cases/admin/sign-in';
import { localDeps } from './local/deps';
import { startDynamoDbLocal, type RunningDynamoDb } from './local/dynamodb-local';
import { startLocalScheduler } from './local/local-scheduler';
import { ensureFirstSettingsVersion, withCurrentConfig } from '../functions/app/support/current-config';
import { startLocalSender } from './local/local-sender';
import { seedDemoProgram } from './local/demo-seed';
import { assertPortFree } from './local/ports';
import { localTokenSecret } from './local/secret';
import { startSesLocal, type RunningSes } from './local/ses-local';

const env = process.env;
// The pinned SDK runs fine on Node 20; its notice about future releases needing Node 22 belongs in the README, not in every start.
env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const stoppers: (() => Promise<void>)[] = [];
let stopping = false;

async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

async function main() {
  const local = loadLocalConfig(env);
  const config = loadProgramConfig({ ...env, PUBLIC_URL: env.PUBLIC_URL ?? `http://localhost:${local.port}` });

  await assertPortFree(local.port, 'PORT');
  await assertPortFree(local.sesPort, 'SES_PORT');
  await assertPortFree(local.ddbPort, 'DDB_PORT');
  await assertPortFree(local.smtpPort, 'SMTP_PORT');

  const dynamo: RunningDynamoDb = await startDynamoDbLocal(local.ddbPort, local.dataDir);
  stoppers.push(dynamo.stop);
  const table = await ensureTable(dynamo.client, local.tableName);

  const ses: RunningSes = await startSesLocal(local.sesPort);
  stoppers.push(ses.stop);

  const deps = localDeps({ config, dynamo: dynamo.client, ses: ses.client, tableName: local.tableName, secret: localTokenSecret(local.dataDir) });
  // A new table gets the demo program, so matching has people to pair straight away.
  const seeded = table === 'created' && env.DEMO_SEED !== '0' ? await seedDemoProgram(deps) : 0;
  // The admins in ADMIN_EMAILS can sign in at once.
  await ensureAdminsSeeded(deps);
  // The API starts: the deploy-time settings become version 1 now, not on some request.
  await ensureFirstSettingsVersion(deps);
  const app = createApp(deps, { clientAddress: (c) => getConnInfo(c).remote.address });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: local.port }, () => resolve(s));
  });
  stoppers.push(() => new Promise((resolve) => server.close(() => resolve())));

  // LOCAL_SCHEDULER=off leaves all firing to `npm run job` (tests that move the clock with --at need that).
  const scheduler = env.LOCAL_SCHEDULER === 'off' ? undefined : startLocalScheduler(deps, (line) => console.log(`  · ${line}`));
  if (scheduler) stoppers.push(scheduler.stop);

  // What the SQS event sources of the sender function do in AWS: drain the send queues into SES, at SES_MAX_SEND_RATE.
  const sender = startLocalSender(deps.emailQueue, deps.sender, (line) => console.log(`  · ${line}`));
  stoppers.push(sender.stop);

  // Replies: what SES receiving + the inbound Lambda do in AWS, on a local SMTP port.
  // Routed by the envelope (RCPT TO) only; there are no SES verdicts here, so mail counts as passing.
  const inboundDeps = { ...deps, messages: mimeMessages };
  const secret = await deps.secrets.tokenSecret();
  const smtp = await startSmtpInbound({
    port: local.smtpPort,
    acceptRecipient: (address) => parseReplyAddress(address, secret) !== undefined,
    onMessage: async (raw, envelope) => {
      const outcome = await handleReply(await withCurrentConfig(inboundDeps), { envelopeRecipients: envelope.to, raw });
      console.log(`  · reply: ${outcome}`);
    },
  });
  stoppers.push(smtp.stop);

  const next = await scheduler?.next();
  console.log(
    [
      '',
      `  ${config.name} is running locally`,
      '',
      `  Sign-up form   ${config.publicUrl}/`,
      `  Admin console  ${config.publicUrl}/admin  (sign in as one of ADMIN_EMAILS: ${config.admins.join(', ') || 'none set'}; the link lands in the inbox)`,
      `  Inbox (SES)    http://localhost:${local.sesPort}/`,
      `  DynamoDB       http://localhost:${local.ddbPort}  table "${local.tableName}" (${table === 'created' ? 'created' : 'kept'}, data in ${local.dataDir}/)`,
      `  Replies (SMTP) localhost:${smtp.port}  (send to the reply+… address of any email)`,
      `  Sending        queued emails go to the inbox at up to ${config.sesMaxSendRate}/s (SES_MAX_SEND_RATE), waiting mail first`,
      scheduler
        ? `  Scheduler      heartbeat: matching next ${next?.matching?.toISOString() ?? 'never'}, digest next ${next?.digest?.toISOString() ?? 'never'} (program settings, /admin/settings); pair follow-ups fire when due`
        : '  Scheduler      off (LOCAL_SCHEDULER=off): run jobs with npm run job',
      '',
      ...(seeded ? [`  Demo program   ${seeded} confirmed participants (…@example.com) are waiting to be matched`] : []),
      '',
      '  Run a job now: npm run job -- match   (or followups --at 2026-12-10T09:00:00Z)',
      '',
      '  Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

main().catch((error: Error) => {
  console.error(`\n  Could not start: ${error.message}\n`);
  void stopAll(1);
});
