/**
 * What every function builds first: the program's configuration (from its environment),
 * the clock, ids, and logs and metrics through Powertools. No AWS SDK here.
 *
 * The wiring modules (one per AWS service, one per function) are the only code that reads
 * `process.env` or builds an SDK client, so each Lambda bundle imports only the SDK
 * packages its function uses (esbuild keeps an external import even when unused).
 * SDK clients take their endpoints from the standard `AWS_ENDPOINT_URL_<SERVICE>`
 * variables, which is how the handler tests point them at local stand-ins.
 */
import { systemClock, ulidIds } from '../../adapters/system';
import type { AppDeps } from '../../app/support/deps';
import { loadProgramConfig } from '../../config';
import type { Observability } from '../observability';

export type Env = Record<string, string | undefined>;

export function programBasics(env: Env, observability: Observability): Pick<AppDeps, 'config' | 'clock' | 'ids' | 'log' | 'metrics'> {
  const config = loadProgramConfig(env);
  observability.setProgram(config.id);
  return { config, clock: systemClock, ids: ulidIds, log: observability.log, metrics: observability.metrics };
}
