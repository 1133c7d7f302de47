// The sync engine: reads the account from N-sight into the cache, within the API client's
// request budget. Steps: `list_clients`, then per client `list_devices_at_client` for servers
// and workstations, then `list_mob_sessions` for each device with Backup & Recovery on.
// Sites come from the device listing, which contains every field a report needs.

import { DEVICE_TYPES, type Client } from '../../shared/nsight.ts';
import { NsightApiError } from '../api/errors.ts';
import type { NsightApi } from '../api/client.ts';
import type { RequestScheduler } from '../api/scheduler.ts';
import type { Cache, CachedDevice, SyncFailure, SyncOutcome, SyncRunTotals } from '../cache/cache.ts';
import { silentLogger, type Logger } from '../logger.ts';
import { acquireSyncLock, heldLockMessage } from './lock.ts';
import { runPool } from './pool.ts';
import { ProgressTracker, type SyncProgress } from './progress.ts';

export type { SyncProgress, SyncPhase } from './progress.ts';

/** Scope of a sync: the whole account, some clients (ids or names), or some devices (ids). */
export type SyncScope =
  | { kind: 'all' }
  | { kind: 'clients'; clients: readonly string[] }
  | { kind: 'devices'; deviceIds: readonly string[] };

export interface SyncOptions {
  api: NsightApi;
  cache: Cache;
  accountId: number;
  scope?: SyncScope;
  /** Skips devices whose sessions were synced successfully within this many minutes. */
  skipFreshMinutes?: number;
  /** Requests the sync keeps waiting at once (default: the scheduler's concurrency, else 1); the scheduler still caps what runs. */
  concurrency?: number;
  /** The API client's scheduler: its budget gives the estimate of the time left. */
  scheduler?: Pick<RequestScheduler, 'estimateMs' | 'limits'>;
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
  logger?: Logger;
  clock?: () => Date;
}

export interface SyncResult extends SyncRunTotals {
  runId: number;
  startedAt: Date;
  endedAt: Date;
  /** Devices with Backup & Recovery on in the scope. */
  devices: number;
  /** Kind of the error that stopped the sync (`auth`, `blocked`, `cancelled`, ...), or null. */
  errorKind: string | null;
}

/** Errors that stop the whole sync: every later request would fail the same way. */
const FATAL_KINDS: ReadonlySet<string> = new Set(['auth', 'blocked', 'cancelled']);

/** A scope that names a client the account does not have. */
export class SyncScopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncScopeError';
  }
}

function resolveClients(clients: readonly Client[], wanted: readonly string[]): Client[] {
  const chosen = new Map<string, Client>();
  for (const text of wanted) {
    const trimmed = text.trim();
    const byId = clients.find((client) => client.id === trimmed);
    const byName = clients.filter((client) => client.name.toLowerCase() === trimmed.toLowerCase());
    const match = byId ? [byId] : byName;
    if (match.length === 0) {
      throw new SyncScopeError(`No client "${trimmed}" in this account: run the clients command to list the ids and names.`);
    }
    if (match.length > 1) {
      const ids = match.map((client) => client.id).join(', ');
      throw new SyncScopeError(`Several clients are named "${trimmed}" (ids ${ids}): choose one by id.`);
    }
    chosen.set(match[0]!.id, match[0]!);
  }
  return [...chosen.values()];
}

function isRecoverable(error: unknown): error is NsightApiError {
  return error instanceof NsightApiError && !FATAL_KINDS.has(error.kind);
}

