import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SESSION_SORT_FIELDS } from '../../shared/contract.ts';
import { buildReport } from '../../shared/report/build.ts';
import { DEFAULT_REPORT_SETTINGS } from '../../shared/report/types.ts';
import { openCache, type Cache, type SessionQuery } from '../../electron/cache/cache.ts';
import * as browse from '../../electron/bridge/browse.ts';
import { makeClient, makeDevice, makeSession, tempFolder } from '../cache/helpers.ts';

const NOW = new Date('2026-11-20T12:00:00Z');
let folder: ReturnType<typeof tempFolder>;
let cache: Cache;
let accountId: number;

beforeEach(() => {
  folder = tempFolder();
  cache = openCache(path.join(folder.dir, 'cache.sqlite'), { clock: () => NOW });
  accountId = cache.ensureAccount('www.systemmonitor.us', 'key').id;
  cache.saveClients(accountId, [makeClient('10', 'Acme', { deviceCount: 5 })]);
  cache.saveDevices(accountId, '10', 'server', [
    makeDevice('1', '10', { name: 'LONG' }),
    makeDevice('2', '10', { name: 'FRESH' }),
    makeDevice('3', '10', { name: 'FAILING' }),
    makeDevice('4', '10', { name: 'WARNING' }),
    makeDevice('5', '10', { name: 'UNSYNCED' }),
  ]);
  cache.replaceSessions(accountId, '1', [
    // A success that ran for nine days, then a short one started later: the report counts the
    // later start, which ended nine days before the sync.
    makeSession('a', '1', '2026-11-10 01:00', { end: new Date('2026-11-19T00:00:00Z') }),
    makeSession('b', '1', '2026-11-11 01:00'),
  ]);
  cache.replaceSessions(accountId, '2', [makeSession('c', '2', '2026-11-19 01:00')]);
  cache.replaceSessions(accountId, '3', [makeSession('d', '3', '2026-11-19 01:00', { status: 'FAILED', errorCount: 4 })]);
  cache.replaceSessions(accountId, '4', [
    makeSession('e', '4', '2026-11-01 01:00'),
    makeSession('f', '4', '2026-11-19 01:00', { status: 'COMPLETED_WITH_ERRORS', errorCount: 1 }),
  ]);
});
afterEach(() => {
  cache.close();
  folder.remove();
});

function context(completedWithErrorsCountsAsSuccess: boolean, target: Cache = cache): browse.BrowseContext {
  return { cache: target, accountId, atRiskThresholdDays: 3, completedWithErrorsCountsAsSuccess, now: NOW };
}

describe('at-risk counts', () => {
  for (const [warningCounts, expected] of [[false, ['LONG', 'FAILING', 'WARNING']], [true, ['LONG', 'FAILING']]] as const) {
    it(`match the report with warnings ${warningCounts ? 'counted' : 'not counted'}`, () => {
      const [client] = browse.listClients(context(warningCounts), {});
      const devices = browse.listDevices(context(warningCounts), { clientId: '10' });
      const input = cache.getReportInput(accountId, '10', { month: '2026-11', timeZone: 'UTC' })!;
      const settings = { ...DEFAULT_REPORT_SETTINGS, atRiskThresholdDays: 3, completedWithErrorsCountsAsSuccess: warningCounts };
      const report = buildReport({ ...input, devices: input.devices.filter((device) => device.lastSyncedAt !== null) }, settings, { now: NOW });

      expect(devices.filter((device) => device.atRisk).map((device) => device.name).sort()).toEqual([...expected].sort());
      expect(client?.atRiskCount).toBe(expected.length);
      expect(report.totals.devicesAtRisk).toBe(expected.length);
      expect(report.devices.filter((device) => device.atRisk).map((device) => device.name).sort()).toEqual([...expected].sort());
    });
  }

  it('show the last success and status', () => {
    const devices = browse.listDevices(context(false), { clientId: '10' });
    const long = devices.find((device) => device.name === 'LONG')!;
    const warning = devices.find((device) => device.name === 'WARNING')!;

    expect(long).toMatchObject({ lastSuccessAt: '2026-11-11T01:30:00.000Z', lastStatus: 'COMPLETED', lastSessionAt: '2026-11-11T01:00:00.000Z', sessionCount: 2 });
    expect(warning).toMatchObject({ lastSuccessAt: '2026-11-01T01:30:00.000Z', lastStatus: 'COMPLETED_WITH_ERRORS' });
    expect(browse.listDevices(context(true), { clientId: '10' }).find((device) => device.name === 'WARNING')?.lastSuccessAt).toBe('2026-11-19T01:30:00.000Z');
  });
});

describe('client device counts', () => {
  it('count cached devices once synced', () => {
    // N-sight says Acme has 5 devices; the cache holds 6 for it (one without backup). Widgets
    // has none cached yet, and N-sight counts none for Zeta.
    cache.saveClients(accountId, [
      makeClient('10', 'Acme', { deviceCount: 5 }),
      makeClient('11', 'Widgets', { deviceCount: 10 }),
      makeClient('12', 'Zeta', { deviceCount: 0 }),
    ]);
    cache.saveDevices(accountId, '10', 'workstation', [makeDevice('6', '10', { type: 'workstation', name: 'DESK', backupEnabled: false })]);

    const clients = browse.listClients(context(false), {});

    expect(clients.map((client) => [client.name, client.deviceCount, client.cachedDeviceCount, client.backupDeviceCount])).toEqual([
      ['Acme', 5, 6, 5],
      ['Widgets', 10, null, 0],
      ['Zeta', 0, 0, 0],
    ]);
  });
});

describe('browse reads', () => {
  /** Returns the cache with `listSessions` and `pageSessions` recording each query they are given. */
  function recordingCache(queries: SessionQuery[]): Cache {
    return new Proxy(cache, {
      get(target, property, receiver) {
        if (property === 'listSessions' || property === 'pageSessions') {
          return (id: number, query: SessionQuery & { limit: number }) => {
            queries.push(query);
            return target[property](id, query);
          };
        }
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  it('never read every session', () => {
    const queries: SessionQuery[] = [];
    const recording = context(false, recordingCache(queries));

    browse.listClients(recording, {});
    browse.listDevices(recording, { clientId: '10' });
    browse.getSessionFacets(recording, { clientId: '10' });
    for (const field of SESSION_SORT_FIELDS) {
      browse.querySessions(recording, { clientId: '10', offset: 1, limit: 2, sort: { field, direction: 'asc' } });
    }

    expect(queries).toHaveLength(SESSION_SORT_FIELDS.length);
    for (const query of queries) expect(query.limit, query.sort).toBe(2);
  });

  it('pages sessions by error count', () => {
    const page = browse.querySessions(context(false), { clientId: '10', offset: 1, limit: 2, sort: { field: 'errorCount', direction: 'desc' } });

    expect(page.total).toBe(6);
    expect(page.rows.map((row) => [row.id, row.deviceName, row.errorCount])).toEqual([
      ['f', 'WARNING', 1],
      ['c', 'FRESH', 0],
    ]);
  });
});
