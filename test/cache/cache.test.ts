import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fingerprintApiKey, openCache, type Cache } from '../../electron/cache/cache.ts';
import { makeClient, makeDevice, makeSession, tempFolder } from './helpers.ts';

let folder: ReturnType<typeof tempFolder>;
let cache: Cache;
let now = new Date('2026-12-01T08:00:00Z');
beforeEach(() => {
  folder = tempFolder();
  now = new Date('2026-12-01T08:00:00Z');
  cache = openCache(path.join(folder.dir, 'cache.sqlite'), { clock: () => now });
});
afterEach(() => {
  cache.close();
  folder.remove();
});

describe('accounts', () => {
  it('stores a fingerprint, not the key', () => {
    const account = cache.ensureAccount('WWW.SystemMonitor.us', 'secret-key-1234');
    expect(account.host).toBe('www.systemmonitor.us');
    expect(account.keyFingerprint).toBe(fingerprintApiKey('secret-key-1234'));
    expect(account.keyFingerprint).not.toContain('secret');
  });

  it('keeps two accounts apart', () => {
    const us = cache.ensureAccount('www.systemmonitor.us', 'key-a');
    const uk = cache.ensureAccount('www.systemmonitor.co.uk', 'key-a');
    const otherKey = cache.ensureAccount('www.systemmonitor.us', 'key-b');
    expect(new Set([us.id, uk.id, otherKey.id]).size).toBe(3);

    cache.saveClients(us.id, [makeClient('10', 'Acme US')]);
    cache.saveClients(uk.id, [makeClient('10', 'Acme UK')]);
    cache.saveDevices(us.id, '10', 'server', [makeDevice('1', '10')]);
    cache.saveDevices(uk.id, '10', 'server', [makeDevice('1', '10')]);
    cache.replaceSessions(us.id, '1', [makeSession('s1', '1', '2026-11-02 01:00')]);
    cache.replaceSessions(uk.id, '1', [makeSession('s2', '1', '2026-11-03 01:00'), makeSession('s3', '1', '2026-11-04 01:00')]);

    expect(cache.listClients(us.id).map((client) => client.name)).toEqual(['Acme US']);
    expect(cache.listClients(uk.id).map((client) => client.name)).toEqual(['Acme UK']);
    expect(cache.listClients(otherKey.id)).toEqual([]);
    expect(cache.listSessions(us.id).map((session) => session.id)).toEqual(['s1']);
    expect(cache.listSessions(uk.id).map((session) => session.id)).toEqual(['s3', 's2']);
  });

  it('lists accounts by host', () => {
    cache.ensureAccount('www.systemmonitor.us', 'key-a');
    cache.ensureAccount('www.systemmonitor.co.uk', 'key-a');
    expect(cache.listAccounts('www.systemmonitor.co.uk').map((account) => account.host)).toEqual(['www.systemmonitor.co.uk']);
    expect(cache.listAccounts()).toHaveLength(2);
  });
});

