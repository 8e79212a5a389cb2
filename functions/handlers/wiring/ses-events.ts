import type { DeliveryEventDeps } from '../../app/use-cases/handle-delivery-event';
import type { Observability } from '../observability';
import { programBasics, type Env } from './common';
import { tableStores } from './dynamodb';

/** Bounces and complaints only suppress addresses: the participants, nothing else (no secret, no queue). */
export function sesEventsDeps(observability: Observability, env: Env = process.env): DeliveryEventDeps {
  return { ...programBasics(env, observability), participants: tableStores(env).participants };
}
