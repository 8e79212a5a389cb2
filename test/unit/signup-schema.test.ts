import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateSignup, TOOLS, DAYS } from '../../functions/domain/signup-schema';
import { signupRecord } from '../support/fakes';

const issuesFor = (overrides: Record<string, unknown>) => {
  const r = validateSignup(signupRecord(overrides));
  return r.ok ? [] : r.issues;
};
const paths = (overrides: Record<string, unknown>) => issuesFor(overrides).map((i) => i.path);

describe('sign-up validation', () => {
  it('accepts a complete record and normalizes it', () => {
    const r = validateSignup(signupRecord({ email: '  Grace@Example.COM ', skills: ['SQL', 'sql', ' Leadership '], languages: ['EN-gb', 'de'] }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.email).toBe('grace@example.com');
    expect(r.value.skills).toEqual(['sql', 'leadership']);
    expect(r.value.languages).toEqual(['en-GB', 'de']);
    expect(r.value.capacity).toBe(2);
  });

  it('applies defaults: languages en, goals empty, mentor capacity 1', () => {
    const record = signupRecord({ capacity: undefined, goals: undefined });
    delete record.languages;
    const r = validateSignup(record);
    expect(r.ok && [r.value.languages, r.value.goals, r.value.capacity]).toEqual([['en'], '', 1]);
  });

  it('drops capacity for mentees', () => {
    const r = validateSignup(signupRecord({ role: 'mentee', capacity: 3 }));
    expect(r.ok && r.value.capacity).toBeUndefined();
  });

  it.each([
    ['name', ''],
    ['name', '   '],
    ['name', 'x'.repeat(101)],
    ['name', 42],
    ['email', 'not-an-email'],
    ['email', 'a@b'],
    ['email', `${'x'.repeat(250)}@example.com`],
    ['role', 'boss'],
    ['role', undefined],
    ['timezone', 'Mars/Olympus'],
    ['timezone', '+05:00'],
    ['timezone', ''],
    ['skills', 'sql'],
    ['skills', Array.from({ length: 21 }, (_, i) => `skill${i}`)],
    ['skills', ['x'.repeat(51)]],
    ['skills', ['  ']],
    ['goals', 'x'.repeat(1001)],
    ['department', 'x'.repeat(101)],
    ['yearsExperience', -1],
    ['yearsExperience', 61],
    ['yearsExperience', 2.5],
    ['yearsExperience', '5'],
    ['languages', ['not a language!']],
    ['languages', []],
    ['preferredTools', ['fax']],
    ['preferredTools', 'zoom'],
    ['availability', []],
    ['availability', [{ day: 'someday', from: '09:00', to: '10:00' }]],
    ['availability', [{ day: 'mon', from: '9am', to: '10:00' }]],
    ['availability', [{ day: 'mon', from: '11:00', to: '10:00' }]],
    ['availability', [{ day: 'mon', from: '10:00', to: '10:00' }]],
    ['availability', [{ day: 'mon', from: '24:30', to: '25:00' }]],
    ['capacity', 0],
    ['capacity', 6],
    ['consent', false],
    ['consent', 'yes'],
  ])('rejects %s = %j and names the field', (field, value) => {
    const found = paths({ [field]: value });
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((p) => p === field || p.startsWith(`${field}.`))).toBe(true);
  });

  it('accepts the edges of every range', () => {
    expect(paths({ name: 'x'.repeat(100), goals: 'y'.repeat(1000), yearsExperience: 0, capacity: 5 })).toEqual([]);
    expect(paths({ yearsExperience: 60, capacity: 1, skills: [] })).toEqual([]);
    expect(paths({ availability: [{ day: 'sun', from: '00:00', to: '24:00' }] })).toEqual([]);
    expect(paths({ timezone: 'UTC' })).toEqual([]);
    expect(paths({ timezone: 'America/Argentina/Buenos_Aires' })).toEqual([]);
    expect(paths({ preferredTools: [...TOOLS] })).toEqual([]);
  });

  it('names nested paths for availability slots', () => {
    const issues = issuesFor({
      availability: [
        { day: 'mon', from: '09:00', to: '10:00' },
        { day: 'tue', from: '10:00', to: '09:00' },
      ],
    });
    expect(issues).toEqual([{ path: 'availability.1', message: 'End time must be after the start time' }]);
  });

  it('reports a missing body as issues, never throws', () => {
    for (const input of [undefined, null, 42, 'x', [], {}]) {
      const r = validateSignup(input);
      expect(r.ok).toBe(false);
    }
  });

  it('never throws on arbitrary input (property)', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const r = validateSignup(input);
        return r.ok || r.issues.every((i) => typeof i.path === 'string' && i.message.length > 0);
      }),
      { numRuns: 300 },
    );
  });

  it('accepts every well-formed generated record (property)', () => {
    const hhmm = fc.integer({ min: 0, max: 23 * 60 + 58 }).map((m) => m);
    const slot = fc.tuple(fc.constantFrom(...DAYS), hhmm, fc.integer({ min: 1, max: 120 })).map(([day, from, len]) => {
      const to = Math.min(from + len, 24 * 60);
      const f = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      return { day, from: f(from), to: f(to) };
    });
    fc.assert(
      fc.property(
        fc.record({
          name: fc.string({ minLength: 1, maxLength: 100 }).filter((s) => s.trim().length > 0),
          role: fc.constantFrom('mentor', 'mentee'),
          timezone: fc.constantFrom('Europe/Berlin', 'Asia/Singapore', 'America/Los_Angeles', 'UTC', 'Australia/Sydney'),
          skills: fc.array(fc.stringMatching(/^[a-z][a-z ]{0,20}[a-z]$/), { maxLength: 20 }),
          preferredTools: fc.subarray([...TOOLS]),
          availability: fc.array(slot, { minLength: 1, maxLength: 28 }),
          yearsExperience: fc.integer({ min: 0, max: 60 }),
        }),
        (fields) => validateSignup(signupRecord(fields)).ok,
      ),
      { numRuns: 200 },
    );
  });
});
