// Shared parts of the reliability suite. They provide a switchable simulated N-sight account
// behind the local test server, an API client whose retries are counted instead of waited for,
// snapshots of the cache's content, and listings of every file under a folder.

import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createNsightApi, type NsightApi } from '../../electron/api/client.ts';
import { RequestScheduler } from '../../electron/api/scheduler.ts';
import type { TransportResponse } from '../../electron/api/transport.ts';
import type { Cache } from '../../electron/cache/cache.ts';
import type { SimAccount } from '../../electron/demo/account.ts';
import { generateDemoAccount } from '../../electron/demo/generate.ts';
import { createSimulatedNsight } from '../../electron/demo/sim.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { failBody, startNsightServer, type NsightTestServer } from '../support/nsight-server.ts';

export const NOW = new Date('2026-12-01T08:00:00Z');

/** Creates a temporary folder and returns it with a function that removes it. */
export function tempFolder(prefix = 'nsight-reliability-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Lists every file under `dir`, relative to it, sorted; folders are walked, not listed. */
export function listFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else found.push(path.relative(dir, full));
    }
  };
  walk(dir);
  return found.sort();
}

/** Reads every file under `dir` into a map from relative path to content. */
export function readTree(dir: string): Map<string, Buffer> {
  return new Map(listFiles(dir).map((file) => [file, readFileSync(path.join(dir, file))]));
}

/** File names that a temporary or partial write leaves behind. */
export function leftovers(dir: string): string[] {
  return listFiles(dir).filter((file) => /\.tmp$|\.partial$|\.crdownload$|~$/i.test(file) || path.basename(file).startsWith('.'));
}

export function fileSize(file: string): number {
  return statSync(file).size;
}

/** Deep copy of an account, so a test can change it without touching the original. */
export function cloneAccount(account: SimAccount): SimAccount {
  return structuredClone(account);
}

export interface SimServer {
  server: NsightTestServer;
  apiKey: string;
  /** Replaces the account the server reads its responses from. */
  use(account: SimAccount): void;
  /** Device ids whose `list_mob_sessions` returns FAIL with code 4. */
  failingDevices: Set<string>;
  /** Client ids whose `list_devices_at_client` returns FAIL with code 4. */
  failingClients: Set<string>;
  /**
   * Holds back the answers to `list_mob_sessions` for `deviceId` until `release` is called;
   * `reached` resolves when the first such request arrives.
   */
  hold(deviceId: string): { reached: Promise<void>; release(): void };
}

const XML = { 'content-type': 'text/xml; charset=ISO-8859-1' };

/** Starts the local N-sight server over `account`, as the simulated N-sight answers it. */
export async function startSimServer(account: SimAccount, apiKey: string): Promise<SimServer> {
  let simulated = createSimulatedNsight(account, { apiKey, host: '127.0.0.1', clock: () => NOW });
  const failingDevices = new Set<string>();
  const failingClients = new Set<string>();
  const held = new Map<string, { arrived: () => void; gate: Promise<void> }>();
  const handler = async (url: URL): Promise<TransportResponse> => {
    const query = url.searchParams;
    const hold = query.get('service') === 'list_mob_sessions' ? held.get(query.get('deviceid') ?? '') : undefined;
    if (hold !== undefined) {
      hold.arrived();
      await hold.gate;
    }
    const keyMatches = query.get('apikey') === apiKey;
    if (keyMatches && query.get('service') === 'list_mob_sessions' && failingDevices.has(query.get('deviceid') ?? '')) {
      return { status: 200, headers: XML, body: failBody('4', 'Invalid value for parameter: deviceid') };
    }
    if (keyMatches && query.get('service') === 'list_devices_at_client' && failingClients.has(query.get('clientid') ?? '')) {
      return { status: 200, headers: XML, body: failBody('4', 'Invalid value for parameter: clientid') };
    }
    return simulated(url);
  };
  const server = await startNsightServer({ handler, apiKey });
  return {
    server,
    apiKey,
    use(next) {
      simulated = createSimulatedNsight(next, { apiKey, host: '127.0.0.1', clock: () => NOW });
    },
    failingDevices,
    failingClients,
    hold(deviceId) {
      let arrived!: () => void;
      let release!: () => void;
      const reached = new Promise<void>((resolve) => {
        arrived = resolve;
      });
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      held.set(deviceId, { arrived, gate });
      return {
        reached,
        release() {
          held.delete(deviceId);
          release();
        },
      };
    },
  };
}

/** Generates a small demo account: two clients with two devices each, ten days of sessions. */
export function smallAccount(seed = 7): SimAccount {
  return generateDemoAccount({ now: NOW, seed, scale: { clients: 2, devicesPerClient: 2, days: 10 } });
}

export function backupDevices(account: SimAccount): SimAccount['devices'] {
  return account.devices.filter((device) => device.backupEnabled);
}

export interface CountingApi {
  api: NsightApi;
  /** Every wait between two attempts, in milliseconds, in call order. */
  sleeps: number[];
  /** The scheduler's clock: a `Retry-After` hold-off passes on it without real waiting. */
  clock: FakeClock;
}

/**
 * Creates an API client for the test server that retries like the real one: three attempts,
 * with backoff from one second and the jitter fixed at the middle. It records each wait
 * instead of sleeping, and gives up on a silent response after `readMs`.
 */
export function countingApi(server: NsightTestServer, apiKey: string, options: { readMs?: number; attempts?: number; userAgent?: string } = {}): CountingApi {
  const sleeps: number[] = [];
  const clock = new FakeClock();
  const api = createNsightApi({
    server: server.url,
    apiKey,
    scheduler: new RequestScheduler({ limits: { callsPerMinute: 1_000_000, concurrency: 1 }, clock }),
    retry: { attempts: options.attempts ?? 3, baseDelayMs: 1_000, maxDelayMs: 30_000, maxRetryAfterMs: 120_000, random: () => 0.5 },
    timeouts: { connectMs: 2_000, readMs: options.readMs ?? 5_000 },
    ...(options.userAgent === undefined ? {} : { userAgent: options.userAgent }),
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
  });
  return { api, sleeps, clock };
}

/** Returns the cache's content for an account, without sync times, for before-and-after comparisons. */
export function snapshotCache(cache: Cache, accountId: number) {
  const clients = cache.listClients(accountId, { includeRemoved: true }).map((client) => ({ id: client.id, name: client.name, removed: client.removedAt !== null }));
  const devices = cache.listDevices(accountId, { includeRemoved: true }).map((device) => ({
    id: device.id,
    name: device.name,
    clientId: device.clientId,
    siteName: device.siteName,
    backupEnabled: device.backupEnabled,
    removed: device.removedAt !== null,
  }));
  const sessions = new Map<string, unknown[]>();
  for (const device of devices) {
    sessions.set(device.id, cache.listSessions(accountId, { deviceIds: [device.id], sort: 'start', order: 'asc' }));
  }
  return { clients, devices, sessions };
}

export type CacheSnapshot = ReturnType<typeof snapshotCache>;

export { captureIo } from '../sync/support.ts';
