import { wording } from '../../email-rendering/wording';
import { createHash } from 'node:crypto';
import type { Pair } from '../../domain/pair';
import { firstName, type Participant } from '../../domain/participant';
import { memberOf, parseReplyAddress, type ReplyTarget } from '../../domain/reply-address';
import { isCommand, isDestructive, interpretReply, type Rating, type ReplyIntent } from '../../domain/reply/interpret';
import { MAX_ENVELOPE_RECIPIENTS, MAX_INBOUND_BYTES, MAX_REPLY_TARGETS } from '../../domain/reply/limits';
import { domainOf, earlyRefusal, verdictRefusal, type VerdictRefusal } from '../../domain/reply/verdicts';
import type { InboundMail, MessageParser, ParsedReply } from '../../ports';
import type { JobDeps } from '../support/deps';
import { deliverToParticipant } from '../support/deliver-email';
import { signedLink } from '../support/links';
import { sendReplyConfirmation } from '../support/reply-confirmation';
import { PAUSE_DAYS } from './pause';
import { answerFitByReply, confirmNotFitByReply } from './fit-check/fit-by-reply';
import { recordActivity } from './record-activity';
import { answerFromReply } from './first-meeting/answer-invitation';

/** The reply use case also needs MIME parsing, behind its port. */
export interface InboundDeps extends JobDeps {
  messages: MessageParser;
}

export type ReplyOutcome =
  | 'recorded'
  | 'duplicate'
  | 'confirmation_sent'
  | 'confirmation_skipped'
  | 'ignored_too_big'
  | 'ignored_unknown_address'
  | 'ignored_failed_checks'
  | 'ignored_unparseable'
  | 'ignored_auto_reply'
  | 'ignored_not_member'
  | 'ignored_no_active_pair';

export { CONFIRMATIONS_PER_DAY } from '../support/reply-confirmation';

interface Result {
  outcome: ReplyOutcome;
  /** Why the checks refused it (no personal data). */
  refusal?: VerdictRefusal;
  /** A command from someone the reply address was not sent to, read as a plain message. */
  commandIgnored?: boolean;
}

/**
 * An email to one of our reply addresses. Cheap checks come first and the body
 * is parsed last: the size, the envelope recipient (a reply address whose MAC
 * verifies; To/Cc headers are never read), and SES's verdicts. Then the sender
 * must be the person the address names, or for a pair address one of the pair.
 *
 * - A command (met, a rating, pause, stop) is believed only from the member the
 *   address was sent to, identified by the From address; from the partner (a
 *   reply-all) or to an old shared pair address, it is a plain message.
 * - Stop and pause never act by email: the member gets a link to the manage page
 *   at their own stored address, and the page acts on a button press.
 * - Everything else accepted counts as pair activity, once per Message-ID.
 *
 * Logged without personal data: the outcome and, when refused, why.
 */
export async function handleReply(deps: InboundDeps, mail: InboundMail): Promise<ReplyOutcome> {
  const result = await handle(deps, mail);
  deps.log?.('reply', { ...result });
  deps.metrics?.count('Replies', 1, { Outcome: result.outcome });
  return result.outcome;
}

async function handle(deps: InboundDeps, mail: InboundMail): Promise<Result> {
  if (Math.max(mail.size ?? 0, mail.raw.length) > MAX_INBOUND_BYTES) return { outcome: 'ignored_too_big' };
  const secret = await deps.secrets.tokenSecret();
  const targets = [...new Set(mail.envelopeRecipients.slice(0, MAX_ENVELOPE_RECIPIENTS).map((r) => r.trim().toLowerCase()))]
    .map((r) => parseReplyAddress(r, secret))
    .filter((t): t is ReplyTarget => t !== undefined)
    .slice(0, MAX_REPLY_TARGETS);
  if (targets.length === 0) return { outcome: 'ignored_unknown_address' };
  const early = mail.verdicts && earlyRefusal(mail.verdicts);
  if (early) return { outcome: 'ignored_failed_checks', refusal: early };

  let message: ParsedReply;
  try {
    message = await deps.messages.parse(mail.raw);
  } catch {
    // The same bytes fail the same way every time (e.g. thousands of MIME parts): dropped, not retried.
    return { outcome: 'ignored_unparseable' };
  }
  if (message.autoSubmitted) return { outcome: 'ignored_auto_reply' };
  if (!message.from) return { outcome: 'ignored_not_member' };
  const refusal = mail.verdicts && verdictRefusal(mail.verdicts, { fromDomain: domainOf(message.from), dkimDomains: message.dkimDomains });
  if (refusal) return { outcome: 'ignored_failed_checks', refusal };

  const sender = await senderOf(deps, targets, message.from);
  if (sender === 'unknown') return { outcome: 'ignored_unknown_address' };
  if (sender === 'stranger') return { outcome: 'ignored_not_member' };

  const read = interpretReply(message.text);
  const commandIgnored = isCommand(read) && !sender.mayCommand;
  const intent: ReplyIntent = commandIgnored ? { kind: 'message' } : read;
  const messageKey = digest(message.messageId ?? `${message.from}\n${message.text}`);

  if (intent.kind === 'fit' && intent.answer !== 'not' && sender.pair)
    return { outcome: await answerFitByReply(deps, sender.pair, sender.participant, intent.answer, messageKey) };
  if (isDestructive(intent)) return { outcome: await askToConfirm(deps, sender.participant, intent, messageKey) };
  if (!sender.pair) return { outcome: 'ignored_no_active_pair', commandIgnored };
  const outcome = await recordActivity(deps, sender.pair, {
    key: `reply#${messageKey}`,
    participantId: sender.participant.id,
    source: 'reply',
    ...activityOf(intent),
  });
  if (outcome === 'recorded') await answerFromReply(deps, sender, intent, message); // the first meeting's invitation (once per message)
  return { outcome, ...(commandIgnored ? { commandIgnored } : {}) };
}

