import { existsSync, readFileSync, writeFileSync, openSync, writeSync, closeSync, statSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CacheError, defaultCachePath, openCache } from '../../electron/cache/cache.ts';
import { MIGRATIONS, SCHEMA_VERSION } from '../../electron/cache/schema.ts';
import { makeClient, makeDevice, makeSession, tempFolder } from './helpers.ts';

let folder: ReturnType<typeof tempFolder>;
beforeEach(() => {
  folder = tempFolder();
});
afterEach(() => folder.remove());

const clock = () => new Date('2026-12-01T08:00:00Z');

describe('openCache', () => {
  it('creates a WAL file at the schema version', () => {
    const file = path.join(folder.dir, 'nested', 'cache.sqlite');
    openCache(file).close();

    const db = new DatabaseSync(file);
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(db.prepare('PRAGMA user_version').get()).toEqual({ user_version: SCHEMA_VERSION });
    db.close();
  });

  it('keeps data across reopen', () => {
    const file = path.join(folder.dir, 'cache.sqlite');
    const first = openCache(file, { clock });
    const account = first.ensureAccount('www.systemmonitor.us', 'key-1');
    first.saveClients(account.id, [makeClient('10', 'Acme')]);
    first.close();

    const second = openCache(file, { clock });
    expect(second.ensureAccount('www.systemmonitor.us', 'key-1').id).toBe(account.id);
    expect(second.listClients(account.id).map((client) => client.name)).toEqual(['Acme']);
    expect(second.movedAsideTo).toBeNull();
    second.close();
  });

  it('rejects a file from a newer version', () => {
    const file = path.join(folder.dir, 'cache.sqlite');
    openCache(file).close();
    const db = new DatabaseSync(file);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const before = readFileSync(file);

    let error: unknown;
    try {
      openCache(file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CacheError);
    expect((error as CacheError).kind).toBe('newer-version');
    expect((error as Error).message).toContain(`schema ${SCHEMA_VERSION + 1}`);
    expect((error as Error).message).toContain('--cache');
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('moves a non-database file aside', () => {
    const file = path.join(folder.dir, 'cache.sqlite');
    writeFileSync(file, 'this is not a database, just some text that fills the header '.repeat(20));

    const cache = openCache(file, { clock });
    expect(cache.movedAsideTo).toBe(`${file}.corrupt-2026-12-01T08-00-00-000Z`);
    expect(readFileSync(cache.movedAsideTo as string, 'utf8')).toMatch(/^this is not a database/);
    expect(cache.listAccounts()).toEqual([]);
    cache.close();
  });

  it('moves a file with damaged pages aside', () => {
    const file = path.join(folder.dir, 'cache.sqlite');
    const cache = openCache(file, { clock });
    const account = cache.ensureAccount('www.systemmonitor.us', 'key-1');
    cache.saveClients(account.id, [makeClient('10', 'Acme')]);
    cache.saveDevices(account.id, '10', 'server', [makeDevice('1', '10')]);
    const sessions = Array.from({ length: 3000 }, (_, i) =>
      makeSession(String(i), '1', `2026-11-0${(i % 9) + 1} 01:00`, { plugin: `PLUGIN_${i % 50}` }),
    );
    cache.replaceSessions(account.id, '1', sessions);
    cache.close();
    // Closing the last connection checkpoints the WAL, so every page is in the main file.
    const size = statSync(file).size;
    expect(size).toBeGreaterThan(20 * 4096);

    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096 * 8, 0xa5), 0, 4096 * 8, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);

    const reopened = openCache(file, { clock });
    expect(reopened.movedAsideTo).not.toBeNull();
    expect(existsSync(reopened.movedAsideTo as string)).toBe(true);
    expect(reopened.checkIntegrity()).toEqual([]);
    expect(reopened.listAccounts()).toEqual([]);
    reopened.close();
  });
});

describe('migration to device summaries', () => {
  /** Writes a cache file as the first schema version left it: one device with three sessions. */
  function writeVersionOne(file: string): void {
    const db = new DatabaseSync(file);
    db.exec(MIGRATIONS[0] as string);
    db.exec(`
      INSERT INTO accounts VALUES (1, 'www.systemmonitor.us', 'f1', 0);
      INSERT INTO clients VALUES (1, '10', 'Acme', NULL, 0, 0, NULL, NULL, 1, 0, 0, 1, 0, NULL);
      INSERT INTO sites (account_id, id, client_id, name, updated_at) VALUES (1, 's1', '10', 'Berlin', 0);
      INSERT INTO devices (account_id, id, type, client_id, site_id, name, check_counts, take_control, patch, mav,
        backup_enabled, systray, mavbreck, updated_at) VALUES (1, '1', 'server', '10', 's1', 'FS01', '[]', 0, 0, 0, 1, 0, 0, 0);
      INSERT INTO device_sync VALUES (1, '1', 5000000, 5000000, NULL, NULL);
      INSERT INTO sessions (account_id, device_id, id, type, plugin, start_at, end_at, selection_size, selection_item_count,
        size_change, item_count_change, removed_item_count, processed_size, processed_item_count, transferred_size,
        error_count, status) VALUES
        (1, '1', 'a', 'BACKUP', 'FILE_SYSTEM', 1000000, 1600000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 'COMPLETED'),
        (1, '1', 'b', 'BACKUP', 'FILE_SYSTEM', 2000000, 2100000, 0, 0, 0, 0, 0, 0, 0, 0, 2, 'COMPLETED_WITH_ERRORS'),
        (1, '1', 'c', 'BACKUP', 'FILE_SYSTEM', 3000000, NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0, 'FAILED');
      PRAGMA user_version = 1;`);
    db.close();
  }

  it('fills summaries on open', () => {
    const file = path.join(folder.dir, 'cache.sqlite');
    writeVersionOne(file);

    const cache = openCache(file, { clock });
    try {
      const device = cache.getDevice(1, '1')!;
      expect(device.sessionCount).toBe(3);
      expect(device.siteName).toBe('Berlin');
      expect(device.backup).toEqual({
        lastBackupStart: new Date(3000000),
        lastBackupStatus: 'FAILED',
        lastSuccessEnd: new Date(1600000),
        lastSuccessOrWarningEnd: new Date(2100000),
      });
      const byDuration = cache.listSessions(1, { clientId: '10', sort: 'duration', order: 'desc', limit: 10 });
      expect(byDuration.map((session) => session.id)).toEqual(['a', 'b', 'c']);
      expect(cache.listSessions(1, { clientId: '10', sort: 'site', limit: 1, offset: 1 }).map((session) => session.id)).toEqual(['b']);
    } finally {
      cache.close();
    }
    const db = new DatabaseSync(file);
    expect(db.prepare('PRAGMA user_version').get()).toEqual({ user_version: SCHEMA_VERSION });
    db.close();
  });
});

describe('defaultCachePath', () => {
  it('uses APPDATA on Windows', () => {
    expect(defaultCachePath({ APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ana')).toBe(
      'C:\\Users\\ana\\AppData\\Roaming\\N-sight Backup Reports\\cache.sqlite',
    );
  });

  it('uses Application Support on macOS', () => {
    expect(defaultCachePath({}, 'darwin', '/Users/ana')).toBe(
      '/Users/ana/Library/Application Support/N-sight Backup Reports/cache.sqlite',
    );
  });

  it('uses XDG_DATA_HOME on Linux', () => {
    expect(defaultCachePath({ XDG_DATA_HOME: '/data' }, 'linux', '/home/ana')).toBe('/data/N-sight Backup Reports/cache.sqlite');
  });

  it('falls back to ~/.local/share', () => {
    expect(defaultCachePath({}, 'linux', '/home/ana')).toBe('/home/ana/.local/share/N-sight Backup Reports/cache.sqlite');
  });
});
