/** Confirmed participants for matching tests: written through the real store, then confirmed. */
import type { AppDeps } from '../../functions/app/support/deps';
import { newParticipant, type Participant } from '../../functions/domain/participant';
import { validateSignup } from '../../functions/domain/signup-schema';
import { runMatching } from '../../functions/app/use-cases/run-matching';
import { memoryDeps, signupRecord } from './fakes';

let n = 0;

export async function confirmedParticipant(deps: AppDeps, overrides: Record<string, unknown>): Promise<Participant> {
  const r = validateSignup(signupRecord({ email: `person${++n}.${Math.random().toString(36).slice(2, 8)}@example.com`, ...overrides }));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const at = deps.clock.now().toISOString();
  const p = newParticipant(r.value, { id: deps.ids.next(), programId: deps.config.id }, at);
  await deps.participants.create(p);
  const confirmed = await deps.participants.transition(p.id, ['pending'], 'waiting', at);
  if (!confirmed) throw new Error('could not confirm');
  return confirmed;
}

const slot = [{ day: 'tue', from: '09:00', to: '12:00' }];

export const mentor = (deps: AppDeps, name: string, extra: Record<string, unknown> = {}) =>
  confirmedParticipant(deps, { name, role: 'mentor', timezone: 'Europe/Berlin', availability: slot, skills: ['leadership', 'sql'], capacity: 1, ...extra });

export const mentee = (deps: AppDeps, name: string, extra: Record<string, unknown> = {}) =>
  confirmedParticipant(deps, {
    name,
    role: 'mentee',
    timezone: 'Europe/Berlin',
    availability: slot,
    skills: ['sql'],
    department: 'Sales',
    yearsExperience: 2,
    ...extra,
  });

/**
 * An in-memory program at `at` with one matched pair: Grace (mentor) and Ada
 * (mentee, `menteeName` to vary it). The starting point of most engagement tests.
 */
export async function pairedInMemory(at: Date, menteeName = 'Ada Lovelace') {
  const env = memoryDeps();
  env.clock.current = at;
  const grace = await mentor(env.deps, 'Grace Hopper');
  const ada = await mentee(env.deps, menteeName);
  await runMatching(env.deps, at);
  const pair = [...env.pairs.byId.values()][0]!;
  const lastTo = (p: { email: string }) => env.mailer.sent.filter((m) => m.to.includes(p.email)).at(-1)!;
  return { ...env, grace, ada, pair, lastTo };
}
