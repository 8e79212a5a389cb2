/**
 * The prose the code writes into emails: preheaders (the inbox preview line) and the
 * admin notices' "why you get this" sentence. It lives here, next to the templates,
 * so use cases pass data (names, counts, times) and the words are read and changed in
 * one place. Each entry is keyed by its template; the wording is unchanged from when
 * it sat in the use cases.
 */
import type { TemplateName } from './catalogue';

type Wording = { readonly [N in TemplateName]?: Readonly<Record<string, (...args: never[]) => string>> };

export const wording = {
  invitation: { preheader: () => 'Your sign-up form is filled in already: check it, add your skills and availability, and join.' },
  confirm: { preheader: () => 'Confirm your address to join the matching pool: open the link and press the button.' },
  'already-registered': { preheader: () => 'Someone (hopefully you) signed up again with this address.' },
  intro: {
    preheader: (partnerFirstName: string) => `Meet ${partnerFirstName}: why we matched you, and how to make the first call easy.`,
    incentiveLine: (meetings: number, reward: string) =>
      `Log ${meetings} meeting${meetings === 1 ? '' : 's'} together (reply "met") and you both earn ${reward}.`,
  },
  'not-this-round': { preheader: () => "You're still in the pool, with priority next round." },
  icebreakers: { preheader: (partnerFirstName: string) => `Three easy questions for your next call with ${partnerFirstName}.` },
  starters: { preheader: () => 'From getting to know each other to what you want to work on.' },
  checkin: { preheader: () => 'One click tells us how it went.' },
  'closing-survey': { preheader: () => 'Two minutes of feedback, and a seat in the next round if you want one.' },
  nudge: { preheader: (daysQuiet: number) => `It has been ${daysQuiet} days: here is when you are both free.` },
  'nudge-second': { preheader: () => 'A short call is enough to get going again.' },
  'command-confirm': { preheader: () => 'Nothing has changed yet: one press on the page confirms it.' },
  escalation: {
    preheader: (daysQuiet: number) => `${daysQuiet} days without activity after two reminders.`,
    adminReason: (daysQuiet: number, cadenceDays: number) =>
      `Neither of them has checked in, given feedback or replied for ${daysQuiet} days, three times the program's ${cadenceDays}-day meeting cadence, and two reminders went unanswered.`,
    /** The pair's last activity as a phrase; `lastActivityDay` is null when there was none since pairing. */
    lastActivity: (lastActivityDay: string | null) => (lastActivityDay === null ? 'no activity since pairing' : `last activity ${lastActivityDay}`),
  },
  'confirmations-deferred': {
    preheader: (resumesAt: string) => `Sign-ups are all stored; the rest of this hour's confirmations go out from ${resumesAt}.`,
    adminReason: (limit: number) =>
      `More than ${limit} people asked for a confirmation email within one hour, the program's CONFIRMATIONS_PER_HOUR cap (CDK context confirmationsPerHour). You get this notice at most once per hour in which that happens.`,
  },
  'send-quota-near': {
    preheader: () => 'Intros and follow-ups wait; confirmations and sign-in links still go out.',
    adminReason: (percentUsed: number) =>
      `The SES account has sent ${percentUsed}% of its 24-hour quota. You get this notice at most once a day while that lasts.`,
  },
  'round-reminder': {
    preheader: (pairCount: number) => `${pairCount} proposed pairs are waiting to be published.`,
    adminReason: () =>
      'The program matches in review mode: a round proposes pairs and sends nothing until an admin publishes it. You get this reminder once per round left unpublished for seven days.',
  },
  'fit-check': { preheader: () => 'Good fit, still deciding, or not a good fit: one click, and only we see it.' },
  'fit-ended': { preheader: () => "Nobody is to blame: you're first in line for the next round." },
  'fit-confirm': { preheader: () => 'Nothing has changed yet: one press on the page confirms it.' },
  'webinar-invitation': {
    preheader: (title: string, when: string) => `${title}, ${when}.`,
    heading: (change: 'new' | 'updated' | 'cancelled', title: string) =>
      change === 'new' ? `You're invited: ${title}` : change === 'updated' ? `Updated: ${title}` : `Cancelled: ${title}`,
    lead: (change: 'new' | 'updated' | 'cancelled', programName: string) =>
      change === 'new'
        ? `Welcome to ${programName}! Our introductory session sets expectations for the program: how matching works, what a good first meeting looks like, and what to ask your partner.`
        : change === 'updated'
          ? `The introductory session of ${programName} has changed. Here are the new details; your calendar entry is updated too.`
          : `The introductory session of ${programName} is cancelled. Your calendar entry is removed too.`,
    calendarNote: (change: 'new' | 'updated' | 'cancelled') =>
      change === 'cancelled'
        ? 'Your calendar app should remove the event when you open this email.'
        : 'This email carries a calendar invitation: accept it in your calendar app to keep the session in your calendar.',
  },
  digest: { preheader: (weekLabel: string, headline: string) => `${weekLabel}: ${headline}.` },
  'mentor-choice': {
    preheader: (count: number) =>
      count === 1 ? 'A mentor we think suits you: one press to choose.' : `${count} mentors we think suit you: pick the one you like.`,
    leadRound: (programName: string, count: number) =>
      count === 1
        ? `It's your turn in ${programName}: here is a mentor we think suits you. If you'd like to go ahead, choose them below.`
        : `It's your turn in ${programName}: here are ${count} mentors we think suit you. Have a look and choose the one you'd like to work with.`,
    leadAgain: (programName: string) =>
      `Your mentor pairing in ${programName} couldn't go ahead after all: that happens, and it's nothing you did. Here are mentors with room right now; choose the one you'd like to work with.`,
    deadlineLine: (day: string) => `if you haven't chosen by ${day}, we'll pair you with the mentor who suits you best at that point.`,
  },
  'first-meeting': {
    preheader: (partnerFirstName: string) => `A time you and ${partnerFirstName} are both free: accept it in your calendar, or reply "accept".`,
    firstLead: (partnerFirstName: string) => `You and ${partnerFirstName} are both free at this time, so we put your first meeting there.`,
    newLead: (partnerFirstName: string) => `The last time did not suit you both, so here is the next time you and ${partnerFirstName} are both free.`,
    noTool: () => 'a video call (agree on the tool when you accept)',
  },
  'first-meeting-by-reply': { preheader: () => 'Three times did not suit: reply with a time or two that work for you.' },
  'first-meeting-cancelled': { preheader: () => 'The invitation is withdrawn from your calendar.' },
} satisfies Wording;
