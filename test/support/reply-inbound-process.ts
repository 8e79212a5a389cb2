/**
 * The local reply pipeline (SMTP listener → handleReply → MIME parser) in a
 * process of its own, with a /health endpoint beside it, as `npm start` runs
 * them. A test talks to it over the network, so a reply that blocks the event
 * loop shows as a timeout instead of hanging the test runner. Prints one JSON
 * line with the ports, then one per handled message.
 */
import { createServer } from 'node:http';
import { mimeMessages } from '../../functions/adapters/email/parse-message';
import { startSmtpInbound } from '../../functions/adapters/local/smtp-inbound';
import { handleReply } from '../../functions/app/use-cases/handle-reply';
import { parseReplyAddress } from '../../functions/domain/reply-address';
import { memoryDeps } from './fakes';

const { deps } = memoryDeps();
const secret = await deps.secrets.tokenSecret();
const smtp = await startSmtpInbound({
  port: 0,
  acceptRecipient: (address) => parseReplyAddress(address, secret) !== undefined,
  onMessage: async (raw, envelope) => {
    const outcome = await handleReply({ ...deps, messages: mimeMessages }, { envelopeRecipients: envelope.to, raw });
    process.stdout.write(`${JSON.stringify({ outcome })}\n`);
  },
});
const health = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
health.listen(0, '127.0.0.1', () => {
  const address = health.address();
  process.stdout.write(`${JSON.stringify({ smtpPort: smtp.port, healthPort: typeof address === 'object' && address ? address.port : 0 })}\n`);
});
process.on('SIGTERM', () => void smtp.stop().then(() => process.exit(0)));
