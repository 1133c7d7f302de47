// Read queries for the app, the command line and the sync engine. Every query is scoped to one
// account, so two accounts or servers never see each other's data.

import { clientFromRow, detailsFromJson, deviceFromRow, sessionFromRow, syncStateFromRow, toDate, SESSION_COLUMNS, type Row } from './rows.ts';
import type { SessionOrders, SqlStatement } from './session-order.ts';
import type { Sql } from './sql.ts';
import type { CachedClient, CachedDevice, CachedSession, DeviceBackupSummary, DeviceRiskFacts, SessionQuery, SessionSortKey } from './types.ts';

/**
 * Selects clients with figures over their listed devices, grouped once per client in a
 * subquery: joining every client to the devices would read the device table once per client.
 * With `oneClient`, both parts take the client id as `:client`.
 */
function clientSelect(oneClient: boolean): string {
  const deviceFilter = oneClient ? ' AND d.client_id = :client' : '';
  const clientFilter = oneClient ? ' AND c.id = :client' : '';
  return `
    SELECT c.*,
      coalesce(f.cached_device_count, 0) AS cached_device_count,
      coalesce(f.backup_device_count, 0) AS backup_device_count,
      f.data_as_of, f.last_sync_at,
      coalesce(f.failed_device_count, 0) AS failed_device_count
    FROM clients c
    LEFT JOIN (
      SELECT d.client_id,
        count(*) AS cached_device_count,
        sum(d.backup_enabled) AS backup_device_count,
        min(CASE WHEN d.backup_enabled = 1 THEN s.last_success_at END) AS data_as_of,
        max(CASE WHEN d.backup_enabled = 1 THEN s.last_success_at END) AS last_sync_at,
        sum(CASE WHEN d.backup_enabled = 1 AND s.last_error IS NOT NULL THEN 1 ELSE 0 END) AS failed_device_count
      FROM devices d
      LEFT JOIN device_sync s ON s.account_id = d.account_id AND s.device_id = d.id
      WHERE d.account_id = :account AND d.removed_at IS NULL${deviceFilter}
      GROUP BY d.client_id
    ) f ON f.client_id = c.id
    WHERE c.account_id = :account${clientFilter}`;
}

function cachedClientFromRow(row: Row): CachedClient {
  return {
    ...clientFromRow(row),
    removedAt: toDate(row.removed_at),
    cachedDeviceCount: row.cached_device_count as number,
    backupDeviceCount: row.backup_device_count as number,
    dataAsOf: toDate(row.data_as_of),
    lastSyncAt: toDate(row.last_sync_at),
    failedDeviceCount: row.failed_device_count as number,
  };
}

/** Lists the clients by name; removed ones only when asked. */
export function listClients(sql: Sql, accountId: number, options: { includeRemoved?: boolean } = {}): CachedClient[] {
  const removedFilter = options.includeRemoved ? '' : ' AND c.removed_at IS NULL';
  const rows = sql
    .prepare(`${clientSelect(false)}${removedFilter} ORDER BY c.name COLLATE NOCASE, c.id`)
    .all({ account: accountId }) as Row[];
  return rows.map(cachedClientFromRow);
}

export function getClient(sql: Sql, accountId: number, clientId: string): CachedClient | null {
  const row = sql.prepare(clientSelect(true)).get({ account: accountId, client: clientId }) as Row | undefined;
  return row ? cachedClientFromRow(row) : null;
}

/** Finds clients by exact id, else by name ignoring case (several when names repeat). */
export function findClients(sql: Sql, accountId: number, idOrName: string): CachedClient[] {
  const byId = getClient(sql, accountId, idOrName);
  if (byId) return [byId];
  const rows = sql
    .prepare(`${clientSelect(false)} AND c.name = :name COLLATE NOCASE ORDER BY c.removed_at IS NOT NULL, c.id`)
    .all({ account: accountId, name: idOrName.trim() }) as Row[];
  return rows.map(cachedClientFromRow);
}

export interface DeviceQuery {
  clientId?: string;
  deviceIds?: readonly string[];
  /** Include devices the API no longer lists (default false). */
  includeRemoved?: boolean;
}