/** Syncs the scope into the cache and records the run in the sync log; never rejects for API errors. */
export async function runSync(options: SyncOptions): Promise<SyncResult> {
  const { api, cache, accountId } = options;
  const scope = options.scope ?? { kind: 'all' };
  const clock = options.clock ?? (() => new Date());
  const logger = (options.logger ?? silentLogger).child('sync');
  const width = Math.max(1, options.concurrency ?? options.scheduler?.limits.concurrency ?? 1);
  // Aborted by the caller's signal or by a fatal error, so that requests in flight stop too.
  const stop = new AbortController();
  const onAbort = (): void => stop.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();

  const startedAt = clock();
  const runId = cache.startSyncRun(accountId, scope);
  const failures: SyncFailure[] = [];
  const totals: SyncRunTotals = {
    outcome: 'ok', clients: 0, devicesSynced: 0, devicesSkipped: 0, devicesFailed: 0,
    sessionsAdded: 0, sessionsRemoved: 0, requests: 0, error: null, failures,
  };

  // Two syncs writing one cache would interleave their runs, so the second one stops here.
  const lock = cache.file === ':memory:' ? null : acquireSyncLock(cache.file, startedAt);
  if (lock?.kind === 'held') {
    options.signal?.removeEventListener('abort', onAbort);
    totals.outcome = 'failed';
    totals.error = heldLockMessage(lock.owner, lock.file);
    logger.warn('Sync not started: another sync is running on this cache', { runId, lockFile: lock.file, owner: lock.owner });
    cache.finishSyncRun(runId, totals);
    return { ...totals, runId, startedAt, endedAt: clock(), devices: 0, errorKind: 'busy' };
  }
  const tracker = new ProgressTracker(totals, width, options.scheduler, options.onProgress);
  let backupDevices = 0;
  let errorKind: string | null = null;
  logger.info('Sync started', { runId, host: api.host, scope });

  // Cancels the requests of the other pool lanes at once, then hands the error on.
  function stopWith(error: unknown): unknown {
    if (!stop.signal.aborted) stop.abort(error);
    return error;
  }

  async function request<T>(work: () => Promise<T>): Promise<T> {
    const began = Date.now();
    try {
      return await work();
    } finally {
      totals.requests++;
      tracker.recordRequest(Date.now() - began);
    }
  }

  try {
    tracker.start('clients', 1, null);
    const allClients = await request(() => api.listClients({ signal: stop.signal }));
    cache.saveClients(accountId, allClients);
    tracker.step(null);

    const targets = chooseClients(cache, accountId, allClients, scope);
    totals.clients = targets.length;
    tracker.start('devices', targets.length * DEVICE_TYPES.length, null);
    const targetIds = new Set(targets.map((client) => client.id));
    const cachedBackupDevices = cache.listDevices(accountId).filter((device) => device.backupEnabled && targetIds.has(device.clientId));
    tracker.expectSessionCalls(cachedBackupDevices.length);
    const listings = targets.flatMap((client) => DEVICE_TYPES.map((type) => ({ client, type })));
    await runPool(listings, width, async ({ client, type }) => {
      const current = { kind: 'client' as const, id: client.id, name: client.name };
      try {
        const devices = await request(() => api.listDevicesAtClient(client.id, type, { signal: stop.signal }));
        cache.saveDevices(accountId, client.id, type, devices);
      } catch (error) {
        if (!isRecoverable(error)) throw stopWith(error);
        failures.push({ target: 'client', id: client.id, name: client.name, clientId: client.id, clientName: client.name, kind: error.kind, message: error.message });
        logger.warn('Device listing failed; the client keeps its cached devices', { clientId: client.id, type, kind: error.kind, error: error.message });
      }
      tracker.step(current);
    }, stop.signal);

    const { fetch, skipped, missing } = chooseDevices(cache, accountId, targets, scope, options.skipFreshMinutes, clock());
    backupDevices = fetch.length + skipped;
    totals.devicesSkipped = skipped;
    for (const id of missing) {
      failures.push({ target: 'device', id, name: id, clientId: null, clientName: null, kind: 'not-found', message: `Device ${id} is not in this account, or Backup & Recovery is off on it.` });
      totals.devicesFailed++;
    }
    tracker.start('sessions', fetch.length, null);
    await runPool(fetch, width, async (device) => {
      const current = { kind: 'device' as const, id: device.id, name: device.name };
      try {
        const sessions = await request(() => api.listMobSessions(device.id, { signal: stop.signal }));
        const written = cache.replaceSessions(accountId, device.id, sessions);
        totals.devicesSynced++;
        totals.sessionsAdded += written.added;
        totals.sessionsRemoved += written.removed;
      } catch (error) {
        if (!isRecoverable(error)) throw stopWith(error);
        cache.recordDeviceFailure(accountId, device.id, error.kind, error.message);
        totals.devicesFailed++;
        failures.push({ target: 'device', id: device.id, name: device.name, clientId: device.clientId, clientName: device.clientName, kind: error.kind, message: error.message });
        logger.warn('Session fetch failed; the device keeps its cached sessions', { deviceId: device.id, kind: error.kind, error: error.message });
      }
      tracker.step(current);
    }, stop.signal);
    if (options.signal?.aborted) throw options.signal.reason;

    totals.outcome = failures.length > 0 ? 'partial' : 'ok';
  } catch (error) {
    const cancelled = options.signal?.aborted === true;
    totals.outcome = cancelled ? ('cancelled' satisfies SyncOutcome) : 'failed';
    errorKind = cancelled ? 'cancelled' : errorKindOf(error);
    totals.error = cancelled ? 'The sync was cancelled; devices finished before the cancel are saved.' : messageOf(error);
    logger[cancelled ? 'info' : 'error']('Sync stopped', { runId, kind: errorKind, error: totals.error });
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    lock?.release();
  }

  cache.finishSyncRun(runId, totals);
  tracker.finish();
  const endedAt = clock();
  logger.info('Sync finished', { runId, outcome: totals.outcome, devicesSynced: totals.devicesSynced, devicesFailed: totals.devicesFailed, requests: totals.requests });
  return { ...totals, runId, startedAt, endedAt, devices: backupDevices, errorKind };
}

