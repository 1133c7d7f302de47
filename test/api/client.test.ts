import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNsightApi, DEFAULT_USER_AGENT, type NsightApi, type NsightApiOptions } from '../../electron/api/client.ts';
import { NsightApiError } from '../../electron/api/errors.ts';
import { createHttpTransport } from '../../electron/api/http-transport.ts';
import { RequestScheduler } from '../../electron/api/scheduler.ts';
import type { Transport } from '../../electron/api/transport.ts';
import { generateDemoAccount } from '../../electron/demo/generate.ts';
import { createSimulatedNsight } from '../../electron/demo/sim.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { failBody, startNsightServer, TEST_API_KEY, type NsightTestServer } from '../support/nsight-server.ts';
import { RecordingLogger } from '../support/recording-logger.ts';

interface Harness {
  api: NsightApi;
  /** Waits between attempts, in milliseconds. None of them takes real time. */
  sleeps: number[];
  logger: RecordingLogger;
}

/** Creates a client for `server` whose waits (backoff, budget, Retry-After) take no real time. */
function connect(server: NsightTestServer, overrides: Partial<NsightApiOptions> = {}): Harness {
  const sleeps: number[] = [];
  const logger = new RecordingLogger();
  const api = createNsightApi({
    server: server.url,
    apiKey: TEST_API_KEY,
    scheduler: new RequestScheduler({ clock: new FakeClock(), limits: { callsPerMinute: 10_000, concurrency: 4 } }),
    logger,
    retry: { random: () => 0.5 },
    sleep: async (ms) => void sleeps.push(ms),
    ...overrides,
  });
  return { api, sleeps, logger };
}

async function failure(promise: Promise<unknown>): Promise<NsightApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof NsightApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

let server: NsightTestServer;
let host: string;

beforeEach(async () => {
  server = await startNsightServer();
  host = new URL(server.url).host;
});

afterEach(async () => {
  await server.close();
});

