import { describe, expect, it } from 'vitest';
import { MAX_CALENDAR_CHARS, readCalendarReply } from '../../../functions/domain/calendar/reply';

const reply = (lines: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'METHOD:REPLY', 'BEGIN:VEVENT', ...lines, 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');

describe('reading a calendar REPLY', () => {
  it("reads UID, SEQUENCE and the one attendee's PARTSTAT, with folded lines and quoted parameters", () => {
    // As Outlook writes it: a folded ATTENDEE line, a quoted CN holding ':' and ';'.
    const text = reply([
      'UID:first-meeting-p1@reply.example.com',
      'SEQUENCE:2',
      'ATTENDEE;CN="Lovelace; Ada: mentee";PARTSTAT=ACCEPTED;RSVP=TRUE:mailto:ada@exa',
      ' mple.com',
    ]);
    expect(readCalendarReply(text)).toEqual({ uid: 'first-meeting-p1@reply.example.com', sequence: 2, partstat: 'ACCEPTED' });
    expect(readCalendarReply(reply(['UID:u', 'ATTENDEE;PARTSTAT=declined:mailto:a@b']))).toEqual({ uid: 'u', sequence: 0, partstat: 'DECLINED' });
  });

  it('refuses what is not one REPLY with one answering attendee', () => {
    const ok = ['UID:u', 'SEQUENCE:1', 'ATTENDEE;PARTSTAT=ACCEPTED:mailto:a@b'];
    expect(readCalendarReply(reply(ok).replace('METHOD:REPLY', 'METHOD:REQUEST'))).toBeUndefined();
    expect(readCalendarReply(reply([...ok, 'ATTENDEE;PARTSTAT=DECLINED:mailto:c@d']))).toBeUndefined();
    expect(readCalendarReply(reply(['UID:u', 'ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:a@b']))).toBeUndefined();
    expect(readCalendarReply(reply(['UID:u', 'SEQUENCE:-1', 'ATTENDEE;PARTSTAT=ACCEPTED:mailto:a@b']))).toBeUndefined();
    expect(readCalendarReply(reply(['SEQUENCE:1', 'ATTENDEE;PARTSTAT=ACCEPTED:mailto:a@b']))).toBeUndefined();
    // Two events in one REPLY: which one is answered is unclear.
    expect(readCalendarReply(reply([...ok, 'END:VEVENT', 'BEGIN:VEVENT', ...ok]))).toBeUndefined();
  });

  it('is bounded: oversized or over-long input is refused without reading it', () => {
    expect(readCalendarReply(reply(['UID:u', 'ATTENDEE;PARTSTAT=ACCEPTED:mailto:a@b', `X-PAD:${'x'.repeat(MAX_CALENDAR_CHARS)}`]))).toBeUndefined();
    expect(readCalendarReply(reply(['UID:u', 'ATTENDEE;PARTSTAT=ACCEPTED:mailto:a@b', ...Array(3000).fill('X:1')]))).toBeUndefined();
    expect(readCalendarReply(reply([`UID:${'u'.repeat(300)}`, 'ATTENDEE;PARTSTAT=ACCEPTED:mailto:a@b']))).toBeUndefined();
  });
});
