/**
 * What the intro email tells a pair about practicalities: which tool to use and
 * when both are free, in each person's own time (the guide's tips 3 and 5).
 */
import { MINUTES_PER_DAY, ZoneClock, localWeekMinute, overlapIntervals, weeklyAvailability } from './matching/availability';
import type { AvailabilitySlot, Tool } from './signup-schema';
import { TOOLS } from './signup-schema';

export const TOOL_LABELS: Record<Tool, string> = {
  zoom: 'Zoom',
  teams: 'Microsoft Teams',
  meet: 'Google Meet',
  slack: 'Slack huddles',
  skype: 'Skype',
  phone: 'phone calls',
  in_person: 'meeting in person',
};

interface Person {
  firstName: string;
  preferredTools: readonly Tool[];
}

export function toolSuggestion(recipient: Person, partner: Person): string {
  const shared = TOOLS.filter((t) => recipient.preferredTools.includes(t) && partner.preferredTools.includes(t));
  if (shared[0]) return `You both like ${TOOL_LABELS[shared[0]]}, so that's an easy place to start.`;
  const named = (p: Person, you: boolean) => (p.preferredTools[0] ? `${TOOL_LABELS[p.preferredTools[0]]} for ${you ? 'you' : p.firstName}` : undefined);
  const both = [named(recipient, true), named(partner, false)].filter(Boolean);
  if (both.length === 2) return `You named different tools (${both.join(', ')}): pick one you can both use, and stick with it.`;
  return 'Pick one tool you can both use: the video tool your company already uses is usually the best fit.';
}

const DAY = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const hhmm = (minuteOfDay: number) => {
  const m = ((minuteOfDay % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};
const at = (localWeekMin: number) => ({ day: DAY[Math.floor(localWeekMin / MINUTES_PER_DAY) % 7] ?? '', time: hhmm(localWeekMin) });

export interface Schedule {
  firstName: string;
  timezone: string;
  availability: readonly AvailabilitySlot[];
}

/**
 * Up to three weekly windows when both are free, written in the recipient's
 * time with the partner's in brackets: "Tue 09:00–11:00 your time (15:00–17:00 for Grace)".
 */
export function overlapSummary(recipient: Schedule, partner: Schedule, atMs: number): string {
  const clock = new ZoneClock(atMs);
  const mine = weeklyAvailability(recipient.availability, recipient.timezone, clock);
  const theirs = weeklyAvailability(partner.availability, partner.timezone, clock);
  const windows = overlapIntervals(mine.intervals, theirs.intervals);
  const parts: string[] = [];
  let totalMinutes = 0;
  for (let i = 0; i < windows.length; i += 2) {
    const start = windows[i] as number;
    const length = (windows[i + 1] as number) - start;
    totalMinutes += length;
    if (parts.length === 3) continue;
    const a = localWeekMinute(mine, start);
    const b = localWeekMinute(theirs, start);
    if (!a || !b) continue;
    const from = at(a.localMinute);
    const partnerFrom = at(b.localMinute);
    const partnerDay = partnerFrom.day === from.day ? '' : `${partnerFrom.day} `;
    parts.push(
      `${from.day} ${from.time}–${hhmm(a.localMinute + length)} your time (${partnerDay}${partnerFrom.time}–${hhmm(b.localMinute + length)} for ${partner.firstName})`,
    );
  }
  if (parts.length === 0) return 'Your free hours barely overlap: agree on a time that works for both of you in your first messages.';
  const hours = Math.round((totalMinutes / 60) * 10) / 10;
  return `You're both free about ${hours} h a week: ${parts.join('; ')}${windows.length / 2 > 3 ? '; and more' : ''}.`;
}
