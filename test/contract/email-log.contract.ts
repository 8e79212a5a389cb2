/** What every EmailLog does, run against the in-memory fake and the DynamoDB adapter alike. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { EmailLog } from '../../functions/ports';
import { uid } from './fixtures';

export function emailLogContract(name: string, make: () => Promise<EmailLog>) {
  describe(`EmailLog contract: ${name}`, () => {
    let log: EmailLog;
    beforeAll(async () => {
      log = await make();
    });
    const meta = (programId = 'prog') => ({ template: 'intro', programId });

    it("lists a participant's emails newest first, with their state, and no one else's", async () => {
      const who = uid('p');
      const confirm = `confirm#${who}`;
      const intro = `intro#${uid('pair')}#${who}`;
      await log.claim(confirm, '2026-11-01T09:00:00.000Z', { template: 'confirm', programId: 'prog', participantId: who });
      await log.claim(intro, '2026-11-02T09:00:00.000Z', { template: 'intro', programId: 'prog', participantId: who });
      await log.claim(uid('other'), '2026-11-03T09:00:00.000Z', { template: 'intro', programId: 'prog', participantId: uid('p') });
      await log.startSending(confirm, '2026-11-01T09:00:01.000Z');
      await log.markSent(confirm, 'm-1', '2026-11-01T09:00:02.000Z');
      expect(await log.ofParticipant(who, 10)).toEqual([
        { key: intro, template: 'intro', state: 'queued', at: '2026-11-02T09:00:00.000Z' },
        { key: confirm, template: 'confirm', state: 'sent', at: '2026-11-01T09:00:00.000Z' },
      ]);
      expect(await log.ofParticipant(who, 1)).toHaveLength(1);
      expect(await log.ofParticipant(uid('nobody'), 10)).toEqual([]);
    });

    it('moves an email queued → sending → sent, and never lets a sent one be claimed again', async () => {
      const key = uid('intro');
      expect(await log.get(key)).toBeUndefined();
      expect(await log.claim(key, '2026-11-01T09:00:00.000Z', meta())).toBe(true);
      expect(await log.get(key)).toEqual({ state: 'queued', template: 'intro' });
      // A producer that died between claim and enqueue may claim it again.
      expect(await log.claim(key, '2026-11-01T09:01:00.000Z', meta())).toBe(true);
      expect(await log.startSending(key, '2026-11-01T09:02:00.000Z')).toBe(true);
      expect(await log.startSending(key, '2026-11-01T09:02:01.000Z')).toBe(false);
      expect(await log.claim(key, '2026-11-01T09:03:00.000Z', meta())).toBe(false);
      await log.markSent(key, 'msg-1', '2026-11-01T09:02:02.000Z');
      expect(await log.get(key)).toEqual({ state: 'sent', template: 'intro' });
      expect(await log.claim(key, '2026-11-01T09:04:00.000Z', meta())).toBe(false);
      expect(await log.startSending(key, '2026-11-01T09:04:00.000Z')).toBe(false);
    });

    it('records a failure with its reason, and lets a failed email be claimed again', async () => {
      const key = uid('confirm');
      await log.claim(key, '2026-11-01T09:00:00.000Z', meta());
      await log.startSending(key, '2026-11-01T09:00:01.000Z');
      await log.markFailed(key, 'MessageRejected', '2026-11-01T09:00:02.000Z');
      expect(await log.get(key)).toEqual({ state: 'failed', template: 'intro', error: 'MessageRejected' });
      expect(await log.claim(key, '2026-11-02T09:00:00.000Z', meta())).toBe(true);
      expect(await log.get(key)).toEqual({ state: 'queued', template: 'intro' });
    });

    it('puts a throttled email back in the queue, only from sending', async () => {
      const key = uid('nudge');
      await log.claim(key, '2026-11-01T09:00:00.000Z', meta());
      await log.requeue(key, '2026-11-01T09:00:01.000Z');
      expect((await log.get(key))?.state).toBe('queued');
      await log.startSending(key, '2026-11-01T09:00:02.000Z');
      await log.requeue(key, '2026-11-01T09:00:03.000Z');
      expect((await log.get(key))?.state).toBe('queued');
      expect(await log.startSending(key, '2026-11-01T09:00:04.000Z')).toBe(true);
    });

    it('counts the program’s emails left sending since before a time', async () => {
      const program = uid('prog');
      const [stuck, recent, done, elsewhere] = [uid('a'), uid('b'), uid('c'), uid('d')];
      for (const key of [stuck, recent, done]) await log.claim(key, '2026-11-01T09:00:00.000Z', meta(program));
      await log.claim(elsewhere, '2026-11-01T09:00:00.000Z', meta(uid('other')));
      await log.startSending(stuck, '2026-11-01T09:00:00.000Z');
      await log.startSending(elsewhere, '2026-11-01T09:00:00.000Z');
      await log.startSending(done, '2026-11-01T09:00:00.000Z');
      await log.markSent(done, 'msg', '2026-11-01T09:00:01.000Z');
      await log.startSending(recent, '2026-11-01T11:00:00.000Z');
      expect(await log.countUnknown(program, '2026-11-01T10:00:00.000Z')).toBe(1);
      expect(await log.countUnknown(program, '2026-11-01T12:00:00.000Z')).toBe(2);
    });
  });
}