describe('replaceSessions', () => {
  let accountId: number;
  beforeEach(() => {
    accountId = cache.ensureAccount('www.systemmonitor.us', 'key').id;
    cache.saveClients(accountId, [makeClient('10', 'Acme')]);
    cache.saveDevices(accountId, '10', 'server', [makeDevice('1', '10')]);
  });

  it('counts added, updated, unchanged', () => {
    const first = cache.replaceSessions(accountId, '1', [
      makeSession('a', '1', '2026-11-01 01:00'),
      makeSession('b', '1', '2026-11-02 01:00'),
    ]);
    expect(first).toEqual({ added: 2, updated: 0, removed: 0, unchanged: 0 });

    const second = cache.replaceSessions(accountId, '1', [
      makeSession('a', '1', '2026-11-01 01:00'),
      makeSession('b', '1', '2026-11-02 01:00', { status: 'FAILED' }),
      makeSession('c', '1', '2026-11-03 01:00'),
    ]);
    expect(second).toEqual({ added: 1, updated: 1, removed: 0, unchanged: 1 });
    expect(cache.listSessions(accountId, { statuses: ['FAILED'] }).map((session) => session.id)).toEqual(['b']);
  });

  it('marks vanished sessions, never deletes', () => {
    cache.replaceSessions(accountId, '1', [makeSession('a', '1', '2026-11-01 01:00'), makeSession('b', '1', '2026-11-02 01:00')]);
    now = new Date('2026-12-02T08:00:00Z');
    const result = cache.replaceSessions(accountId, '1', [makeSession('b', '1', '2026-11-02 01:00')]);
    expect(result).toEqual({ added: 0, updated: 0, removed: 1, unchanged: 1 });

    const all = cache.listSessions(accountId, { sort: 'start', order: 'asc' });
    expect(all.map((session) => [session.id, session.removedAt?.toISOString() ?? null])).toEqual([
      ['a', '2026-12-02T08:00:00.000Z'],
      ['b', null],
    ]);
    expect(cache.listSessions(accountId, { includeRemoved: false }).map((session) => session.id)).toEqual(['b']);

    const back = cache.replaceSessions(accountId, '1', [makeSession('a', '1', '2026-11-01 01:00'), makeSession('b', '1', '2026-11-02 01:00')]);
    expect(back).toEqual({ added: 0, updated: 1, removed: 0, unchanged: 1 });
    expect(cache.listSessions(accountId, { includeRemoved: false })).toHaveLength(2);
  });

  it('writes only new, changed and vanished rows', () => {
    cache.replaceSessions(accountId, '1', [
      makeSession('a', '1', '2026-11-01 01:00'),
      makeSession('b', '1', '2026-11-02 01:00'),
      makeSession('c', '1', '2026-11-03 01:00'),
    ]);
    const observer = new DatabaseSync(path.join(folder.dir, 'cache.sqlite'));
    try {
      observer.exec(`
        CREATE TABLE session_writes (kind TEXT, id TEXT);
        CREATE TRIGGER log_insert AFTER INSERT ON sessions BEGIN INSERT INTO session_writes VALUES ('insert', new.id); END;
        CREATE TRIGGER log_update AFTER UPDATE ON sessions BEGIN INSERT INTO session_writes VALUES ('update', new.id); END;`);

      const result = cache.replaceSessions(accountId, '1', [
        makeSession('a', '1', '2026-11-01 01:00'),
        makeSession('b', '1', '2026-11-02 01:00', { errorCount: 3 }),
        makeSession('d', '1', '2026-11-04 01:00'),
        makeSession('d', '1', '2026-11-04 01:00'),
      ]);
      expect(result).toEqual({ added: 1, updated: 1, removed: 1, unchanged: 2 });
      const writes = observer.prepare('SELECT kind, id FROM session_writes ORDER BY id').all();
      expect(writes).toEqual([{ kind: 'update', id: 'b' }, { kind: 'update', id: 'c' }, { kind: 'insert', id: 'd' }]);
    } finally {
      observer.close();
    }
  });

  it('updates a session whose start moved', () => {
    cache.replaceSessions(accountId, '1', [makeSession('a', '1', '2026-11-01 01:00')]);
    const result = cache.replaceSessions(accountId, '1', [makeSession('a', '1', '2026-11-01 02:00')]);
    expect(result).toEqual({ added: 0, updated: 1, removed: 0, unchanged: 0 });
    expect(cache.listSessions(accountId).map((session) => session.start)).toEqual([new Date('2026-11-01T02:00:00Z')]);
  });

  it('keeps byte counts above 2^32', () => {
    cache.replaceSessions(accountId, '1', [makeSession('a', '1', '2026-11-01 01:00', { selectionSize: 132_579_334_528 })]);
    expect(cache.listSessions(accountId)[0]?.selectionSize).toBe(132_579_334_528);
  });

  it('records success and failure state', () => {
    now = new Date('2026-12-01T09:00:00Z');
    cache.replaceSessions(accountId, '1', []);
    now = new Date('2026-12-01T10:00:00Z');
    cache.recordDeviceFailure(accountId, '1', 'timeout', 'list_mob_sessions timed out');

    const device = cache.getDevice(accountId, '1');
    expect(device?.sync).toEqual({
      lastAttemptAt: new Date('2026-12-01T10:00:00Z'),
      lastSuccessAt: new Date('2026-12-01T09:00:00Z'),
      lastError: 'list_mob_sessions timed out',
      lastErrorKind: 'timeout',
    });
    expect(cache.getClient(accountId, '10')?.failedDeviceCount).toBe(1);
  });

  it('rolls back a failed replacement whole', () => {
    cache.replaceSessions(accountId, '1', [makeSession('a', '1', '2026-11-01 01:00')]);
    const broken = makeSession('c', '1', '2026-11-03 01:00');
    (broken as { plugin: unknown }).plugin = null; // violates NOT NULL after 'b' was written
    expect(() =>
      cache.replaceSessions(accountId, '1', [makeSession('b', '1', '2026-11-02 01:00'), broken]),
    ).toThrow(/NOT NULL/);
    expect(cache.listSessions(accountId).map((session) => session.id)).toEqual(['a']);
  });
});

