// Reads for the screens: clients, sites, devices and sessions from the cache, converted to the
// bridge's result types. Nothing here calls N-sight, so browsing works offline.

import type {
  ClientSummary,
  DeviceSummary,
  ParsedArgs,
  SessionFacets,
  SessionPage,
  SessionRow,
  SessionSortField,
  SiteSummary,
} from '../../shared/contract.ts';
import type { Cache, CachedDevice, CachedSession, SessionQuery, SessionSortKey } from '../cache/cache.ts';
import { isAtRisk, toClientSummary, toDeviceSummary, toSessionRow, type DeviceBackupState } from './convert.ts';
import { BridgeFailure } from './errors.ts';

export interface BrowseContext {
  cache: Cache;
  accountId: number;
  atRiskThresholdDays: number;
  completedWithErrorsCountsAsSuccess: boolean;
  /** Memo of `backupStates` for the whole account; cleared when a sync ends. */
  memo?: BackupStateMemo;
}

/** Keeps the account-wide backup states between calls, until the cache changes. */
export class BackupStateMemo {
  private key: string | null = null;
  private states: Map<string, DeviceBackupState> | null = null;

  get(key: string, compute: () => Map<string, DeviceBackupState>): Map<string, DeviceBackupState> {
    if (this.key !== key || this.states === null) {
      this.states = compute();
      this.key = key;
    }
    return this.states;
  }

  clear(): void {
    this.key = null;
    this.states = null;
  }
}

/**
 * Collects each device's latest backup session and latest successful one.
 * NOTE: this reads every backup session in scope; with about a million cached sessions it takes
 * seconds. A cache query that groups by device in SQL would remove the cost.
 */
function backupStates(context: BrowseContext, clientId?: string): Map<string, DeviceBackupState> {
  const success = new Set(['COMPLETED', ...(context.completedWithErrorsCountsAsSuccess ? ['COMPLETED_WITH_ERRORS'] : [])]);
  const sessions = context.cache.listSessions(context.accountId, {
    ...(clientId === undefined ? {} : { clientId }),
    types: ['BACKUP'],
    sort: 'start',
    order: 'desc',
  });
  const states = new Map<string, DeviceBackupState>();
  for (const session of sessions) {
    let state = states.get(session.deviceId);
    if (state === undefined) {
      state = { lastSuccessEnd: null, lastStatus: session.status, lastStart: session.start };
      states.set(session.deviceId, state);
    }
    const end = session.end ?? session.start;
    if (success.has(session.status) && (state.lastSuccessEnd === null || end > state.lastSuccessEnd)) {
      state.lastSuccessEnd = end;
    }
  }
  return states;
}

function requireClient(context: BrowseContext, clientId: string): void {
  if (context.cache.getClient(context.accountId, clientId) === null) {
    throw new BridgeFailure('not-found', `Client ${clientId} is not in the cache: sync the client list, then open the client again.`);
  }
}

export function listClients(context: BrowseContext, args: ParsedArgs<'listClients'>): ClientSummary[] {
  const search = args.search?.trim().toLowerCase() ?? '';
  const clients = context.cache
    .listClients(context.accountId)
    .filter((client) => search === '' || client.name.toLowerCase().includes(search) || client.id === search);

  const memoKey = `${context.accountId}:${context.completedWithErrorsCountsAsSuccess}`;
  const states = context.memo === undefined ? backupStates(context) : context.memo.get(memoKey, () => backupStates(context));
  const atRisk = new Map<string, number>();
  for (const device of context.cache.listDevices(context.accountId)) {
    if (isAtRisk(device, states.get(device.id)?.lastSuccessEnd ?? null, context.atRiskThresholdDays)) {
      atRisk.set(device.clientId, (atRisk.get(device.clientId) ?? 0) + 1);
    }
  }
  return clients.map((client) => toClientSummary(client, atRisk.get(client.id) ?? 0));
}

