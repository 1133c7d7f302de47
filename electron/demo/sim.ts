// A simulated N-sight Data Extraction API over a `SimAccount`: the same URL shape, parameters,
// bodies and FAIL responses as the real service, without a network. The demo transport and the
// local test server both use it.

import type { TransportResponse } from '../api/transport.ts';
import type { Device, DeviceDetails, DeviceType } from '../../shared/nsight.ts';
import type { SimAccount, SimSite } from './account.ts';
import {
  writeClientsBody,
  writeDeviceDetailsBody,
  writeDevicesAtClientBody,
  writeFailBody,
  writeSessionsBody,
  writeSitesBody,
  type Envelope,
  type XmlDocument,
} from './xml.ts';

/** Returns the response N-sight would send for one request URL. */
export type SimulatedNsight = (url: URL) => TransportResponse;

export interface SimulatedNsightOptions {
  /** The only key that logs in; any other gets "Login failed" (code 3). */
  apiKey: string;
  /** The `host` attribute of every body, for example `www.systemmonitor.co.uk`. */
  host: string;
  /** The `created` time of each body; the account's `asOf` unless set. */
  clock?: () => Date;
}

/** Account records looked up by id, built once per simulated server. */
interface AccountIndex {
  clients: Map<string, SimAccount['clients'][number]>;
  sitesByClient: Map<string, SimSite[]>;
  sites: Map<string, SimSite>;
  devices: Map<string, Device>;
  details: Map<string, DeviceDetails>;
}

function compareText(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

/** Orders records by name, then id, by UTF-16 code units like a binary collation. */
function byName<T extends { name: string; id: string }>(a: T, b: T): number {
  return compareText(a.name, b.name) || compareText(a.id, b.id);
}

function indexAccount(account: SimAccount): AccountIndex {
  const index: AccountIndex = {
    clients: new Map(account.clients.map((client) => [client.id, client])),
    sitesByClient: new Map(),
    sites: new Map(account.sites.map((site) => [site.id, site])),
    devices: new Map(account.devices.map((device) => [device.id, device])),
    details: new Map((account.details ?? []).map((details) => [details.id, details])),
  };
  for (const site of account.sites) {
    const list = index.sitesByClient.get(site.clientId) ?? [];
    list.push(site);
    index.sitesByClient.set(site.clientId, list);
  }
  return index;
}

/** Inventory for a device the account has no details for. */
function defaultDetails(device: Device): DeviceDetails {
  return {
    id: device.id,
    type: device.type,
    name: device.name,
    description: device.description,
    guid: null,
    os: null,
    osDetails: null,
    user: device.username,
    domain: null,
    manufacturer: null,
    model: null,
    ip: null,
    externalIp: null,
    online: null,
    installDate: null,
    lastBootTime: null,
    lastScanTime: null,
    agentVersion: null,
    assetId: null,
    deviceSerial: null,
  };
}

function respond(document: XmlDocument): TransportResponse {
  return {
    status: 200,
    headers: { 'content-type': document.contentType, 'content-length': String(document.body.length) },
    body: document.body,
  };
}

/** The FAIL for a required parameter that is absent, empty, or not a number. */
class ParameterFailure {
  readonly code: string;
  readonly message: string;

  constructor(code: string, message: string) {
    this.code = code;
    this.message = message;
  }
}

function requireNumber(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null || value === '') {
    throw new ParameterFailure('5', `Missing parameter: ${name}`);
  }
  if (!/^\d+$/.test(value)) {
    throw new ParameterFailure('4', `Invalid value for parameter: ${name}`);
  }
  return value;
}

function found<T>(value: T | undefined, name: string): T {
  if (value === undefined) {
    throw new ParameterFailure('4', `Invalid value for parameter: ${name}`);
  }
  return value;
}

/** Creates a handler that serves Data Extraction API URLs from `account`. */
export function createSimulatedNsight(account: SimAccount, options: SimulatedNsightOptions): SimulatedNsight {
  const index = indexAccount(account);
  const clock = options.clock ?? (() => account.asOf);

  const listDeviceDetails = (envelope: Envelope, params: URLSearchParams, type: DeviceType): XmlDocument => {
    const site = found(index.sites.get(requireNumber(params, 'siteid')), 'siteid');
    const devices = account.devices
      .filter((device) => device.siteId === site.id && device.type === type)
      .sort(byName)
      .map((device) => index.details.get(device.id) ?? defaultDetails(device));
    return writeDeviceDetailsBody(envelope, type, devices);
  };

  const services: Record<string, (envelope: Envelope, params: URLSearchParams) => XmlDocument> = {
    list_clients: (envelope) => writeClientsBody(envelope, [...account.clients].sort(byName)),
    list_sites: (envelope, params) => {
      const client = found(index.clients.get(requireNumber(params, 'clientid')), 'clientid');
      return writeSitesBody(envelope, [...(index.sitesByClient.get(client.id) ?? [])].sort(byName));
    },
    list_servers: (envelope, params) => listDeviceDetails(envelope, params, 'server'),
    list_workstations: (envelope, params) => listDeviceDetails(envelope, params, 'workstation'),
    list_devices_at_client: (envelope, params) => {
      const client = found(index.clients.get(requireNumber(params, 'clientid')), 'clientid');
      const type = params.get('devicetype');
      if (type === null || type === '') {
        throw new ParameterFailure('5', 'Missing parameter: devicetype');
      }
      if (type !== 'server' && type !== 'workstation') {
        throw new ParameterFailure('4', 'Invalid value for parameter: devicetype');
      }
      const sites = [...(index.sitesByClient.get(client.id) ?? [])].sort(byName);
      const devices = account.devices.filter((device) => device.clientId === client.id && device.type === type).sort(byName);
      return writeDevicesAtClientBody(envelope, client, sites, devices);
    },
    list_mob_sessions: (envelope, params) => {
      const device = found(index.devices.get(requireNumber(params, 'deviceid')), 'deviceid');
      return writeSessionsBody(envelope, account.sessions.get(device.id) ?? []);
    },
  };

  return (url) => {
    const envelope: Envelope = { host: options.host, created: clock() };
    if (url.pathname !== '/api/' && url.pathname !== '/api') {
      const page = `<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>\n`;
      return { status: 404, headers: { 'content-type': 'text/html; charset=UTF-8' }, body: Buffer.from(page, 'utf8') };
    }

    const params = url.searchParams;
    if (params.get('apikey') !== options.apiKey) {
      return respond(writeFailBody(envelope, '3', 'Login failed'));
    }
    const service = services[params.get('service') ?? ''];
    if (service === undefined || !Object.hasOwn(services, params.get('service') ?? '')) {
      return respond(writeFailBody(envelope, undefined, 'Service unknown'));
    }
    try {
      return respond(service(envelope, params));
    } catch (error) {
      if (error instanceof ParameterFailure) {
        return respond(writeFailBody(envelope, error.code, error.message));
      }
      throw error;
    }
  };
}
