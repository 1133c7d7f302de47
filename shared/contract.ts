// The one contract between the renderer and the main process. Every method has a name, a zod
// schema for its argument and a result type. Argument schemas are strict objects, so unknown
// fields are rejected, and every string and array is bounded. Events flow from main to the
// renderer only. The preload, the main-process handlers, the web harness and the renderer
// client are all derived from this file.
//
// Times cross the bridge as UTC ISO-8601 strings (`2025-03-01T08:15:00.000Z`), because the web
// harness carries the same values as JSON. Months are `YYYY-MM`. Sizes are bytes.

import { z } from 'zod';

import type { BackupSession, DeviceType } from './nsight.ts';
import type { ReportModel, ReportSettings, SizeUnit } from './report/types.ts';

// ---------------------------------------------------------------------------------------------
// Results and errors

/** The closed set of failure codes; the renderer turns each into one sentence with a next step. */
export const ERROR_CODES = [
  /** An argument failed its schema. */
  'invalid-argument',
  /** The method name is not in this contract. */
  'unknown-method',
  /** The call came from a window or origin that is not the app's own. */
  'forbidden-sender',
  /** No server and API key are saved yet. */
  'not-configured',
  /** N-sight returned "Login failed": a wrong key, or a key for another region's host. */
  'auth-failed',
  /** A firewall or proxy rejected the request (HTTP 403 or an HTML page). */
  'blocked',
  /** N-sight asked to slow down (HTTP 429) and retries ran out. */
  'rate-limited',
  /** The host could not be reached. */
  'offline',
  /** The server typed in the connection form is not a territory, a host name or an https URL. */
  'invalid-server',
  /** The server typed in the connection form could not be reached while testing it. */
  'unreachable',
  'timeout',
  /** N-sight failed with HTTP 5xx or a FAIL without a known meaning. */
  'server-error',
  /** The response could not be read (cut short, not XML, unexpected shape). */
  'malformed-response',
  'cancelled',
  /** Another sync or batch export is running. */
  'busy',
  /** A client, device or export id is not known (or no longer cached). */
  'not-found',
  /** The operating system offers no encryption for stored secrets (Linux without a keyring). */
  'encryption-unavailable',
  /** The stored API key no longer decrypts; the user must enter it again. */
  'key-unreadable',
  /** A report file exists already and overwriting was not requested. */
  'file-exists',
  /** Writing a file failed (folder missing, read-only, disk full). */
  'write-failed',
  /** A stored file (settings, cache, logo) is unreadable or from a newer version. */
  'invalid-file',
  /** Anything unexpected; details are in the log. */
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface BridgeError {
  code: ErrorCode;
  /** One plain sentence: what failed, on which value, and what to do next. */
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: BridgeError };

// ---------------------------------------------------------------------------------------------
// Argument building blocks

const MAX_ID = 64;
/** Device ids of one call: enough for a client with every device of a 10,000-device account. */
const MAX_IDS = 20_000;

const id = z.string().min(1).max(MAX_ID);
const ids = z.array(id).max(MAX_IDS);
const isoTime = z.iso.datetime({ offset: true }).max(40);
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as YYYY-MM');
/** An IANA zone name such as `Europe/London`; main also checks that the zone exists. */
const timeZone = z.string().min(1).max(64).regex(/^[A-Za-z0-9_+\-/]+$/, 'expected an IANA time zone');
const openText = z.string().min(1).max(64);
const none = z.strictObject({});

export const SIZE_UNITS = ['MB', 'GB', 'auto'] as const satisfies readonly SizeUnit[];
export type { SizeUnit };

export const EXPORT_FORMATS = ['xlsx', 'pdf', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const formats = z
  .array(z.enum(EXPORT_FORMATS))
  .min(1)
  .max(EXPORT_FORMATS.length)
  .refine((list) => new Set(list).size === list.length, 'each format may appear once');

const excludedDevices = z
  .array(z.strictObject({ deviceId: id, reason: z.string().max(200) }))
  .max(MAX_IDS);

/** Sync scope: the client list, one client (optionally some of its devices), or everything. */
const syncScope = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('clients') }),
  z.strictObject({ kind: z.literal('client'), clientId: id, deviceIds: ids.optional() }),
  z.strictObject({ kind: z.literal('all') }),
]);
export type SyncScope = z.infer<typeof syncScope>;

