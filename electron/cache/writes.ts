// Writes of the sync engine. Every function runs in one transaction, so a crash leaves the
// cache as it was before the call or with the whole call applied.

import type { BackupSession, Client, Device, DeviceDetails, DeviceType, Site } from '../../shared/nsight.ts';
import { clientParams, detailsToJson, deviceParams, sessionParams, toFlag } from './rows.ts';
import type { Sql } from './sql.ts';
import { summaryWriter, type SummarySession } from './summary.ts';
import type { SessionWriteResult } from './types.ts';

/** Upserts the clients of `list_clients` and marks the ones it no longer lists as removed. */
export function saveClients(sql: Sql, accountId: number, clients: readonly Client[], now: number): { removed: number } {
  return sql.transaction(() => {
    const upsert = sql.prepare(`
      INSERT INTO clients (account_id, id, name, time_zone, view_dashboard, view_workstation_assets,
        dashboard_username, creation_date, server_count, workstation_count, mobile_device_count, device_count,
        updated_at, removed_at)
      VALUES (:account_id, :id, :name, :time_zone, :view_dashboard, :view_workstation_assets,
        :dashboard_username, :creation_date, :server_count, :workstation_count, :mobile_device_count, :device_count,
        :updated_at, NULL)
      ON CONFLICT (account_id, id) DO UPDATE SET name = excluded.name, time_zone = excluded.time_zone,
        view_dashboard = excluded.view_dashboard, view_workstation_assets = excluded.view_workstation_assets,
        dashboard_username = excluded.dashboard_username, creation_date = excluded.creation_date,
        server_count = excluded.server_count, workstation_count = excluded.workstation_count,
        mobile_device_count = excluded.mobile_device_count, device_count = excluded.device_count,
        updated_at = excluded.updated_at, removed_at = NULL`);
    for (const client of clients) upsert.run(clientParams(accountId, client, now));

    const removed = sql
      .prepare(`UPDATE clients SET removed_at = ? WHERE account_id = ? AND removed_at IS NULL
        AND id NOT IN (SELECT value FROM json_each(?))`)
      .run(now, accountId, JSON.stringify(clients.map((client) => client.id)));
    return { removed: Number(removed.changes) };
  });
}

/** Upserts the sites of `list_sites` for one client. */
export function saveSites(sql: Sql, accountId: number, clientId: string, sites: readonly Site[], now: number): void {
  sql.transaction(() => {
    const upsert = sql.prepare(`
      INSERT INTO sites (account_id, id, client_id, name, connection_ok, creation_date, primary_router, secondary_router, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (account_id, id) DO UPDATE SET client_id = excluded.client_id, name = excluded.name,
        connection_ok = excluded.connection_ok, creation_date = excluded.creation_date,
        primary_router = excluded.primary_router, secondary_router = excluded.secondary_router,
        updated_at = excluded.updated_at`);
    for (const site of sites) {
      upsert.run(accountId, site.id, clientId, site.name, toFlag(site.connectionOk), site.creationDate,
        site.primaryRouter, site.secondaryRouter, now);
    }
  });
}

/**
 * Upserts the devices of one `list_devices_at_client` response (one client, one type), with
 * their sites, and marks the devices of that client and type it no longer lists as removed.
 */