/**
 * The activity a reply records. Invitation and fit-check answers that nothing awaits
 * are plain messages: they still count as contact.
 */
function activityOf(intent: ReplyIntent): { kind: 'rating'; rating: Rating } | { kind: 'met' | 'message' } {
  if (intent.kind === 'rating') return { kind: 'rating', rating: intent.rating };
  if (intent.kind === 'met') return { kind: 'met' };
  return { kind: 'message' };
}

/** Message-IDs are chosen by the sender: keys use a fixed-length digest of them. */
const digest = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 32);

interface Sender {
  participant: Participant;
  /** The pair the reply is about: the address's pair, or the participant's running one. */
  pair?: Pair;
  /** Whether the From address is the member the reply address was sent to. */
  mayCommand: boolean;
}

/** Who wrote, among the people the reply addresses name; the one whose own address it is wins. */
async function senderOf(deps: JobDeps, targets: ReplyTarget[], from: string): Promise<Sender | 'unknown' | 'stranger'> {
  let found: Sender | 'unknown' | 'stranger' = 'unknown';
  for (const target of targets) {
    const sender = await senderFor(deps, target, from);
    if (typeof sender === 'object' && sender.mayCommand) return sender;
    if (typeof sender === 'object' || (sender === 'stranger' && found === 'unknown')) found = sender;
  }
  return found;
}

async function senderFor(deps: JobDeps, target: ReplyTarget, from: string): Promise<Sender | 'unknown' | 'stranger'> {
  if (target.kind === 'p') {
    const participant = await deps.participants.get(target.id);
    if (!participant || participant.programId !== deps.config.id) return 'unknown';
    if (participant.email !== from) return 'stranger';
    const pair = (await deps.pairs.pairsOf(participant.id)).find((p) => p.status !== 'ended');
    return { participant, ...(pair ? { pair } : {}), mayCommand: true };
  }
  const pair = await deps.pairs.get(target.id);
  if (!pair || pair.programId !== deps.config.id) return 'unknown';
  const members = await Promise.all([deps.participants.get(pair.mentorId), deps.participants.get(pair.menteeId)]);
  const participant = members.find((m): m is Participant => m !== undefined && m.email === from);
  if (!participant) return 'stranger';
  // An old shared `pair` address names no member: never a command.
  return { participant, pair, mayCommand: participant.id === memberOf(target, pair) };
}

const REQUESTS: Record<'stop' | 'pause', (programName: string) => string> = {
  stop: (programName) => `stop all emails from ${programName}`,
  pause: () => `pause reminders for ${PAUSE_DAYS} days`,
};

/**
 * Stop and pause by email: a link to the manage page, sent to the member's own
 * stored address (never the From header), once per reply message and at most
 * CONFIRMATIONS_PER_DAY a day. The page changes nothing until a button is pressed.
 */
async function askToConfirm(
  deps: JobDeps,
  participant: Participant,
  intent: Extract<ReplyIntent, { kind: 'stop' | 'pause' | 'fit' }>,
  messageKey: string,
): Promise<ReplyOutcome> {
  // "not a good fit" by reply: a link to the member's own fit page, where a button press confirms it.
  if (intent.kind === 'fit') return confirmNotFitByReply(deps, participant, messageKey);
  const key = `command-confirm#${participant.id}#${messageKey}`;
  return sendReplyConfirmation(deps, participant, key, async () =>
    deliverToParticipant(deps, {
      key,
      template: 'command-confirm',
      to: participant,
      // They asked just now: a pause must not swallow the way to confirm it (a suppressed address still gets nothing).
      requestedNow: true,
      vars: {
        firstName: firstName(participant.name),
        request: REQUESTS[intent.kind](deps.config.name),
        manageUrl: `${await signedLink(deps, 'unsubscribe', participant.id)}?ask=${intent.kind}`,
        preheader: wording['command-confirm'].preheader(),
      },
    }),
  );
}
