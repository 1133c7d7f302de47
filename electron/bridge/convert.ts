// Conversions from cache records to the bridge's result types: times become UTC ISO-8601
// strings and sync failures get a bridge error code.

import type { BridgeError, ClientSummary, DeviceSummary, DeviceSyncState, SessionRow } from '../../shared/contract.ts';
import type { CachedClient, CachedDevice, CachedSession } from '../cache/cache.ts';
import { isAtRiskAfter, wholeDaysSince } from '../../shared/report/device-figures.ts';
import { codeOfKind } from './errors.ts';

/** Converts a Date (or null) to the bridge's time format. */
export function iso(date: Date | null | undefined): string | null {
  return date === null || date === undefined ? null : date.toISOString();
}

export function toBridgeErrorOf(kind: string | null | undefined, message: string): BridgeError {
  return { code: codeOfKind(kind), message };
}

/** The cached facts the at-risk rule reads; both `CachedDevice` and `DeviceRiskFacts` carry them. */
export interface RiskFacts {
  backupEnabled: boolean;
  removedAt: Date | null;
  /** Last successful session sync of the device. */
  syncedAt: Date | null;
  lastSuccessEnd: Date | null;
  lastSuccessOrWarningEnd: Date | null;
}

export interface RiskRule {
  thresholdDays: number;
  completedWithErrorsCountsAsSuccess: boolean;
  now: Date;
}

/** Returns the device's last success under the report setting for COMPLETED_WITH_ERRORS. */
export function lastSuccessOf(facts: Pick<RiskFacts, 'lastSuccessEnd' | 'lastSuccessOrWarningEnd'>, completedWithErrorsCountsAsSuccess: boolean): Date | null {
  return completedWithErrorsCountsAsSuccess ? facts.lastSuccessOrWarningEnd : facts.lastSuccessEnd;
}

/**
 * Tells whether a backup device is at risk by the report model's rule: whole days from its last
 * success to its last sync (or now, if earlier) above the threshold, or no success at all.
 * Devices never synced are not judged, because their history is unknown; removed devices and
 * devices without Backup & Recovery never are.
 */
export function isAtRisk(facts: RiskFacts, rule: RiskRule): boolean {
  if (!facts.backupEnabled || facts.removedAt !== null || facts.syncedAt === null) return false;
  const lastSuccess = lastSuccessOf(facts, rule.completedWithErrorsCountsAsSuccess);
  const referenceMs = Math.min(facts.syncedAt.getTime(), rule.now.getTime());
  const daysSinceLastSuccess = lastSuccess === null ? null : wholeDaysSince(lastSuccess.getTime(), referenceMs);
  return isAtRiskAfter(daysSinceLastSuccess, rule.thresholdDays);
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

export function toDeviceSummary(device: CachedDevice, rule: RiskRule): DeviceSummary {
  const facts: RiskFacts = { ...device, ...device.backup, syncedAt: device.sync.lastSuccessAt };
  return {
    id: device.id,
    name: device.name,
    type: device.type,
    clientId: device.clientId,
    siteId: device.siteId,
    siteName: device.siteName,
    backupEnabled: device.backupEnabled,
    lastSuccessAt: iso(lastSuccessOf(device.backup, rule.completedWithErrorsCountsAsSuccess)),
    lastStatus: device.backup.lastBackupStatus,
    lastSessionAt: iso(device.backup.lastBackupStart ?? device.lastSessionStart),
    sessionCount: device.sessionCount,
    atRisk: isAtRisk(facts, rule),
    sync: syncStateOf(device),
  };
}

/**
 * Tells whether the client's devices were synced. The cache keeps no mark of a device listing
 * that found nothing, so a client without cached devices counts as synced only when N-sight
 * also counts none for it.
 */
export function devicesSynced(client: Pick<CachedClient, 'cachedDeviceCount' | 'deviceCount'>): boolean {
  return client.cachedDeviceCount > 0 || client.deviceCount === 0;
}

export function toClientSummary(client: CachedClient, atRiskCount: number): ClientSummary {
  return {
    id: client.id,
    name: client.name,
    timeZone: client.timeZone,
    deviceCount: client.deviceCount,
    cachedDeviceCount: devicesSynced(client) ? client.cachedDeviceCount : null,
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
