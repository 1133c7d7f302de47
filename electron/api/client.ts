// The N-sight Data Extraction API client: one typed function per service, over any Transport,
// throttled by the host's shared RequestScheduler and retried on transient failures.

import type { BackupSession, Client, Device, DeviceDetails, DeviceType, Site } from '../../shared/nsight.ts';
import { silentLogger, type Logger } from '../logger.ts';
import { NsightApiError, scrubSecret } from './errors.ts';
import { createHttpTransport } from './http-transport.ts';
import { entries, newIssues, toClient, toDeviceDetails, toDevices, toSessions, toSite, type NormalizeIssues } from './records.ts';
import { exchange, type ExchangeOptions, type RetryOptions } from './exchange.ts';
import { schedulerFor, realSleep, type RequestScheduler } from './scheduler.ts';
import { redactUrl, resolveServer } from './servers.ts';
import type { Transport, TransportResponse } from './transport.ts';
import type { XmlElement } from './xml.ts';

export type { RetryOptions } from './exchange.ts';

/** Sent with every request: the N-sight firewall rejects requests without a browser-like agent. */
export const DEFAULT_USER_AGENT = 'Mozilla/5.0 (compatible; NsightBackupReports/0.1.0)';

export const DEFAULT_TIMEOUTS = { connectMs: 5_000, readMs: 30_000 };

export interface CallOptions {
  signal?: AbortSignal;
}

export interface NsightApiOptions {
  /** Territory name, host or full URL (see `resolveServer`). */
  server: string;
  apiKey: string;
  transport?: Transport;
  /** Defaults to the process-wide scheduler of the host. */
  scheduler?: RequestScheduler;
  logger?: Logger;
  userAgent?: string;
  retry?: Partial<RetryOptions>;
  timeouts?: { connectMs?: number; readMs?: number };
  /** Waits between attempts. Tests pass one that returns at once. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Milliseconds since the epoch, for `Retry-After` dates. */
  now?: () => number;
}

/** A successful call: the parsed `<result>` element and the size of the body. */
export interface ServiceResult {
  result: XmlElement;
  bytes: number;
}

export interface NsightApi {
  /** The API host, such as `www.systemmonitor.co.uk` (with the port when it has one). */
  readonly host: string;
  /** The base URL without any key, for display. */
  readonly baseUrl: string;
  listClients(options?: CallOptions): Promise<Client[]>;
  listSites(clientId: string, options?: CallOptions): Promise<Site[]>;
  listServers(siteId: string, options?: CallOptions): Promise<DeviceDetails[]>;
  listWorkstations(siteId: string, options?: CallOptions): Promise<DeviceDetails[]>;
  listDevicesAtClient(clientId: string, type: DeviceType, options?: CallOptions): Promise<Device[]>;
  listMobSessions(deviceId: string, options?: CallOptions): Promise<BackupSession[]>;
  /** Calls any service, and throws NsightApiError for a FAIL body and every other failure. */
  call(service: string, params?: Record<string, string>, options?: CallOptions): Promise<ServiceResult>;
  /** Calls any service and returns the response as received, throttled and retried like `call`. */
  callRaw(service: string, params?: Record<string, string>, options?: CallOptions): Promise<TransportResponse>;
}

const DEFAULT_RETRY: RetryOptions = { attempts: 4, baseDelayMs: 1_000, maxDelayMs: 30_000, maxRetryAfterMs: 120_000, random: Math.random };

function requireId(service: string, host: string, name: string, value: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new NsightApiError({
      kind: 'missing-parameter',
      service,
      host,
      message: `${service} on ${host} was not sent: the parameter ${name} is empty. Pass the id of an existing record.`,
    });
  }
}

/** A record without an id cannot be stored or asked about, so the client drops it. */
function hasId(record: { id: string }): boolean {
  return record.id !== '';
}

function logIssues(logger: Logger, service: string, host: string, issues: NormalizeIssues): void {
  if (issues.invalidValues === 0 && issues.skippedRecords === 0) return;
  logger.warn('Some values in the response could not be read', {
    service,
    host,
    invalidValues: issues.invalidValues,
    firstInvalidField: issues.firstInvalid,
    skippedRecords: issues.skippedRecords,
  });
}

