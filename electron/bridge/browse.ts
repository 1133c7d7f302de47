// Reads for the screens: clients, sites, devices and sessions from the cache, converted to the
// bridge's result types. Nothing here calls N-sight, so browsing works offline.

import type { ClientSummary, DeviceSummary, ParsedArgs, SessionFacets, SessionPage, SiteSummary } from '../../shared/contract.ts';
import type { Cache, CachedDevice, SessionQuery } from '../cache/cache.ts';
import { isAtRisk, toClientSummary, toDeviceSummary, toSessionRow, type RiskRule } from './convert.ts';
import { BridgeFailure } from './errors.ts';

export interface BrowseContext {
  cache: Cache;
  accountId: number;
  atRiskThresholdDays: number;
  completedWithErrorsCountsAsSuccess: boolean;
  /** The present, for the at-risk rule. */
  now: Date;
}

function riskRule(context: BrowseContext): RiskRule {
  return {
    thresholdDays: context.atRiskThresholdDays,
    completedWithErrorsCountsAsSuccess: context.completedWithErrorsCountsAsSuccess,
    now: context.now,
  };
}

function requireClient(context: BrowseContext, clientId: string): void {
  if (context.cache.getClient(context.accountId, clientId) === null) {
    throw new BridgeFailure('not-found', `Client ${clientId} is not in the cache: sync the client list, then open the client again.`);
  }
}

/**
 * Lists the clients with their at-risk counts. The cache keeps each device's last success up to
 * date when its sessions are replaced, so this reads one row per device and no sessions.
 */
export function listClients(context: BrowseContext, args: ParsedArgs<'listClients'>): ClientSummary[] {
  const search = args.search?.trim().toLowerCase() ?? '';
  const clients = context.cache
    .listClients(context.accountId)
    .filter((client) => search === '' || client.name.toLowerCase().includes(search) || client.id === search);

  const rule = riskRule(context);
  const atRisk = new Map<string, number>();
  for (const facts of context.cache.listDeviceRiskFacts(context.accountId)) {
    if (isAtRisk(facts, rule)) atRisk.set(facts.clientId, (atRisk.get(facts.clientId) ?? 0) + 1);
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
  const rule = riskRule(context);
  return context.cache
    .listDevices(context.accountId, { clientId: args.clientId })
    .filter((device) => args.siteId === undefined || device.siteId === args.siteId)
    .map((device) => toDeviceSummary(device, rule));
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

/** Returns one page of sessions; the cache sorts and pages every field of the contract in SQL. */
export function querySessions(context: BrowseContext, args: ParsedArgs<'querySessions'>): SessionPage {
  requireClient(context, args.clientId);
  const { total, sessions: page } = context.cache.pageSessions(context.accountId, {
    ...sessionFilter(args),
    sort: args.sort?.field ?? 'start',
    order: args.sort?.direction ?? 'desc',
    limit: args.limit,
    offset: args.offset,
  });
  const deviceIds = [...new Set(page.map((session) => session.deviceId))];
  const devices = new Map<string, CachedDevice>();
  if (deviceIds.length > 0) {
    for (const device of context.cache.listDevices(context.accountId, { deviceIds, includeRemoved: true })) devices.set(device.id, device);
  }
  return {
    total,
    offset: args.offset,
    rows: page.map((session) => toSessionRow(session, devices.get(session.deviceId))),
  };
}

export function getSessionFacets(context: BrowseContext, args: ParsedArgs<'getSessionFacets'>): SessionFacets {
  requireClient(context, args.clientId);
  const facets = context.cache.sessionFacets(context.accountId, sessionFilter(args));
  return {
    statuses: facets.statuses,
    plugins: facets.plugins,
    types: facets.types,
    firstStart: facets.firstStart?.toISOString() ?? null,
    lastStart: facets.lastStart?.toISOString() ?? null,
  };
}
