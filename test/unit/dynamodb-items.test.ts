import { describe, expect, it } from 'vitest';
import { MalformedItem, parseActivity, parseEmailLogEntry, parsePair, parseParticipant, parseSchedule } from '../../functions/adapters/dynamodb/items';
import { participantKey } from '../../functions/adapters/dynamodb/keys';

const storedParticipant = {
  ...participantKey('p1'),
  type: 'participant',
  v: 1,
  gsi1pk: 'PROG#prog#STATUS#waiting',
  gsi1sk: 'mentee#2026-11-01T00:00:00Z#p1',
  id: 'p1',
  programId: 'prog',
  role: 'mentee',
  status: 'waiting',
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-02T00:00:00Z',
  name: 'Ada',
  email: 'ada@example.com',
  timezone: 'Europe/London',
  skills: ['maths'],
  goals: '',
  languages: ['en'],
  preferredTools: ['zoom'],
  availability: [{ day: 'tue', from: '09:00', to: '11:00' }],
  consent: true,
};

describe('item parsers', () => {
  it('read a participant without its keys, type or version', () => {
    const { pk: _pk, sk: _sk, type: _t, v: _v, gsi1pk: _g1, gsi1sk: _g2, ...participant } = storedParticipant;
    expect(parseParticipant(storedParticipant)).toStrictEqual(participant);
  });

  it('read an erased participant, which has no personal fields', () => {
    const erased = {
      ...participantKey('p1'),
      type: 'participant',
      v: 1,
      id: 'p1',
      programId: 'prog',
      role: 'mentor',
      status: 'deleted',
      createdAt: 't',
      updatedAt: 'u',
      activePairs: 0,
    };
    expect(parseParticipant(erased)).toStrictEqual({
      id: 'p1',
      programId: 'prog',
      role: 'mentor',
      status: 'deleted',
      createdAt: 't',
      updatedAt: 'u',
      activePairs: 0,
    });
  });

  it('reject a malformed item, naming the item and field but not the stored value', () => {
    expect(() => parseParticipant({ ...storedParticipant, status: 'lost' })).toThrow(MalformedItem);
    expect(() => parseParticipant({ ...storedParticipant, email: 42 })).toThrow('participant P#p1: email must be a string, found a number');
    expect(() => parseParticipant({ ...storedParticipant, type: 'pair' })).toThrow('type must be "participant"');
    expect(() => parseParticipant({ ...storedParticipant, availability: [{ day: 'someday', from: '09:00', to: '10:00' }] })).toThrow(
      'availability[0]: day must be one of',
    );
    expect(() => parseParticipant({ ...storedParticipant, email: ['ada@example.com'] })).toThrow(/^participant P#p1: email must be a string, found a list$/);
    expect(() => parsePair({ pk: 'PAIR#x', type: 'pair', id: 'x' })).toThrow('pair PAIR#x: programId must be a string, found nothing');
    expect(() => parseActivity({ type: 'activity', key: 'k', pairId: 'x', participantId: 'p', kind: 'met', source: 'pigeon', at: 't' })).toThrow(
      'source must be one of link, form, reply',
    );
    expect(() => parseEmailLogEntry({ type: 'email', state: 'lost', template: 'intro' })).toThrow(MalformedItem);
  });

  it('read schedule payloads of both kinds and refuse an unknown step', () => {
    const base = { pk: 'SCHED#n', type: 'schedule', name: 'n', at: 't' };
    expect(parseSchedule({ ...base, payload: { pairId: 'x', step: 'nudge-2', basis: 'b' } }).payload).toEqual({ pairId: 'x', step: 'nudge-2', basis: 'b' });
    expect(parseSchedule({ ...base, payload: { kind: 'deferred-confirmations', hour: '2026-11-30T10' } }).payload).toEqual({
      kind: 'deferred-confirmations',
      hour: '2026-11-30T10',
    });
    expect(() => parseSchedule({ ...base, payload: { pairId: 'x', step: 'dance' } })).toThrow(MalformedItem);
  });
});
