// Public shapes of the cache: what its read queries return and what the sync engine writes.

import type { BackupSession, Client, Device, DeviceDetails, DeviceType } from '../../shared/nsight.ts';

/** One N-sight account: a server host plus a fingerprint of the API key (never the key). */
export interface CacheAccount {
  id: number;
  host: string;
  keyFingerprint: string;
  createdAt: Date;
  /** End of the latest sync run, or null before the first one. */
  lastSyncAt: Date | null;
}

/** The sync state of one device. */
export interface DeviceSyncState {
  lastAttemptAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  lastErrorKind: string | null;
}

/** A client as cached, with counts over its cached devices. */
export interface CachedClient extends Client {
  /** When the client was last missing from `list_clients`, or null while it is listed. */
  removedAt: Date | null;
  /** Cached devices of the client that are still listed. */
  cachedDeviceCount: number;
  /** Listed devices with Backup & Recovery on. */
  backupDeviceCount: number;
  /** Oldest last successful session sync over the backup devices; null if one was never synced. */
  dataAsOf: Date | null;
  /** Newest last successful session sync over the backup devices. */
  lastSyncAt: Date | null;
  /** Backup devices whose last session sync failed. */
  failedDeviceCount: number;
}

/**
 * A device's backup figures over its cached sessions. The last success follows the report
 * model: per plugin the latest BACKUP session counted as a success, its end (or start).
 */
export interface DeviceBackupSummary {
  /** Latest BACKUP session: its start and status as N-sight sent it. */
  lastBackupStart: Date | null;
  lastBackupStatus: string | null;
  /** Last success when only COMPLETED counts. */
  lastSuccessEnd: Date | null;
  /** Last success when COMPLETED_WITH_ERRORS counts too. */
  lastSuccessOrWarningEnd: Date | null;
}

/** A device as cached, with its sync state, session counts and backup figures. */
export interface CachedDevice extends Device {
  details: DeviceDetails | null;
  removedAt: Date | null;
  sync: DeviceSyncState;
  sessionCount: number;
  lastSessionStart: Date | null;
  backup: DeviceBackupSummary;
}

/** The few fields that decide whether a device is at risk, for every device of an account at once. */
export interface DeviceRiskFacts extends Pick<DeviceBackupSummary, 'lastSuccessEnd' | 'lastSuccessOrWarningEnd'> {
  deviceId: string;
  clientId: string;
  backupEnabled: boolean;
  removedAt: Date | null;
  /** Last successful session sync of the device, or null. */
  syncedAt: Date | null;
}

/** A cached session; `removedAt` is set once the API stopped listing it. */
export interface CachedSession extends BackupSession {
  removedAt: Date | null;
}

export type SessionSortKey =
  | 'start'
  | 'end'
  | 'duration'
  | 'device'
  | 'site'
  | 'plugin'
  | 'type'
  | 'status'
  | 'selectionSize'
  | 'processedSize'
  | 'transferredSize'
  | 'errorCount';

/** Filters of `listSessions`; every field is optional and they combine with AND. */
export interface SessionQuery {
  deviceIds?: readonly string[];
  clientId?: string;
  /** Sessions whose start is at or after this instant. */
  from?: Date;
  /** Sessions whose start is before this instant. */
  to?: Date;
  statuses?: readonly string[];
  plugins?: readonly string[];
  types?: readonly string[];
  /** Include sessions the API no longer lists (default true: history never vanishes). */
  includeRemoved?: boolean;
  sort?: SessionSortKey;
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

/** Counts of one device's session replacement. */
export interface SessionWriteResult {
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
}

export type SyncOutcome = 'ok' | 'partial' | 'failed' | 'cancelled';

/** One failure recorded during a sync: a client's device listing or a device's sessions. */
export interface SyncFailure {
  target: 'client' | 'device';
  id: string;
  name: string;
  /** The client of the device, or the client itself; null for a device not found in the account. */
  clientId: string | null;
  clientName: string | null;
  kind: string;
  message: string;
}

/** Totals of a finished sync run, as stored in the run log. */
export interface SyncRunTotals {
  outcome: SyncOutcome;
  clients: number;
  devicesSynced: number;
  devicesSkipped: number;
  devicesFailed: number;
  sessionsAdded: number;
  sessionsRemoved: number;
  requests: number;
  error: string | null;
  failures: SyncFailure[];
}

/** One entry of the sync run log; `outcome` and `endedAt` are null while it runs or if it was killed. */
export interface SyncRun extends Omit<SyncRunTotals, 'outcome'> {
  outcome: SyncOutcome | null;
  id: number;
  accountId: number;
  scope: unknown;
  startedAt: Date;
  endedAt: Date | null;
}

export type { DeviceType };
