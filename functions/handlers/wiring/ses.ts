import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesMailer, SesSendQuota } from '../../adapters/ses/ses-mailer';
import { loadAwsSesConfig } from '../../config';
import type { ProgramConfig } from '../../domain/program';
import type { Env } from './common';

/**
 * SES for the sender: one attempt per call (the SDK's own retries could send twice on a
 * timeout), through the program's configuration set (SES_CONFIGURATION_SET), and the
 * account's 24-hour quota.
 */
export function sesSending(env: Env, config: ProgramConfig): { mailer: SesMailer; quota: SesSendQuota } {
  const ses = new SESv2Client({ maxAttempts: 1 });
  return { mailer: new SesMailer(ses, { from: config.sender, configurationSet: loadAwsSesConfig(env).configurationSet }), quota: new SesSendQuota(ses) };
}
