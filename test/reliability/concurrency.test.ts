// Work that overlaps on one cache file: two syncs started at once (as when the app and the
// command line both sync), two syncs through the app's bridge, and reports read while a sync
// writes. The local server holds back one device's sessions, so the overlap is certain rather
// than left to timing.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../shared/report/build.ts';
import { DEFAULT_REPORT_SETTINGS } from '../../shared/report/types.ts';
import { openCache, type Cache } from '../../electron/cache/cache.ts';
import type { SimAccount } from '../../electron/demo/account.ts';
import { runSync, type SyncResult } from '../../electron/sync/sync.ts';
import { runCli } from '../../electron/cli/run.ts';
import { syncLockPath } from '../../electron/sync/lock.ts';
import { startApp } from './app.ts';
import {
  backupDevices, captureIo, cloneAccount, countingApi, NOW, smallAccount, snapshotCache, startSimServer, tempFolder, type CacheSnapshot, type SimServer,
} from './support.ts';

const API_KEY = 'concurrency-key-41d07be2';

let folder: ReturnType<typeof tempFolder>;
let sim: SimServer;
let host: string;
let before: SimAccount;
let after: SimAccount;
let caseNumber = 0;
const opened: Cache[] = [];

/** Adds a session to every backup device and fails the first one, so every device changes. */
function changedAccount(account: SimAccount): SimAccount {
  const next = cloneAccount(account);
  for (const [deviceId, sessions] of next.sessions) {
    if (sessions.length === 0) continue;
    sessions[0] = { ...sessions[0]!, status: 'FAILED' };
    sessions.push({ ...sessions.at(-1)!, id: `8${deviceId}02`, start: new Date(NOW.getTime() - 7_200_000), end: new Date(NOW.getTime() - 6_000_000) });
  }
  return next;
}

function cacheFile(): string {
  caseNumber++;
  return path.join(folder.dir, `case-${caseNumber}`, 'cache.sqlite');
}

function open(file: string): { cache: Cache; accountId: number } {
  const cache = openCache(file);
  opened.push(cache);
  return { cache, accountId: cache.ensureAccount(host, API_KEY).id };
}

function api(name: string) {
  return countingApi(sim.server, API_KEY, { readMs: 30_000, userAgent: name }).api;
}

/** Resolves with the first of: the promise settling, the server seeing a request from `agent`, or `ms` passing. */
function firstOf(work: Promise<unknown>, agent: string, ms: number): Promise<'settled' | 'requested' | 'waiting'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      clearInterval(poll);
      resolve('waiting');
    }, ms);
    const poll = setInterval(() => {
      if (sim.server.requests.some((request) => request.userAgent === agent)) {
        clearTimeout(timer);
        clearInterval(poll);
        resolve('requested');
      }
    }, 5);
    work.then(
      () => {
        clearTimeout(timer);
        clearInterval(poll);
        resolve('settled');
      },
      () => {
        clearTimeout(timer);
        clearInterval(poll);
        resolve('settled');
      },
    );
  });
}

beforeAll(async () => {
  folder = tempFolder();
  before = smallAccount(3);
  after = changedAccount(before);
  sim = await startSimServer(before, API_KEY);
  host = new URL(sim.server.url).host;
});

afterEach(() => {
  sim.use(before);
  for (const cache of opened.splice(0)) cache.close();
});

afterAll(async () => {
  await sim.server.close();
  folder.remove();
});

async function syncedSnapshot(account: SimAccount): Promise<CacheSnapshot> {
  sim.use(account);
  const { cache, accountId } = open(cacheFile());
  expect((await runSync({ api: api('snapshot'), cache, accountId })).outcome).toBe('ok');
  return snapshotCache(cache, accountId);
}

