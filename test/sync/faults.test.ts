import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCache, type Cache, type CachedSession } from '../../electron/cache/cache.ts';
import { runSync } from '../../electron/sync/sync.ts';
import type { NsightFault } from '../support/nsight-server.ts';
import { tempFolder } from '../cache/helpers.ts';
import { API_KEY, NOW, backupDeviceIds, startDemoServer, testApi, type DemoServer } from './support.ts';

let folder: ReturnType<typeof tempFolder>;
let demo: DemoServer;
let cache: Cache;
let accountId: number;
let deviceId: string;
let cachedBefore: CachedSession[];

beforeAll(async () => {
  folder = tempFolder();
  demo = await startDemoServer({ scale: { clients: 2, devicesPerClient: 3, days: 30 } });
  cache = openCache(path.join(folder.dir, 'cache.sqlite'), { clock: () => NOW });
  accountId = cache.ensureAccount('127.0.0.1', API_KEY).id;
  expect((await runSync({ api: testApi(demo.server), cache, accountId })).outcome).toBe('ok');

  // Change the device's history on the server, so that any partial write would show.
  deviceId = backupDeviceIds(demo.account)[0]!;
  const sessions = demo.account.sessions.get(deviceId)!;
  sessions[0] = { ...sessions[0]!, status: 'FAILED' };
  sessions.push({ ...sessions.at(-1)!, id: '99000001', start: new Date(NOW.getTime() - 60_000), end: null });
  cachedBefore = cache.listSessions(accountId, { deviceIds: [deviceId] });
});
afterAll(async () => {
  cache.close();
  await demo.server.close();
  folder.remove();
});

const FAULTS: { fault: NsightFault['kind'] | 'fail'; kind: string; outcome: string }[] = [
  { fault: 'fail', kind: 'invalid-parameter', outcome: 'partial' },
  { fault: 'html', kind: 'blocked', outcome: 'failed' },
  { fault: 'firewall', kind: 'blocked', outcome: 'failed' },
  { fault: 'rate-limit', kind: 'rate-limited', outcome: 'partial' },
  { fault: 'server-error', kind: 'server', outcome: 'partial' },
  { fault: 'truncate', kind: 'malformed', outcome: 'partial' },
  { fault: 'disconnect', kind: 'network', outcome: 'partial' },
  { fault: 'stall', kind: 'timeout', outcome: 'partial' },
  { fault: 'reset', kind: 'network', outcome: 'partial' },
  { fault: 'garbage', kind: 'malformed', outcome: 'partial' },
];

describe('session step faults', () => {
  it.each(FAULTS)('$fault keeps cached sessions', async ({ fault, kind, outcome }) => {
    if (fault === 'fail') demo.failingDevices.add(deviceId);
    else demo.server.setFault({ kind: fault, service: 'list_mob_sessions', deviceId });
    try {
      const result = await runSync({ api: testApi(demo.server), cache, accountId, scope: { kind: 'devices', deviceIds: [deviceId] } });
      expect(result.outcome).toBe(outcome);
      expect(result.errorKind ?? result.failures[0]?.kind).toBe(kind);
    } finally {
      demo.failingDevices.clear();
      demo.server.setFault(null);
    }
    expect(cache.listSessions(accountId, { deviceIds: [deviceId] })).toEqual(cachedBefore);
    expect(cache.checkIntegrity()).toEqual([]);
  });

  it('next sync takes the changes', async () => {
    const result = await runSync({ api: testApi(demo.server), cache, accountId, scope: { kind: 'devices', deviceIds: [deviceId] } });
    expect(result.outcome).toBe('ok');
    expect(result.sessionsAdded).toBe(1);
    const after = cache.listSessions(accountId, { deviceIds: [deviceId], sort: 'start', order: 'asc' });
    expect(after[0]?.status).toBe('FAILED');
    expect(after.at(-1)?.id).toBe('99000001');
  });
});
