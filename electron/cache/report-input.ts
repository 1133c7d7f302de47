// Reads the data of one client's monthly report. Every lookup follows an index of `sessions`,
// so the cost grows with the devices and the month's sessions, not with the whole history.

import type { BackupSession } from '../../shared/nsight.ts';
import { monthRange, resolveReportTimeZone, systemTimeZone } from '../../shared/report/time.ts';
import type { ReportInput, ReportInputDevice } from '../../shared/report/types.ts';
import { SESSION_COLUMNS, backupSessionFromRow, toDate, type Row } from './rows.ts';
import type { Sql } from './sql.ts';

export interface ReportPeriod {
  /** `YYYY-MM`. */
  month: string;
  /** IANA zone chosen for this report; when absent the client's zone, then the computer's. */
  timeZone?: string | null;
}

export interface ReportInputOptions {
  /** Reasons by device id for devices the user excluded from reports. */
  excludedDevices?: Readonly<Record<string, string>>;
  /** The user's default zone, tried after the client's. */
  defaultTimeZone?: string | null;
}

/** Statuses whose earlier sessions the report model needs (success and warning). */
const EARLIER_STATUSES = ['COMPLETED', 'COMPLETED_WITH_ERRORS'];

/**
 * Builds the report input of one client and month. Devices are those with Backup & Recovery
 * on or with cached sessions, removed ones included so that history already shown stays.
 * Sessions are the month's, plus per device, plugin and successful status the latest BACKUP
 * session before the month. Returns null when the client is not in the cache.
 */
export function getReportInput(
  sql: Sql,
  accountId: number,
  clientId: string,
  period: ReportPeriod,
  options: ReportInputOptions = {},
): ReportInput | null {
  const client = sql
    .prepare('SELECT id, name, time_zone FROM clients WHERE account_id = ? AND id = ?')
    .get(accountId, clientId) as { id: string; name: string; time_zone: string | null } | undefined;
  if (!client) return null;

  const timeZone = resolveReportTimeZone(period.timeZone, client.time_zone, options.defaultTimeZone, systemTimeZone());
  const { start, end } = monthRange(period.month, timeZone);

  const deviceRows = sql
    .prepare(`
      SELECT d.id, d.name, d.type, d.site_id, st.name AS site_name, d.backup_enabled, s.last_success_at
      FROM devices d
      LEFT JOIN sites st ON st.account_id = d.account_id AND st.id = d.site_id
      LEFT JOIN device_sync s ON s.account_id = d.account_id AND s.device_id = d.id
      WHERE d.account_id = ? AND d.client_id = ?
        AND ((d.backup_enabled = 1 AND d.removed_at IS NULL)
          OR EXISTS (SELECT 1 FROM sessions x WHERE x.account_id = d.account_id AND x.device_id = d.id))
      ORDER BY st.name COLLATE NOCASE, d.name COLLATE NOCASE, d.id`)
    .all(accountId, clientId) as Row[];

  const devices: ReportInputDevice[] = deviceRows.map((row) => ({
    id: row.id as string,
    name: row.name as string,
    type: row.type as ReportInputDevice['type'],
    siteId: row.site_id as string,
    siteName: (row.site_name as string | null) ?? '',
    backupEnabled: row.backup_enabled === 1,
    lastSyncedAt: toDate(row.last_success_at),
    excludedReason: options.excludedDevices?.[row.id as string] ?? null,
  }));

  const columns = SESSION_COLUMNS;
  const monthSessions = sql.prepare(`
    SELECT ${columns} FROM sessions
    WHERE account_id = ? AND device_id = ? AND start_at >= ? AND start_at < ?
    ORDER BY start_at, id`);
  // Walks the distinct plugins of a device through the (device, plugin, ...) index, one seek each.
  const devicePlugins = sql.prepare(`
    WITH RECURSIVE p(plugin) AS (
      SELECT min(plugin) FROM sessions WHERE account_id = :account AND device_id = :device
      UNION ALL
      SELECT (SELECT min(plugin) FROM sessions WHERE account_id = :account AND device_id = :device AND plugin > p.plugin)
      FROM p WHERE p.plugin IS NOT NULL)
    SELECT plugin FROM p WHERE plugin IS NOT NULL`);
  const latestBefore = sql.prepare(`
    SELECT ${columns} FROM sessions
    WHERE account_id = ? AND device_id = ? AND plugin = ? AND type = 'BACKUP' AND status = ? AND start_at < ?
    ORDER BY start_at DESC, end_at DESC, length(id) DESC, id DESC
    LIMIT 1`);

  const sessions: BackupSession[] = [];
  const earlierSessions: BackupSession[] = [];
  for (const device of devices) {
    for (const row of monthSessions.all(accountId, device.id, start.getTime(), end.getTime()) as Row[]) {
      sessions.push(backupSessionFromRow(row));
    }
    const plugins = devicePlugins.all({ account: accountId, device: device.id }) as { plugin: string }[];
    for (const { plugin } of plugins) {
      for (const status of EARLIER_STATUSES) {
        const row = latestBefore.get(accountId, device.id, plugin, status, start.getTime()) as Row | undefined;
        if (row) earlierSessions.push(backupSessionFromRow(row));
      }
    }
  }

  return {
    client: { id: client.id, name: client.name, timeZone: client.time_zone },
    month: period.month,
    timeZone,
    devices,
    sessions,
    earlierSessions,
  };
}
