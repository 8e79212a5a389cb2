/**
 * A calendar's answer to an invitation (iTIP REPLY, RFC 5546 §3.2.3), read from an inbound
 * email's text/calendar part by a small, strictly bounded reader: only the few properties a
 * REPLY needs, nothing recursive, never more than MAX_CALENDAR_CHARS and MAX_CALENDAR_LINES.
 * Anyone can send us a calendar part, so it decides nothing alone: the reply address (and its
 * MAC) says which member answered; the ATTENDEE's address is not read at all. A REPLY names
 * exactly one attendee (the one answering); anything else is not a reply we act on.
 */
export type PartStat = 'ACCEPTED' | 'DECLINED' | 'TENTATIVE';

export interface CalendarReply {
  uid: string;
  sequence: number;
  partstat: PartStat;
}

export const MAX_CALENDAR_CHARS = 64 * 1024;
export const MAX_CALENDAR_LINES = 2_000;
const MAX_UID_CHARS = 255;

/** Property name, parameters and value of one unfolded content line (RFC 5545 §3.1), or undefined. */
function contentLine(line: string): { name: string; params: Map<string, string>; value: string } | undefined {
  // The value starts at the first ':' outside a quoted parameter value.
  let quoted = false;
  let colon = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon < 0) return undefined;
  const [name = '', ...rawParams] = line.slice(0, colon).split(';');
  const params = new Map<string, string>();
  for (const p of rawParams) {
    const eq = p.indexOf('=');
    if (eq > 0)
      params.set(
        p.slice(0, eq).trim().toUpperCase(),
        p
          .slice(eq + 1)
          .replace(/^"|"$/g, '')
          .trim()
          .toUpperCase(),
      );
  }
  return { name: name.trim().toUpperCase(), params, value: line.slice(colon + 1).trim() };
}

/** The REPLY's answer, or undefined for anything that is not one well-formed REPLY with one answering attendee. */
export function readCalendarReply(text: string): CalendarReply | undefined {
  if (text.length > MAX_CALENDAR_CHARS) return undefined;
  const physical = text.split(/\r?\n/);
  if (physical.length > MAX_CALENDAR_LINES) return undefined;
  // Unfold: a line starting with a space or tab continues the previous one.
  const lines: string[] = [];
  for (const l of physical) {
    if ((l.startsWith(' ') || l.startsWith('\t')) && lines.length > 0) lines[lines.length - 1] += l.slice(1);
    else if (l.length > 0) lines.push(l);
  }
  let method: string | undefined;
  let events = 0;
  let inEvent = false;
  let uid: string | undefined;
  let sequence = 0;
  const partstats: string[] = [];
  for (const line of lines) {
    const prop = contentLine(line);
    if (!prop) continue;
    if (prop.name === 'BEGIN' && prop.value.toUpperCase() === 'VEVENT') {
      events++;
      inEvent = true;
    } else if (prop.name === 'END' && prop.value.toUpperCase() === 'VEVENT') inEvent = false;
    else if (!inEvent && prop.name === 'METHOD') method = prop.value.toUpperCase();
    else if (inEvent && prop.name === 'UID') uid = prop.value;
    else if (inEvent && prop.name === 'SEQUENCE') sequence = /^\d{1,6}$/.test(prop.value) ? Number(prop.value) : -1;
    else if (inEvent && prop.name === 'ATTENDEE') partstats.push(prop.params.get('PARTSTAT') ?? 'NEEDS-ACTION');
  }
  if (method !== 'REPLY' || events !== 1 || !uid || uid.length > MAX_UID_CHARS || sequence < 0 || partstats.length !== 1) return undefined;
  const partstat = partstats[0];
  if (partstat !== 'ACCEPTED' && partstat !== 'DECLINED' && partstat !== 'TENTATIVE') return undefined;
  return { uid, sequence, partstat };
}
