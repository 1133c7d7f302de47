// Read queries for the app, the command line and the sync engine. Every query is scoped to one
// account, so two accounts or servers never see each other's data.

import { clientFromRow, detailsFromJson, deviceFromRow, sessionFromRow, syncStateFromRow, toDate, SESSION_COLUMNS, type Row } from './rows.ts';
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

/** Sort keys that order by one session column; each has an index per client (see the schema). */
const COLUMN_SORTS: Record<Exclude<SessionSortKey, 'device' | 'site'>, string> = {
  start: 's.start_at',
  end: 's.end_at',
  duration: 's.duration_ms',
  plugin: 's.plugin',
  type: 's.type',
  status: 's.status',
  selectionSize: 's.selection_size',
  processedSize: 's.processed_size',
  transferredSize: 's.transferred_size',
  errorCount: 's.error_count',
};

/** Device and site sorts walk devices in name order, then each device's sessions by start. */
const DEVICE_SORTS: Record<'device' | 'site', string[]> = {
  device: ['d.name COLLATE NOCASE', 'd.id'],
  site: ['d.site_name COLLATE NOCASE', 'd.name COLLATE NOCASE', 'd.id'],
};

/**
 * Builds the filter of a session query. `clientColumn` is the device's client when devices drive
 * the query (device and site sorts), so the client test needs no session row.
 */
function sessionWhere(
  accountId: number,
  query: SessionQuery,
  clientColumn = 's.client_id',
): { where: string; params: Record<string, string | number> } {
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
    // Sessions carry their device's client (kept by triggers), so this follows the client indexes.
    conditions.push(`${clientColumn} = :client`);
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

/** Returns the FROM clause and ORDER BY terms of a sort; every order ends on the session's key. */
function sessionOrder(query: SessionQuery): { from: string; clientColumn: string; order: string } {
  const direction = query.order === 'asc' ? 'ASC' : 'DESC';
  const key = query.sort ?? 'start';
  const tail = ['s.start_at', 's.device_id', 's.id'];
  if (key === 'device' || key === 'site') {
    // CROSS JOIN keeps devices as the outer loop, so one client's devices are read in name order
    // and each device's sessions in start order: no sort of every match.
    const from = query.clientId === undefined
      ? 'sessions s JOIN devices d ON d.account_id = s.account_id AND d.id = s.device_id'
      : 'devices d CROSS JOIN sessions s ON s.account_id = d.account_id AND s.device_id = d.id';
    return { from, clientColumn: query.clientId === undefined ? 's.client_id' : 'd.client_id', order: [...DEVICE_SORTS[key], 's.start_at', 's.id'].map((term) => `${term} ${direction}`).join(', ') };
  }
  const column = COLUMN_SORTS[key];
  const terms = key === 'start' ? tail : [column, ...tail];
  return { from: 'sessions s', clientColumn: 's.client_id', order: terms.map((term) => `${term} ${direction}`).join(', ') };
}

const SESSION_SELECT = SESSION_COLUMNS.split(', ').map((column) => `s.${column}`).join(', ');

/** A statement and its named parameters. */
export interface SqlStatement {
  sql: string;
  params: Record<string, string | number>;
}

/**
 * Returns the statement that reads the keys (device id, start, id) of one page of sessions, in
 * order. `listSessions` runs it, and tests read its query plan.
 */
export function sessionPageSql(accountId: number, query: SessionQuery & { limit: number }): SqlStatement {
  const { from, clientColumn, order } = sessionOrder(query);
  const { where, params } = sessionWhere(accountId, query, clientColumn);
  return {
    sql: `SELECT s.device_id, s.start_at, s.id FROM ${from} WHERE ${where} ORDER BY ${order} LIMIT :limit OFFSET :offset`,
    params: { ...params, limit: query.limit, offset: query.offset ?? 0 },
  };
}

/**
 * Lists sessions matching the filters, sorted (default: newest start first) and paged. A page
 * first reads the keys of its rows through an index, then the rows themselves, so a deep offset
 * costs index steps rather than whole rows.
 */
export function listSessions(sql: Sql, accountId: number, query: SessionQuery = {}): CachedSession[] {
  if (query.limit === undefined) {
    const { from, clientColumn, order } = sessionOrder(query);
    const { where, params } = sessionWhere(accountId, query, clientColumn);
    const rows = sql.prepare(`SELECT ${SESSION_SELECT} FROM ${from} WHERE ${where} ORDER BY ${order}`).all(params) as Row[];
    return rows.map(sessionFromRow);
  }
  const page = sessionPageSql(accountId, { ...query, limit: query.limit });
  const keys = sql.prepare(page.sql).all(page.params) as { device_id: string; start_at: number; id: string }[];
  const byKey = sql.prepare(`SELECT ${SESSION_SELECT} FROM sessions s WHERE s.account_id = ? AND s.device_id = ? AND s.start_at = ? AND s.id = ?`);
  return keys.map((key) => sessionFromRow(byKey.get(accountId, key.device_id, key.start_at, key.id) as Row));
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
 * Returns the values present in the matching sessions. Each list walks its column's client
 * index one distinct value at a time, so the cost grows with the values, not the sessions.
 */
export function sessionFacets(sql: Sql, accountId: number, query: SessionQuery = {}): SessionFacetValues {
  const { where, params } = sessionWhere(accountId, query);
  const distinct = (column: string): string[] => {
    const rows = sql
      .prepare(`
        WITH RECURSIVE v(value) AS (
          SELECT min(s.${column}) FROM sessions s WHERE ${where}
          UNION ALL
          SELECT (SELECT min(s.${column}) FROM sessions s WHERE ${where} AND s.${column} > v.value) FROM v WHERE v.value IS NOT NULL)
        SELECT value FROM v WHERE value IS NOT NULL`)
      .all(params) as { value: string }[];
    return rows.map((row) => row.value);
  };
  const range = sql.prepare(`SELECT min(s.start_at) AS first, max(s.start_at) AS last FROM sessions s WHERE ${where}`).get(params) as Row;
  return {
    statuses: distinct('status'),
    plugins: distinct('plugin'),
    types: distinct('type'),
    firstStart: toDate(range.first),
    lastStart: toDate(range.last),
  };
}
