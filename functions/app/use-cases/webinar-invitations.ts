/**
 * The program's introductory session as a calendar invitation (issue 12 part 4): a newly
 * confirmed participant gets it (METHOD:REQUEST); when the admin changes it in the settings,
 * everyone who got it gets the update (a higher SEQUENCE), or a CANCEL when it is removed.
 * The update goes out from the hourly heartbeat, never inside the settings request: page by
 * page, once per participant and SEQUENCE (email key `webinar#<participantId>#<sequence>`),
 * the whole fan-out claimed once per SEQUENCE in the job-run log.
 */
import * as v from 'valibot';
import { calendarObject } from '../../domain/calendar/ics';
import { webinarEvent, webinarState, type WebinarState } from '../../domain/calendar/webinar';
import { firstName, type Participant, type ParticipantStatus } from '../../domain/participant';
import type { Webinar } from '../../domain/program';
import { replyAddress } from '../../domain/reply-address';
import { wording } from '../../email-rendering/wording';
import { mapLimit } from '../../lib/map-limit';
import { webinar as webinarKind } from '../../settings/program-kinds';
import type { AppDeps } from '../support/deps';
import { deliverToParticipant, type DeliveryOutcome } from '../support/deliver-email';
import { STALE_CLAIM_MS } from './run-recurring';
import { dateFormat } from '../../lib/date-format';

/** Settings versions read to find the one that last changed the session (pages of HISTORY_PAGE). */
const HISTORY_PAGE = 50;
const HISTORY_PAGES = 4;
/** Participants read per page of the fan-out, and emails queued at once. */
export const FAN_OUT_PAGE = 100;
const FAN_OUT_CONCURRENCY = 8;
/** Earlier SEQUENCEs looked up per participant: who got any of these gets the update. */
const EARLIER_LOOKED_UP = 5;
/** Everyone who may have confirmed and been invited. */
const INVITED_STATUSES: ParticipantStatus[] = ['waiting', 'matched', 'awaiting_approval', 'alumni'];

const PRODUCT = { company: 'mentor-loop', product: 'webinar' };
const parseWebinar = (value: unknown): Webinar | null => {
  const result = v.safeParse(webinarKind('webinar').schema, value);
  return result.success ? result.output : null;
};

/** The session's state from the settings history; before any version exists, the configuration's session as version 1 will hold it. */
export async function currentWebinar(deps: AppDeps): Promise<WebinarState | undefined> {
  const versions: { version: number; webinar: Webinar | null }[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < HISTORY_PAGES; page++) {
    const read = await deps.settingsStore.history(deps.config.id, { limit: HISTORY_PAGE, ...(cursor ? { cursor } : {}) });
    versions.push(...read.versions.map((s) => ({ version: s.version, webinar: parseWebinar(s.settings.webinar) })));
    // Stop as soon as the newest session's run and the one before it are both complete.
    const runs = new Set(versions.map((x) => JSON.stringify(x.webinar))).size;
    if (!read.cursor || runs > 2) break;
    cursor = read.cursor;
  }
  if (versions.length === 0) return deps.config.webinar ? { current: deps.config.webinar, sequence: 1, earlier: [] } : undefined;
  return webinarState(versions);
}

type Change = 'new' | 'updated' | 'cancelled';

function when(at: string, timeZone: string): string {
  const format = (options: Intl.DateTimeFormatOptions) => dateFormat({ ...options, timeZone }).format(new Date(at));
  return `${format({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })}, ${format({ hour: '2-digit', minute: '2-digit', timeZoneName: 'short' })} (one hour)`;
}

