/**
 * Logs and metrics of the Lambda functions (DESIGN §8), with Powertools for AWS Lambda:
 * the use cases' `deps.log` becomes a structured JSON line (Logger) and `deps.metrics` CloudWatch
 * metrics in EMF (Metrics), so use cases stay free of any SDK. One instance per function, built at
 * cold start; `handler()` wraps the entry point so every invocation carries its correlation id and
 * flushes its metrics, also when it fails.
 *
 * No personal data (DESIGN §10): callers log ids, kinds and counts only; as a second line of
 * defence anything shaped like an email address is masked in every logged value and error.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics as EmfMetrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import type { AppDeps } from '../app/support/deps';
import { METRICS_NAMESPACE, PROGRAM_DIMENSION, SERVICE_NAME, type MetricName } from '../metric-names';
import type { Metrics } from '../ports';

export { METRICS_NAMESPACE, SERVICE_NAME };

type Fields = Record<string, string | number | boolean>;

const ADDRESS = /[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+/g;
const mask = (value: string) => value.replace(ADDRESS, '[address]');

export function redact(fields: Fields | undefined): Fields {
  const out: Fields = {};
  for (const [key, value] of Object.entries(fields ?? {})) out[key] = typeof value === 'string' ? mask(value) : value;
  return out;
}

/** The kind of a failure and where it happened; its message only with addresses masked. */
export const errorFields = (error: unknown): Fields => {
  const e = error as { name?: string; message?: string; stack?: string };
  return { errorName: e?.name ?? 'Error', errorMessage: mask(String(e?.message ?? '')).slice(0, 500), stack: mask(String(e?.stack ?? '')).slice(0, 4000) };
};

export class Observability {
  readonly logger: Logger;
  readonly emf: EmfMetrics;
  /** Counts of this invocation, summed per metric and dimensions, published once when it ends. */
  private readonly counts = new Map<string, { name: MetricName; value: number; dimensions?: Record<string, string> }>();

  /** `fn` names the function in logs (`function` key), e.g. `api`, `inbound`. */
  constructor(fn: string) {
    this.logger = new Logger({ serviceName: SERVICE_NAME, persistentKeys: { function: fn } });
    this.emf = new EmfMetrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
  }

  /** Every log line and metric of this function belongs to this program (metric dimension `ProgramId`). */
  setProgram(programId: string): void {
    this.logger.appendPersistentKeys({ programId });
    this.emf.setDefaultDimensions({ [PROGRAM_DIMENSION]: programId });
  }

  /** The use cases' log port. */
  readonly log: NonNullable<AppDeps['log']> = (event, fields) => this.logger.info(event, redact(fields));

  /** The use cases' metrics port. */
  readonly metrics: Metrics = {
    count: (name, value = 1, dimensions) => {
      const key = dimensions ? `${name}|${JSON.stringify(dimensions)}` : name;
      const entry = this.counts.get(key) ?? { name, value: 0, ...(dimensions ? { dimensions } : {}) };
      entry.value += value;
      this.counts.set(key, entry);
    },
  };

  /** Sets the correlation id of the log lines that follow (a request id, an SES message id, a schedule). */
  correlate(id: string | undefined): void {
    if (id) this.logger.setCorrelationId(id);
  }

  /** Publishes this invocation's counts as EMF lines and forgets them. */
  flush(): void {
    for (const { name, value, dimensions } of this.counts.values()) {
      if (!dimensions) {
        this.emf.addMetric(name, MetricUnit.Count, value);
        continue;
      }
      const single = this.emf.singleMetric();
      for (const [dimension, dimensionValue] of Object.entries(dimensions)) single.addDimension(dimension, dimensionValue);
      single.addMetric(name, MetricUnit.Count, value); // a single metric is published at once
    }
    this.counts.clear();
    if (this.emf.hasStoredMetrics()) this.emf.publishStoredMetrics();
  }

  /**
   * Wraps a Lambda entry point: Lambda context and correlation id on every log line, a cold-start
   * metric, a log line for an invocation that fails (then rethrown for Lambda's retries), and the
   * metrics flushed at the end of every invocation.
   */
  handler<E, R>(correlationId: (event: E) => string | undefined, run: (event: E, context: Context) => Promise<R>): (event: E, context: Context) => Promise<R> {
    return async (event, context) => {
      if (context) this.logger.addContext(context);
      if (context?.functionName) this.emf.setFunctionName(context.functionName);
      this.emf.captureColdStartMetric();
      this.correlate(correlationId(event));
      try {
        return await run(event, context);
      } catch (error) {
        this.logger.error('invocation_failed', errorFields(error));
        throw error;
      } finally {
        this.flush();
        this.logger.resetKeys();
      }
    };
  }
}