export function saveDevices(
  sql: Sql,
  accountId: number,
  clientId: string,
  type: DeviceType,
  devices: readonly Device[],
  now: number,
): { removed: number } {
  return sql.transaction(() => {
    // Sites seen only through the device listing keep the fields `list_sites` would add as null.
    const upsertSite = sql.prepare(`
      INSERT INTO sites (account_id, id, client_id, name, updated_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (account_id, id) DO UPDATE SET client_id = excluded.client_id, name = excluded.name,
        updated_at = excluded.updated_at`);
    const upsertDevice = sql.prepare(`
      INSERT INTO devices (account_id, id, type, client_id, site_id, name, username, description, status,
        check_counts, take_control, patch, mav, backup_enabled, systray, mavbreck, updated_at, removed_at)
      VALUES (:account_id, :id, :type, :client_id, :site_id, :name, :username, :description, :status,
        :check_counts, :take_control, :patch, :mav, :backup_enabled, :systray, :mavbreck, :updated_at, NULL)
      ON CONFLICT (account_id, id) DO UPDATE SET type = excluded.type, client_id = excluded.client_id,
        site_id = excluded.site_id, name = excluded.name, username = excluded.username,
        description = excluded.description, status = excluded.status, check_counts = excluded.check_counts,
        take_control = excluded.take_control, patch = excluded.patch, mav = excluded.mav,
        backup_enabled = excluded.backup_enabled, systray = excluded.systray, mavbreck = excluded.mavbreck,
        updated_at = excluded.updated_at, removed_at = NULL`);
    for (const device of devices) {
      upsertSite.run(accountId, device.siteId, clientId, device.siteName, now);
      upsertDevice.run(deviceParams(accountId, { ...device, clientId, type }, now));
    }

    const removed = sql
      .prepare(`UPDATE devices SET removed_at = ? WHERE account_id = ? AND client_id = ? AND type = ?
        AND removed_at IS NULL AND id NOT IN (SELECT value FROM json_each(?))`)
      .run(now, accountId, clientId, type, JSON.stringify(devices.map((device) => device.id)));
    return { removed: Number(removed.changes) };
  });
}

/** Stores the `list_servers` / `list_workstations` fields of devices already cached. */
export function saveDeviceDetails(sql: Sql, accountId: number, details: readonly DeviceDetails[]): void {
  sql.transaction(() => {
    const update = sql.prepare('UPDATE devices SET details = ? WHERE account_id = ? AND id = ?');
    for (const entry of details) update.run(detailsToJson(entry), accountId, entry.id);
  });
}

const SESSION_VALUE_COLUMNS = [
  'type', 'storage_account_id', 'plugin', 'start_at', 'end_at', 'selection_size', 'selection_item_count',
  'size_change', 'item_count_change', 'removed_item_count', 'processed_size', 'processed_item_count',
  'transferred_size', 'error_count', 'status',
];

const UPSERT_SESSION = `
  INSERT INTO sessions (account_id, device_id, id, ${SESSION_VALUE_COLUMNS.join(', ')}, removed_at)
  VALUES (${Array(SESSION_VALUE_COLUMNS.length + 3).fill('?').join(', ')}, NULL)
  ON CONFLICT (account_id, device_id, id) DO UPDATE SET
    ${SESSION_VALUE_COLUMNS.map((column) => `${column} = excluded.${column}`).join(', ')}, removed_at = NULL`;

const INSERT_SESSION = `
  INSERT INTO sessions (account_id, device_id, id, ${SESSION_VALUE_COLUMNS.join(', ')}, removed_at)
  VALUES (${Array(SESSION_VALUE_COLUMNS.length + 3).fill('?').join(', ')}, NULL)`;

// Rows come back as arrays: the id, the value columns in order, then removed_at.
const STORED_SESSIONS = `SELECT id, ${SESSION_VALUE_COLUMNS.join(', ')}, removed_at FROM sessions
  WHERE account_id = ? AND device_id = ?`;
const STORED_VALUES_AT = 1;
const STORED_REMOVED_AT = STORED_VALUES_AT + SESSION_VALUE_COLUMNS.length;
/** Index of the first value column in the parameters of `sessionParams`. */
const PARAM_VALUES_AT = 3;

type StoredRow = readonly (string | number | null)[];

/** Returns true when the stored row contains the same values as the upsert parameters `params`. */
function sameValues(stored: StoredRow, storedAt: number, params: readonly (string | number | null)[]): boolean {
  for (let i = 0; i < SESSION_VALUE_COLUMNS.length; i++) {
    if (stored[storedAt + i] !== params[PARAM_VALUES_AT + i]) return false;
  }
  return true;
}