/** Lists devices with their sync state, session counts and backup figures, by client, site and device name. */
export function listDevices(sql: Sql, accountId: number, query: DeviceQuery = {}): CachedDevice[] {
  const conditions = ['d.account_id = :account'];
  const params: Record<string, string | number> = { account: accountId };
  if (query.clientId !== undefined) {
    conditions.push('d.client_id = :client');
    params.client = query.clientId;
  }
  if (query.deviceIds !== undefined) {
    conditions.push('d.id IN (SELECT value FROM json_each(:ids))');
    params.ids = JSON.stringify(query.deviceIds);
  }
  if (!query.includeRemoved) conditions.push('d.removed_at IS NULL');

  const rows = sql
    .prepare(`
      SELECT d.*, c.name AS client_name, st.name AS site_name,
        s.last_attempt_at, s.last_success_at, s.last_error, s.last_error_kind,
        coalesce(m.session_count, 0) AS session_count, m.last_session_start, m.last_backup_start, m.last_backup_status,
        m.last_success_end, m.last_success_or_warning_end
      FROM devices d
      LEFT JOIN clients c ON c.account_id = d.account_id AND c.id = d.client_id
      LEFT JOIN sites st ON st.account_id = d.account_id AND st.id = d.site_id
      LEFT JOIN device_sync s ON s.account_id = d.account_id AND s.device_id = d.id
      LEFT JOIN device_summaries m ON m.account_id = d.account_id AND m.device_id = d.id
      WHERE ${conditions.join(' AND ')}
      ORDER BY c.name COLLATE NOCASE, d.client_id, st.name COLLATE NOCASE, d.name COLLATE NOCASE, d.id`)
    .all(params) as Row[];
  return rows.map((row) => ({
    ...deviceFromRow(row),
    details: detailsFromJson(row.details),
    removedAt: toDate(row.removed_at),
    sync: syncStateFromRow(row),
    sessionCount: row.session_count as number,
    lastSessionStart: toDate(row.last_session_start),
    backup: backupSummaryFromRow(row),
  }));
}

function backupSummaryFromRow(row: Row): DeviceBackupSummary {
  return {
    lastBackupStart: toDate(row.last_backup_start),
    lastBackupStatus: (row.last_backup_status as string | null) ?? null,
    lastSuccessEnd: toDate(row.last_success_end),
    lastSuccessOrWarningEnd: toDate(row.last_success_or_warning_end),
  };
}

/**
 * Returns what decides the at-risk state of each listed device with Backup & Recovery on, in the
 * account or one client. The rule judges no other device.
 */
export function listDeviceRiskFacts(sql: Sql, accountId: number, clientId?: string): DeviceRiskFacts[] {
  const clientFilter = clientId === undefined ? '' : ' AND d.client_id = :client';
  const rows = sql
    .prepare(`
      SELECT d.id, d.client_id, s.last_success_at, m.last_success_end, m.last_success_or_warning_end
      FROM devices d
      LEFT JOIN device_sync s ON s.account_id = d.account_id AND s.device_id = d.id
      LEFT JOIN device_summaries m ON m.account_id = d.account_id AND m.device_id = d.id
      WHERE d.account_id = :account AND d.backup_enabled = 1 AND d.removed_at IS NULL${clientFilter}`)
    .all(clientId === undefined ? { account: accountId } : { account: accountId, client: clientId }) as Row[];
  return rows.map((row) => ({
    deviceId: row.id as string,
    clientId: row.client_id as string,
    backupEnabled: true,
    removedAt: null,
    syncedAt: toDate(row.last_success_at),
    lastSuccessEnd: toDate(row.last_success_end),
    lastSuccessOrWarningEnd: toDate(row.last_success_or_warning_end),
  }));
}

/** The terms each sort orders by before the session's own key (start, device, id). */
const SORT_TERMS: Record<SessionSortKey, readonly string[]> = {
  start: [],
  end: ['s.end_at'],
  duration: ['s.end_at - s.start_at'],
  device: ['d.name COLLATE NOCASE'],
  site: ['st.name COLLATE NOCASE', 'd.name COLLATE NOCASE'],
  plugin: ['s.plugin'],
  type: ['s.type'],
  status: ['s.status'],
  selectionSize: ['s.selection_size'],
  processedSize: ['s.processed_size'],
  transferredSize: ['s.transferred_size'],
  errorCount: ['s.error_count'],
};

/** Returns the FROM clause of a sort: device and site names need their tables. */
function sessionFrom(query: SessionQuery): string {
  if (query.sort !== 'device' && query.sort !== 'site') return 'sessions s';
  return `sessions s
    LEFT JOIN devices d ON d.account_id = s.account_id AND d.id = s.device_id
    LEFT JOIN sites st ON st.account_id = d.account_id AND st.id = d.site_id`;
}