export const SESSION_SORT_FIELDS = [
  'start',
  'end',
  'duration',
  'device',
  'site',
  'plugin',
  'type',
  'status',
  'selectionSize',
  'processedSize',
  'transferredSize',
  'errorCount',
] as const;
export type SessionSortField = (typeof SESSION_SORT_FIELDS)[number];

const sessionFilter = {
  clientId: id,
  deviceIds: ids.optional(),
  /** Sessions that started at or after this instant. */
  from: isoTime.optional(),
  /** Sessions that started before this instant. */
  to: isoTime.optional(),
  statuses: z.array(openText).max(50).optional(),
  plugins: z.array(openText).max(50).optional(),
  types: z.array(openText).max(10).optional(),
};

const settingsPatch = z.strictObject({
  mspName: z.string().max(120).optional(),
  /** Only removal goes through here; a logo is chosen with `chooseLogo`. */
  logo: z.null().optional(),
  sizeUnit: z.enum(SIZE_UNITS).optional(),
  atRiskThresholdDays: z.int().min(1).max(365).optional(),
  completedWithErrorsCountsAsSuccess: z.boolean().optional(),
  paperSize: z.enum(['A4', 'Letter']).optional(),
  pdfListsEverySession: z.boolean().optional(),
  defaultTimeZone: timeZone.nullable().optional(),
  defaultFormats: formats.optional(),
  requestBudget: z
    .strictObject({
      callsPerMinute: z.int().min(1).max(600),
      concurrency: z.int().min(1).max(8),
    })
    .optional(),
});

// ---------------------------------------------------------------------------------------------
// Result types

export interface Territory {
  name: string;
  host: string;
}

export interface ConnectionStatus {
  configured: boolean;
  /** The demo account is in use (no network). */
  demo: boolean;
  /** API host such as `www.systemmonitor.us`, or null when not configured. */
  server: string | null;
  /** The territory whose host this is, or null for a custom host. */
  territory: string | null;
  /** The last four characters of the API key; the key itself never leaves main. */
  keyLastFour: string | null;
  /** `encrypted`: stored with the OS keychain; `session`: kept in memory until the app quits. */
  storage: 'encrypted' | 'session' | 'none';
  encryptionAvailable: boolean;
  /** Set when a stored key could not be read (`key-unreadable`): ask the user again. */
  problem: BridgeError | null;
  /** Outcome of the last call to N-sight: true reachable, false offline, null none yet. */
  online: boolean | null;
}

export interface ConnectionTest {
  host: string;
  clientCount: number;
}

export interface ClientSummary {
  id: string;
  name: string;
  /** The client's IANA zone from N-sight, the report's default, or null. */
  timeZone: string | null;
  /** Device count as N-sight reports it for the client (its servers plus workstations). */
  deviceCount: number;
  /**
   * Devices of the client in the cache (the devices tab lists these), or null before any of
   * its devices were synced.
   */
  cachedDeviceCount: number | null;
  /** Cached devices with Backup & Recovery enabled. */
  backupDeviceCount: number;
  /** Cached backup devices whose last success is older than the at-risk threshold. */
  atRiskCount: number;
  /** Oldest device sync of this client, or null when none of its devices was synced. */
  dataAsOf: string | null;
  /** Latest sync of any part of this client, or null. */
  lastSyncAt: string | null;
}

export interface SiteSummary {
  id: string;
  clientId: string;
  name: string;
  /** The site's `connection_ok` flag from N-sight, or null when the cache has no site record. */
  connectionOk: boolean | null;
  deviceCount: number;
  /** Devices of the site with Backup & Recovery enabled. */
  backupDeviceCount: number;
}

export interface DeviceSyncState {
  state: 'never' | 'synced' | 'failed';
  /** Last successful session sync of this device, or null. */
  syncedAt: string | null;
  /** Reason the last attempt failed, when `state` is `failed`. */
  error: BridgeError | null;
}

export interface DeviceSummary {
  id: string;
  name: string;
  type: DeviceType;
  clientId: string;
  siteId: string;
  siteName: string;
  /** Backup & Recovery is enabled on the device. */
  backupEnabled: boolean;
  /** End of the latest successful backup session in the cache, or null. */
  lastSuccessAt: string | null;
  /** Status of the latest backup session in the cache, as N-sight sent it, or null. */
  lastStatus: string | null;
  lastSessionAt: string | null;
  sessionCount: number;
  /** Last success older than the at-risk threshold; false for devices without backup. */
  atRisk: boolean;
  sync: DeviceSyncState;
}

