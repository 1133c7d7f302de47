import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCache, type Cache, type CachedSession, type SessionSortKey } from '../../electron/cache/cache.ts';
import { makeClient, makeDevice, makeSession, tempFolder } from './helpers.ts';

let folder: ReturnType<typeof tempFolder>;
let file: string;
let cache: Cache;
let accountId: number;

const DEVICES = [
  makeDevice('1', '10', { name: 'b-server', siteId: 'n', siteName: 'North' }),
  makeDevice('2', '10', { name: 'A-server', siteId: 's', siteName: 'South' }),
  makeDevice('3', '10', { name: 'c-server', siteId: 's', siteName: 'South' }),
];

beforeEach(() => {
  folder = tempFolder();
  file = path.join(folder.dir, 'cache.sqlite');
  cache = openCache(file, { clock: () => new Date('2026-12-01T08:00:00Z') });
  accountId = cache.ensureAccount('www.systemmonitor.us', 'key').id;
  cache.saveClients(accountId, [makeClient('10', 'Acme'), makeClient('11', 'Bolt')]);
  cache.saveDevices(accountId, '10', 'server', DEVICES);
  cache.saveDevices(accountId, '11', 'server', [makeDevice('9', '11', { name: 'other' })]);
  cache.replaceSessions(accountId, '1', [
    makeSession('a', '1', '2026-11-01 01:00', { errorCount: 3, transferredSize: 500, processedSize: 70 }),
    makeSession('b', '1', '2026-11-02 01:00', { plugin: 'SYSTEM_STATE', status: 'FAILED', end: null, selectionSize: 9 }),
    makeSession('c', '1', '2026-11-03 01:00', { type: 'RESTORE', end: new Date('2026-11-03T03:00:00Z'), processedSize: 70 }),
  ]);
  cache.replaceSessions(accountId, '2', [
    makeSession('d', '2', '2026-11-01 01:00', { status: 'COMPLETED_WITH_ERRORS', errorCount: 3, end: new Date('2026-11-01T01:05:00Z') }),
    makeSession('e', '2', '2026-11-04 01:00', { plugin: 'MSSQL', selectionSize: 5000, transferredSize: 0 }),
  ]);
  cache.replaceSessions(accountId, '3', [makeSession('f', '3', '2026-11-02 01:00', { processedSize: 10, errorCount: 1 })]);
  cache.replaceSessions(accountId, '9', [makeSession('z', '9', '2026-11-05 01:00')]);
});
afterEach(() => {
  cache.close();
  folder.remove();
});

type Key = string | number | null;
const nameOf = (id: string) => DEVICES.find((device) => device.id === id)!.name.toLowerCase();
const siteOf = (id: string) => DEVICES.find((device) => device.id === id)!.siteName.toLowerCase();

/** The order each sort promises, written out independently of the SQL. */
const SORT_KEYS: Record<SessionSortKey, (s: CachedSession) => Key[]> = {
  start: (s) => [s.start.getTime(), s.deviceId, s.id],
  end: (s) => [s.end?.getTime() ?? null, s.start.getTime(), s.deviceId, s.id],
  duration: (s) => [s.end === null ? null : s.end.getTime() - s.start.getTime(), s.start.getTime(), s.deviceId, s.id],
  device: (s) => [nameOf(s.deviceId), s.deviceId, s.start.getTime(), s.id],
  site: (s) => [siteOf(s.deviceId), nameOf(s.deviceId), s.deviceId, s.start.getTime(), s.id],
  plugin: (s) => [s.plugin, s.start.getTime(), s.deviceId, s.id],
  type: (s) => [s.type, s.start.getTime(), s.deviceId, s.id],
  status: (s) => [s.status, s.start.getTime(), s.deviceId, s.id],
  selectionSize: (s) => [s.selectionSize, s.start.getTime(), s.deviceId, s.id],
  processedSize: (s) => [s.processedSize, s.start.getTime(), s.deviceId, s.id],
  transferredSize: (s) => [s.transferredSize, s.start.getTime(), s.deviceId, s.id],
  errorCount: (s) => [s.errorCount, s.start.getTime(), s.deviceId, s.id],
};

/** Compares key lists as SQLite does in ascending order: null first. */
function compareKeys(a: Key[], b: Key[]): number {
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i], b[i]];
    if (x === y) continue;
    if (x === null) return -1;
    if (y === null) return 1;
    return (x as string | number) < (y as string | number) ? -1 : 1;
  }
  return 0;
}

