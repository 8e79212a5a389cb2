/**
 * A demo-ready program for the local stack: confirmed mentors and mentees spread
 * over the world, so `npm run job -- match` has something to pair on the first
 * start. Addresses are on example.com (reserved: nothing leaves the emulator).
 */
import type { AppDeps } from '../../functions/app/support/deps';
import { newParticipant } from '../../functions/domain/participant';
import { validateSignup, type Day, type SignupInput } from '../../functions/domain/signup-schema';

type Person = Omit<SignupInput, 'consent' | 'email'> & { handle: string };
const weekdays = (from: string, to: string, days: Day[] = ['tue', 'wed', 'thu']) => days.map((day) => ({ day, from, to }));

export const DEMO_PEOPLE: Person[] = [
  {
    handle: 'grace',
    name: 'Grace Hopper',
    role: 'mentor',
    timezone: 'America/New_York',
    skills: ['leadership', 'compilers', 'public speaking'],
    department: 'Engineering',
    yearsExperience: 22,
    languages: ['en'],
    preferredTools: ['zoom', 'slack'],
    availability: weekdays('08:00', '11:00'),
    capacity: 2,
    goals: '',
  },
  {
    handle: 'wei',
    name: 'Wei Zhang',
    role: 'mentor',
    timezone: 'Asia/Singapore',
    skills: ['sql', 'data modeling', 'negotiation'],
    department: 'Data',
    yearsExperience: 12,
    languages: ['en', 'zh'],
    preferredTools: ['teams', 'zoom'],
    availability: weekdays('15:00', '19:00'),
    capacity: 1,
    goals: '',
  },
  {
    handle: 'amara',
    name: 'Amara Okafor',
    role: 'mentor',
    timezone: 'Africa/Lagos',
    skills: ['product management', 'stakeholder management', 'roadmapping'],
    department: 'Product',
    yearsExperience: 10,
    languages: ['en', 'fr'],
    preferredTools: ['meet'],
    availability: weekdays('09:00', '13:00', ['mon', 'wed', 'fri']),
    capacity: 1,
    goals: '',
  },
  {
    handle: 'lucia',
    name: 'Lucía Fernández',
    role: 'mentor',
    timezone: 'America/Mexico_City',
    skills: ['ux research', 'design systems', 'leadership'],
    department: 'Design',
    yearsExperience: 9,
    languages: ['es', 'en'],
    preferredTools: ['zoom', 'meet'],
    availability: weekdays('09:00', '12:00'),
    capacity: 1,
    goals: '',
  },
  {
    handle: 'jonas',
    name: 'Jonas Becker',
    role: 'mentee',
    timezone: 'Europe/Berlin',
    skills: ['sql', 'negotiation'],
    department: 'Sales',
    yearsExperience: 3,
    languages: ['de', 'en'],
    preferredTools: ['teams'],
    availability: weekdays('08:00', '11:00'),
    goals: 'Build reports on my own and negotiate renewals with more confidence.',
  },
  {
    handle: 'priya',
    name: 'Priya Raman',
    role: 'mentee',
    timezone: 'Asia/Kolkata',
    skills: ['public speaking', 'leadership'],
    department: 'Engineering',
    yearsExperience: 4,
    languages: ['en', 'hi'],
    preferredTools: ['zoom'],
    availability: weekdays('18:00', '21:00'),
    goals: 'Lead my first team and speak at an internal conference.',
  },
  {
    handle: 'tom',
    name: 'Tom Walsh',
    role: 'mentee',
    timezone: 'America/Chicago',
    skills: ['ux research', 'design systems'],
    department: 'Marketing',
    yearsExperience: 2,
    languages: ['en'],
    preferredTools: ['meet', 'slack'],
    availability: weekdays('09:00', '12:00'),
    goals: 'Move from marketing into UX research within a year.',
  },
  {
    handle: 'fatima',
    name: 'Fatima Haddad',
    role: 'mentee',
    timezone: 'Europe/Paris',
    skills: ['product management', 'roadmapping'],
    department: 'Support',
    yearsExperience: 5,
    languages: ['fr', 'en'],
    preferredTools: ['meet', 'teams'],
    availability: weekdays('10:00', '13:00', ['mon', 'wed', 'fri']),
    goals: 'Become a product manager: learn to write a roadmap stakeholders trust.',
  },
  {
    handle: 'kenji',
    name: 'Kenji Sato',
    role: 'mentee',
    timezone: 'Asia/Tokyo',
    skills: ['data modeling', 'sql'],
    department: 'Finance',
    yearsExperience: 1,
    languages: ['ja', 'en'],
    preferredTools: ['teams'],
    availability: weekdays('17:00', '20:00'),
    goals: 'Model our finance data properly instead of in spreadsheets.',
  },
  {
    handle: 'sofia',
    name: 'Sofía Morales',
    role: 'mentee',
    timezone: 'America/Bogota',
    skills: ['leadership', 'public speaking'],
    department: 'Operations',
    yearsExperience: 6,
    languages: ['es', 'en'],
    preferredTools: ['zoom'],
    availability: weekdays('09:00', '12:00'),
    goals: 'Prepare for a team-lead role next year.',
  },
];

export async function seedDemoProgram(deps: AppDeps): Promise<number> {
  const at = deps.clock.now().toISOString();
  for (const { handle, ...person } of DEMO_PEOPLE) {
    const result = validateSignup({ ...person, email: `${handle}@example.com`, consent: true });
    if (!result.ok) throw new Error(`demo person ${handle} is invalid: ${JSON.stringify(result.issues)}`);
    const participant = newParticipant(result.value, { id: deps.ids.next(), programId: deps.config.id }, at);
    await deps.participants.create(participant);
    await deps.participants.transition(participant.id, ['pending'], 'waiting', at);
  }
  return DEMO_PEOPLE.length;
}