export interface SyncProgress {
  syncId: string;
  phase: 'clients' | 'devices' | 'sessions' | 'done';
  /** Units done and planned in this phase (clients, or devices). */
  done: number;
  total: number;
  /** Estimated time left in milliseconds, from the request budget, or null. */
  remainingMs: number | null;
  /** The device being synced, when the phase is `sessions`. */
  current: { deviceId: string; deviceName: string } | null;
  failed: number;
}

export interface SyncFailure {
  clientId: string | null;
  deviceId: string | null;
  /** Client or device name, as the user knows it. */
  name: string;
  error: BridgeError;
}

export interface SyncSummary {
  syncId: string;
  startedAt: string;
  finishedAt: string;
  cancelled: boolean;
  /** Clients synced; for a client-list sync, the clients N-sight listed. */
  clients: number;
  devicesSynced: number;
  /** Devices skipped because their data was fresher than the skip window. */
  devicesSkipped: number;
  sessionsAdded: number;
  failures: SyncFailure[];
}

/** A `BackupSession` as it crosses the bridge: ISO times, plus its device and site names. */
export interface SessionRow extends Omit<BackupSession, 'start' | 'end'> {
  deviceName: string;
  siteName: string;
  start: string;
  end: string | null;
  /** `end - start` in milliseconds, or null while `end` is unknown. */
  durationMs: number | null;
}

export interface SessionPage {
  /** Rows matching the filters, over all pages. */
  total: number;
  offset: number;
  rows: SessionRow[];
}

/** Values present in the cached sessions, for the filter controls. */
export interface SessionFacets {
  statuses: string[];
  plugins: string[];
  types: string[];
  firstStart: string | null;
  lastStart: string | null;
}

export interface ExportedFile {
  /** Opaque id for `revealExport`; the path stays in main. */
  exportId: string;
  clientId: string;
  format: ExportFormat;
  fileName: string;
}

export interface ExportFailure {
  clientId: string;
  clientName: string;
  error: BridgeError;
}

/** A client the batch export left out, and why. */
export interface ExportSkip {
  clientId: string;
  clientName: string;
  /** One plain sentence, such as "no device has Backup & Recovery". */
  reason: string;
}

/**
 * `cancelled`: the user closed the save dialog; nothing was written. `skipped` lists the
 * clients a batch export left out (no device with Backup & Recovery); it is absent otherwise.
 */
export type ExportOutcome =
  | { status: 'cancelled' }
  | { status: 'written'; files: ExportedFile[]; failures: ExportFailure[]; skipped?: ExportSkip[] };

export interface ExportProgress {
  batchId: string;
  done: number;
  total: number;
  clientName: string;
  format: ExportFormat;
}

/** The report settings (the logo path stays in main) and the app's own settings. */
export interface AppSettings extends Omit<ReportSettings, 'mspLogoPath'> {
  /** The logo printed on reports, as a data URL for previews, or null. */
  logo: { fileName: string; dataUrl: string } | null;
  /** Formats preselected in the export form. */
  defaultFormats: ExportFormat[];
  /** N-sight calls per minute and requests in flight per host. */
  requestBudget: { callsPerMinute: number; concurrency: number };
}

export type SettingsPatch = z.infer<typeof settingsPatch>;

export interface AppInfo {
  version: string;
  /** The computer's IANA zone. */
  systemTimeZone: string;
  platform: 'win32' | 'darwin' | 'linux' | 'web';
}

// ---------------------------------------------------------------------------------------------
// The contract

/** One method: its argument schema and, at the type level only, its result type. */
export interface MethodSpec<A extends z.ZodType, R> {
  args: A;
  readonly result?: R;
}

function method<R>() {
  return <A extends z.ZodType>(args: A): MethodSpec<A, R> => ({ args });
}

const reportRequest = {
  clientId: id,
  month,
  /** Defaults to the client's zone, then the user's default, then the computer's. */
  timeZone: timeZone.optional(),
  excludedDevices: excludedDevices.optional(),
};

