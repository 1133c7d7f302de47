// A local N-sight Data Extraction API on 127.0.0.1: serves the fixture account (or any handler,
// such as the simulated demo account), records every request, and injects faults on demand.

import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TransportResponse } from '../../electron/api/transport.ts';

export type NsightHandler = (url: URL) => TransportResponse | Promise<TransportResponse>;

export type NsightFaultKind =
  /** HTTP 403 with the HTML page a web application firewall returns. */
  | 'firewall'
  /** HTTP 200 with an HTML page (a proxy's login page). */
  | 'html'
  /** HTTP 429, with `Retry-After` when `retryAfter` is given. */
  | 'rate-limit'
  /** HTTP `status` (default 500). */
  | 'server-error'
  /** A complete HTTP response whose body is the first half of the real one. */
  | 'truncate'
  /** Announces the whole body, sends half of it and closes the connection. */
  | 'disconnect'
  /** Sends the headers and half of the body, then nothing more. */
  | 'stall'
  /** Closes the connection without any response. */
  | 'reset'
  /** HTTP 200 with a body that is not XML. */
  | 'garbage';

export interface NsightFault {
  kind: NsightFaultKind;
  /** Only requests for this service. */
  service?: string;
  /** Only requests with this `deviceid`. */
  deviceId?: string;
  /** Number of matching requests that fail. Every one fails when omitted. */
  times?: number;
  /** `Retry-After` header value for 'rate-limit' and 'server-error'. */
  retryAfter?: string;
  status?: number;
}

export interface RecordedRequest {
  method: string;
  /** Path and query with the `apikey` value replaced by `***`. */
  path: string;
  service: string | null;
  /** Query parameters other than `apikey`. */
  params: Record<string, string>;
  /** Whether `apikey` was the first query parameter. */
  apiKeyFirst: boolean;
  /** Whether the `apikey` matched the server's key (always false when the handler checks keys). */
  apiKeyMatched: boolean;
  userAgent: string | undefined;
  /** `Date.now()` when the request arrived. */
  at: number;
}

export interface NsightTestServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  requests: RecordedRequest[];
  setFault(fault: NsightFault | null): void;
  close(): Promise<void>;
}

export interface NsightServerOptions {
  /** The key the fixture account accepts; default `TEST_API_KEY`. */
  apiKey?: string;
  /** Handles every request in place of the fixture account, and checks the key itself. */
  handler?: NsightHandler;
  /** Delay before each response, in milliseconds. */
  latencyMs?: number;
}

export const TEST_API_KEY = 'test-key-0123456789abcdef';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'api-samples');

export function readFixture(name: string): Buffer {
  return readFileSync(path.join(FIXTURES, name));
}

const XML_HEADERS = { 'content-type': 'text/xml; charset=ISO-8859-1' };

function xmlResponse(body: Uint8Array, status = 200): TransportResponse {
  return { status, headers: { ...XML_HEADERS }, body };
}

/** Returns a FAIL body as N-sight writes it, in ISO-8859-1. */
export function failBody(code: string | null, message: string, host = '127.0.0.1'): Buffer {
  const codeElement = code === null ? '' : `<errorcode>${code}</errorcode>`;
  return Buffer.from(
    `<?xml version="1.0" encoding="ISO-8859-1"?>\n<result created="2026-11-30T09:15:02+00:00" host="${host}" status="FAIL">\n  <error>${codeElement}<message>${message}</message></error>\n</result>\n`,
    'latin1',
  );
}

function emptyItems(): Buffer {
  return Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>\n<result created="2026-11-30T09:15:02+00:00" host="127.0.0.1" status="OK">\n  <items/>\n</result>\n', 'latin1');
}

/** The fixture account: which ids exist and which sample body each request returns. */
const SITES_OF_CLIENT: Record<string, string | null> = { '40211': 'list_sites.xml', '40212': null, '40219': null };
const SERVERS_OF_SITE: Record<string, string | null> = { '88001': 'list_servers.xml', '88002': null };
const WORKSTATIONS_OF_SITE: Record<string, string | null> = { '88001': null, '88002': 'list_workstations.xml' };
const SESSIONS_OF_DEVICE: Record<string, string | null> = {
  '1500301': 'list_mob_sessions.xml',
  '1500302': 'list_mob_sessions-items-one.xml',
  '1500410': 'list_mob_sessions-none.xml',
  '1500411': null,
  '1500412': 'list_mob_sessions-mob-wrapper.xml',
};

function lookup(table: Record<string, string | null>, param: string, value: string | null): TransportResponse {
  if (value === null || value === '') return xmlResponse(failBody('5', `Missing parameter: ${param}`));
  if (!(value in table)) return xmlResponse(failBody('4', `Invalid value for parameter: ${param}`));
  const file = table[value];
  return xmlResponse(file === null || file === undefined ? emptyItems() : readFixture(file));
}

