import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCache, type Cache } from '../../electron/cache/cache.ts';
import { refreshAllSummaries } from '../../electron/cache/summary.ts';
import { makeClient, makeDevice, makeSession, tempFolder } from './helpers.ts';

let folder: ReturnType<typeof tempFolder>;
let cache: Cache;
let accountId: number;
const now = new Date('2026-12-01T08:00:00Z');

beforeEach(() => {
  folder = tempFolder();
  cache = openCache(path.join(folder.dir, 'cache.sqlite'), { clock: () => now });
  accountId = cache.ensureAccount('www.systemmonitor.us', 'key').id;
  cache.saveClients(accountId, [makeClient('10', 'Acme'), makeClient('11', 'Bolt')]);
  cache.saveDevices(accountId, '10', 'server', [makeDevice('1', '10'), makeDevice('2', '10'), makeDevice('3', '10', { backupEnabled: false })]);
});
afterEach(() => {
  cache.close();
  folder.remove();
});

const at = (text: string) => new Date(`${text.replace(' ', 'T')}:00Z`);

describe('device summaries', () => {
  it('follow the report rule for the last success', () => {
    cache.replaceSessions(accountId, '1', [
      // FILE_SYSTEM: the latest started success ends before an earlier one that ran long.
      // The report takes the latest started one, so its end (11-05 02:30) counts.
      makeSession('a', '1', '2026-11-04 01:00', { end: at('2026-11-08 00:00') }),
      makeSession('b', '1', '2026-11-05 02:00'),
      makeSession('c', '1', '2026-11-06 01:00', { status: 'FAILED' }),
      // SYSTEM_STATE: a warning, counted only under the warning setting. It has no end, so its start counts.
      makeSession('d', '1', '2026-11-07 01:00', { plugin: 'SYSTEM_STATE', status: 'COMPLETED_WITH_ERRORS', end: null }),
      makeSession('r', '1', '2026-11-09 01:00', { type: 'RESTORE' }),
    ]);

    const device = cache.getDevice(accountId, '1')!;
    expect(device.sessionCount).toBe(5);
    expect(device.lastSessionStart).toEqual(at('2026-11-09 01:00'));
    expect(device.backup).toEqual({
      lastBackupStart: at('2026-11-07 01:00'),
      lastBackupStatus: 'COMPLETED_WITH_ERRORS',
      lastSuccessEnd: at('2026-11-05 02:30'),
      lastSuccessOrWarningEnd: at('2026-11-07 01:00'),
    });
  });

  it('match a summary read back from the rows', () => {
    cache.replaceSessions(accountId, '1', [
      makeSession('a', '1', '2026-11-01 01:00'),
      makeSession('b', '1', '2026-11-02 01:00', { status: 'FAILED' }),
      makeSession('c', '1', '2026-11-09 01:00', { type: 'RESTORE' }),
    ]);
    // a updated to a warning, b unchanged, c vanished (kept as history), d new and listed twice.
    cache.replaceSessions(accountId, '1', [
      makeSession('a', '1', '2026-11-01 01:00', { status: 'COMPLETED_WITH_ERRORS' }),
      makeSession('b', '1', '2026-11-02 01:00', { status: 'FAILED' }),
      makeSession('d', '1', '2026-11-03 01:00', { status: 'FAILED' }),
      makeSession('d', '1', '2026-11-03 01:00'),
    ]);

    const db = new DatabaseSync(path.join(folder.dir, 'cache.sqlite'));
    try {
      const read = db.prepare('SELECT * FROM device_summaries WHERE account_id = ? AND device_id = ?');
      const kept = read.get(accountId, '1');
      refreshAllSummaries(db);
      expect(read.get(accountId, '1')).toEqual(kept);
      expect(kept).toMatchObject({ session_count: 4, last_session_start: at('2026-11-09 01:00').getTime() });
    } finally {
      db.close();
    }
    expect(cache.getDevice(accountId, '1')!.backup).toMatchObject({
      lastBackupStart: at('2026-11-03 01:00'),
      lastBackupStatus: 'COMPLETED',
      lastSuccessEnd: at('2026-11-03 01:30'),
    });
  });

  it('follow each replacement', () => {
    cache.replaceSessions(accountId, '1', [makeSession('a', '1', '2026-11-01 01:00')]);
    cache.replaceSessions(accountId, '1', [makeSession('a', '1', '2026-11-01 01:00', { status: 'FAILED' })]);

    expect(cache.getDevice(accountId, '1')!.backup).toMatchObject({ lastBackupStatus: 'FAILED', lastSuccessEnd: null });
  });

  it('keep removed sessions as history', () => {
    cache.replaceSessions(accountId, '1', [makeSession('a', '1', '2026-11-01 01:00'), makeSession('b', '1', '2026-11-02 01:00')]);
    cache.replaceSessions(accountId, '1', [makeSession('a', '1', '2026-11-01 01:00')]);

    const device = cache.getDevice(accountId, '1')!;
    expect(device.sessionCount).toBe(2);
    expect(device.backup.lastSuccessEnd).toEqual(at('2026-11-02 01:30'));
  });

  it('roll back with a failed replacement', () => {
    cache.replaceSessions(accountId, '1', [makeSession('a', '1', '2026-11-01 01:00')]);
    const broken = makeSession('c', '1', '2026-11-03 01:00');
    (broken as { plugin: unknown }).plugin = null;

    expect(() => cache.replaceSessions(accountId, '1', [makeSession('b', '1', '2026-11-02 01:00'), broken])).toThrow(/NOT NULL/);

    const device = cache.getDevice(accountId, '1')!;
    expect(device.sessionCount).toBe(1);
    expect(device.backup.lastSuccessEnd).toEqual(at('2026-11-01 01:30'));
  });

  it('are empty for a device without sessions', () => {
    const device = cache.getDevice(accountId, '2')!;
    expect(device.sessionCount).toBe(0);
    expect(device.lastSessionStart).toBeNull();
    expect(device.backup).toEqual({ lastBackupStart: null, lastBackupStatus: null, lastSuccessEnd: null, lastSuccessOrWarningEnd: null });
  });
});

describe('listDeviceRiskFacts', () => {
  it('returns listed backup devices', () => {
    cache.replaceSessions(accountId, '1', [makeSession('a', '1', '2026-11-01 01:00')]);
    cache.saveDevices(accountId, '11', 'server', [makeDevice('4', '11')]);

    expect(cache.listDeviceRiskFacts(accountId)).toEqual(
      expect.arrayContaining([
        { deviceId: '1', clientId: '10', backupEnabled: true, removedAt: null, syncedAt: now, lastSuccessEnd: at('2026-11-01 01:30'), lastSuccessOrWarningEnd: at('2026-11-01 01:30') },
        { deviceId: '2', clientId: '10', backupEnabled: true, removedAt: null, syncedAt: null, lastSuccessEnd: null, lastSuccessOrWarningEnd: null },
        { deviceId: '4', clientId: '11', backupEnabled: true, removedAt: null, syncedAt: null, lastSuccessEnd: null, lastSuccessOrWarningEnd: null },
      ]),
    );
    expect(cache.listDeviceRiskFacts(accountId)).toHaveLength(3);
    expect(cache.listDeviceRiskFacts(accountId, '11').map((facts) => facts.deviceId)).toEqual(['4']);
  });
});
