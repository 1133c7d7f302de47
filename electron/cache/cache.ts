// The offline cache: one SQLite file holding every account's clients, devices, sessions, sync
// state and sync run log. Only the sync engine writes; reports and screens only read.

import { createHash } from 'node:crypto';
import path from 'node:path';
import type { BackupSession, Client, Device, DeviceDetails, DeviceType, Site } from '../../shared/nsight.ts';
import type { ReportInput } from '../../shared/report/types.ts';
import { silentLogger, type Logger } from '../logger.ts';
import { openDatabase } from './open.ts';
import * as queries from './queries.ts';
import { getReportInput, type ReportInputOptions, type ReportPeriod } from './report-input.ts';
import { toDate, type Row } from './rows.ts';
import { SessionOrders } from './session-order.ts';
import { Sql } from './sql.ts';
import type { CacheAccount, CachedClient, CachedDevice, CachedSession, DeviceRiskFacts, SessionQuery, SessionWriteResult, SyncRun, SyncRunTotals } from './types.ts';
import * as writes from './writes.ts';

export { CacheError } from './open.ts';
export type { DeviceQuery, SessionFacetValues } from './queries.ts';
export type { ReportInputOptions, ReportPeriod } from './report-input.ts';
export type * from './types.ts';

/** Folder name of the app's user data, the Electron `productName`. */
export const PRODUCT_NAME = 'N-sight Backup Reports';
export const CACHE_FILE_NAME = 'cache.sqlite';

/**
 * Returns the default cache file in the user data folder: `%APPDATA%` on Windows,
 * `~/Library/Application Support` on macOS, `$XDG_DATA_HOME` or `~/.local/share` elsewhere.
 */
export function defaultCachePath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, homedir: string): string {
  if (platform === 'win32') {
    const base = env.APPDATA || path.win32.join(homedir, 'AppData', 'Roaming');
    return path.win32.join(base, PRODUCT_NAME, CACHE_FILE_NAME);
  }
  if (platform === 'darwin') return path.posix.join(homedir, 'Library', 'Application Support', PRODUCT_NAME, CACHE_FILE_NAME);
  const base = env.XDG_DATA_HOME || path.posix.join(homedir, '.local', 'share');
  return path.posix.join(base, PRODUCT_NAME, CACHE_FILE_NAME);
}

/** Returns a SHA-256 fingerprint (16 hex digits) that distinguishes API keys without storing them. */
export function fingerprintApiKey(apiKey: string): string {
  return createHash('sha256').update(`nsight-api-key:${apiKey}`).digest('hex').slice(0, 16);
}

export interface CacheOptions {
  logger?: Logger;
  /** Returns the current time; tests inject a fixed clock. */
  clock?: () => Date;
}

/** Opens the cache file, creating or migrating it; see `CacheError` for the files it rejects. */
export function openCache(file: string, options: CacheOptions = {}): Cache {
  const logger = (options.logger ?? silentLogger).child('cache');
  const clock = options.clock ?? (() => new Date());
  const { db, movedAsideTo } = openDatabase(file, logger, () => clock().getTime());
  return new Cache(file, new Sql(db), clock, movedAsideTo);
}

function accountFromRow(row: Row): CacheAccount {
  return {
    id: row.id as number,
    host: row.host as string,
    keyFingerprint: row.key_fingerprint as string,
    createdAt: new Date(row.created_at as number),
    lastSyncAt: toDate(row.last_sync_at),
  };
}

function syncRunFromRow(row: Row): SyncRun {
  return {
    id: row.id as number,
    accountId: row.account_id as number,
    scope: JSON.parse(row.scope as string) as unknown,
    startedAt: new Date(row.started_at as number),
    endedAt: toDate(row.ended_at),
    outcome: (row.outcome as SyncRun['outcome']) ?? null,
    clients: row.clients as number,
    devicesSynced: row.devices_synced as number,
    devicesSkipped: row.devices_skipped as number,
    devicesFailed: row.devices_failed as number,
    sessionsAdded: row.sessions_added as number,
    sessionsRemoved: row.sessions_removed as number,
    requests: row.requests as number,
    error: (row.error as string | null) ?? null,
    failures: JSON.parse(row.failures as string) as SyncRun['failures'],
  };
}

const ACCOUNT_SELECT = `
  SELECT a.*, (SELECT max(ended_at) FROM sync_runs r WHERE r.account_id = a.id) AS last_sync_at
  FROM accounts a`;

export class Cache {
  readonly file: string;
  /** Path a corrupt file was moved to when this cache was opened, or null. */
  readonly movedAsideTo: string | null;
  private readonly sql: Sql;
  private readonly clock: () => Date;
  private readonly orders: SessionOrders;

  constructor(file: string, sql: Sql, clock: () => Date, movedAsideTo: string | null) {
    this.file = file;
    this.sql = sql;
    this.orders = new SessionOrders(sql);
    this.clock = clock;
    this.movedAsideTo = movedAsideTo;
  }

  private now(): number {
    return this.clock().getTime();
  }

  close(): void {
    if (this.sql.db.isOpen) {
      this.orders.clear();
      this.sql.db.close();
    }
  }

