import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCache, type Cache } from '../../electron/cache/cache.ts';
import { runSync, type SyncProgress } from '../../electron/sync/sync.ts';
import { countSessions } from '../../electron/demo/account.ts';
import { tempFolder } from '../cache/helpers.ts';
import { API_KEY, NOW, backupDeviceIds, startDemoServer, testApi, type DemoServer } from './support.ts';

let folder: ReturnType<typeof tempFolder>;
let demo: DemoServer;
let cache: Cache;
let accountId: number;
let now: Date;

beforeEach(async () => {
  folder = tempFolder();
  demo = await startDemoServer();
  now = NOW;
  cache = openCache(path.join(folder.dir, 'cache.sqlite'), { clock: () => now });
  accountId = cache.ensureAccount('127.0.0.1', API_KEY).id;
});
afterEach(async () => {
  cache.close();
  await demo.server.close();
  folder.remove();
});

function sync(extra: Partial<Parameters<typeof runSync>[0]> = {}) {
  return runSync({ api: testApi(demo.server), cache, accountId, clock: () => now, ...extra });
}

describe('runSync', () => {
  it('copies the demo account whole', async () => {
    const result = await sync();
    const backupIds = backupDeviceIds(demo.account);

    expect(result.outcome).toBe('ok');
    expect(result.clients).toBe(demo.account.clients.length);
    expect(result.devicesSynced).toBe(backupIds.length);
    expect(result.sessionsAdded).toBe(countSessions(demo.account));
    expect(result.requests).toBe(1 + 2 * demo.account.clients.length + backupIds.length);
    expect(result.failures).toEqual([]);

    expect(cache.listClients(accountId).map((client) => client.id).sort()).toEqual(demo.account.clients.map((client) => client.id).sort());
    expect(cache.listDevices(accountId)).toHaveLength(demo.account.devices.length);
    for (const id of backupIds) {
      const expected = demo.account.sessions.get(id) ?? [];
      const cached = cache.listSessions(accountId, { deviceIds: [id], sort: 'start', order: 'asc' });
      expect(cached.map((session) => session.id), `device ${id}`).toEqual(expected.map((session) => session.id));
    }
    const sample = demo.account.sessions.get(backupIds[0]!)![0]!;
    const stored = cache.listSessions(accountId, { deviceIds: [sample.deviceId] }).find((session) => session.id === sample.id);
    expect(stored).toEqual({ ...sample, removedAt: null });
    expect(cache.listSyncRuns(accountId)[0]?.outcome).toBe('ok');
  });

  it('second sync changes nothing', async () => {
    await sync();
    const before = cache.listSessions(accountId);
    now = new Date(NOW.getTime() + 3_600_000);
    const second = await sync();

    expect(second.outcome).toBe('ok');
    expect(second.sessionsAdded).toBe(0);
    expect(second.sessionsRemoved).toBe(0);
    expect(cache.listSessions(accountId)).toEqual(before);
    const withBackup = cache.listClients(accountId).filter((client) => client.backupDeviceCount > 0);
    expect(withBackup.length).toBeGreaterThan(0);
    expect(withBackup.map((client) => client.dataAsOf)).toEqual(withBackup.map(() => now));
  });

  it('records a FAIL device and goes on', async () => {
    const [failing, ...others] = backupDeviceIds(demo.account);
    demo.failingDevices.add(failing!);
    const result = await sync();

    expect(result.outcome).toBe('partial');
    expect(result.devicesSynced).toBe(others.length);
    expect(result.devicesFailed).toBe(1);
    const device = demo.account.devices.find((entry) => entry.id === failing)!;
    expect(result.failures).toEqual([
      expect.objectContaining({ target: 'device', id: failing, name: device.name, kind: 'invalid-parameter' }),
    ]);
    expect(cache.getDevice(accountId, failing!)?.sync.lastErrorKind).toBe('invalid-parameter');
    expect(cache.countSessions(accountId, { deviceIds: [failing!] })).toBe(0);
    expect(cache.listSyncRuns(accountId)[0]?.failures).toHaveLength(1);
  });

  it('stops at once on a wrong key', async () => {
    const result = await runSync({ api: testApi(demo.server, { apiKey: 'wrong-key' }), cache, accountId });
    expect(result.outcome).toBe('failed');
    expect(result.errorKind).toBe('auth');
    expect(result.error).toContain('check the API key and the region');
    expect(demo.server.requests).toHaveLength(1);
  });

  it('stops at once on a blocked host', async () => {
    demo.server.setFault({ kind: 'firewall', service: 'list_mob_sessions' });
    const result = await sync();
    expect(result.outcome).toBe('failed');
    expect(result.errorKind).toBe('blocked');
    expect(demo.server.requests.filter((request) => request.service === 'list_mob_sessions')).toHaveLength(1);
    expect(cache.listSyncRuns(accountId)[0]?.outcome).toBe('failed');
  });

  it('skips fresh devices', async () => {
    const [failing] = backupDeviceIds(demo.account);
    demo.failingDevices.add(failing!);
    await sync();
    demo.failingDevices.clear();
    now = new Date(NOW.getTime() + 10 * 60_000);
    const requestsBefore = demo.server.requests.length;

    const second = await sync({ skipFreshMinutes: 60 });
    const fetched = demo.server.requests.slice(requestsBefore).filter((request) => request.service === 'list_mob_sessions');
    expect(fetched.map((request) => request.params.deviceid)).toEqual([failing]);
    expect(second.devicesSkipped).toBe(backupDeviceIds(demo.account).length - 1);
    expect(second.outcome).toBe('ok');
  });

  it('syncs chosen clients by name', async () => {
    const client = demo.account.clients[1]!;
    const result = await sync({ scope: { kind: 'clients', clients: [client.name.toUpperCase()] } });
    const ids = demo.account.devices.filter((device) => device.clientId === client.id && device.backupEnabled).map((device) => device.id);
    expect(result.clients).toBe(1);
    expect(result.devicesSynced).toBe(ids.length);
    expect(cache.listDevices(accountId).every((device) => device.clientId === client.id)).toBe(true);
  });

  it('rejects an unknown client name', async () => {
    const result = await sync({ scope: { kind: 'clients', clients: ['No Such Client'] } });
    expect(result.outcome).toBe('failed');
    expect(result.errorKind).toBe('scope');
    expect(result.error).toContain('No client "No Such Client"');
  });

  it('syncs chosen devices', async () => {
    const [first, second] = backupDeviceIds(demo.account);
    const result = await sync({ scope: { kind: 'devices', deviceIds: [first!, second!, '999'] } });
    expect(result.devicesSynced).toBe(2);
    expect(result.failures.map((failure) => [failure.id, failure.kind])).toEqual([['999', 'not-found']]);
    expect(result.outcome).toBe('partial');
  });

  it('reports progress with phases', async () => {
    const events: SyncProgress[] = [];
    await sync({ onProgress: (progress) => events.push(progress) });
    const phases = [...new Set(events.map((event) => event.phase))];
    expect(phases).toEqual(['clients', 'devices', 'sessions', 'done']);
    const sessionEvents = events.filter((event) => event.phase === 'sessions');
    expect(sessionEvents.at(-1)).toMatchObject({ done: backupDeviceIds(demo.account).length, total: backupDeviceIds(demo.account).length });
    expect(sessionEvents.at(-1)?.current?.kind).toBe('device');
    expect(sessionEvents.at(-1)?.etaMs).toBe(0);
    expect(sessionEvents[1]?.etaMs).toBeGreaterThan(0);
  });

  it('cancels within one request', async () => {
    const controller = new AbortController();
    let requestsAtCancel = 0;
    const result = await sync({
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.phase === 'sessions' && progress.done === 3 && !controller.signal.aborted) {
          requestsAtCancel = demo.server.requests.length;
          controller.abort(new Error('stop'));
        }
      },
    });
    expect(result.outcome).toBe('cancelled');
    expect(result.errorKind).toBe('cancelled');
    expect(result.devicesSynced).toBe(3);
    expect(demo.server.requests.length).toBeLessThanOrEqual(requestsAtCancel + 1);
    expect(cache.listSyncRuns(accountId)[0]?.outcome).toBe('cancelled');
  });
});