/** Creates a client for one server and API key. The key stays inside this closure. */
export function createNsightApi(options: NsightApiOptions): NsightApi {
  const base = resolveServer(options.server);
  const host = base.host;
  const apiKey = options.apiKey.trim();
  if (apiKey === '') throw new Error(`The API key for ${host} is empty: copy it from the N-sight dashboard (Settings > General Settings > API).`);

  const logger = (options.logger ?? silentLogger).child('api');
  const exchangeOptions: ExchangeOptions = {
    transport: options.transport ?? createHttpTransport(),
    scheduler: options.scheduler ?? schedulerFor(host),
    logger,
    host,
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    retry: { ...DEFAULT_RETRY, ...options.retry },
    timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
    sleep: options.sleep ?? realSleep,
    now: options.now ?? Date.now,
    secret: apiKey,
  };

  function buildUrl(service: string, params: Record<string, string>): URL {
    const url = new URL(base);
    const search = new URLSearchParams();
    search.append('apikey', apiKey);
    search.append('service', service);
    for (const [name, value] of Object.entries(params)) {
      if (name.toLowerCase() === 'apikey' || name.toLowerCase() === 'service') {
        throw new Error(`The parameter "${name}" is set by the client: leave it out.`);
      }
      search.append(name, value);
    }
    url.search = search.toString();
    return url;
  }

  async function call(service: string, params: Record<string, string> = {}, callOptions: CallOptions = {}): Promise<ServiceResult> {
    try {
      return await exchange(exchangeOptions, service, buildUrl(service, params), 'parsed', callOptions.signal);
    } catch (error) {
      scrubSecret(error, apiKey);
      throw error;
    }
  }

  async function callRaw(service: string, params: Record<string, string> = {}, callOptions: CallOptions = {}): Promise<TransportResponse> {
    try {
      const outcome = await exchange(exchangeOptions, service, buildUrl(service, params), 'raw', callOptions.signal);
      return outcome.response!;
    } catch (error) {
      scrubSecret(error, apiKey);
      throw error;
    }
  }

  async function listDetails(service: 'list_servers' | 'list_workstations', siteId: string, type: DeviceType, callOptions?: CallOptions): Promise<DeviceDetails[]> {
    requireId(service, host, 'siteid', siteId);
    const { result } = await call(service, { siteid: siteId }, callOptions);
    return entries(result['items'], type).map((raw) => toDeviceDetails(raw, type)).filter(hasId);
  }

  return {
    host,
    baseUrl: redactUrl(base),

    async listClients(callOptions) {
      const { result } = await call('list_clients', {}, callOptions);
      const issues = newIssues();
      const listed = entries(result['items'], 'client').map((raw) => toClient(raw, issues));
      const clients = listed.filter(hasId);
      issues.skippedRecords += listed.length - clients.length;
      logIssues(logger, 'list_clients', host, issues);
      return clients;
    },

    async listSites(clientId, callOptions) {
      requireId('list_sites', host, 'clientid', clientId);
      const { result } = await call('list_sites', { clientid: clientId }, callOptions);
      return entries(result['items'], 'site').map(toSite).filter(hasId);
    },

    listServers: (siteId, callOptions) => listDetails('list_servers', siteId, 'server', callOptions),
    listWorkstations: (siteId, callOptions) => listDetails('list_workstations', siteId, 'workstation', callOptions),

    async listDevicesAtClient(clientId, type, callOptions) {
      requireId('list_devices_at_client', host, 'clientid', clientId);
      if (type !== 'server' && type !== 'workstation') {
        throw new NsightApiError({
          kind: 'invalid-parameter',
          service: 'list_devices_at_client',
          host,
          message: `list_devices_at_client on ${host} was not sent: devicetype "${String(type)}" is invalid. Use server or workstation.`,
        });
      }
      const { result } = await call('list_devices_at_client', { clientid: clientId, devicetype: type }, callOptions);
      return toDevices(result, type);
    },

    async listMobSessions(deviceId, callOptions) {
      requireId('list_mob_sessions', host, 'deviceid', deviceId);
      const { result } = await call('list_mob_sessions', { deviceid: deviceId }, callOptions);
      const issues = newIssues();
      const sessions = toSessions(result, deviceId, issues);
      logIssues(logger, 'list_mob_sessions', host, issues);
      return sessions;
    },

    call,
    callRaw,
  };
}
