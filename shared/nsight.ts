// Normalized N-sight Data Extraction API records, shared by the main process and the renderer.
// Ids are strings, counts are numbers, 0/1 flags are booleans, `none` and empty values are
// null, and UTC times are Date instants.

export type DeviceType = 'server' | 'workstation';

export const DEVICE_TYPES: readonly DeviceType[] = ['server', 'workstation'];

/** A customer of the MSP, from `list_clients`. */
export interface Client {
  id: string;
  name: string;
  viewDashboard: boolean;
  viewWorkstationAssets: boolean;
  dashboardUsername: string | null;
  /** IANA zone name such as `Europe/London`, or null when the dashboard has none. */
  timeZone: string | null;
  /** `YYYY-MM-DD`, or null. */
  creationDate: string | null;
  serverCount: number;
  workstationCount: number;
  mobileDeviceCount: number;
  deviceCount: number;
}

/** A site of a client, from `list_sites`. */
export interface Site {
  id: string;
  name: string;
  connectionOk: boolean;
  creationDate: string | null;
  primaryRouter: string | null;
  secondaryRouter: string | null;
}

/** One `<checkcount>` block of a device in `list_devices_at_client`. */
export interface CheckCount {
  dsc247: number | null;
  pass: number | null;
  clear: number | null;
  fail: number | null;
}

/** A server or workstation as `list_devices_at_client` lists it, with its client and site. */
export interface Device {
  id: string;
  type: DeviceType;
  name: string;
  clientId: string;
  clientName: string;
  siteId: string;
  siteName: string;
  username: string | null;
  description: string | null;
  status: string | null;
  checkCounts: CheckCount[];
  takeControl: boolean;
  patch: boolean;
  mav: boolean;
  /** Backup & Recovery (formerly Managed Online Backup) is enabled: only these have sessions to fetch. */
  backupEnabled: boolean;
  systray: boolean;
  mavbreck: boolean;
}

/** The fields of `list_servers` and `list_workstations` that a report can use. */
export interface DeviceDetails {
  id: string;
  type: DeviceType;
  name: string;
  description: string | null;
  guid: string | null;
  os: string | null;
  osDetails: string | null;
  user: string | null;
  domain: string | null;
  manufacturer: string | null;
  model: string | null;
  ip: string | null;
  externalIp: string | null;
  online: boolean | null;
  installDate: string | null;
  lastBootTime: Date | null;
  lastScanTime: Date | null;
  agentVersion: string | null;
  assetId: string | null;
  deviceSerial: string | null;
}

/** The documented `list_mob_sessions` status values; others arrive and are kept as they came. */
export const KNOWN_SESSION_STATUSES = [
  'COMPLETED',
  'COMPLETED_WITH_ERRORS',
  'FAILED',
  'INTERRUPTED',
  'CANCELED',
  'NOT_STARTED',
] as const;

/** One Backup & Recovery session from `list_mob_sessions`; all sizes are bytes. */
export interface BackupSession {
  id: string;
  deviceId: string;
  /** `BACKUP` or `RESTORE`; other values are kept as they came. */
  type: string;
  storageAccountId: string | null;
  /** `FILE_SYSTEM`, `SYSTEM_STATE`, ...; unknown plugins are kept as they came. */
  plugin: string;
  /** Start instant (the API sends UTC without a zone marker). */
  start: Date;
  end: Date | null;
  selectionSize: number;
  selectionItemCount: number;
  /** Absolute value: the API drops the sign. */
  sizeChange: number;
  itemCountChange: number;
  removedItemCount: number;
  processedSize: number;
  processedItemCount: number;
  transferredSize: number;
  errorCount: number;
  status: string;
}
