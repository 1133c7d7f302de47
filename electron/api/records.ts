// Normalizes parsed N-sight records into the types of shared/nsight.ts. Every value arrives as
// text, and this is the one place that turns it into ids, numbers, booleans, instants and nulls.

import type { BackupSession, CheckCount, Client, Device, DeviceDetails, DeviceType, Site } from '../../shared/nsight.ts';
import type { XmlElement } from './xml.ts';

/** Values that could not be read as the field's type, counted per response for one log line. */
export interface NormalizeIssues {
  invalidValues: number;
  /** The first field with an invalid value, as `element.field`. */
  firstInvalid?: string;
  skippedRecords: number;
}

export function newIssues(): NormalizeIssues {
  return { invalidValues: 0, skippedRecords: 0 };
}

/** Trimmed text of an element, or null for a missing, empty or `none` value. */
export function text(value: unknown): string | null {
  if (typeof value !== 'string') {
    if (value === undefined || value === null) return null;
    if (Array.isArray(value)) return text(value[0]);
    if (typeof value === 'object') return text((value as XmlElement)['#text']);
    return text(String(value));
  }
  let result = value;
  const length = result.length;
  if (length === 0) return null;
  // CDATA content arrives untrimmed, so trim, but only when an end is whitespace.
  if (result.charCodeAt(0) <= 32 || result.charCodeAt(length - 1) <= 32) {
    result = result.trim();
    if (result.length === 0) return null;
  }
  if (result.length === 4 && (result === 'none' || result.toLowerCase() === 'none')) return null;
  return result;
}

function invalid(issues: NormalizeIssues, field: string): void {
  issues.invalidValues++;
  issues.firstInvalid ??= field;
}

/** Reads a count or a size in bytes. An empty or unreadable value is counted as an issue and becomes 0. */
function count(value: unknown, issues: NormalizeIssues, field: string): number {
  const raw = text(value);
  const number = raw === null ? NaN : Number(raw);
  if (Number.isFinite(number)) return number;
  invalid(issues, field);
  return 0;
}

function optionalCount(value: unknown): number | null {
  const raw = text(value);
  if (raw === null) return null;
  const number = Number(raw);
  return Number.isFinite(number) ? number : null;
}

/** Reads a 0/1 flag: anything but `1` (or `true`) is false. */
function flag(value: unknown): boolean {
  const raw = text(value);
  return raw === '1' || raw === 'true';
}

function optionalFlag(value: unknown): boolean | null {
  const raw = text(value);
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  return null;
}

function digitsAt(value: string, start: number, length: number): number {
  let result = 0;
  for (let index = start; index < start + length; index++) {
    const digit = value.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    result = result * 10 + digit;
  }
  return result;
}

/**
 * Reads `YYYY-MM-DD HH:MM:SS` (or with `T`) as a UTC instant. `new Date()` would read that form
 * as local time, so the fields are taken apart by position. `0000-00-00 00:00:00`,
 * `Not Available` and any other text return null.
 */
export function utcTime(value: string | null): Date | null {
  if (value === null || value.length < 19) return null;
  const separator = value.charCodeAt(10);
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45 || (separator !== 32 && separator !== 84)) return null;
  if (value.charCodeAt(13) !== 58 || value.charCodeAt(16) !== 58) return null;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  const hour = digitsAt(value, 11, 2);
  const minute = digitsAt(value, 14, 2);
  const second = digitsAt(value, 17, 2);
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
    return null;
  }
  const rest = value.slice(19);
  if (rest !== '' && rest !== 'Z' && rest !== 'z') return null;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
}

/** Returns a `YYYY-MM-DD` date as text, or null for empty, zero or other values. */
function calendarDate(value: unknown): string | null {
  const raw = text(value);
  if (raw === null || raw.length < 10) return null;
  const date = raw.slice(0, 10);
  if (digitsAt(date, 0, 4) < 1 || date.charCodeAt(4) !== 45 || digitsAt(date, 5, 2) < 1 || date.charCodeAt(7) !== 45 || digitsAt(date, 8, 2) < 1) {
    return null;
  }
  return date;
}

/** Reads Unix seconds or a UTC date-time. `Not Available`, 0 and empty values return null. */
function unixOrUtcTime(value: unknown): Date | null {
  const raw = text(value);
  if (raw === null) return null;
  if (/^\d+$/.test(raw)) {
    const seconds = Number(raw);
    return seconds > 0 ? new Date(seconds * 1000) : null;
  }
  return utcTime(raw);
}

/** Returns the entries of list element `name` inside `parent`: always an array, possibly empty. */
export function entries(parent: unknown, name: string): XmlElement[] {
  if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) return [];
  const value = (parent as XmlElement)[name];
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((item): item is XmlElement => item !== null && typeof item === 'object');
}

export function toClient(raw: XmlElement, issues: NormalizeIssues): Client {
  return {
    id: text(raw['clientid']) ?? '',
    name: text(raw['name']) ?? '',
    viewDashboard: flag(raw['view_dashboard']),
    viewWorkstationAssets: flag(raw['view_wkstsn_assets']),
    dashboardUsername: text(raw['dashboard_username']),
    timeZone: text(raw['timezone']),
    creationDate: calendarDate(raw['creation_date']),
    serverCount: count(raw['server_count'], issues, 'client.server_count'),
    workstationCount: count(raw['workstation_count'], issues, 'client.workstation_count'),
    mobileDeviceCount: count(raw['mobile_device_count'], issues, 'client.mobile_device_count'),
    deviceCount: count(raw['device_count'], issues, 'client.device_count'),
  };
}

