// The demo account as the app and the command line use it. The real API client runs over an
// in-process transport that serves a generated account, so the demo goes through the same
// request, parsing and normalizing code as a live account. Nothing leaves the process.

import { createNsightApi, type NsightApi } from '../api/client.ts';
import { RequestScheduler } from '../api/scheduler.ts';
import { TransportError, type Transport } from '../api/transport.ts';
import type { Logger } from '../logger.ts';
import type { SimAccount } from './account.ts';
import { generateDemoAccount } from './generate.ts';
import { createSimulatedNsight } from './sim.ts';

/** Host of the demo server; `.invalid` names never resolve, and the demo transport never connects. */
export const DEMO_HOST = 'demo.invalid';

/** Server of the demo account, shown wherever the app shows a server. */
export const DEMO_SERVER = `https://${DEMO_HOST}`;

/** The demo account's API key: public and deliberately not secret, like the account itself. */
export const DEMO_API_KEY = 'demo-account-public-key';

/** Lets other tasks run between demo requests, as a network wait would. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function cancelled(signal: AbortSignal): TransportError {
  return new TransportError('aborted', `The request to ${DEMO_HOST} was cancelled.`, 0, { cause: signal.reason });
}

/**
 * Creates a Transport that serves `account` in this process, without a socket. It serves
 * only `DEMO_HOST` and rejects an aborted request with a TransportError of kind `aborted`.
 */
export function createDemoTransport(account: SimAccount, options: { clock?: () => Date } = {}): Transport {
  const handler = createSimulatedNsight(account, {
    apiKey: DEMO_API_KEY,
    host: DEMO_HOST,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });

  return async (request) => {
    const signal = request.signal;
    if (signal?.aborted) {
      throw cancelled(signal);
    }
    if (request.url.host !== DEMO_HOST) {
      throw new TransportError('network', `The demo transport serves only ${DEMO_SERVER}, not ${request.url.host}.`);
    }
    await nextTurn();
    if (signal?.aborted) {
      throw cancelled(signal);
    }
    return handler(request.url);
  };
}

export interface DemoApiOptions {
  /** The present of the demo account: its sessions run up to this instant. */
  now: Date;
  logger?: Logger;
  /** An account generated beforehand; one is generated from `now` when absent. */
  account?: SimAccount;
}

/**
 * Creates the real API client over the demo transport. Its scheduler has no request budget
 * worth the name, because no N-sight server is called.
 */
export function createDemoApi(options: DemoApiOptions): NsightApi {
  const account = options.account ?? generateDemoAccount({ now: options.now });
  const scheduler = new RequestScheduler({ limits: { callsPerMinute: Number.MAX_SAFE_INTEGER, concurrency: 8 } });
  return createNsightApi({
    server: DEMO_SERVER,
    apiKey: DEMO_API_KEY,
    transport: createDemoTransport(account),
    scheduler,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
}