describe('devices and clients', () => {
  let accountId: number;
  beforeEach(() => {
    accountId = cache.ensureAccount('www.systemmonitor.us', 'key').id;
  });

  it('marks vanished devices and clients', () => {
    cache.saveClients(accountId, [makeClient('10', 'Acme'), makeClient('11', 'Bolt')]);
    cache.saveDevices(accountId, '10', 'server', [makeDevice('1', '10'), makeDevice('2', '10')]);
    cache.saveDevices(accountId, '10', 'workstation', [makeDevice('3', '10', { type: 'workstation' })]);

    expect(cache.saveClients(accountId, [makeClient('10', 'Acme')])).toEqual({ removed: 1 });
    expect(cache.saveDevices(accountId, '10', 'server', [makeDevice('2', '10')])).toEqual({ removed: 1 });

    expect(cache.listClients(accountId).map((client) => client.id)).toEqual(['10']);
    expect(cache.listClients(accountId, { includeRemoved: true }).map((client) => [client.id, client.removedAt !== null])).toEqual([
      ['10', false],
      ['11', true],
    ]);
    expect(cache.listDevices(accountId, { clientId: '10' }).map((device) => device.id)).toEqual(['2', '3']);
    expect(cache.getDevice(accountId, '1')?.removedAt).toEqual(now);
  });

  it('counts devices and data as of', () => {
    cache.saveClients(accountId, [makeClient('10', 'Acme', { timeZone: 'Europe/Berlin' })]);
    cache.saveDevices(accountId, '10', 'server', [
      makeDevice('1', '10', { name: 'FS01', siteId: 'berlin', siteName: 'Berlin' }),
      makeDevice('2', '10', { name: 'DC01', siteId: 'berlin', siteName: 'Berlin' }),
      makeDevice('3', '10', { name: 'PRINT', backupEnabled: false }),
    ]);
    now = new Date('2026-12-01T09:00:00Z');
    cache.replaceSessions(accountId, '1', [makeSession('a', '1', '2026-11-01 01:00')]);
    now = new Date('2026-12-01T11:00:00Z');
    cache.replaceSessions(accountId, '2', []);

    const client = cache.getClient(accountId, '10');
    expect(client?.timeZone).toBe('Europe/Berlin');
    expect(client?.cachedDeviceCount).toBe(3);
    expect(client?.backupDeviceCount).toBe(2);
    expect(client?.dataAsOf).toEqual(new Date('2026-12-01T09:00:00Z'));
    expect(client?.lastSyncAt).toEqual(new Date('2026-12-01T11:00:00Z'));

    const devices = cache.listDevices(accountId, { clientId: '10' });
    expect(devices.map((device) => [device.name, device.siteName, device.sessionCount])).toEqual([
      ['DC01', 'Berlin', 0],
      ['FS01', 'Berlin', 1],
      ['PRINT', 'Head office', 0],
    ]);
  });

  it('finds clients by id or name', () => {
    cache.saveClients(accountId, [makeClient('10', 'Acme'), makeClient('11', 'Bolt')]);
    expect(cache.findClients(accountId, '11').map((client) => client.name)).toEqual(['Bolt']);
    expect(cache.findClients(accountId, 'acme').map((client) => client.id)).toEqual(['10']);
    expect(cache.findClients(accountId, 'Nobody')).toEqual([]);
  });
});

describe('listSessions', () => {
  let accountId: number;
  beforeEach(() => {
    accountId = cache.ensureAccount('www.systemmonitor.us', 'key').id;
    cache.saveClients(accountId, [makeClient('10', 'Acme'), makeClient('11', 'Bolt')]);
    cache.saveDevices(accountId, '10', 'server', [makeDevice('1', '10', { name: 'B-device' }), makeDevice('2', '10', { name: 'A-device' })]);
    cache.saveDevices(accountId, '11', 'server', [makeDevice('3', '11')]);
    cache.replaceSessions(accountId, '1', [
      makeSession('a', '1', '2026-10-31 23:30'),
      makeSession('b', '1', '2026-11-01 01:00', { plugin: 'SYSTEM_STATE', status: 'FAILED' }),
      makeSession('c', '1', '2026-11-30 23:10', { type: 'RESTORE' }),
    ]);
    cache.replaceSessions(accountId, '2', [makeSession('d', '2', '2026-11-15 02:00')]);
    cache.replaceSessions(accountId, '3', [makeSession('e', '3', '2026-11-16 02:00')]);
  });

  it('filters by time range, half open', () => {
    const ids = cache
      .listSessions(accountId, { from: new Date('2026-11-01T01:00:00Z'), to: new Date('2026-11-30T23:10:00Z'), order: 'asc' })
      .map((session) => session.id);
    expect(ids).toEqual(['b', 'd', 'e']);
  });

  it('filters by client, status, plugin, type', () => {
    expect(cache.listSessions(accountId, { clientId: '11' }).map((s) => s.id)).toEqual(['e']);
    expect(cache.listSessions(accountId, { statuses: ['FAILED'] }).map((s) => s.id)).toEqual(['b']);
    expect(cache.listSessions(accountId, { plugins: ['SYSTEM_STATE'] }).map((s) => s.id)).toEqual(['b']);
    expect(cache.listSessions(accountId, { types: ['RESTORE'] }).map((s) => s.id)).toEqual(['c']);
    expect(cache.listSessions(accountId, { deviceIds: ['2', '3'] }).map((s) => s.id)).toEqual(['e', 'd']);
  });

  it('sorts by device name and pages', () => {
    const page = cache.listSessions(accountId, { clientId: '10', sort: 'device', order: 'asc', limit: 2, offset: 1 });
    expect(page.map((s) => s.id)).toEqual(['a', 'b']);
    expect(cache.countSessions(accountId, { clientId: '10' })).toBe(4);
  });
});