function sessionWhere(accountId: number, query: SessionQuery): { where: string; params: Record<string, string | number> } {
  const conditions = ['s.account_id = :account'];
  const params: Record<string, string | number> = { account: accountId };
  const inList = (name: string, column: string, values: readonly string[] | undefined): void => {
    if (values === undefined) return;
    conditions.push(`${column} IN (SELECT value FROM json_each(:${name}))`);
    params[name] = JSON.stringify(values);
  };
  inList('devices', 's.device_id', query.deviceIds);
  inList('statuses', 's.status', query.statuses);
  inList('plugins', 's.plugin', query.plugins);
  inList('types', 's.type', query.types);
  if (query.clientId !== undefined) {
    conditions.push('s.device_id IN (SELECT id FROM devices WHERE account_id = :account AND client_id = :client)');
    params.client = query.clientId;
  }
  if (query.from !== undefined) {
    conditions.push('s.start_at >= :from');
    params.from = query.from.getTime();
  }
  if (query.to !== undefined) {
    conditions.push('s.start_at < :to');
    params.to = query.to.getTime();
  }
  if (query.includeRemoved === false) conditions.push('s.removed_at IS NULL');
  return { where: conditions.join(' AND '), params };
}

/** Returns the ORDER BY clause of a sort; every order ends on the session's key, so it is total. */
function sessionOrder(query: SessionQuery): string {
  const direction = query.order === 'asc' ? 'ASC' : 'DESC';
  const terms = [...SORT_TERMS[query.sort ?? 'start'], 's.start_at', 's.device_id', 's.id'];
  return terms.map((term) => `${term} ${direction}`).join(', ');
}

/** Returns the statement that selects the keys (device id, start, id) of every matching session, in order. */
export function sessionKeysSql(accountId: number, query: SessionQuery): SqlStatement {
  const { where, params } = sessionWhere(accountId, query);
  return { sql: `SELECT s.device_id, s.start_at, s.id FROM ${sessionFrom(query)} WHERE ${where} ORDER BY ${sessionOrder(query)}`, params };
}

const SESSION_SELECT = SESSION_COLUMNS.split(', ').map((column) => `s.${column}`).join(', ');

/**
 * Lists sessions matching the filters, sorted (default: newest start first) and paged. A page
 * reads its keys from the query's kept order (see `SessionOrders`), then the rows by key.
 */
export function listSessions(sql: Sql, orders: SessionOrders, accountId: number, query: SessionQuery = {}): CachedSession[] {
  if (query.limit === undefined) {
    const { where, params } = sessionWhere(accountId, query);
    const rows = sql.prepare(`SELECT ${SESSION_SELECT} FROM ${sessionFrom(query)} WHERE ${where} ORDER BY ${sessionOrder(query)}`).all(params) as Row[];
    return rows.map(sessionFromRow);
  }
  return pageSessions(sql, orders, accountId, { ...query, limit: query.limit }).sessions;
}

/** Returns one page of `listSessions` and the number of matches over all pages. */
export function pageSessions(
  sql: Sql,
  orders: SessionOrders,
  accountId: number,
  query: SessionQuery & { limit: number },
): { total: number; sessions: CachedSession[] } {
  const { total, keys } = orders.page(sessionKeysSql(accountId, query), query.offset ?? 0, query.limit);
  const byKey = sql.prepare(`SELECT ${SESSION_SELECT} FROM sessions s WHERE s.account_id = ? AND s.device_id = ? AND s.start_at = ? AND s.id = ?`);
  return { total, sessions: keys.map((key) => sessionFromRow(byKey.get(accountId, key.device_id, key.start_at, key.id) as Row)) };
}

/** Counts the sessions `listSessions` would return without a limit. */
export function countSessions(sql: Sql, accountId: number, query: SessionQuery = {}): number {
  const { where, params } = sessionWhere(accountId, query);
  const row = sql.prepare(`SELECT count(*) AS n FROM sessions s WHERE ${where}`).get(params) as { n: number };
  return row.n;
}

/** The distinct values and start range of the sessions matching a filter. */
export interface SessionFacetValues {
  statuses: string[];
  plugins: string[];
  types: string[];
  firstStart: Date | null;
  lastStart: Date | null;
}

/**
 * Returns the values present in the matching sessions, in one pass over the device and plugin
 * index, which contains every column it reads.
 */
export function sessionFacets(sql: Sql, accountId: number, query: SessionQuery = {}): SessionFacetValues {
  const { where, params } = sessionWhere(accountId, query);
  const groups = sql
    .prepare(`SELECT s.status, s.plugin, s.type, min(s.start_at) AS first, max(s.start_at) AS last
      FROM sessions s WHERE ${where} GROUP BY s.status, s.plugin, s.type`)
    .all(params) as { status: string; plugin: string; type: string; first: number; last: number }[];
  const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
  return {
    statuses: sorted(groups.map((group) => group.status)),
    plugins: sorted(groups.map((group) => group.plugin)),
    types: sorted(groups.map((group) => group.type)),
    firstStart: groups.length === 0 ? null : new Date(Math.min(...groups.map((group) => group.first))),
    lastStart: groups.length === 0 ? null : new Date(Math.max(...groups.map((group) => group.last))),
  };
}
