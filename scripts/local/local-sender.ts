/**
 * The local stand-in for the SQS event sources of the sender function: polls
 * the table-backed send queues every 250 ms, `now` mail first, and hands each
 * message to the same sender use case as in AWS (same token bucket, against
 * the SES emulator). A throttled email goes back with its backoff; anything
 * else leaves the queue; a crash leaves the message leased, to come back.
 */
import type { TableEmailQueue, LeasedEmail } from '../../functions/adapters/local/table-email-queue';
import type { Sender } from '../../functions/app/use-cases/send-queued';

/** Like an SQS batch. */
const BATCH = 10;

export interface LocalSender {
  stop: () => Promise<void>;
}

/** One poll: a batch from the priority queue, topped up from the bulk queue; resolves when it is handled. Returns how many were received. */
export async function pollOnce(queue: TableEmailQueue, sender: Sender, log?: (line: string) => void): Promise<number> {
  const now = await queue.receive('now', BATCH);
  const messages: LeasedEmail[] = [...now, ...(now.length < BATCH ? await queue.receive('bulk', BATCH - now.length) : [])];
  await Promise.all(
    messages.map(async (message) => {
      try {
        const result = await sender.send(message);
        if (result.outcome === 'retry') await queue.retryLater(message, result.delaySeconds);
        else await queue.delete(message);
        if (result.outcome !== 'sent') log?.(`email ${message.item.template}: ${result.outcome}`);
      } catch (error) {
        // Left leased: it comes back after the visibility timeout, as from SQS.
        log?.(`sender error: ${(error as Error).name}: ${(error as Error).message}`);
      }
    }),
  );
  return messages.length;
}

/** Sends everything visible now (tests and one-off commands), `now` mail first. */
export async function drainLocalQueue(queue: TableEmailQueue, sender: Sender, log?: (line: string) => void): Promise<void> {
  while ((await pollOnce(queue, sender, log)) > 0);
}

export function startLocalSender(queue: TableEmailQueue, sender: Sender, log: (line: string) => void, intervalMs = 250): LocalSender {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    running ??= drainLocalQueue(queue, sender, log)
      .catch((error: Error) => log(`sender error: ${error.name}: ${error.message}`))
      .finally(() => (running = undefined));
  }, intervalMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