export function toSite(raw: XmlElement): Site {
  return {
    id: text(raw['siteid']) ?? '',
    name: text(raw['name']) ?? '',
    connectionOk: flag(raw['connection_ok']),
    creationDate: calendarDate(raw['creation_date']),
    primaryRouter: text(raw['primary_router']),
    secondaryRouter: text(raw['secondary_router']),
  };
}

function toCheckCount(raw: XmlElement): CheckCount {
  return {
    dsc247: optionalCount(raw['dsc_247']),
    pass: optionalCount(raw['pass']),
    clear: optionalCount(raw['clear']),
    fail: optionalCount(raw['fail']),
  };
}

/** Flattens `list_devices_at_client`'s client > site > device nesting into devices. */
export function toDevices(result: XmlElement, type: DeviceType): Device[] {
  const devices: Device[] = [];
  for (const client of entries(result['items'], 'client')) {
    const clientId = text(client['id']) ?? '';
    const clientName = text(client['name']) ?? '';
    for (const site of entries(client, 'site')) {
      const siteId = text(site['id']) ?? '';
      const siteName = text(site['name']) ?? '';
      for (const raw of entries(site, type)) {
        // A device without an id cannot be stored or asked for sessions.
        const id = text(raw['id']);
        if (id === null) continue;
        devices.push({
          id,
          type,
          name: text(raw['name']) ?? '',
          clientId,
          clientName,
          siteId,
          siteName,
          username: text(raw['username']),
          description: text(raw['description']),
          status: text(raw['status']),
          checkCounts: entries(raw, 'checkcount').map(toCheckCount),
          takeControl: flag(raw['takecontrol']),
          patch: flag(raw['patch']),
          mav: flag(raw['mav']),
          backupEnabled: flag(raw['mob']),
          systray: flag(raw['systray']),
          mavbreck: flag(raw['mavbreck']),
        });
      }
    }
  }
  return devices;
}

export function toDeviceDetails(raw: XmlElement, type: DeviceType): DeviceDetails {
  return {
    id: text(raw[type === 'server' ? 'serverid' : 'workstationid']) ?? '',
    type,
    name: text(raw['name']) ?? '',
    description: text(raw['description']),
    guid: text(raw['guid']),
    os: text(raw['os']),
    osDetails: text(raw['os_details']),
    user: text(raw['user']),
    domain: text(raw['domain']),
    manufacturer: text(raw['manufacturer']),
    model: text(raw['model']),
    ip: text(raw['ip']),
    externalIp: text(raw['external_ip']),
    online: optionalFlag(raw['online']),
    installDate: calendarDate(raw['install_date']),
    lastBootTime: unixOrUtcTime(raw['last_boot_time']),
    lastScanTime: unixOrUtcTime(raw['last_scan_time']),
    agentVersion: text(raw['agent_version']),
    assetId: text(raw['assetid']),
    deviceSerial: text(raw['device_serial']),
  };
}

/** Collects every `<session>` under `element`, at any depth, without descending into sessions. */
function collectSessions(element: XmlElement, found: XmlElement[]): void {
  for (const key in element) {
    const value = element[key];
    if (key === 'session') {
      for (const item of entries(element, 'session')) found.push(item);
    } else if (Array.isArray(value)) {
      for (const item of value) if (item !== null && typeof item === 'object') collectSessions(item as XmlElement, found);
    } else if (value !== null && typeof value === 'object') {
      collectSessions(value as XmlElement, found);
    }
  }
}

/** Normalizes every session under `<result>`. A session without an id or a start time is skipped and counted. */
export function toSessions(result: XmlElement, deviceId: string, issues: NormalizeIssues): BackupSession[] {
  const raws: XmlElement[] = [];
  collectSessions(result, raws);
  const sessions: BackupSession[] = [];
  for (const raw of raws) {
    const id = text(raw['session_id']);
    const start = utcTime(text(raw['start']));
    if (id === null || start === null) {
      issues.skippedRecords++;
      continue;
    }
    sessions.push({
      id,
      deviceId,
      type: text(raw['type']) ?? '',
      storageAccountId: text(raw['storage_account_id']),
      plugin: text(raw['plugin']) ?? '',
      start,
      end: utcTime(text(raw['end'])),
      selectionSize: count(raw['selection_size'], issues, 'session.selection_size'),
      selectionItemCount: count(raw['selection_item_count'], issues, 'session.selection_item_count'),
      sizeChange: count(raw['size_change'], issues, 'session.size_change'),
      itemCountChange: count(raw['item_count_change'], issues, 'session.item_count_change'),
      removedItemCount: count(raw['removed_item_count'], issues, 'session.removed_item_count'),
      processedSize: count(raw['processed_size'], issues, 'session.processed_size'),
      processedItemCount: count(raw['processed_item_count'], issues, 'session.processed_item_count'),
      transferredSize: count(raw['transferred_size'], issues, 'session.transferred_size'),
      errorCount: count(raw['error_count'], issues, 'session.error_count'),
      status: text(raw['status']) ?? '',
    });
  }
  return sessions;
}
