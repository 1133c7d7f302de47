// Read queries for the app, the command line and the sync engine. Every query is scoped to one
// account, so two accounts or servers never see each other's data.

import { clientFromRow, detailsFromJson, deviceFromRow, sessionFromRow, syncStateFromRow, toDate, SESSION_COLUMNS, type Row } from './rows.ts';
import type { Sql } from './sql.ts';
import type { CachedClient, CachedDevice, CachedSession, SessionQuery, SessionSortKey } from './types.ts';

const CLIENT_SELECT = `
  SELECT c.*,
    count(d.id) AS cached_device_count,
    coalesce(sum(d.backup_enabled), 0) AS backup_device_count,
    min(CASE WHEN d.backup_enabled = 1 THEN s.last_success_at END) AS data_as_of,
    max(CASE WHEN d.backup_enabled = 1 THEN s.last_success_at END) AS last_sync_at,
    coalesce(sum(CASE WHEN d.backup_enabled = 1 AND s.last_error IS NOT NULL THEN 1 ELSE 0 END), 0) AS failed_device_count
  FROM clients c
  LEFT JOIN devices d ON d.account_id = c.account_id AND d.client_id = c.id AND d.removed_at IS NULL
  LEFT JOIN device_sync s ON s.account_id = d.account_id AND s.device_id = d.id
  WHERE c.account_id = ?`;

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
    .prepare(`${CLIENT_SELECT}${removedFilter} GROUP BY c.id ORDER BY c.name COLLATE NOCASE, c.id`)
    .all(accountId) as Row[];
  return rows.map(cachedClientFromRow);
}

export function getClient(sql: Sql, accountId: number, clientId: string): CachedClient | null {
  const row = sql.prepare(`${CLIENT_SELECT} AND c.id = ? GROUP BY c.id`).get(accountId, clientId) as Row | undefined;
  return row ? cachedClientFromRow(row) : null;
}

/** Finds clients by exact id, else by name ignoring case (several when names repeat). */
export function findClients(sql: Sql, accountId: number, idOrName: string): CachedClient[] {
  const byId = getClient(sql, accountId, idOrName);
  if (byId) return [byId];
  const rows = sql
    .prepare(`${CLIENT_SELECT} AND c.name = ? COLLATE NOCASE GROUP BY c.id ORDER BY c.removed_at IS NOT NULL, c.id`)
    .all(accountId, idOrName.trim()) as Row[];
  return rows.map(cachedClientFromRow);
}

export interface DeviceQuery {
  clientId?: string;
  deviceIds?: readonly string[];
  /** Include devices the API no longer lists (default false). */
  includeRemoved?: boolean;
}

/** Lists devices with their sync state and session counts, by client, site and device name. */
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
        (SELECT count(*) FROM sessions x WHERE x.account_id = d.account_id AND x.device_id = d.id) AS session_count,
        (SELECT max(start_at) FROM sessions x WHERE x.account_id = d.account_id AND x.device_id = d.id) AS last_session_start
      FROM devices d
      LEFT JOIN clients c ON c.account_id = d.account_id AND c.id = d.client_id
      LEFT JOIN sites st ON st.account_id = d.account_id AND st.id = d.site_id
      LEFT JOIN device_sync s ON s.account_id = d.account_id AND s.device_id = d.id
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
  }));
}

const SORT_COLUMNS: Record<SessionSortKey, string> = {
  start: 's.start_at',
  end: 's.end_at',
  device: 'd.name COLLATE NOCASE',
  status: 's.status',
  plugin: 's.plugin',
  selectionSize: 's.selection_size',
  transferredSize: 's.transferred_size',
};

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

/** Lists sessions matching the filters, sorted (default: newest start first) and paged. */
export function listSessions(sql: Sql, accountId: number, query: SessionQuery = {}): CachedSession[] {
  const { where, params } = sessionWhere(accountId, query);
  const order = query.order === 'asc' ? 'ASC' : 'DESC';
  const sort = SORT_COLUMNS[query.sort ?? 'start'];
  const columns = SESSION_COLUMNS.split(', ').map((column) => `s.${column}`).join(', ');
  let statement = `
    SELECT ${columns} FROM sessions s
    LEFT JOIN devices d ON d.account_id = s.account_id AND d.id = s.device_id
    WHERE ${where}
    ORDER BY ${sort} ${order}, s.start_at ${order}, s.device_id, s.id`;
  if (query.limit !== undefined) {
    statement += ' LIMIT :limit OFFSET :offset';
    params.limit = query.limit;
    params.offset = query.offset ?? 0;
  }
  return (sql.prepare(statement).all(params) as Row[]).map(sessionFromRow);
}

/** Counts the sessions `listSessions` would return without a limit. */
export function countSessions(sql: Sql, accountId: number, query: SessionQuery = {}): number {
  const { where, params } = sessionWhere(accountId, query);
  const row = sql.prepare(`SELECT count(*) AS n FROM sessions s WHERE ${where}`).get(params) as { n: number };
  return row.n;
}
