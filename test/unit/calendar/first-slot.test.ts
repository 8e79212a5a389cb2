import { describe, expect, it } from 'vitest';
import { firstProposalFrom, meetingSlot, slotInZone, type MemberSchedule } from '../../../functions/domain/calendar/first-slot';

const la: MemberSchedule = { timezone: 'America/Los_Angeles', availability: [{ day: 'tue', from: '09:00', to: '11:00' }] };
const berlin: MemberSchedule = { timezone: 'Europe/Berlin', availability: [{ day: 'tue', from: '18:00', to: '20:00' }] };
const first = (a: MemberSchedule, b: MemberSchedule, pairedAt: string, minutes = 30) => meetingSlot(a, b, { notBefore: firstProposalFrom(pairedAt), minutes });

describe('the first meeting slot', () => {
  it('is the earliest shared slot at least 48 hours after pairing', () => {
    // Winter: LA is UTC−8, Berlin UTC+1: both free 17:00–19:00 UTC on Tuesdays.
    expect(first(la, berlin, '2026-11-30T09:00:00Z')).toEqual({ start: '2026-12-08T17:00:00.000Z', end: '2026-12-08T17:30:00.000Z' });
    // Paired on a Saturday evening: Tuesday is 70 h away, so this week's Tuesday counts.
    expect(first(la, berlin, '2026-12-05T19:00:00Z')?.start).toBe('2026-12-08T17:00:00.000Z');
    // Paired on Sunday at 18:00 UTC: the rest of Tuesday's window still holds 30 minutes.
    expect(first(la, berlin, '2026-12-06T18:00:00Z')?.start).toBe('2026-12-08T18:00:00.000Z');
    // At 18:31 the grid's next start (18:45) leaves 15 minutes: the next Tuesday.
    expect(first(la, berlin, '2026-12-06T18:31:00Z')?.start).toBe('2026-12-15T17:00:00.000Z');
  });

  it('follows the March switches: the US moves on 8 March, Europe on 29 March', () => {
    // Paired before the US switch, meeting after it: LA 09:00 PDT = 16:00 UTC, Berlin 18:00 CET = 17:00 UTC.
    expect(first(la, berlin, '2026-03-06T12:00:00Z')).toEqual({ start: '2026-03-10T17:00:00.000Z', end: '2026-03-10T17:30:00.000Z' });
    // After both switches: Berlin 18:00 CEST = 16:00 UTC.
    expect(first(la, berlin, '2026-03-30T12:00:00Z')?.start).toBe('2026-04-07T16:00:00.000Z');
    // Between the switches only one hour is shared: a 60-minute meeting fits, a 90-minute one never does.
    expect(first(la, berlin, '2026-03-06T12:00:00Z', 60)?.end).toBe('2026-03-10T18:00:00.000Z');
    expect(first(la, berlin, '2026-03-06T12:00:00Z', 90)?.start).toBe('2026-03-31T16:00:00.000Z');
  });

  it('follows the October (Europe, 25 Oct) and November (US, 1 Nov) switches', () => {
    expect(first(la, berlin, '2026-10-16T12:00:00Z')?.start).toBe('2026-10-20T16:00:00.000Z');
    expect(first(la, berlin, '2026-10-23T12:00:00Z')?.start).toBe('2026-10-27T17:00:00.000Z');
    expect(first(la, berlin, '2026-10-30T12:00:00Z')?.start).toBe('2026-11-03T17:00:00.000Z');
  });

  it('handles a half-hour offset (Asia/Kolkata, UTC+05:30)', () => {
    const kolkata: MemberSchedule = { timezone: 'Asia/Kolkata', availability: [{ day: 'mon', from: '20:00', to: '22:00' }] };
    const berlinMon: MemberSchedule = { timezone: 'Europe/Berlin', availability: [{ day: 'mon', from: '15:00', to: '17:00' }] };
    // Kolkata 20:00 = 14:30 UTC; Berlin 15:00 CET = 14:00 UTC: shared 14:30–16:00.
    expect(first(kolkata, berlinMon, '2026-11-30T09:00:00Z')?.start).toBe('2026-12-07T14:30:00.000Z');
    expect(slotInZone('2026-12-07T14:30:00.000Z', 'Asia/Kolkata')).toBe('Mon 7 Dec, 20:00 GMT+5:30');
  });

  it('handles Lord Howe Island, whose clocks move by half an hour (5 April 2026)', () => {
    const lordHowe: MemberSchedule = { timezone: 'Australia/Lord_Howe', availability: [{ day: 'mon', from: '08:00', to: '10:00' }] };
    const reykjavik: MemberSchedule = { timezone: 'Atlantic/Reykjavik', availability: [{ day: 'sun', from: '20:00', to: '23:30' }] };
    // Before the switch (UTC+11) Monday 08:00 is Sunday 21:00 UTC; after it (UTC+10:30), 21:30 UTC.
    expect(first(lordHowe, reykjavik, '2026-03-25T12:00:00Z')?.start).toBe('2026-03-29T21:00:00.000Z');
    expect(first(lordHowe, reykjavik, '2026-04-01T12:00:00Z')?.start).toBe('2026-04-05T21:30:00.000Z');
  });

  it('skips a slot inside a spring-forward gap', () => {
    const night: MemberSchedule = { timezone: 'Europe/Berlin', availability: [{ day: 'sun', from: '02:00', to: '03:00' }] };
    const utc: MemberSchedule = { timezone: 'Etc/UTC', availability: [{ day: 'sun', from: '00:00', to: '23:00' }] };
    // 29 March 2026 has no 02:00–03:00 in Berlin; the next Sunday's 02:00 CEST is 00:00 UTC.
    expect(first(night, utc, '2026-03-26T00:00:00Z')?.start).toBe('2026-04-05T00:00:00.000Z');
  });

  it('never double-books a member: it starts after the meetings they already have, or moves to another window', () => {
    const notBefore = firstProposalFrom('2026-11-30T09:00:00Z');
    const busy = [{ start: '2026-12-08T17:00:00.000Z', end: '2026-12-08T17:30:00.000Z' }];
    // The mentor's other new mentee has 17:00–17:30: this pair gets 17:30.
    expect(meetingSlot(la, berlin, { notBefore, minutes: 30, busy })?.start).toBe('2026-12-08T17:30:00.000Z');
    // Two meetings back to back, and an odd end (17:40) rounds up to the grid.
    const twice = [...busy, { start: '2026-12-08T17:30:00.000Z', end: '2026-12-08T17:40:00.000Z' }];
    expect(meetingSlot(la, berlin, { notBefore, minutes: 30, busy: twice })?.start).toBe('2026-12-08T17:45:00.000Z');
    // The whole window taken: the next week's.
    const full = [{ start: '2026-12-08T17:00:00.000Z', end: '2026-12-08T19:00:00.000Z' }];
    expect(meetingSlot(la, berlin, { notBefore, minutes: 30, busy: full })?.start).toBe('2026-12-15T17:00:00.000Z');
  });

  it('offers the next shared window after slots already tried, and nothing when none is left', () => {
    const tried = [{ start: '2026-12-08T17:00:00.000Z', end: '2026-12-08T17:30:00.000Z' }];
    const notBefore = firstProposalFrom('2026-11-30T09:00:00Z');
    expect(meetingSlot(la, berlin, { notBefore, minutes: 30, tried })?.start).toBe('2026-12-15T17:00:00.000Z');
    const twice = [...tried, { start: '2026-12-15T17:30:00.000Z', end: '2026-12-15T18:00:00.000Z' }];
    expect(meetingSlot(la, berlin, { notBefore, minutes: 30, tried: twice })?.start).toBe('2026-12-22T17:00:00.000Z');
    // The search is bounded: one week ahead holds one Tuesday, already tried.
    expect(meetingSlot(la, berlin, { notBefore, minutes: 30, tried, weeks: 1 })).toBeUndefined();
  });

  it('is undefined when the two are never free together', () => {
    const morning: MemberSchedule = { timezone: 'Europe/Berlin', availability: [{ day: 'wed', from: '09:00', to: '10:00' }] };
    expect(first(la, morning, '2026-11-30T09:00:00Z')).toBeUndefined();
    expect(first(la, { timezone: 'Europe/Berlin', availability: [] }, '2026-11-30T09:00:00Z')).toBeUndefined();
  });
});