describe('services over HTTP', () => {
  it('lists clients with their names intact', async () => {
    const { api } = connect(server);

    const clients = await api.listClients();

    expect(clients.map((client) => client.name)).toEqual(['Bäckerei Köhler GmbH', 'Smith & Partners Ltd', 'Harbour View Dental']);
  });

  it('calls every service with its parameters', async () => {
    const { api } = connect(server);

    expect((await api.listSites('40211')).map((site) => site.name)).toEqual(['Hauptsitz München', 'Filiale Ost']);
    expect((await api.listServers('88001')).map((details) => details.id)).toEqual(['1500301', '1500302']);
    expect((await api.listWorkstations('88002')).map((details) => details.id)).toEqual(['1500411']);
    expect((await api.listDevicesAtClient('40211', 'server')).map((device) => device.id)).toEqual(['1500301', '1500302']);
    expect((await api.listDevicesAtClient('40211', 'workstation')).map((device) => device.id)).toEqual(['1500410', '1500411', '1500412']);
    expect(await api.listMobSessions('1500301')).toHaveLength(10);

    expect(server.requests.map((request) => request.params)).toEqual([
      { service: 'list_sites', clientid: '40211' },
      { service: 'list_servers', siteid: '88001' },
      { service: 'list_workstations', siteid: '88002' },
      { service: 'list_devices_at_client', clientid: '40211', devicetype: 'server' },
      { service: 'list_devices_at_client', clientid: '40211', devicetype: 'workstation' },
      { service: 'list_mob_sessions', deviceid: '1500301' },
    ]);
  });

  it('sends the key first and a browser-like User-Agent', async () => {
    const { api } = connect(server);

    await api.listMobSessions('1500301');

    const [request] = server.requests;
    expect(request?.path).toBe('/api/?apikey=***&service=list_mob_sessions&deviceid=1500301');
    expect(request?.apiKeyFirst).toBe(true);
    expect(request?.apiKeyMatched).toBe(true);
    expect(request?.userAgent).toBe(DEFAULT_USER_AGENT);
    expect(request?.userAgent).toMatch(/^Mozilla\/5\.0 \(compatible; /);
  });

  it('reads the demo account back unchanged', async () => {
    const account = generateDemoAccount({ now: new Date(Date.UTC(2026, 11, 4, 12, 0, 0)) });
    const demo = await startNsightServer({ handler: createSimulatedNsight(account, { apiKey: 'demo-key', host: 'www.systemmonitor.co.uk' }) });
    const byId = <T extends { id: string }>(records: readonly T[]): T[] => [...records].sort((a, b) => a.id.localeCompare(b.id));
    try {
      const { api } = connect(demo, { apiKey: 'demo-key' });

      expect(byId(await api.listClients())).toEqual(byId(account.clients));
      for (const client of account.clients) {
        const sites = account.sites.filter((site) => site.clientId === client.id).map(({ clientId: _clientId, ...site }) => site);
        expect(byId(await api.listSites(client.id))).toEqual(byId(sites));
        for (const type of ['server', 'workstation'] as const) {
          const devices = account.devices.filter((device) => device.clientId === client.id && device.type === type);
          expect(byId(await api.listDevicesAtClient(client.id, type)), `${client.name} ${type}s`).toEqual(byId(devices));
        }
      }

      const details = account.details ?? [];
      expect(details).toHaveLength(account.devices.length);
      for (const site of account.sites) {
        for (const type of ['server', 'workstation'] as const) {
          const ids = new Set(account.devices.filter((device) => device.siteId === site.id && device.type === type).map((device) => device.id));
          const listed = type === 'server' ? await api.listServers(site.id) : await api.listWorkstations(site.id);
          expect(byId(listed), `${site.name} ${type} details`).toEqual(byId(details.filter((entry) => ids.has(entry.id))));
        }
      }

      let sessionCount = 0;
      for (const [deviceId, sessions] of account.sessions) {
        const received = await api.listMobSessions(deviceId);
        expect(received, `sessions of ${deviceId}`).toEqual(sessions);
        sessionCount += received.length;
      }
      expect(sessionCount).toBeGreaterThan(1000);
    } finally {
      await demo.close();
    }
  });
});

describe('error kinds over HTTP', () => {
  it('reports a wrong key as auth', async () => {
    const { api } = connect(server, { apiKey: 'wrong-key-9999' });

    const error = await failure(api.listClients());

    expect(error.kind).toBe('auth');
    expect(error.apiCode).toBe('3');
    expect(error.message).toBe(
      `N-sight rejected the API key on ${host} (list_clients: "Login failed"): check the API key and the region, because a key only works on the server of its dashboard's territory.`,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('reports a bad id as invalid-parameter', async () => {
    const { api } = connect(server);

    const error = await failure(api.listMobSessions('424242'));

    expect(error.kind).toBe('invalid-parameter');
    expect(error.apiCode).toBe('4');
    expect(error.message).toBe(`list_mob_sessions on ${host} failed: "Invalid value for parameter: deviceid". Check that the id exists in this account.`);
    expect(server.requests).toHaveLength(1);
  });

  it('reports a missing parameter', async () => {
    const { api } = connect(server);

    const error = await failure(api.call('list_sites'));

    expect(error.kind).toBe('missing-parameter');
    expect(error.apiCode).toBe('5');
    expect(error.message).toBe(`list_sites on ${host} failed: "Missing parameter: clientid". Add the missing parameter to the request.`);
  });

  it('reports an empty id without a request', async () => {
    const { api } = connect(server);

    const error = await failure(api.listSites(' '));

    expect(error.kind).toBe('missing-parameter');
    expect(error.message).toBe(`list_sites on ${host} was not sent: the parameter clientid is empty. Pass the id of an existing record.`);
    expect(server.requests).toHaveLength(0);
  });

  it('reports an unknown service', async () => {
    const { api } = connect(server);

    const error = await failure(api.call('list_backup_sessions'));

    expect(error.kind).toBe('unknown-service');
    expect(error.message).toBe(`${host} does not know the service "list_backup_sessions" ("Service unknown"). Check the service name.`);
  });

  it('reports another FAIL as api', async () => {
    const failing = await startNsightServer({ handler: () => ({ status: 200, headers: {}, body: failBody('7', 'Account suspended') }) });
    try {
      const { api } = connect(failing);

      const error = await failure(api.listClients());

      expect(error.kind).toBe('api');
      expect(error.apiCode).toBe('7');
      expect(error.message).toBe(`list_clients on ${new URL(failing.url).host} failed with error code 7: "Account suspended".`);
    } finally {
      await failing.close();
    }
  });

  it('reports a firewall page as blocked', async () => {
    const { api } = connect(server);
    server.setFault({ kind: 'firewall' });

    const error = await failure(api.listClients());

    expect(error.kind).toBe('blocked');
    expect(error.httpStatus).toBe(403);
    expect(error.message).toBe(
      `list_clients on ${host} returned an HTML page with HTTP 403, so a firewall or proxy answered instead of the N-sight API. Check the server address, and whether a proxy or firewall filters the connection.`,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('reports an HTML page with 200 as blocked', async () => {
    const { api } = connect(server);
    server.setFault({ kind: 'html' });

    const error = await failure(api.listClients());

    expect(error.kind).toBe('blocked');
    expect(error.message).toContain(`list_clients on ${host} returned an HTML page with HTTP 200`);
  });

  it('reports a lasting 429 as rate-limited', async () => {
    const { api, sleeps } = connect(server);
    server.setFault({ kind: 'rate-limit', retryAfter: '3' });

    const error = await failure(api.listClients());

    expect(error.kind).toBe('rate-limited');
    expect(error.httpStatus).toBe(429);
    expect(error.retryAfterMs).toBe(3000);
    expect(error.message).toBe(
      `${host} rejected list_clients with HTTP 429 (too many requests) and asked to wait 3 s. Lower the request budget (calls per minute) or try again later. (gave up after 4 attempts)`,
    );
    expect(sleeps).toEqual([3000, 3000, 3000]);
    expect(server.requests).toHaveLength(4);
  });

  it('fails at once on a Retry-After beyond the limit', async () => {
    const { api, sleeps } = connect(server);
    server.setFault({ kind: 'rate-limit', retryAfter: '3600' });

    const error = await failure(api.listClients());

    expect(error.kind).toBe('rate-limited');
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(error.message).toContain('asked to wait 3600 s');
    expect(sleeps).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('reports a lasting 5xx as server', async () => {
    const { api } = connect(server);
    server.setFault({ kind: 'server-error', status: 503 });

    const error = await failure(api.listClients());

    expect(error.kind).toBe('server');
    expect(error.httpStatus).toBe(503);
    expect(error.message).toBe(`${host} failed with HTTP 503 on list_clients. The N-sight server has a problem: try again later. (gave up after 4 attempts)`);
  });

  it('reports a stalled response as timeout', async () => {
    const { api } = connect(server, { timeouts: { readMs: 200 }, retry: { attempts: 2, random: () => 0.5 } });
    server.setFault({ kind: 'stall' });

    const error = await failure(api.listClients());

    expect(error.kind).toBe('timeout');
    expect(error.bytesReceived).toBe(849);
    expect(error.message).toBe(
      `list_clients on ${host} timed out: ${host} sent no data for 200 ms (after 849 bytes of the response). Check the network connection, or try again later. (gave up after 2 attempts)`,
    );
    expect(server.requests).toHaveLength(2);
  });

  it('reports a slow server as timeout', async () => {
    const slow = await startNsightServer({ latencyMs: 1_000 });
    try {
      const { api } = connect(slow, { timeouts: { readMs: 100 }, retry: { attempts: 1 } });

      const error = await failure(api.listClients());

      expect(error.kind).toBe('timeout');
      expect(error.message).toContain('sent no data for 100 ms (after 0 bytes of the response)');
    } finally {
      await slow.close();
    }
  });

  it('reports a reset connection as network', async () => {
    const { api } = connect(server);
    server.setFault({ kind: 'reset' });

    const error = await failure(api.listClients());

    expect(error.kind).toBe('network');
    expect(error.message).toMatch(new RegExp(`^list_clients on ${host} failed: The connection to ${host} failed \\((ECONNRESET|socket hang up)\\)`));
    expect(error.message).toContain('Check the server address and the network connection. (gave up after 4 attempts)');
    expect(server.requests).toHaveLength(4);
  });

  it('reports a refused connection as network', async () => {
    const closed = await startNsightServer();
    await closed.close();
    const { api } = connect(closed, { retry: { attempts: 1 } });

    const error = await failure(api.listClients());

    expect(error.kind).toBe('network');
    expect(error.message).toContain(`failed (ECONNREFUSED)`);
  });

  it('reports a connection lost mid-body as network', async () => {
    const { api } = connect(server, { retry: { attempts: 1 } });
    server.setFault({ kind: 'disconnect' });

    const error = await failure(api.listClients());

    expect(error.kind).toBe('network');
    expect(error.message).toContain(`closed after 849 of 1698 bytes of the response.`);
  });

  it('reports a body cut in half as malformed', async () => {
    const { api } = connect(server);
    server.setFault({ kind: 'truncate' });

    const error = await failure(api.listClients());

    expect(error.kind).toBe('malformed');
    expect(error.bytesReceived).toBe(849);
    expect(error.message).toBe(
      `list_clients on ${host} returned a response that is not usable N-sight XML: the XML ends before </result>, so the body was cut short (849 bytes arrived). Try again; if it persists, run the command-line "api" command with --raw to see the body.`,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('reports a non-XML body as malformed', async () => {
    const { api } = connect(server);
    server.setFault({ kind: 'garbage' });

    const error = await failure(api.listClients());

    expect(error.kind).toBe('malformed');
    expect(error.message).toContain('the body is not XML (51 bytes arrived)');
  });

  it('reports an aborted call as cancelled', async () => {
    const { api } = connect(server);
    server.setFault({ kind: 'stall' });
    const controller = new AbortController();

    const pending = failure(api.listClients({ signal: controller.signal }));
    while (server.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    const error = await pending;

    expect(error.kind).toBe('cancelled');
    expect(error.message).toBe(`list_clients on ${host} was cancelled.`);
    expect(server.requests).toHaveLength(1);
  });
});

describe('retries', () => {
  it('backs off and recovers from 5xx', async () => {
    const { api, sleeps, logger } = connect(server);
    server.setFault({ kind: 'server-error', times: 2 });

    const clients = await api.listClients();

    expect(clients).toHaveLength(3);
    expect(server.requests).toHaveLength(3);
    // Jitter fixed at 0.5: half of the ceiling plus a quarter, for ceilings of 1 s and 2 s.
    expect(sleeps).toEqual([750, 1500]);
    expect(logger.lines.filter((line) => line.message === 'Retrying request').map((line) => line.context?.['httpStatus'])).toEqual([500, 500]);
  });

  it('honours Retry-After before the next attempt', async () => {
    const clock = new FakeClock();
    const scheduler = new RequestScheduler({ clock, limits: { callsPerMinute: 60, concurrency: 1 } });
    const { api, sleeps } = connect(server, { scheduler, sleep: (ms, signal) => clock.sleep(ms, signal) });
    server.setFault({ kind: 'rate-limit', retryAfter: '12', times: 1 });
    const started = clock.now();

    await api.listClients();

    expect(clock.sleeps[0]).toBe(12_000);
    expect(sleeps).toEqual([]);
    expect(clock.now() - started).toBeGreaterThanOrEqual(12_000);
    expect(server.requests).toHaveLength(2);
  });

  it('reads Retry-After as an HTTP date', async () => {
    const now = Date.UTC(2026, 11, 1, 8, 0, 0);
    const { api, sleeps } = connect(server, { now: () => now });
    server.setFault({ kind: 'rate-limit', retryAfter: new Date(now + 20_000).toUTCString(), times: 1 });

    await api.listClients();

    expect(sleeps).toEqual([20_000]);
  });

  it('recovers from a reset connection', async () => {
    const { api } = connect(server);
    server.setFault({ kind: 'reset', times: 1 });

    expect(await api.listClients()).toHaveLength(3);
    expect(server.requests).toHaveLength(2);
  });

  it('never retries auth or parameter errors', async () => {
    const { api, sleeps } = connect(server, { apiKey: 'wrong-key' });
    await failure(api.listClients());
    const good = connect(server);
    await failure(good.api.listMobSessions('1'));
    await failure(good.api.call('list_sites'));

    expect(server.requests).toHaveLength(3);
    expect(sleeps).toEqual([]);
    expect(good.sleeps).toEqual([]);
  });
});

describe('request budget over HTTP', () => {
  it('keeps 60 s windows within the budget for all callers', async () => {
    const clock = new FakeClock();
    const scheduler = new RequestScheduler({ clock, limits: { callsPerMinute: 60, concurrency: 2 } });
    const sentAt: number[] = [];
    const http = createHttpTransport();
    const transport: Transport = (request) => {
      sentAt.push(clock.now());
      return http(request);
    };
    const first = connect(server, { scheduler, transport });
    const second = connect(server, { scheduler, transport });

    await Promise.all([
      ...Array.from({ length: 70 }, () => first.api.listClients()),
      ...Array.from({ length: 70 }, () => second.api.listSites('40211')),
    ]);

    expect(server.requests).toHaveLength(140);
    const sorted = [...sentAt].sort((a, b) => a - b);
    let busiest = 0;
    for (let index = 0; index < sorted.length; index++) {
      const inWindow = sorted.filter((time) => time >= sorted[index]! && time < sorted[index]! + 60_000).length;
      busiest = Math.max(busiest, inWindow);
    }
    expect(busiest).toBe(60);
    expect(sorted[sorted.length - 1]! - sorted[0]!).toBeGreaterThanOrEqual(120_000);
  });
});

describe('API key secrecy', () => {
  const SECRET = 'sk-VERY-SECRET-4711';

  it('keeps the key out of errors and logs', async () => {
    const secretServer = await startNsightServer({ apiKey: SECRET });
    try {
      const { api, logger } = connect(secretServer, { apiKey: SECRET, timeouts: { readMs: 150 } });
      const errors: NsightApiError[] = [];
      for (const kind of ['firewall', 'rate-limit', 'server-error', 'truncate', 'disconnect', 'stall', 'reset', 'garbage'] as const) {
        secretServer.setFault({ kind });
        errors.push(await failure(api.listMobSessions('1500301')));
      }
      secretServer.setFault(null);
      errors.push(await failure(api.call('list_sites')));
      const wrong = connect(secretServer, { apiKey: `${SECRET}-old` });
      errors.push(await failure(wrong.api.listClients()));

      for (const error of errors) {
        expect(inspect(error, { depth: 10 })).not.toContain(SECRET);
        let current: unknown = error;
        while (current instanceof Error) {
          expect(current.message).not.toContain(SECRET);
          expect(current.stack ?? '').not.toContain(SECRET);
          current = current.cause;
        }
      }
      expect(logger.text()).not.toContain(SECRET);
      expect(logger.text()).toContain('apikey=***');
      expect(wrong.logger.text()).not.toContain(SECRET);
    } finally {
      await secretServer.close();
    }
  });

  it('scrubs the key from a transport error', async () => {
    const transport: Transport = async (request) => {
      throw new Error(`cannot fetch ${request.url.href}`, { cause: new Error(`raw key ${SECRET}`) });
    };
    const { api } = connect(server, { apiKey: SECRET, transport, retry: { attempts: 1 } });

    const error = await failure(api.listClients());

    expect(error.kind).toBe('network');
    expect(inspect(error, { depth: 10 })).not.toContain(SECRET);
    expect(error.message).toContain('apikey=[redacted]');
  });

  it('scrubs an encoded key from errors and logs', async () => {
    const key = 'k/ey+SECRET=1';
    const transport: Transport = async (request) => {
      throw new Error(`cannot fetch ${request.url.href}`);
    };
    const { api, logger } = connect(server, { apiKey: key, transport, retry: { attempts: 2, random: () => 0.5 } });

    const error = await failure(api.listClients());

    for (const form of [key, encodeURIComponent(key), 'k%2Fey%2BSECRET%3D1']) {
      expect(inspect(error, { depth: 10 })).not.toContain(form);
      expect(logger.text()).not.toContain(form);
    }
    expect(logger.lines.filter((line) => line.message === 'Retrying request')).toHaveLength(1);
  });

  it('keeps the key out of the client object', () => {
    const { api } = connect(server, { apiKey: SECRET });

    expect(inspect(api, { depth: 5, showHidden: true })).not.toContain(SECRET);
    expect(JSON.stringify(api)).not.toContain(SECRET);
    expect(api.baseUrl).toBe(`${server.url}/api/`);
  });
});

describe('local server', () => {
  it('closes while a response stalls', async () => {
    const stalled = await startNsightServer();
    stalled.setFault({ kind: 'stall' });
    const { api } = connect(stalled, { retry: { attempts: 1 } });

    const pending = failure(api.listClients());
    while (stalled.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    await stalled.close();

    expect((await pending).kind).toBe('network');
  });

  it('applies a fault to one device only', async () => {
    const { api } = connect(server, { retry: { attempts: 1 } });
    server.setFault({ kind: 'server-error', deviceId: '1500302', times: 1 });

    expect(await api.listMobSessions('1500301')).toHaveLength(10);
    expect((await failure(api.listMobSessions('1500302'))).kind).toBe('server');
    expect(await api.listMobSessions('1500302')).toHaveLength(1);
  });

  it('answers on /api without the slash', async () => {
    const response = await fetch(`${server.url}/api?apikey=${TEST_API_KEY}&service=list_clients`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/xml; charset=ISO-8859-1');
    expect(server.requests[0]?.path).toBe('/api?apikey=***&service=list_clients');
  });
});