/** Returns the fields a device summary needs from a stored row. */
function summarySessionOf(row: StoredRow): SummarySession {
  const value = (column: string): string | number | null => row[STORED_VALUES_AT + SESSION_VALUE_COLUMNS.indexOf(column)] ?? null;
  const end = value('end_at');
  return {
    id: row[0] as string,
    type: value('type') as string,
    plugin: value('plugin') as string,
    status: value('status') as string,
    start: new Date(value('start_at') as number),
    end: end === null ? null : new Date(end as number),
  };
}

/**
 * Replaces one device's sessions with a complete `list_mob_sessions` response in one
 * transaction: new ones are inserted, changed ones updated, and the ones no longer listed are
 * marked removed (never deleted). Each session is compared with the row read at the start of
 * the transaction, so unchanged sessions cost no write. Records the sync as successful for the
 * device and updates its summary in the same transaction.
 */
export function replaceSessions(
  sql: Sql,
  accountId: number,
  deviceId: string,
  sessions: readonly BackupSession[],
  now: number,
): SessionWriteResult {
  return sql.transaction(() => {
    const read = sql.prepare(STORED_SESSIONS);
    read.setReturnArrays(true);
    const known = new Map<string, StoredRow>();
    for (const row of read.all(accountId, deviceId) as unknown as StoredRow[]) known.set(row[0] as string, row);

    const result: SessionWriteResult = { added: 0, updated: 0, removed: 0, unchanged: 0 };
    const insert = sql.prepare(INSERT_SESSION);
    const upsert = sql.prepare(UPSERT_SESSION);
    // The values written for each id in this call; a repeated id compares with the last one.
    const written = new Map<string, readonly (string | number | null)[]>();
    const latest = new Map<string, BackupSession>();
    for (const session of sessions) {
      const params = sessionParams(accountId, session, deviceId);
      const earlier = written.get(session.id);
      const stored = earlier === undefined ? known.get(session.id) : undefined;
      if (earlier !== undefined) {
        if (sameValues(earlier, PARAM_VALUES_AT, params)) result.unchanged++;
        else {
          upsert.run(...params);
          result.updated++;
        }
      } else if (stored === undefined) {
        insert.run(...params);
        result.added++;
      } else if (stored[STORED_REMOVED_AT] === null && sameValues(stored, STORED_VALUES_AT, params)) {
        result.unchanged++;
      } else {
        upsert.run(...params);
        result.updated++;
      }
      written.set(session.id, params);
      latest.set(session.id, session);
    }

    const markRemoved = sql.prepare('UPDATE sessions SET removed_at = ? WHERE account_id = ? AND device_id = ? AND id = ?');
    const summarySessions: SummarySession[] = [...latest.values()];
    for (const [id, row] of known) {
      if (written.has(id)) continue;
      summarySessions.push(summarySessionOf(row));
      if (row[STORED_REMOVED_AT] !== null) continue;
      markRemoved.run(now, accountId, deviceId, id);
      result.removed++;
    }

    summaryWriter((text) => sql.prepare(text)).store(accountId, deviceId, summarySessions);
    sql
      .prepare(`INSERT INTO device_sync (account_id, device_id, last_attempt_at, last_success_at, last_error, last_error_kind)
        VALUES (?, ?, ?, ?, NULL, NULL)
        ON CONFLICT (account_id, device_id) DO UPDATE SET last_attempt_at = excluded.last_attempt_at,
          last_success_at = excluded.last_success_at, last_error = NULL, last_error_kind = NULL`)
      .run(accountId, deviceId, now, now);
    return result;
  });
}

/** Records a failed session fetch for a device; its cached sessions stay as they were. */
export function recordDeviceFailure(sql: Sql, accountId: number, deviceId: string, kind: string, message: string, now: number): void {
  sql
    .prepare(`INSERT INTO device_sync (account_id, device_id, last_attempt_at, last_success_at, last_error, last_error_kind)
      VALUES (?, ?, ?, NULL, ?, ?)
      ON CONFLICT (account_id, device_id) DO UPDATE SET last_attempt_at = excluded.last_attempt_at,
        last_error = excluded.last_error, last_error_kind = excluded.last_error_kind`)
    .run(accountId, deviceId, now, message, kind);
}