export const contract = {
  // Connection
  getAppInfo: method<AppInfo>()(none),
  listTerritories: method<Territory[]>()(none),
  getConnectionStatus: method<ConnectionStatus>()(none),
  /** Stores the server and key; `keep: 'session'` keeps them in memory only. */
  saveConnection: method<ConnectionStatus>()(
    z.strictObject({
      server: z.string().trim().min(1).max(2048),
      apiKey: z.string().trim().min(8).max(512),
      keep: z.enum(['encrypted', 'session']),
    }),
  ),
  /** Calls list_clients with the given credentials, or the stored ones when both are omitted. */
  testConnection: method<ConnectionTest>()(
    z
      .strictObject({
        server: z.string().trim().min(1).max(2048).optional(),
        apiKey: z.string().trim().min(8).max(512).optional(),
      })
      .refine((a) => (a.server === undefined) === (a.apiKey === undefined), 'give both server and apiKey, or neither'),
  ),
  forgetConnection: method<ConnectionStatus>()(none),
  useDemoAccount: method<ConnectionStatus>()(none),

  // Browsing the cache
  listClients: method<ClientSummary[]>()(z.strictObject({ search: z.string().max(200).optional() })),
  listSites: method<SiteSummary[]>()(z.strictObject({ clientId: id })),
  listDevices: method<DeviceSummary[]>()(z.strictObject({ clientId: id, siteId: id.optional() })),

  // Sync
  /** Resolves when the sync ends; progress arrives as `syncProgress` events. */
  startSync: method<SyncSummary>()(
    z.strictObject({ scope: syncScope, skipFreshMinutes: z.int().min(0).max(10_080).optional() }),
  ),
  cancelSync: method<{ cancelled: boolean }>()(none),
  /** The running sync's latest progress, or null; for a renderer that reloaded mid-sync. */
  getSyncProgress: method<SyncProgress | null>()(none),

  // Sessions
  querySessions: method<SessionPage>()(
    z.strictObject({
      ...sessionFilter,
      sort: z
        .strictObject({ field: z.enum(SESSION_SORT_FIELDS), direction: z.enum(['asc', 'desc']) })
        .optional(),
      offset: z.int().min(0).max(100_000_000),
      limit: z.int().min(1).max(1000),
    }),
  ),
  getSessionFacets: method<SessionFacets>()(
    z.strictObject({ clientId: id, deviceIds: ids.optional() }),
  ),

  // Reports
  previewReport: method<ReportModel>()(z.strictObject(reportRequest)),
  /** Main shows the save dialog (a folder dialog for several formats) and writes the files. */
  exportReport: method<ExportOutcome>()(
    z.strictObject({ ...reportRequest, formats, overwrite: z.boolean().optional() }),
  ),
  /** One report per client (all clients unless `clientIds`) into a folder the user picks. */
  exportReports: method<ExportOutcome>()(
    z.strictObject({
      month,
      /** Applies to every client; when omitted each client uses its own zone. */
      timeZone: timeZone.optional(),
      clientIds: ids.min(1).optional(),
      formats,
      overwrite: z.boolean().optional(),
    }),
  ),
  cancelExport: method<{ cancelled: boolean }>()(none),
  /** Shows an exported file in the system file manager. */
  revealExport: method<null>()(z.strictObject({ exportId: id })),

  // Settings
  getSettings: method<AppSettings>()(none),
  setSettings: method<AppSettings>()(z.strictObject({ patch: settingsPatch })),
  /** Main shows an open dialog for a PNG or JPEG and keeps a copy. */
  chooseLogo: method<{ status: 'cancelled' } | { status: 'chosen'; settings: AppSettings }>()(none),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;

export type MethodArgs<M extends MethodName> = z.input<Contract[M]['args']>;
export type ParsedArgs<M extends MethodName> = z.output<Contract[M]['args']>;
export type MethodResult<M extends MethodName> = Exclude<Contract[M]['result'], undefined>;

// ---------------------------------------------------------------------------------------------
// Events from main

export interface EventPayloads {
  syncProgress: SyncProgress;
  exportProgress: ExportProgress;
  connectionChanged: ConnectionStatus;
}

export type EventName = keyof EventPayloads;

// The `window.nsight` object and the method and event lists live in a file without zod, so the
// preload bundle stays small. Both lists are checked against this contract there.
export * from './bridge-client.ts';
