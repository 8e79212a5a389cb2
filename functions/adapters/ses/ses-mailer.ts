import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { Mailer, OutgoingEmail } from '../../ports';

const THROTTLING = new Set(['TooManyRequestsException', 'LimitExceededException', 'ThrottlingException', 'Throttling']);

export interface SesMailerOptions {
  from: string;
  configurationSet?: string;
  /** Attempts for throttled sends (SES max send rate), with exponential backoff and full jitter. */
  maxAttempts?: number;
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Told of each throttled call (an operational metric); the call is retried or, past maxAttempts, fails. */
  onThrottled?: () => void;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
// SES tag values allow only these characters.
const tagValue = (s: string) => s.replace(/[^A-Za-z0-9_.@-]/g, '_').slice(0, 256);

/** SES v2 SendEmail with Simple content: HTML + text parts, custom headers (List-Unsubscribe…). */
export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly options: SesMailerOptions,
  ) {}

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const command = new SendEmailCommand({
      FromEmailAddress: this.options.from,
      Destination: { ToAddresses: email.to },
      ReplyToAddresses: email.replyTo,
      ConfigurationSetName: this.options.configurationSet,
      EmailTags: Object.entries(email.tags).map(([Name, Value]) => ({ Name, Value: tagValue(Value) })),
      Content: {
        Simple: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: { Html: { Data: email.html, Charset: 'UTF-8' }, Text: { Data: email.text, Charset: 'UTF-8' } },
          Headers: email.headers.map((h) => ({ Name: h.name, Value: h.value })),
        },
      },
    });
    const { maxAttempts = 5, baseDelayMs = 200, sleep = realSleep, random = Math.random } = this.options;
    for (let attempt = 1; ; attempt++) {
      try {
        const out = await this.ses.send(command);
        return { messageId: out.MessageId ?? '' };
      } catch (error) {
        const name = (error as { name?: string }).name ?? '';
        if (!THROTTLING.has(name)) throw error;
        this.options.onThrottled?.();
        if (attempt >= maxAttempts) throw error;
        await sleep(Math.round(random() * baseDelayMs * 2 ** (attempt - 1)));
      }
    }
  }
}
