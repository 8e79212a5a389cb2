/** The use cases count what operators watch through the metrics port (no SDK in the use cases). */
import { describe, expect, it } from 'vitest';
import { signUp } from '../../../functions/app/use-cases/sign-up';
import { runMatching } from '../../../functions/app/use-cases/run-matching';
import { validateSignup } from '../../../functions/domain/signup-schema';
import { SendRejected, type MetricName, type Metrics } from '../../../functions/ports';
import { memoryDeps, signupRecord } from '../../support/fakes';
import { mentee, mentor } from '../../support/people';

class RecordingMetrics implements Metrics {
  readonly counts: { name: MetricName; value: number; dimensions?: Record<string, string> }[] = [];
  count(name: MetricName, value = 1, dimensions?: Record<string, string>) {
    this.counts.push({ name, value, ...(dimensions ? { dimensions } : {}) });
  }
  total(name: MetricName) {
    return this.counts.filter((c) => c.name === name).reduce((sum, c) => sum + c.value, 0);
  }
}

const signup = (email: string) => {
  const r = validateSignup(signupRecord({ email }));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};

describe('use case metrics', () => {
  it('count sign-ups and the emails sent or failed', async () => {
    const metrics = new RecordingMetrics();
    const { deps, mailer } = memoryDeps({ metrics });
    await signUp(deps, signup('ada@example.com'), { key: 'c1' });
    mailer.failWith = new SendRejected('MessageRejected');
    await signUp(deps, signup('grace@example.com'), { key: 'c2' });
    expect([metrics.total('SignUps'), metrics.total('EmailsSent'), metrics.total('EmailsFailed')]).toEqual([2, 1, 1]);
  });

  it('count confirmations deferred past the hourly cap', async () => {
    const metrics = new RecordingMetrics();
    const { deps } = memoryDeps({ metrics });
    deps.config = { ...deps.config, confirmationsPerHour: 1 };
    await signUp(deps, signup('one@example.com'), { key: 'c1' });
    await signUp(deps, signup('two@example.com'), { key: 'c2' });
    expect(metrics.total('ConfirmationsDeferred')).toBe(1);
  });

  it('count the pairs a matching run creates', async () => {
    const metrics = new RecordingMetrics();
    const { deps } = memoryDeps({ metrics });
    await mentor(deps, 'Grace Hopper');
    await mentee(deps, 'Ada Lovelace');
    await runMatching(deps, deps.clock.now());
    expect(metrics.total('PairsCreated')).toBe(1);
    expect(metrics.total('EmailsSent')).toBe(4); // the intro and the first-meeting invitation to each member
  });
});