export function listSites(context: BrowseContext, args: ParsedArgs<'listSites'>): SiteSummary[] {
  requireClient(context, args.clientId);
  const sites = new Map<string, SiteSummary>();
  for (const device of context.cache.listDevices(context.accountId, { clientId: args.clientId })) {
    let site = sites.get(device.siteId);
    if (site === undefined) {
      // The sync reads sites from the device listing, which carries no connection flag.
      site = { id: device.siteId, clientId: device.clientId, name: device.siteName, connectionOk: null, deviceCount: 0, backupDeviceCount: 0 };
      sites.set(device.siteId, site);
    }
    site.deviceCount++;
    if (device.backupEnabled) site.backupDeviceCount++;
  }
  return [...sites.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function listDevices(context: BrowseContext, args: ParsedArgs<'listDevices'>): DeviceSummary[] {
  requireClient(context, args.clientId);
  const states = backupStates(context, args.clientId);
  return context.cache
    .listDevices(context.accountId, { clientId: args.clientId })
    .filter((device) => args.siteId === undefined || device.siteId === args.siteId)
    .map((device) => toDeviceSummary(device, states.get(device.id), context.atRiskThresholdDays));
}

/** Sort fields the cache orders in SQL; the others are sorted here after reading every match. */
const CACHE_SORT_KEYS: Partial<Record<SessionSortField, SessionSortKey>> = {
  start: 'start',
  end: 'end',
  device: 'device',
  status: 'status',
  plugin: 'plugin',
  selectionSize: 'selectionSize',
  transferredSize: 'transferredSize',
};

function compareRows(field: SessionSortField): (a: SessionRow, b: SessionRow) => number {
  const text = (value: string) => value.toLowerCase();
  const keys: Record<SessionSortField, (row: SessionRow) => number | string> = {
    start: (row) => row.start,
    end: (row) => row.end ?? '',
    duration: (row) => row.durationMs ?? -1,
    device: (row) => text(row.deviceName),
    site: (row) => text(row.siteName),
    plugin: (row) => row.plugin,
    type: (row) => row.type,
    status: (row) => row.status,
    selectionSize: (row) => row.selectionSize,
    processedSize: (row) => row.processedSize,
    transferredSize: (row) => row.transferredSize,
    errorCount: (row) => row.errorCount,
  };
  const key = keys[field];
  return (a, b) => {
    const left = key(a);
    const right = key(b);
    if (left < right) return -1;
    if (left > right) return 1;
    if (a.start !== b.start) return a.start < b.start ? -1 : 1;
    return a.id.localeCompare(b.id);
  };
}

function sessionFilter(args: ParsedArgs<'getSessionFacets'> & Partial<ParsedArgs<'querySessions'>>): SessionQuery {
  return {
    clientId: args.clientId,
    ...(args.deviceIds === undefined ? {} : { deviceIds: args.deviceIds }),
    ...(args.from === undefined ? {} : { from: new Date(args.from) }),
    ...(args.to === undefined ? {} : { to: new Date(args.to) }),
    ...(args.statuses === undefined ? {} : { statuses: args.statuses }),
    ...(args.plugins === undefined ? {} : { plugins: args.plugins }),
    ...(args.types === undefined ? {} : { types: args.types }),
  };
}

export function querySessions(context: BrowseContext, args: ParsedArgs<'querySessions'>): SessionPage {
  requireClient(context, args.clientId);
  const devices = new Map<string, CachedDevice>();
  for (const device of context.cache.listDevices(context.accountId, { clientId: args.clientId, includeRemoved: true })) {
    devices.set(device.id, device);
  }
  const filter = sessionFilter(args);
  const field = args.sort?.field ?? 'start';
  const direction = args.sort?.direction ?? 'desc';
  const total = context.cache.countSessions(context.accountId, filter);
  const toRow = (session: CachedSession) => toSessionRow(session, devices.get(session.deviceId));

  const cacheKey = CACHE_SORT_KEYS[field];
  if (cacheKey !== undefined) {
    const page = context.cache.listSessions(context.accountId, { ...filter, sort: cacheKey, order: direction, limit: args.limit, offset: args.offset });
    return { total, offset: args.offset, rows: page.map(toRow) };
  }

  // NOTE: sorting by this field reads every matching session; the cache has no SQL order for it.
  const rows = context.cache.listSessions(context.accountId, filter).map(toRow);
  const compare = compareRows(field);
  rows.sort(direction === 'asc' ? compare : (a, b) => compare(b, a));
  return { total, offset: args.offset, rows: rows.slice(args.offset, args.offset + args.limit) };
}

export function getSessionFacets(context: BrowseContext, args: ParsedArgs<'getSessionFacets'>): SessionFacets {
  requireClient(context, args.clientId);
  const statuses = new Set<string>();
  const plugins = new Set<string>();
  const types = new Set<string>();
  let first: Date | null = null;
  let last: Date | null = null;
  for (const session of context.cache.listSessions(context.accountId, sessionFilter(args))) {
    statuses.add(session.status);
    plugins.add(session.plugin);
    types.add(session.type);
    if (first === null || session.start < first) first = session.start;
    if (last === null || session.start > last) last = session.start;
  }
  const sorted = (values: Set<string>) => [...values].sort();
  return {
    statuses: sorted(statuses),
    plugins: sorted(plugins),
    types: sorted(types),
    firstStart: first?.toISOString() ?? null,
    lastStart: last?.toISOString() ?? null,
  };
}