describe('two syncs on one cache', () => {
  it('second sync waits or is refused', async () => {
    const file = cacheFile();
    const first = open(file);
    const second = open(file);
    const held = backupDevices(before)[1]!.id;
    const hold = sim.hold(held);

    const firstRun = runSync({ api: api('first-sync'), cache: first.cache, accountId: first.accountId });
    await hold.reached;
    let secondError: unknown = null;
    const secondRun = runSync({ api: api('second-sync'), cache: second.cache, accountId: second.accountId }).catch((error: unknown) => {
      secondError = error;
      return null;
    });
    // A second sync that runs at once sends list_clients right away; give it a moment to show.
    const seen = await firstOf(secondRun, 'second-sync', 500);
    hold.release();
    const [firstResult, secondResult] = (await Promise.all([firstRun, secondRun])) as [SyncResult, SyncResult | null];

    expect(firstResult.outcome).toBe('ok');
    expect(seen).not.toBe('requested');
    const requests = sim.server.requests.filter((request) => request.userAgent === 'first-sync' || request.userAgent === 'second-sync');
    const agents = requests.map((request) => request.userAgent);
    const refused = secondError !== null || secondResult?.outcome === 'failed';
    if (refused) {
      const message = secondError instanceof Error ? secondError.message : (secondResult?.error ?? '');
      expect(message).toMatch(/sync/i);
      expect(message).toMatch(/already running|in progress|another/i);
      expect(agents).not.toContain('second-sync');
    } else {
      // The second sync waited: all of its requests come after the first sync's.
      expect(agents.lastIndexOf('first-sync')).toBeLessThan(agents.indexOf('second-sync'));
    }
    expect(first.cache.checkIntegrity()).toEqual([]);
  });

  it('both finish with the full account', async () => {
    const expected = await syncedSnapshot(before);
    const file = cacheFile();
    const first = open(file);
    const second = open(file);

    const results = await Promise.allSettled([
      runSync({ api: api('a'), cache: first.cache, accountId: first.accountId }),
      runSync({ api: api('b'), cache: second.cache, accountId: second.accountId }),
    ]);

    expect(results[0].status).toBe('fulfilled');
    if (results[0].status === 'fulfilled') expect(results[0].value.outcome).toBe('ok');
    expect(snapshotCache(first.cache, first.accountId)).toEqual(expected);
    expect(first.cache.checkIntegrity()).toEqual([]);
  });
});

