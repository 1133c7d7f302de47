// A demo account served by the local N-sight server, and an API client tuned for tests: no
// retries (so one fault fails one request), a short read timeout and no request budget.

import { createNsightApi, type NsightApi } from '../../electron/api/client.ts';
import { RequestScheduler } from '../../electron/api/scheduler.ts';
import type { SimAccount } from '../../electron/demo/account.ts';
import { generateDemoAccount } from '../../electron/demo/generate.ts';
import { createSimulatedNsight } from '../../electron/demo/sim.ts';
import type { TransportResponse } from '../../electron/api/transport.ts';
import { failBody, startNsightServer, type NsightTestServer } from '../support/nsight-server.ts';

export const NOW = new Date('2026-12-01T08:00:00Z');
export const API_KEY = 'sync-test-key-0123456789';

export interface DemoServer {
  account: SimAccount;
  server: NsightTestServer;
  /** Device ids whose `list_mob_sessions` returns FAIL code 4. */
  failingDevices: Set<string>;
}

/** Starts the local server over a demo account; `scale` makes a small one. */
export async function startDemoServer(
  options: { scale?: { clients?: number; devicesPerClient?: number; days?: number }; latencyMs?: number } = {},
): Promise<DemoServer> {
  const account = generateDemoAccount({ now: NOW, ...(options.scale ? { scale: options.scale } : {}) });
  const simulated = createSimulatedNsight(account, { apiKey: API_KEY, host: '127.0.0.1', clock: () => NOW });
  const failingDevices = new Set<string>();
  const handler = (url: URL): TransportResponse => {
    const deviceId = url.searchParams.get('deviceid');
    if (url.searchParams.get('service') === 'list_mob_sessions' && deviceId !== null && failingDevices.has(deviceId)) {
      return { status: 200, headers: { 'content-type': 'text/xml; charset=ISO-8859-1' }, body: failBody('4', 'Invalid value for parameter: deviceid') };
    }
    return simulated(url);
  };
  const server = await startNsightServer({ handler, ...(options.latencyMs ? { latencyMs: options.latencyMs } : {}) });
  return { account, server, failingDevices };
}

export function testApi(server: NsightTestServer, options: { apiKey?: string; scheduler?: RequestScheduler } = {}): NsightApi {
  return createNsightApi({
    server: server.url,
    apiKey: options.apiKey ?? API_KEY,
    scheduler: options.scheduler ?? new RequestScheduler({ limits: { callsPerMinute: 1_000_000, concurrency: 1 } }),
    retry: { attempts: 1 },
    timeouts: { connectMs: 2_000, readMs: 500 },
    sleep: async () => {},
  });
}

export function backupDeviceIds(account: SimAccount): string[] {
  return account.devices.filter((device) => device.backupEnabled).map((device) => device.id);
}

/** Streams and environment for running a command in-process; `out` and `err` collect the output. */
export function captureIo(env: Record<string, string> = {}, signal: AbortSignal = new AbortController().signal) {
  const out: string[] = [];
  const err: string[] = [];
  const stream = (sink: string[]) =>
    ({
      write(chunk: string | Uint8Array) {
        sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        return true;
      },
    }) as unknown as NodeJS.WritableStream;
  return {
    io: { stdout: stream(out), stderr: stream(err), env: { ...env }, cwd: process.cwd(), signal },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}