async function sendTo(deps: AppDeps, participant: Participant, webinar: Webinar, sequence: number, change: Change): Promise<DeliveryOutcome> {
  const organizerEmail = replyAddress('p', participant.id, await deps.secrets.tokenSecret(), deps.config.replyDomain);
  const method = change === 'cancelled' ? 'CANCEL' : 'REQUEST';
  const ics = calendarObject(
    webinarEvent({
      programId: deps.config.id,
      programName: deps.config.name,
      domain: deps.config.replyDomain,
      webinar,
      sequence,
      method,
      stamp: deps.clock.now().toISOString(),
      attendee: { name: participant.name, email: participant.email },
      organizerEmail,
    }),
    PRODUCT,
  );
  const copy = wording['webinar-invitation'];
  const whenText = when(webinar.at, participant.timezone);
  return deliverToParticipant(deps, {
    key: `webinar#${participant.id}#${sequence}`,
    template: 'webinar-invitation',
    to: participant,
    calendar: { method, ics },
    correctsCalendar: change !== 'new',
    vars: {
      heading: copy.heading(change, webinar.title),
      firstName: firstName(participant.name),
      lead: copy.lead(change, deps.config.name),
      sessionTitle: webinar.title,
      when: whenText,
      joinUrl: webinar.url,
      calendarNote: copy.calendarNote(change),
      preheader: copy.preheader(webinar.title, whenText),
    },
  });
}

/** After a confirmation: the invitation, when a session is set and still to come. */
export async function inviteToWebinar(deps: AppDeps, participant: Participant): Promise<DeliveryOutcome | 'none'> {
  const state = await currentWebinar(deps);
  if (!state?.current || Date.parse(state.current.at) <= deps.clock.now().getTime()) return 'none';
  return sendTo(deps, participant, state.current, state.sequence, 'new');
}

/** The invitation for someone just admitted (confirmed, or approved): the admission stands even if it cannot be queued now. */
export async function inviteToWebinarOrLog(deps: AppDeps, participant: Participant): Promise<void> {
  await inviteToWebinar(deps, participant).catch((error: unknown) => deps.log?.('webinar_invitation_failed', { reason: (error as Error).name || 'Error' }));
}

export type WebinarFanOut = { ran: false; reason: 'no_change' | 'past' | 'already_run' } | { ran: true; sequence: number; pages: number; queued: number };

/**
 * The heartbeat's part: when the session changed since invitations went out, the update (or
 * CANCEL) to each participant who got an earlier SEQUENCE, FAN_OUT_PAGE participants at a time.
 * Claimed once per SEQUENCE; a failure releases the claim (the next heartbeat runs it again, and
 * the emails already queued are skipped by their keys); a crash's claim is taken over after STALE_CLAIM_MS.
 */
export async function sendWebinarUpdates(deps: AppDeps): Promise<WebinarFanOut> {
  const state = await currentWebinar(deps);
  if (!state || state.earlier.length === 0) return { ran: false, reason: 'no_change' };
  const session = state.current ?? state.removed;
  if (!session) return { ran: false, reason: 'no_change' };
  const now = deps.clock.now();
  if (Date.parse(session.at) <= now.getTime()) return { ran: false, reason: 'past' };
  const programId = deps.config.id;
  const runKey = `sequence-${state.sequence}`;
  if (!(await deps.jobRuns.claim(programId, 'webinar', runKey, now.toISOString(), STALE_CLAIM_MS))) return { ran: false, reason: 'already_run' };
  const change: Change = state.current ? 'updated' : 'cancelled';
  const earlier = state.earlier.slice(0, EARLIER_LOOKED_UP);
  let pages = 0;
  let queued = 0;
  try {
    for (const status of INVITED_STATUSES) {
      let cursor: string | undefined;
      do {
        const page = await deps.participants.search(programId, { status }, { limit: FAN_OUT_PAGE, ...(cursor ? { cursor } : {}) });
        pages++;
        const outcomes = await mapLimit(page.participants, FAN_OUT_CONCURRENCY, async (p) =>
          (await wasInvited(deps, p.id, earlier)) ? sendTo(deps, p, session, state.sequence, change) : 'skipped',
        );
        queued += outcomes.filter((o) => o === 'queued').length;
        cursor = page.cursor;
      } while (cursor);
    }
  } catch (error) {
    await deps.jobRuns.release(programId, 'webinar', runKey);
    throw error;
  }
  await deps.jobRuns.finish(programId, 'webinar', runKey, deps.clock.now().toISOString());
  deps.log?.('webinar_updates', { sequence: state.sequence, pages, queued });
  return { ran: true, sequence: state.sequence, pages, queued };
}

async function wasInvited(deps: AppDeps, participantId: string, sequences: number[]): Promise<boolean> {
  for (const s of sequences) {
    const entry = await deps.emailLog.get(`webinar#${participantId}#${s}`);
    if (entry && entry.state !== 'failed') return true;
  }
  return false;
}
