// Conversions between SQLite rows and the normalized records. SQLite stores booleans as 0/1
// and instants as integer milliseconds since the Unix epoch.

import type { BackupSession, CheckCount, Client, Device, DeviceDetails, DeviceType } from '../../shared/nsight.ts';
import type { CachedSession, DeviceSyncState } from './types.ts';

export type Row = Record<string, unknown>;

export function toDate(value: unknown): Date | null {
  return typeof value === 'number' ? new Date(value) : null;
}

export function toMillis(value: Date | null | undefined): number | null {
  return value ? value.getTime() : null;
}

export function toFlag(value: boolean): number {
  return value ? 1 : 0;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function clientParams(accountId: number, client: Client, now: number): Record<string, string | number | null> {
  return {
    account_id: accountId,
    id: client.id,
    name: client.name,
    time_zone: client.timeZone,
    view_dashboard: toFlag(client.viewDashboard),
    view_workstation_assets: toFlag(client.viewWorkstationAssets),
    dashboard_username: client.dashboardUsername,
    creation_date: client.creationDate,
    server_count: client.serverCount,
    workstation_count: client.workstationCount,
    mobile_device_count: client.mobileDeviceCount,
    device_count: client.deviceCount,
    updated_at: now,
  };
}

export function clientFromRow(row: Row): Client {
  return {
    id: row.id as string,
    name: row.name as string,
    viewDashboard: row.view_dashboard === 1,
    viewWorkstationAssets: row.view_workstation_assets === 1,
    dashboardUsername: text(row.dashboard_username),
    timeZone: text(row.time_zone),
    creationDate: text(row.creation_date),
    serverCount: row.server_count as number,
    workstationCount: row.workstation_count as number,
    mobileDeviceCount: row.mobile_device_count as number,
    deviceCount: row.device_count as number,
  };
}

export function deviceParams(accountId: number, device: Device, now: number): Record<string, string | number | null> {
  return {
    account_id: accountId,
    id: device.id,
    type: device.type,
    client_id: device.clientId,
    site_id: device.siteId,
    name: device.name,
    username: device.username,
    description: device.description,
    status: device.status,
    check_counts: JSON.stringify(device.checkCounts),
    take_control: toFlag(device.takeControl),
    patch: toFlag(device.patch),
    mav: toFlag(device.mav),
    backup_enabled: toFlag(device.backupEnabled),
    systray: toFlag(device.systray),
    mavbreck: toFlag(device.mavbreck),
    updated_at: now,
  };
}

/** Expects the device row joined with `clients.name AS client_name` and `sites.name AS site_name`. */
export function deviceFromRow(row: Row): Device {
  return {
    id: row.id as string,
    type: row.type as DeviceType,
    name: row.name as string,
    clientId: row.client_id as string,
    clientName: text(row.client_name) ?? '',
    siteId: row.site_id as string,
    siteName: text(row.site_name) ?? '',
    username: text(row.username),
    description: text(row.description),
    status: text(row.status),
    checkCounts: JSON.parse(row.check_counts as string) as CheckCount[],
    takeControl: row.take_control === 1,
    patch: row.patch === 1,
    mav: row.mav === 1,
    backupEnabled: row.backup_enabled === 1,
    systray: row.systray === 1,
    mavbreck: row.mavbreck === 1,
  };
}

export function detailsToJson(details: DeviceDetails): string {
  return JSON.stringify(details);
}

export function detailsFromJson(value: unknown): DeviceDetails | null {
  if (typeof value !== 'string') return null;
  const parsed = JSON.parse(value) as DeviceDetails & { lastBootTime: string | null; lastScanTime: string | null };
  return {
    ...parsed,
    lastBootTime: parsed.lastBootTime === null ? null : new Date(parsed.lastBootTime),
    lastScanTime: parsed.lastScanTime === null ? null : new Date(parsed.lastScanTime),
  };
}

export function syncStateFromRow(row: Row): DeviceSyncState {
  return {
    lastAttemptAt: toDate(row.last_attempt_at),
    lastSuccessAt: toDate(row.last_success_at),
    lastError: text(row.last_error),
    lastErrorKind: text(row.last_error_kind),
  };
}

/** Positional parameters of the session upsert, in column order; `deviceId` overrides the session's. */
export function sessionParams(accountId: number, session: BackupSession, deviceId = session.deviceId): (string | number | null)[] {
  return [
    accountId,
    deviceId,
    session.id,
    session.type,
    session.storageAccountId,
    session.plugin,
    session.start.getTime(),
    toMillis(session.end),
    session.selectionSize,
    session.selectionItemCount,
    session.sizeChange,
    session.itemCountChange,
    session.removedItemCount,
    session.processedSize,
    session.processedItemCount,
    session.transferredSize,
    session.errorCount,
    session.status,
  ];
}

export const SESSION_COLUMNS =
  'device_id, id, type, storage_account_id, plugin, start_at, end_at, selection_size, selection_item_count, ' +
  'size_change, item_count_change, removed_item_count, processed_size, processed_item_count, transferred_size, ' +
  'error_count, status, removed_at';

export function sessionFromRow(row: Row): CachedSession {
  const session = backupSessionFromRow(row) as CachedSession;
  session.removedAt = toDate(row.removed_at);
  return session;
}

export function backupSessionFromRow(row: Row): BackupSession {
  return {
    id: row.id as string,
    deviceId: row.device_id as string,
    type: row.type as string,
    storageAccountId: text(row.storage_account_id),
    plugin: row.plugin as string,
    start: new Date(row.start_at as number),
    end: toDate(row.end_at),
    selectionSize: row.selection_size as number,
    selectionItemCount: row.selection_item_count as number,
    sizeChange: row.size_change as number,
    itemCountChange: row.item_count_change as number,
    removedItemCount: row.removed_item_count as number,
    processedSize: row.processed_size as number,
    processedItemCount: row.processed_item_count as number,
    transferredSize: row.transferred_size as number,
    errorCount: row.error_count as number,
    status: row.status as string,
  };
}