describe('sync lock file', () => {
  it('live lock stops the sync', async () => {
    const file = cacheFile();
    const { cache, accountId } = open(file);
    // Process 1 always runs, so this lock belongs to a live sync of another process.
    const owner = { pid: 1, host: hostname(), startedAt: new Date().toISOString() };
    writeFileSync(syncLockPath(file), JSON.stringify(owner));
    const requestsBefore = sim.server.requests.length;

    const result = await runSync({ api: api('blocked'), cache, accountId });

    expect(result.outcome).toBe('failed');
    expect(result.errorKind).toBe('busy');
    expect(result.error).toBe(
      `Another sync of this cache is already running (process 1 on ${owner.host}, started ${owner.startedAt.slice(0, 16).replace('T', ' ')} UTC): wait for it to finish, or cancel it. If no sync runs, delete ${syncLockPath(file)}.`,
    );
    expect(sim.server.requests.length).toBe(requestsBefore);
    expect(JSON.parse(readFileSync(syncLockPath(file), 'utf8'))).toEqual(owner);

    const run = captureIo({ NSIGHT_API_KEY: API_KEY, NSIGHT_SERVER: sim.server.url, NSIGHT_CACHE: file });
    expect(await runCli(['sync', '--max-rate', '6000'], run.io)).toBe(1);
    expect(run.stdout()).toContain(`Error: Another sync of this cache is already running (process 1 on ${owner.host}`);
  });

  it('stale lock is taken over', async () => {
    const file = cacheFile();
    const { cache, accountId } = open(file);
    const finished = spawnSync(process.execPath, ['-e', '0']);
    expect(finished.status).toBe(0);
    writeFileSync(syncLockPath(file), JSON.stringify({ pid: finished.pid, host: hostname(), startedAt: new Date().toISOString() }));

    const result = await runSync({ api: api('after-crash'), cache, accountId });

    expect(result.outcome).toBe('ok');
    expect(existsSync(syncLockPath(file))).toBe(false);
  });

  it('app reports a busy cache', async () => {
    const app = startApp(path.join(folder.dir, `app-${++caseNumber}`));
    try {
      expect((await app.call('saveConnection', { server: sim.server.url, apiKey: API_KEY, keep: 'session' })).ok).toBe(true);
      const file = path.join(app.dataFolder, 'cache.sqlite');
      writeFileSync(syncLockPath(file), JSON.stringify({ pid: 1, host: hostname(), startedAt: new Date().toISOString() }));

      const result = await app.call('startSync', { scope: { kind: 'all' } });

      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('busy');
      expect(result.error.message).toMatch(/^Another sync of this cache is already running \(process 1 on /);
    } finally {
      app.close();
    }
  });
});

describe('two syncs in the app', () => {
  it('second start is busy', async () => {
    const app = startApp(path.join(folder.dir, `app-${++caseNumber}`));
    try {
      expect((await app.call('saveConnection', { server: sim.server.url, apiKey: API_KEY, keep: 'session' })).ok).toBe(true);
      const hold = sim.hold(backupDevices(before)[0]!.id);
      const first = app.call('startSync', { scope: { kind: 'all' } });
      await hold.reached;

      const second = await app.call('startSync', { scope: { kind: 'all' } });
      const progress = await app.call('getSyncProgress');
      hold.release();

      expect(second).toEqual({ ok: false, error: { code: 'busy', message: 'A sync is already running: wait for it to finish, or cancel it first.' } });
      expect(progress).toMatchObject({ ok: true, value: { phase: 'sessions' } });
      expect(await first).toMatchObject({ ok: true, value: { cancelled: false, failures: [] } });
      const accountId = app.cache.listAccounts()[0]!.id;
      expect(app.cache.listSyncRuns(accountId)).toHaveLength(1);
    } finally {
      app.close();
    }
  });
});

describe('report during a sync', () => {
  it('reads whole devices only', async () => {
    const old = await syncedSnapshot(before);
    const fresh = await syncedSnapshot(after);
    const file = cacheFile();
    const writer = open(file);
    sim.use(before);
    expect((await runSync({ api: api('base'), cache: writer.cache, accountId: writer.accountId })).outcome).toBe('ok');

    // The sync takes the changed account and stops at the third backup device.
    sim.use(after);
    const devices = backupDevices(before);
    const hold = sim.hold(devices[2]!.id);
    const running = runSync({ api: api('writer'), cache: writer.cache, accountId: writer.accountId });
    await hold.reached;

    // A second connection, as the command line's report would open, and the sync's own.
    const reader = open(file);
    for (const { cache, accountId } of [reader, writer]) {
      for (const client of before.clients) {
        const input = cache.getReportInput(accountId, client.id, { month: '2026-11', timeZone: 'UTC' });
        expect(input).not.toBeNull();
        const model = buildReport(input!, DEFAULT_REPORT_SETTINGS, { now: NOW });
        expect(model.client.id).toBe(client.id);
      }
      const now = snapshotCache(cache, accountId);
      let changed = 0;
      for (const device of devices) {
        const sessions = now.sessions.get(device.id);
        const isOld = JSON.stringify(sessions) === JSON.stringify(old.sessions.get(device.id));
        const isNew = JSON.stringify(sessions) === JSON.stringify(fresh.sessions.get(device.id));
        expect(isOld || isNew, device.id).toBe(true);
        if (isNew) changed++;
      }
      // The devices before the held one are done, the held one and those after it are not.
      expect(changed).toBe(2);
    }

    hold.release();
    expect((await running).outcome).toBe('ok');
    expect(snapshotCache(reader.cache, reader.accountId).sessions).toEqual(fresh.sessions);
  });
});
