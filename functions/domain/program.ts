/**
 * The program's configuration: who runs it, how often pairs meet, what the
 * emails say. Plain data, validated once at start-up (see functions/config.ts).
 */

export interface SmartGoal {
  id: string;
  /** What is measured, e.g. "match_rate", "avg_satisfaction", "pairs_on_cadence". */
  metric: string;
  target: number;
  /** ISO date the target should be reached by. */
  deadline: string;
  description: string;
}

export type MatchingMode = 'auto' | 'review' | 'choice';

/** A meeting link per tool (`zoom`, `teams`…), named in the first-meeting invitation's LOCATION. */
export type ToolLinks = Partial<Record<'zoom' | 'teams' | 'meet' | 'slack' | 'skype' | 'phone' | 'in_person', string>>;

/** What the intro email tells a new pair (the guide's best practices and its goal-setting template). */
export interface Guidelines {
  bestPractices: string[];
  /** The goal-setting template, one line (question) each. */
  goalTemplate: string[];
}

/** An optional introductory webinar or training the intro email mentions. */
export interface Webinar {
  title: string;
  /** An https link. */
  url: string;
  /** When it starts: an ISO 8601 instant (UTC). */
  at: string;
}

export interface ProgramConfig {
  id: string;
  name: string;
  /** From address, e.g. "Mentoring at Acme <mentoring@acme.example>". */
  sender: string;
  /** Domain of the reply+token@… addresses that route replies back. */
  replyDomain: string;
  /** Base of every link in emails, without a trailing slash. */
  publicUrl: string;
  admins: string[];
  /** The identity/postal line every email's footer carries (CAN-SPAM, GDPR). */
  identityLine: string;
  meetingCadenceDays: number;
  mentorshipWeeks: number;
  /** Logged meetings after which both members earn the program's small reward (the guide's "cup of coffee"). */
  incentiveMeetings: number;
  /** What both members earn at `incentiveMeetings`, e.g. "a coffee on us". */
  rewardDescription: string;
  /** Program-wide cap on confirmation emails per UTC hour; past it they are deferred to the next hour, never dropped. */
  confirmationsPerHour: number;
  /** Lower-case domains whose addresses may sign up (exact match, no subdomains); empty: any. */
  allowedEmailDomains: string[];
  /** A confirmed sign-up waits for an admin's approval before it joins the matching pool. */
  signupsNeedApproval: boolean;
  /** `auto`: a round sends its intros at once; `review`: it proposes pairs an admin publishes; `choice`: mentees pick among offered mentors. */
  matchingMode: MatchingMode;
  /** In `choice` mode: the first round at least this many days after an offer matches the mentee automatically. */
  choiceDays: number;
  /** Length of the first meeting the calendar invitation proposes. */
  firstMeetingMinutes: number;
  /** A meeting link per tool for the first-meeting invitation's LOCATION. */
  toolLinks: ToolLinks;
  /** EventBridge Scheduler cron expressions, UTC. */
  matchingCron: string;
  digestCron: string;
  /** Emails per second all senders together hand to SES (SES_MAX_SEND_RATE, the account's maximum send rate). */
  sesMaxSendRate: number;
  goals: SmartGoal[];
  guidelines: Guidelines;
  webinar: Webinar | null;
  iceBreakers: string[];
  conversationStarters: string[];
}

export const DEFAULT_GUIDELINES: Guidelines = {
  bestPractices: [
    "Agree on one or two goals in your first session (there's a template below).",
    'The mentee drives the agenda: bring the topics and questions you want to cover.',
    'Keep short notes of what you discussed and agreed.',
    'Be on time, and say early if you need to move a meeting.',
    "It's fine to say what isn't working. The sooner you do, the easier it is to fix.",
  ],
  goalTemplate: [
    'Specific: what exactly do you want to be able to do?',
    "Measurable: how will you know you've got there?",
    'Achievable: is it within reach in the program, next to your day job?',
    'Relevant: why does it matter for your work or career?',
    'Time-bound: by when?',
  ],
};

export const DEFAULT_ICE_BREAKERS: string[] = [
  "What's your favourite movie, and when did you last watch it?",
  'If you could have any restaurant in your home, what would it be?',
  "What's the scariest thing you've done for fun?",
  'What was your dream job growing up?',
  'Which of our company values do you find the most personally relevant, and why?',
  "What's a place you have lived in or visited that shaped how you work?",
  'What did your first ever job teach you that you still use?',
  "What's a book, podcast or talk you keep recommending to people?",
  "What's a small ritual that makes your work-from-home day better?",
  "What's something you learned recently just for the joy of it?",
  'If you had a free afternoon next week, how would you spend it?',
  'Who is someone who helped your career, and what did they do that worked?',
  "What's a skill you have that would surprise your colleagues?",
  'What does a great day at work look like for you?',
  "What's the best piece of advice you've ever been given?",
];

export const DEFAULT_CONVERSATION_STARTERS: string[] = [
  'Where do you see yourself in five years?',
  'What are some of your long-term goals, and which one matters most this year?',
  'What is a skill that you would like to improve, and how will you know you have?',
  "What is something you're frustrated by at work right now?",
  'Which decision at work did you find hardest recently, and how did you make it?',
  'What kind of feedback helps you most, and how do you like to receive it?',
  'What would you like to be known for on your team a year from now?',
  'Which project are you proudest of, and what made it work?',
  'What does a healthy balance between focus time and meetings look like for you?',
  'Who in the company would be good for you to meet, and why?',
  'What is one thing you would change about how your team works?',
  'What is a risk you are considering taking in your career?',
];

/**
 * The goals a program starts with, due in the year after `year`. Called once, when the program's
 * first settings version is written (the deadlines are then fixed data), never at each start-up.
 */
export function defaultGoals(year: number): SmartGoal[] {
  return [
    { id: 'match-rate', metric: 'match_rate', target: 0.8, deadline: `${year + 1}-03-31`, description: '80% of confirmed mentees matched' },
    {
      id: 'satisfaction',
      metric: 'avg_satisfaction',
      target: 4.2,
      deadline: `${year + 1}-06-30`,
      description: 'Average match satisfaction of at least 4.2 / 5',
    },
    { id: 'cadence', metric: 'pairs_on_cadence', target: 0.7, deadline: `${year + 1}-06-30`, description: '70% of pairs meet every two weeks' },
  ];
}
