import type { S3InboundMessages } from '../../adapters/aws/s3-inbound-messages';
import { mimeMessages } from '../../adapters/email/parse-message';
import type { InboundDeps } from '../../app/use-cases/handle-reply';
import type { Observability } from '../observability';
import type { Env } from './common';
import { jobDeps } from './jobs';
import { inboundMessages } from './s3';

/** Replies: what the jobs have (a reply records activity and may email), the MIME parser, and the stored messages. */
export function inboundDeps(observability: Observability, env: Env = process.env): { deps: InboundDeps; stored: S3InboundMessages } {
  return { deps: { ...jobDeps(observability, env), messages: mimeMessages }, stored: inboundMessages(env) };
}
