// Opening the SQLite file: WAL mode, migrations, and the checks that catch a corrupt file or
// one written by a newer build before any query runs.

import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Logger } from '../logger.ts';
import { MIGRATIONS, SCHEMA_VERSION } from './schema.ts';

export type CacheErrorKind = 'newer-version' | 'unreadable';

/** A cache file that cannot be used; the message names the file and the fix. */
export class CacheError extends Error {
  readonly kind: CacheErrorKind;
  readonly file: string;

  constructor(kind: CacheErrorKind, file: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CacheError';
    this.kind = kind;
    this.file = file;
  }
}

export interface OpenedDatabase {
  db: DatabaseSync;
  /** Path a corrupt file was moved to before a fresh cache was started, or null. */
  movedAsideTo: string | null;
}

/** SQLite result codes (primary, low byte) that mean the file content is damaged. */
const CORRUPT_CODES = new Set([11 /* SQLITE_CORRUPT */, 26 /* SQLITE_NOTADB */]);

class CorruptFileError extends Error {}

/** Opens (creating if needed) and migrates the cache; moves a corrupt file aside and starts afresh. */
export function openDatabase(file: string, logger: Logger, now: () => number): OpenedDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  try {
    return { db: openAndMigrate(file), movedAsideTo: null };
  } catch (error) {
    if (!(error instanceof CorruptFileError)) throw error;
    const movedAsideTo = moveAside(file, now());
    logger.warn('Cache file is corrupt: moved it aside and started a fresh cache', {
      file,
      movedAsideTo,
      reason: error.message,
    });
    return { db: openAndMigrate(file), movedAsideTo };
  }
}

function openAndMigrate(file: string): DatabaseSync {
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(file, { timeout: 5000, enableForeignKeyConstraints: true });
  } catch (error) {
    throw new CacheError('unreadable', file, `Could not open the cache file ${file}: ${messageOf(error)}. Check that the folder exists and is writable, or pick another file with --cache.`, { cause: error });
  }
  try {
    checkIntegrity(db);
    const version = userVersion(db);
    if (version > SCHEMA_VERSION) {
      throw new CacheError(
        'newer-version',
        file,
        `The cache file ${file} was written by a newer version of N-sight Backup Reports (schema ${version}; this version reads up to ${SCHEMA_VERSION}). Update the app, or pick another cache file with --cache or NSIGHT_CACHE.`,
      );
    }
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    // The kept session orders are temporary tables; memory keeps them off the disk.
    db.exec('PRAGMA temp_store = MEMORY');
    migrate(db, version);
    return db;
  } catch (error) {
    db.close();
    if (isCorruption(error)) throw new CorruptFileError(messageOf(error), { cause: error });
    throw error;
  }
}

/** Runs `PRAGMA quick_check`, which reads every page; a non-database file fails on the first read. */
function checkIntegrity(db: DatabaseSync): void {
  const rows = db.prepare('PRAGMA quick_check').all() as { quick_check: string }[];
  const problems = rows.map((row) => row.quick_check).filter((text) => text !== 'ok');
  if (problems.length > 0) throw new CorruptFileError(problems.slice(0, 3).join('; '));
}

function userVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
  return row.user_version;
}

function migrate(db: DatabaseSync, from: number): void {
  if (from === SCHEMA_VERSION) return;
  db.exec('BEGIN IMMEDIATE');
  try {
    for (let version = from; version < SCHEMA_VERSION; version++) {
      const migration = MIGRATIONS[version];
      if (typeof migration === 'function') migration(db);
      else db.exec(migration as string);
    }
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

function isCorruption(error: unknown): boolean {
  if (error instanceof CorruptFileError) return true;
  const code = (error as { errcode?: unknown } | null)?.errcode;
  return typeof code === 'number' && CORRUPT_CODES.has(code & 0xff);
}

/** Renames the file and its WAL and shared-memory companions to `<file>.corrupt-<time>`. */
function moveAside(file: string, at: number): string {
  const stamp = new Date(at).toISOString().replace(/[:.]/g, '-');
  let target = `${file}.corrupt-${stamp}`;
  for (let n = 2; existsSync(target); n++) target = `${file}.corrupt-${stamp}-${n}`;
  renameSync(file, target);
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix);
  }
  return target;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
