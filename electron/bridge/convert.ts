// Conversions from cache records to the bridge's result types: times become UTC ISO-8601
// strings and sync failures get a bridge error code.

import type { BridgeError, ClientSummary, DeviceSummary, DeviceSyncState, SessionRow } from '../../shared/contract.ts';
import type { CachedClient, CachedDevice, CachedSession } from '../cache/cache.ts';
import { codeOfKind } from './errors.ts';

/** Converts a Date (or null) to the bridge's time format. */
export function iso(date: Date | null | undefined): string | null {
  return date === null || date === undefined ? null : date.toISOString();
}

export function toBridgeErrorOf(kind: string | null | undefined, message: string): BridgeError {
  return { code: codeOfKind(kind), message };
}

/** The latest backup session of a device and its latest successful one, from the cache. */
export interface DeviceBackupState {
  lastSuccessEnd: Date | null;
  lastStatus: string | null;
  lastStart: Date | null;
}

const DAY_MS = 86_400_000;

/**
 * Tells whether a synced backup device's last success is more than `thresholdDays` whole days
 * before its last sync. Devices never synced are not judged, because their history is unknown.
 */
export function isAtRisk(device: CachedDevice, lastSuccessEnd: Date | null, thresholdDays: number): boolean {
  if (!device.backupEnabled || device.removedAt !== null) return false;
  const syncedAt = device.sync.lastSuccessAt;
  if (syncedAt === null) return false;
  if (lastSuccessEnd === null) return true;
  return Math.floor((syncedAt.getTime() - lastSuccessEnd.getTime()) / DAY_MS) > thresholdDays;
}

export function syncStateOf(device: CachedDevice): DeviceSyncState {
  const { lastAttemptAt, lastSuccessAt, lastError, lastErrorKind } = device.sync;
  const failedLast = lastError !== null && lastAttemptAt !== null && (lastSuccessAt === null || lastAttemptAt > lastSuccessAt);
  let state: DeviceSyncState['state'] = 'never';
  if (failedLast) state = 'failed';
  else if (lastSuccessAt !== null) state = 'synced';
  return {
    state,
    syncedAt: iso(lastSuccessAt),
    error: failedLast ? toBridgeErrorOf(lastErrorKind, lastError) : null,
  };
}

export function toDeviceSummary(device: CachedDevice, backup: DeviceBackupState | undefined, thresholdDays: number): DeviceSummary {
  const lastSuccessEnd = backup?.lastSuccessEnd ?? null;
  return {
    id: device.id,
    name: device.name,
    type: device.type,
    clientId: device.clientId,
    siteId: device.siteId,
    siteName: device.siteName,
    backupEnabled: device.backupEnabled,
    lastSuccessAt: iso(lastSuccessEnd),
    lastStatus: backup?.lastStatus ?? null,
    lastSessionAt: iso(backup?.lastStart ?? device.lastSessionStart),
    sessionCount: device.sessionCount,
    atRisk: isAtRisk(device, lastSuccessEnd, thresholdDays),
    sync: syncStateOf(device),
  };
}

export function toClientSummary(client: CachedClient, atRiskCount: number): ClientSummary {
  return {
    id: client.id,
    name: client.name,
    timeZone: client.timeZone,
    deviceCount: client.deviceCount,
    backupDeviceCount: client.backupDeviceCount,
    atRiskCount,
    dataAsOf: iso(client.dataAsOf),
    lastSyncAt: iso(client.lastSyncAt),
  };
}

export function toSessionRow(session: CachedSession, device: { name: string; siteName: string } | undefined): SessionRow {
  return {
    id: session.id,
    deviceId: session.deviceId,
    deviceName: device?.name ?? session.deviceId,
    siteName: device?.siteName ?? '',
    type: session.type,
    storageAccountId: session.storageAccountId,
    plugin: session.plugin,
    status: session.status,
    start: session.start.toISOString(),
    end: iso(session.end),
    durationMs: session.end === null ? null : session.end.getTime() - session.start.getTime(),
    selectionSize: session.selectionSize,
    selectionItemCount: session.selectionItemCount,
    sizeChange: session.sizeChange,
    itemCountChange: session.itemCountChange,
    removedItemCount: session.removedItemCount,
    processedSize: session.processedSize,
    processedItemCount: session.processedItemCount,
    transferredSize: session.transferredSize,
    errorCount: session.errorCount,
  };
}