  /** Returns the account of this host and key, adding it on first use. */
  ensureAccount(host: string, apiKey: string): CacheAccount {
    const fingerprint = fingerprintApiKey(apiKey);
    this.sql
      .prepare('INSERT INTO accounts (host, key_fingerprint, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
      .run(host.toLowerCase(), fingerprint, this.now());
    const row = this.sql.prepare(`${ACCOUNT_SELECT} WHERE a.host = ? AND a.key_fingerprint = ?`).get(host.toLowerCase(), fingerprint) as Row;
    return accountFromRow(row);
  }

  /** Lists the cached accounts, most recently synced first; only those of `host` when given. */
  listAccounts(host?: string): CacheAccount[] {
    const filter = host === undefined ? '' : ' WHERE a.host = ?';
    const rows = this.sql
      .prepare(`${ACCOUNT_SELECT}${filter} ORDER BY last_sync_at IS NULL, last_sync_at DESC, a.id`)
      .all(...(host === undefined ? [] : [host.toLowerCase()])) as Row[];
    return rows.map(accountFromRow);
  }

  getAccount(accountId: number): CacheAccount | null {
    const row = this.sql.prepare(`${ACCOUNT_SELECT} WHERE a.id = ?`).get(accountId) as Row | undefined;
    return row ? accountFromRow(row) : null;
  }

  saveClients(accountId: number, clients: readonly Client[]): { removed: number } {
    return writes.saveClients(this.sql, accountId, clients, this.now());
  }

  saveSites(accountId: number, clientId: string, sites: readonly Site[]): void {
    writes.saveSites(this.sql, accountId, clientId, sites, this.now());
    this.orders.clear();
  }

  saveDevices(accountId: number, clientId: string, type: DeviceType, devices: readonly Device[]): { removed: number } {
    const result = writes.saveDevices(this.sql, accountId, clientId, type, devices, this.now());
    this.orders.clear();
    return result;
  }

  saveDeviceDetails(accountId: number, details: readonly DeviceDetails[]): void {
    writes.saveDeviceDetails(this.sql, accountId, details);
  }

  replaceSessions(accountId: number, deviceId: string, sessions: readonly BackupSession[]): SessionWriteResult {
    const result = writes.replaceSessions(this.sql, accountId, deviceId, sessions, this.now());
    this.orders.clear();
    return result;
  }

  recordDeviceFailure(accountId: number, deviceId: string, kind: string, message: string): void {
    writes.recordDeviceFailure(this.sql, accountId, deviceId, kind, message, this.now());
  }

  listClients(accountId: number, options?: { includeRemoved?: boolean }): CachedClient[] {
    return queries.listClients(this.sql, accountId, options);
  }

  getClient(accountId: number, clientId: string): CachedClient | null {
    return queries.getClient(this.sql, accountId, clientId);
  }

  findClients(accountId: number, idOrName: string): CachedClient[] {
    return queries.findClients(this.sql, accountId, idOrName);
  }

  listDevices(accountId: number, query?: queries.DeviceQuery): CachedDevice[] {
    return queries.listDevices(this.sql, accountId, query);
  }

  getDevice(accountId: number, deviceId: string): CachedDevice | null {
    return queries.listDevices(this.sql, accountId, { deviceIds: [deviceId], includeRemoved: true })[0] ?? null;
  }

  listSessions(accountId: number, query?: SessionQuery): CachedSession[] {
    return queries.listSessions(this.sql, this.orders, accountId, query);
  }

  /** Returns one page of sessions (as `listSessions` with a limit) and the matches over all pages. */
  pageSessions(accountId: number, query: SessionQuery & { limit: number }): { total: number; sessions: CachedSession[] } {
    return queries.pageSessions(this.sql, this.orders, accountId, query);
  }

  countSessions(accountId: number, query?: SessionQuery): number {
    return queries.countSessions(this.sql, accountId, query);
  }

  /** Returns the distinct statuses, plugins and types and the start range of the matching sessions. */
  sessionFacets(accountId: number, query?: SessionQuery): queries.SessionFacetValues {
    return queries.sessionFacets(this.sql, accountId, query);
  }

  /** Returns what decides the at-risk state of each listed backup device, in the account or one client. */
  listDeviceRiskFacts(accountId: number, clientId?: string): DeviceRiskFacts[] {
    return queries.listDeviceRiskFacts(this.sql, accountId, clientId);
  }

  getReportInput(accountId: number, clientId: string, period: ReportPeriod, options?: ReportInputOptions): ReportInput | null {
    return getReportInput(this.sql, accountId, clientId, period, options);
  }

  /** Adds a run to the sync log and returns its id. */
  startSyncRun(accountId: number, scope: unknown): number {
    const result = this.sql
      .prepare('INSERT INTO sync_runs (account_id, scope, started_at) VALUES (?, ?, ?)')
      .run(accountId, JSON.stringify(scope), this.now());
    return Number(result.lastInsertRowid);
  }

  finishSyncRun(runId: number, totals: SyncRunTotals): void {
    this.sql
      .prepare(`UPDATE sync_runs SET ended_at = ?, outcome = ?, clients = ?, devices_synced = ?, devices_skipped = ?,
        devices_failed = ?, sessions_added = ?, sessions_removed = ?, requests = ?, error = ?, failures = ? WHERE id = ?`)
      .run(this.now(), totals.outcome, totals.clients, totals.devicesSynced, totals.devicesSkipped, totals.devicesFailed,
        totals.sessionsAdded, totals.sessionsRemoved, totals.requests, totals.error, JSON.stringify(totals.failures), runId);
  }

  /** Lists the latest sync runs of an account, newest first. */
  listSyncRuns(accountId: number, limit = 20): SyncRun[] {
    const rows = this.sql
      .prepare('SELECT * FROM sync_runs WHERE account_id = ? ORDER BY started_at DESC, id DESC LIMIT ?')
      .all(accountId, limit) as Row[];
    return rows.map(syncRunFromRow);
  }

  /** Runs `PRAGMA integrity_check` and returns its findings, empty when the file is sound. */
  checkIntegrity(): string[] {
    const rows = this.sql.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[];
    return rows.map((row) => row.integrity_check).filter((text) => text !== 'ok');
  }
}
