// Writes a generated account into a new cache file the way a sync would, for the benchmarks
// that read reports from the cache.

import { openCache, type Cache } from '../electron/cache/cache.ts';
import type { SimAccount } from '../electron/demo/account.ts';
import { DEVICE_TYPES } from '../shared/nsight.ts';

export const BENCH_HOST = 'bench.invalid';
export const BENCH_API_KEY = 'bench-key';

/** Saves clients and devices as a sync would, so that sessions have their devices. */
export function saveListings(cache: Cache, accountId: number, account: SimAccount): void {
  cache.saveClients(accountId, account.clients);
  for (const client of account.clients) {
    for (const type of DEVICE_TYPES) {
      cache.saveDevices(accountId, client.id, type, account.devices.filter((device) => device.clientId === client.id && device.type === type));
    }
  }
}

/**
 * Opens a new cache file holding the whole account under `host` and `apiKey`; returns the cache
 * and the account id.
 */
export function cacheAccount(file: string, account: SimAccount, host = BENCH_HOST, apiKey = BENCH_API_KEY): { cache: Cache; accountId: number } {
  const cache = openCache(file);
  const accountId = cache.ensureAccount(host, apiKey).id;
  saveListings(cache, accountId, account);
  for (const [deviceId, sessions] of account.sessions) cache.replaceSessions(accountId, deviceId, sessions);
  return { cache, accountId };
}