describe('session sorts', () => {
  for (const sort of Object.keys(SORT_KEYS) as SessionSortKey[]) {
    for (const order of ['asc', 'desc'] as const) {
      it(`pages by ${sort} ${order}`, () => {
        const all = cache.listSessions(accountId, { clientId: '10' });
        const key = SORT_KEYS[sort];
        const expected = [...all].sort((a, b) => compareKeys(key(a), key(b)) * (order === 'asc' ? 1 : -1)).map((s) => s.id);

        const paged: string[] = [];
        for (let offset = 0; offset < 8; offset += 2) {
          paged.push(...cache.listSessions(accountId, { clientId: '10', sort, order, limit: 2, offset }).map((s) => s.id));
        }

        expect(expected).toHaveLength(6);
        expect(paged).toEqual(expected);
        expect(cache.listSessions(accountId, { clientId: '10', sort, order }).map((s) => s.id)).toEqual(expected);
      });
    }
  }

  it('sees its own writes between pages', () => {
    const first = cache.listSessions(accountId, { clientId: '10', sort: 'errorCount', limit: 2 });
    cache.replaceSessions(accountId, '3', [makeSession('f', '3', '2026-11-02 01:00', { errorCount: 9 })]);
    const again = cache.listSessions(accountId, { clientId: '10', sort: 'errorCount', limit: 2 });

    expect(first.map((s) => s.id)).toEqual(['d', 'a']);
    expect(again.map((s) => s.id)).toEqual(['f', 'd']);
  });

  it('sees writes of another connection', () => {
    const first = cache.listSessions(accountId, { clientId: '10', sort: 'start', limit: 1 });
    const other = openCache(file, { clock: () => new Date('2026-12-01T09:00:00Z') });
    other.replaceSessions(accountId, '3', [makeSession('g', '3', '2026-11-20 01:00')]);
    other.close();

    const again = cache.listSessions(accountId, { clientId: '10', sort: 'start', limit: 1 });

    expect(first.map((s) => s.id)).toEqual(['e']);
    expect(again.map((s) => s.id)).toEqual(['g']);
  });

  it('sees renamed devices in the device order', () => {
    const first = cache.listSessions(accountId, { clientId: '10', sort: 'device', order: 'asc', limit: 1 });
    cache.saveDevices(accountId, '10', 'server', DEVICES.map((device) => (device.id === '3' ? { ...device, name: '0-server' } : device)));

    const again = cache.listSessions(accountId, { clientId: '10', sort: 'device', order: 'asc', limit: 1 });

    expect(first.map((s) => s.id)).toEqual(['d']);
    expect(again.map((s) => s.id)).toEqual(['f']);
  });

  it('filters each sort by client, device, status, plugin, type and range', () => {
    const filter = { clientId: '10', deviceIds: ['1', '2'], statuses: ['COMPLETED', 'FAILED'], types: ['BACKUP'], from: new Date('2026-11-01T01:00:00Z'), to: new Date('2026-11-04T01:00:00Z') };
    for (const sort of ['start', 'device', 'errorCount'] as const) {
      const ids = cache.listSessions(accountId, { ...filter, sort, order: 'asc', limit: 10 }).map((s) => s.id);
      expect(ids.sort(), sort).toEqual(['a', 'b']);
    }
    expect(cache.countSessions(accountId, filter)).toBe(2);
  });

  it('follows a device to its new client', () => {
    cache.saveDevices(accountId, '11', 'server', [makeDevice('9', '11', { name: 'other' }), makeDevice('3', '11', { name: 'c-server' })]);

    expect(cache.listSessions(accountId, { clientId: '11', sort: 'errorCount', limit: 10 }).map((s) => s.id)).toEqual(['f', 'z']);
    expect(cache.listSessions(accountId, { clientId: '11', sort: 'device', order: 'asc', limit: 10 }).map((s) => s.id)).toEqual(['f', 'z']);
    expect(cache.countSessions(accountId, { clientId: '10' })).toBe(5);
  });

  it('gives sessions cached before their device a client', () => {
    cache.replaceSessions(accountId, '7', [makeSession('early', '7', '2026-11-06 01:00')]);
    expect(cache.countSessions(accountId, { clientId: '11' })).toBe(1);

    cache.saveDevices(accountId, '11', 'workstation', [makeDevice('7', '11', { type: 'workstation' })]);

    expect(cache.listSessions(accountId, { clientId: '11', sort: 'start', limit: 10 }).map((s) => s.id)).toEqual(['early', 'z']);
  });
});

describe('sessionFacets', () => {
  it('lists the values and range of the matches', () => {
    expect(cache.sessionFacets(accountId, { clientId: '10' })).toEqual({
      statuses: ['COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED'],
      plugins: ['FILE_SYSTEM', 'MSSQL', 'SYSTEM_STATE'],
      types: ['BACKUP', 'RESTORE'],
      firstStart: new Date('2026-11-01T01:00:00Z'),
      lastStart: new Date('2026-11-04T01:00:00Z'),
    });
    expect(cache.sessionFacets(accountId, { clientId: '10', deviceIds: ['3'] })).toMatchObject({ statuses: ['COMPLETED'], types: ['BACKUP'] });
    expect(cache.sessionFacets(accountId, { clientId: '12' })).toEqual({ statuses: [], plugins: [], types: [], firstStart: null, lastStart: null });
  });
});