/** Serves the sample bodies under test/fixtures/api-samples as one small account. */
export function createFixtureHandler(apiKey: string): NsightHandler {
  return (url) => {
    const query = url.searchParams;
    if (query.get('apikey') !== apiKey) return xmlResponse(readFixture('error-login-failed.xml'));
    const service = query.get('service');
    switch (service) {
      case 'list_clients':
        return xmlResponse(readFixture('list_clients.xml'));
      case 'list_sites':
        return lookup(SITES_OF_CLIENT, 'clientid', query.get('clientid'));
      case 'list_servers':
        return lookup(SERVERS_OF_SITE, 'siteid', query.get('siteid'));
      case 'list_workstations':
        return lookup(WORKSTATIONS_OF_SITE, 'siteid', query.get('siteid'));
      case 'list_devices_at_client': {
        const type = query.get('devicetype');
        if (type === null || type === '') return xmlResponse(failBody('5', 'Missing parameter: devicetype'));
        if (type !== 'server' && type !== 'workstation') return xmlResponse(failBody('4', 'Invalid value for parameter: devicetype'));
        const table = { '40211': `list_devices_at_client-${type}.xml`, '40212': null, '40219': null };
        return lookup(table, 'clientid', query.get('clientid'));
      }
      case 'list_mob_sessions':
        return lookup(SESSIONS_OF_DEVICE, 'deviceid', query.get('deviceid'));
      default:
        return xmlResponse(readFixture('error-service-unknown.xml'));
    }
  };
}

function recordRequest(request: http.IncomingMessage, url: URL, apiKey: string | undefined): RecordedRequest {
  const params: Record<string, string> = {};
  for (const [name, value] of url.searchParams) if (name !== 'apikey') params[name] = value;
  const first = url.searchParams.keys().next();
  const redacted = new URL(url);
  if (redacted.searchParams.has('apikey')) {
    const rest = [...redacted.searchParams].filter(([name]) => name !== 'apikey').map(([name, value]) => `${name}=${encodeURIComponent(value)}`);
    redacted.search = ['apikey=***', ...rest].join('&');
  }
  return {
    method: request.method ?? 'GET',
    path: redacted.pathname + redacted.search,
    service: url.searchParams.get('service'),
    params,
    apiKeyFirst: first.done !== true && first.value === 'apikey',
    apiKeyMatched: apiKey !== undefined && url.searchParams.get('apikey') === apiKey,
    userAgent: request.headers['user-agent'],
    at: Date.now(),
  };
}

function faultMatches(fault: NsightFault, url: URL): boolean {
  if (fault.service !== undefined && url.searchParams.get('service') !== fault.service) return false;
  if (fault.deviceId !== undefined && url.searchParams.get('deviceid') !== fault.deviceId) return false;
  return true;
}

function writeResponse(response: http.ServerResponse, answer: TransportResponse): void {
  response.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.byteLength) });
  response.end(answer.body);
}

function writeFault(fault: NsightFault, response: http.ServerResponse, answer: () => Promise<TransportResponse>): Promise<void> | void {
  switch (fault.kind) {
    case 'firewall':
      response.writeHead(403, { 'content-type': 'text/html; charset=UTF-8' });
      response.end(readFixture('firewall-blocked.html'));
      return;
    case 'html':
      response.writeHead(200, { 'content-type': 'text/html; charset=UTF-8' });
      response.end('<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><form>Proxy sign-in required</form></body></html>\n');
      return;
    case 'rate-limit':
    case 'server-error': {
      const status = fault.kind === 'rate-limit' ? 429 : (fault.status ?? 500);
      const headers: Record<string, string> = { 'content-type': 'text/plain' };
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      response.writeHead(status, headers);
      response.end(status === 429 ? 'Too Many Requests\n' : 'Internal Server Error\n');
      return;
    }
    case 'garbage':
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('Service temporarily unavailable, please try later.\n');
      return;
    case 'reset':
      response.socket?.destroy();
      return;
    case 'truncate':
    case 'disconnect':
    case 'stall':
      return answer().then((full) => {
        const half = full.body.subarray(0, Math.floor(full.body.byteLength / 2));
        const length = fault.kind === 'truncate' ? half.byteLength : full.body.byteLength;
        response.writeHead(full.status, { ...full.headers, 'content-length': String(length) });
        if (fault.kind === 'truncate') {
          response.end(half);
        } else if (fault.kind === 'disconnect') {
          response.write(half, () => response.socket?.destroy());
        } else {
          response.write(half);
        }
      });
  }
}

/** Starts the server on 127.0.0.1 and a free port. */
export async function startNsightServer(options: NsightServerOptions = {}): Promise<NsightTestServer> {
  const apiKey = options.handler === undefined ? (options.apiKey ?? TEST_API_KEY) : options.apiKey;
  const handler = options.handler ?? createFixtureHandler(apiKey!);
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let fault: NsightFault | null = null;
  let faultsLeft = Infinity;

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push(recordRequest(request, url, apiKey));

    const respond = async (): Promise<void> => {
      if (url.pathname !== '/api' && url.pathname !== '/api/') {
        response.writeHead(404, { 'content-type': 'text/html' });
        response.end('<html><body>Not Found</body></html>');
        return;
      }
      const answer = async (): Promise<TransportResponse> => handler(url);
      if (fault !== null && faultsLeft > 0 && faultMatches(fault, url)) {
        faultsLeft--;
        await writeFault(fault, response, answer);
        return;
      }
      writeResponse(response, await answer());
    };
    const run = (): void => {
      respond().catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(`Test server error: ${error instanceof Error ? error.message : String(error)}\n`);
      });
    };

    if (options.latencyMs !== undefined && options.latencyMs > 0) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        run();
      }, options.latencyMs);
      timers.add(timer);
    } else {
      run();
    }
  });

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setFault(next) {
      fault = next;
      faultsLeft = next?.times ?? Infinity;
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
