import { GetAccountCommand, SendEmailCommand, type SendEmailCommandInput, type SESv2Client } from '@aws-sdk/client-sesv2';
import {
  isRawEmail,
  SendRejected,
  SendThrottled,
  SendUnavailable,
  type Mailer,
  type OutgoingEmail,
  type RawEmail,
  type SendQuota,
  type SendQuotaSource,
} from '../../ports';
import { calendarMime } from './calendar-mime';

/** SES's answers for "too fast" and "over quota" (SES v1 said Throttling): nothing was sent. */
const THROTTLING = new Set(['TooManyRequestsException', 'LimitExceededException', 'ThrottlingException', 'Throttling']);

export interface SesMailerOptions {
  from: string;
  configurationSet?: string;
}

// SES tag values allow only these characters.
const tagValue = (s: string) => s.replace(/[^A-Za-z0-9_.@-]/g, '_').slice(0, 256);
const tagsOf = (tags: Record<string, string> = {}) => Object.entries(tags).map(([Name, Value]) => ({ Name, Value: tagValue(Value) }));

/** Whether SES refused for its rate or quota (by error name, or HTTP 429 from a stand-in that names it otherwise). */
export function isSesThrottling(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return THROTTLING.has(e?.name ?? '') || e?.$metadata?.httpStatusCode === 429;
}

/** Network failures before a request reached SES: nothing can have been sent. */
const NOT_REACHED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * What a failed SendEmail means for the email: throttled or unavailable (SES answered 429 or 5xx, or
 * was never reached: nothing sent, try later), rejected (another 4xx: it never will be), or the error
 * itself when SES may have taken the email (a timeout, a connection lost mid-call: at most once means
 * it is not sent again).
 */
export function classifySendError(error: unknown): Error {
  const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; $response?: unknown } | undefined;
  const name = e?.name || 'Error';
  const status = e?.$metadata?.httpStatusCode;
  if (isSesThrottling(error)) return new SendThrottled(name, { cause: error });
  if ((status !== undefined && status >= 500) || NOT_REACHED.has(e?.code ?? '')) return new SendUnavailable(name, { cause: error });
  if (status !== undefined && status >= 400) return new SendRejected(name, { cause: error });
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * SES v2 SendEmail, one attempt per call: Simple content (HTML + text parts,
 * custom headers such as List-Unsubscribe) or Raw content (a full MIME
 * message, e.g. with a calendar part). Errors become the port's
 * (classifySendError), for the sender to put the email back in its queue or
 * record it; retrying here would hold a sender instance, and retrying a
 * timeout could send twice. The SES
 * client given to the sender is built with `maxAttempts: 1` for the same
 * reason (the SDK would otherwise retry timeouts and 5xx answers).
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly options: SesMailerOptions,
  ) {}

  async send(email: OutgoingEmail | RawEmail): Promise<{ messageId: string }> {
    const common = { ConfigurationSetName: this.options.configurationSet, EmailTags: tagsOf(email.tags) };
    const raw = isRawEmail(email) ? email.raw : email.calendar ? await calendarMime({ ...email, calendar: email.calendar }, this.options.from) : undefined;
    const input: SendEmailCommandInput =
      isRawEmail(email) || raw !== undefined
        ? // The message's own From/To/Cc headers address a raw email.
          { ...common, Content: { Raw: { Data: new TextEncoder().encode(raw) } } }
        : {
            ...common,
            FromEmailAddress: this.options.from,
            Destination: { ToAddresses: email.to },
            ReplyToAddresses: email.replyTo,
            Content: {
              Simple: {
                Subject: { Data: email.subject, Charset: 'UTF-8' },
                Body: { Html: { Data: email.html, Charset: 'UTF-8' }, Text: { Data: email.text, Charset: 'UTF-8' } },
                Headers: email.headers.map((h) => ({ Name: h.name, Value: h.value })),
              },
            },
          };
    try {
      const out = await this.ses.send(new SendEmailCommand(input));
      return { messageId: out.MessageId ?? '' };
    } catch (error) {
      throw classifySendError(error);
    }
  }
}

/** The account's 24-hour quota from SESv2 GetAccount (SendQuota). Max24HourSend is -1 for an unlimited account. */
export class SesSendQuota implements SendQuotaSource {
  constructor(private readonly ses: SESv2Client) {}
  async read(): Promise<SendQuota> {
    const { SendQuota: q } = await this.ses.send(new GetAccountCommand({}));
    return { max24HourSend: q?.Max24HourSend ?? -1, sentLast24Hours: q?.SentLast24Hours ?? 0 };
  }
}

/** Locally there is no account quota (the SES emulator has none): never defers. */
export const unlimitedQuota: SendQuotaSource = { read: async () => ({ max24HourSend: -1, sentLast24Hours: 0 }) };
