import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCache, type Cache } from '../../electron/cache/cache.ts';
import { makeClient, makeDevice, makeSession, tempFolder } from './helpers.ts';

let folder: ReturnType<typeof tempFolder>;
let cache: Cache;
let accountId: number;

beforeEach(() => {
  folder = tempFolder();
  cache = openCache(path.join(folder.dir, 'cache.sqlite'), { clock: () => new Date('2026-12-01T08:00:00Z') });
  accountId = cache.ensureAccount('www.systemmonitor.co.uk', 'key').id;
  cache.saveClients(accountId, [makeClient('10', 'Acme', { timeZone: 'Europe/Berlin' })]);
  cache.saveDevices(accountId, '10', 'server', [
    makeDevice('1', '10', { name: 'FS01' }),
    makeDevice('2', '10', { name: 'NOBACKUP', backupEnabled: false }),
    makeDevice('3', '10', { name: 'DISABLED', backupEnabled: false }),
    makeDevice('4', '10', { name: 'GONE' }),
  ]);
  cache.replaceSessions(accountId, '1', [
    makeSession('old1', '1', '2026-09-10 01:00', { selectionSize: 500 }),
    makeSession('old2', '1', '2026-10-20 01:00', { selectionSize: 800 }),
    makeSession('oldw', '1', '2026-10-22 01:00', { selectionSize: 700, status: 'COMPLETED_WITH_ERRORS' }),
    makeSession('old3', '1', '2026-10-25 01:00', { selectionSize: 0, status: 'FAILED' }),
    makeSession('oldr', '1', '2026-10-30 01:00', { type: 'RESTORE' }),
    makeSession('ss1', '1', '2026-10-31 22:00', { plugin: 'SYSTEM_STATE' }),
    makeSession('in1', '1', '2026-10-31 23:30'),
    makeSession('in2', '1', '2026-11-30 22:59', { status: 'FAILED' }),
    makeSession('out', '1', '2026-11-30 23:10'),
  ]);
  cache.replaceSessions(accountId, '3', [makeSession('d3', '3', '2026-11-10 01:00')]);
  cache.saveDevices(accountId, '10', 'server', [
    makeDevice('1', '10', { name: 'FS01' }),
    makeDevice('2', '10', { name: 'NOBACKUP', backupEnabled: false }),
    makeDevice('3', '10', { name: 'DISABLED', backupEnabled: false }),
  ]);
});
afterEach(() => {
  cache.close();
  folder.remove();
});

describe('getReportInput', () => {
  it('takes the month in the client zone', () => {
    const input = cache.getReportInput(accountId, '10', { month: '2026-11' });
    expect(input?.timeZone).toBe('Europe/Berlin');
    expect(input?.client).toEqual({ id: '10', name: 'Acme', timeZone: 'Europe/Berlin' });
    expect(input?.sessions.map((session) => session.id)).toEqual(['d3', 'in1', 'in2']);
  });

  it('lists backup devices and devices with sessions', () => {
    const input = cache.getReportInput(accountId, '10', { month: '2026-11' }, { excludedDevices: { '3': 'Decommissioned' } });
    expect(input?.devices.map((device) => [device.id, device.backupEnabled, device.excludedReason])).toEqual([
      ['3', false, 'Decommissioned'],
      ['1', true, null],
    ]);
    expect(input?.devices[1]?.lastSyncedAt).toEqual(new Date('2026-12-01T08:00:00Z'));
  });

  it('gives the latest earlier success per plugin and status', () => {
    const input = cache.getReportInput(accountId, '10', { month: '2026-11' });
    const earlier = input?.earlierSessions.map((session) => session.id).sort();
    expect(earlier).toEqual(['old2', 'oldw', 'ss1']);
  });

  it('honours an explicit zone', () => {
    const input = cache.getReportInput(accountId, '10', { month: '2026-11', timeZone: 'UTC' });
    expect(input?.sessions.map((session) => session.id)).toEqual(['d3', 'in2', 'out']);
    expect(input?.earlierSessions.map((session) => session.id).sort()).toEqual(['in1', 'oldw', 'ss1']);
  });

  it('returns null for an unknown client', () => {
    expect(cache.getReportInput(accountId, '99', { month: '2026-11' })).toBeNull();
  });
});
