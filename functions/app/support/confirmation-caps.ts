import { addressKey, hourOf, nextHourStart } from '../../domain/sign-up-protection';
import type { Participant } from '../../domain/participant';
import { wording } from '../../email-rendering/wording';
import type { DeferredConfirmation, Scheduler } from '../../ports';
import type { AppDeps, JobDeps } from './deps';
import { deliverToAdmins, type DeliveryOutcome } from './deliver-email';
import { consoleLink } from './links';
import { sendConfirmation } from './sign-up-emails';
import { dateFormat } from '../../lib/date-format';

/**
 * Emails one address may get from sign-ups (confirmations, "already registered"
 * notices, resent links) in a sliding 24 hours: enough for a person who signs up,
 * tries again and asks for a new link; too few to bomb anyone's inbox.
 */
export const ADDRESS_EMAIL_LIMIT = { max: 3, windowSeconds: 24 * 3600 } as const;

const HOUR_SECONDS = 3600;

/** What became of a sign-up email: sent (or skipped, or failed) now, deferred to a later hour, or refused by the per-address cap. */
export type CappedOutcome = DeliveryOutcome | 'deferred' | 'capped';

/** A key already claimed (sent, or in flight) would send nothing: it must not spend anyone's allowance. */
async function alreadyClaimed(deps: AppDeps, key: string): Promise<boolean> {
  const entry = await deps.emailLog.get(key);
  return entry !== undefined && entry.state !== 'failed';
}

/**
 * Takes one of the address's sign-up emails for the next 24 hours; false past the cap.
 * The limiter sees a keyed hash of the normalized address, never the address.
 */
export async function takeAddressAllowance(deps: AppDeps, email: string): Promise<boolean> {
  const key = `address:${addressKey(email, await deps.secrets.tokenSecret())}`;
  const { allowed } = await deps.rateLimiter.hitSliding(key, ADDRESS_EMAIL_LIMIT.max, ADDRESS_EMAIL_LIMIT.windowSeconds, deps.clock.now());
  if (!allowed) deps.log?.('address_cap_reached');
  return allowed;
}

/** Takes one of this UTC hour's program-wide confirmations; false past CONFIRMATIONS_PER_HOUR. */
export async function takeHourlyConfirmation(deps: AppDeps): Promise<boolean> {
  const { allowed } = await deps.rateLimiter.hit(`confirmations:${deps.config.id}`, deps.config.confirmationsPerHour, HOUR_SECONDS, deps.clock.now());
  return allowed;
}

/** A sign-up email other than a confirmation ("already registered"), within the per-address cap. */
export async function withinAddressCap(deps: AppDeps, email: string, key: string, send: () => Promise<DeliveryOutcome>): Promise<CappedOutcome> {
  if (await alreadyClaimed(deps, key)) return 'skipped';
  if (!(await takeAddressAllowance(deps, email))) return 'capped';
  return send();
}

/**
 * A confirmation email (new sign-up or resent link) within both caps: nothing past
 * the per-address cap; past the program's hourly cap it waits in the queue for the
 * next hour's drain (never dropped), and the admins hear about it once that hour.
 */
export async function confirmWithinCaps(deps: JobDeps, participant: Participant, key: string): Promise<CappedOutcome> {
  if (await alreadyClaimed(deps, key)) return 'skipped';
  if (!(await takeAddressAllowance(deps, participant.email))) return 'capped';
  if (await takeHourlyConfirmation(deps)) return sendConfirmation(deps, participant, key);
  const item: DeferredConfirmation = { participantId: participant.id, key, deferredAt: deps.clock.now().toISOString() };
  await deps.deferredConfirmations.add(deps.config.id, item);
  await drainNextHour(deps);
  deps.log?.('confirmation_deferred');
  deps.metrics?.count('ConfirmationsDeferred');
  return 'deferred';
}

/** Schedule names this process already created or found: saves a CreateSchedule call per deferred sign-up. */
const known = new WeakMap<Scheduler, Set<string>>();

/**
 * Makes sure the deferred confirmations are drained at the start of the next hour
 * (one schedule per hour: creating an existing name is a no-op) and tells the
 * admins, once for this hour, that the cap was reached.
 */
export async function drainNextHour(deps: JobDeps): Promise<void> {
  const now = deps.clock.now().toISOString();
  const at = nextHourStart(now);
  const hour = hourOf(at);
  const name = drainScheduleName(hour);
  const seen = known.get(deps.scheduler) ?? new Set<string>();
  known.set(deps.scheduler, seen);
  if (seen.has(name)) return;
  await deps.scheduler.scheduleOnce({ name, at, payload: { kind: 'deferred-confirmations', hour } });
  await tellAdmins(deps, now, at);
  seen.add(name);
}

/** One drain schedule per UTC hour, e.g. `deferred-confirmations-2026-11-30T10` (schedule names allow no colon). */
export const drainScheduleName = (hour: string) => `deferred-confirmations-${hour}`;

// Built on first use, not at import: the first Intl formatter loads ICU data (~30 ms of the API's cold start).
const dayLabel = (d: Date) => dateFormat({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
const clockLabel = (d: Date) => dateFormat({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }).format(d);

async function tellAdmins(deps: AppDeps, now: string, nextHour: string): Promise<void> {
  const hourStart = new Date(`${hourOf(now)}:00:00.000Z`);
  const limit = deps.config.confirmationsPerHour;
  await deliverToAdmins(deps, {
    key: `confirmations-deferred#${deps.config.id}#${hourOf(now)}`,
    template: 'confirmations-deferred',
    vars: {
      hourLabel: `${dayLabel(hourStart)}, ${clockLabel(hourStart)}–${clockLabel(new Date(nextHour))} UTC`,
      limit,
      resumesAt: `${clockLabel(new Date(nextHour))} UTC`,
      exportUrl: consoleLink(deps, '/admin/export.csv'),
      adminReason: wording['confirmations-deferred'].adminReason(limit),
      preheader: wording['confirmations-deferred'].preheader(`${clockLabel(new Date(nextHour))} UTC`),
    },
  });
}
