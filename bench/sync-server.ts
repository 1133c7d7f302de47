// Child process of the sync benchmark: serves a generated account on the local N-sight
// server, so that the server's work does not share the event loop of the sync it measures.
// Reads the scale and latency as JSON from argv[2] and prints a `SyncServerReady`
// as one JSON line on stdout once it listens; stops when stdin closes.

import { createSimulatedNsight } from '../electron/demo/sim.ts';
import type { ScaleOptions } from '../electron/demo/generate.ts';
import { startNsightServer } from '../test/support/nsight-server.ts';
import { generateAccount } from './data.ts';

export interface SyncServerRequest {
  scale: ScaleOptions;
  apiKey: string;
  latencyMs: number;
}

export interface SyncServerReady {
  url: string;
  devices: number;
  backupDevices: number;
  clients: number;
}

const request = JSON.parse(process.argv[2] ?? '{}') as SyncServerRequest;
const account = generateAccount(request.scale, (message) => process.stderr.write(`[sync server] ${message}\n`));
const handler = createSimulatedNsight(account, { apiKey: request.apiKey, host: '127.0.0.1' });
const server = await startNsightServer({ handler, latencyMs: request.latencyMs });
const ready: SyncServerReady = {
  url: server.url,
  devices: account.devices.length,
  backupDevices: account.devices.filter((device) => device.backupEnabled).length,
  clients: account.clients.length,
};
process.stdout.write(`${JSON.stringify(ready)}\n`);

process.stdin.resume();
process.stdin.on('end', () => {
  void server.close().then(() => process.exit(0));
});