function chooseClients(cache: Cache, accountId: number, clients: readonly Client[], scope: SyncScope): Client[] {
  if (scope.kind === 'all') return [...clients];
  if (scope.kind === 'clients') return resolveClients(clients, scope.clients);
  // Devices already cached name their client; an unknown device needs every client's listing.
  const cached = cache.listDevices(accountId, { deviceIds: scope.deviceIds, includeRemoved: true });
  if (cached.length < new Set(scope.deviceIds).size) return [...clients];
  const ids = new Set(cached.map((device) => device.clientId));
  return clients.filter((client) => ids.has(client.id));
}

function chooseDevices(
  cache: Cache,
  accountId: number,
  clients: readonly Client[],
  scope: SyncScope,
  skipFreshMinutes: number | undefined,
  now: Date,
): { fetch: CachedDevice[]; skipped: number; missing: string[] } {
  const clientIds = new Set(clients.map((client) => client.id));
  let devices = cache.listDevices(accountId).filter((device) => device.backupEnabled && clientIds.has(device.clientId));
  const missing: string[] = [];
  if (scope.kind === 'devices') {
    const found = new Set(devices.map((device) => device.id));
    missing.push(...new Set(scope.deviceIds.filter((id) => !found.has(id))));
    const wanted = new Set(scope.deviceIds);
    devices = devices.filter((device) => wanted.has(device.id));
  }
  if (skipFreshMinutes === undefined || skipFreshMinutes <= 0) return { fetch: devices, skipped: 0, missing };

  const freshSince = now.getTime() - skipFreshMinutes * 60_000;
  const fetch = devices.filter((device) => (device.sync.lastSuccessAt?.getTime() ?? -Infinity) < freshSince);
  return { fetch, skipped: devices.length - fetch.length, missing };
}

function errorKindOf(error: unknown): string {
  if (error instanceof NsightApiError) return error.kind;
  if (error instanceof SyncScopeError) return 'scope';
  return 'internal';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
