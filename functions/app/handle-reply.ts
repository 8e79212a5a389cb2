import { createHash } from 'node:crypto';
import { parseReplyAddress } from '../domain/reply-address';
import { interpretReply } from '../domain/reply/interpret';
import type { Pair } from '../domain/pair';
import type { Participant } from '../domain/participant';
import type { InboundReply } from '../ports';
import type { JobDeps } from './deps';
import { pauseParticipant } from './pause';
import { recordActivity } from './record-activity';
import { unsubscribeParticipant } from './unsubscribe';

export type ReplyOutcome =
  | 'recorded'
  | 'duplicate'
  | 'paused'
  | 'unsubscribed'
  | 'ignored_auto_reply'
  | 'ignored_unknown_address'
  | 'ignored_not_member'
  | 'ignored_no_active_pair';

/**
 * A reply to one of our emails. It must be addressed to a reply address we
 * signed and come from a member of that pair (or the participant it was sent
 * to); anything else is ignored and logged without personal data. Commands in
 * the reply act ("stop", "pause", "met", a rating); every accepted reply counts
 * as pair activity, once per Message-ID.
 */
export async function handleReply(deps: JobDeps, reply: InboundReply): Promise<ReplyOutcome> {
  const outcome = await handle(deps, reply);
  deps.log?.('reply', { outcome });
  return outcome;
}

async function handle(deps: JobDeps, reply: InboundReply): Promise<ReplyOutcome> {
  if (reply.autoSubmitted) return 'ignored_auto_reply';
  const secret = await deps.secrets.tokenSecret();
  const target = reply.recipients.map((r) => parseReplyAddress(r, secret)).find(Boolean);
  if (!target || !reply.from) return 'ignored_unknown_address';

  let sender: Participant | undefined;
  let pair: Pair | undefined;
  if (target.kind === 'pair') {
    pair = await deps.pairs.get(target.id);
    if (!pair || pair.programId !== deps.config.id) return 'ignored_unknown_address';
    const members = await Promise.all([deps.participants.get(pair.mentorId), deps.participants.get(pair.menteeId)]);
    sender = members.find((m) => m?.email === reply.from);
  } else {
    const participant = await deps.participants.get(target.id);
    if (participant?.email === reply.from) sender = participant;
    pair = sender ? (await deps.pairs.pairsOf(sender.id)).find((p) => p.status !== 'ended') : undefined;
  }
  if (!sender) return 'ignored_not_member';

  const intent = interpretReply(reply.text);
  const key = `reply#${reply.messageId ?? createHash('sha256').update(`${reply.from}\n${reply.text}`).digest('base64url')}`;
  if (intent.kind === 'stop') {
    if (pair) await recordActivity(deps, pair, { key, participantId: sender.id, kind: 'stop', source: 'reply' });
    await unsubscribeParticipant(deps, sender);
    return 'unsubscribed';
  }
  if (intent.kind === 'pause') {
    await pauseParticipant(deps, sender);
    if (pair) await recordActivity(deps, pair, { key, participantId: sender.id, kind: 'pause', source: 'reply' });
    return 'paused';
  }
  if (!pair) return 'ignored_no_active_pair';
  return recordActivity(deps, pair, {
    key,
    participantId: sender.id,
    source: 'reply',
    ...(intent.kind === 'rating' ? { kind: 'rating', rating: intent.rating } : { kind: intent.kind }),
  });
}
