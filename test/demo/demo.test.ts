import { describe, expect, it } from 'vitest';
import { createNsightApi } from '../../electron/api/client.ts';
import { NsightApiError } from '../../electron/api/errors.ts';
import { RequestScheduler } from '../../electron/api/scheduler.ts';
import { TransportError } from '../../electron/api/transport.ts';
import { createDemoApi, createDemoTransport, DEMO_API_KEY, DEMO_SERVER } from '../../electron/demo/demo.ts';
import { generateDemoAccount } from '../../electron/demo/generate.ts';

const NOW = new Date('2026-12-04T19:50:00Z');
const account = generateDemoAccount({ now: NOW });
const api = createDemoApi({ now: NOW, account });

function transportRequest(url: string, signal?: AbortSignal) {
  return { url: new URL(url), headers: {}, connectTimeoutMs: 5_000, readTimeoutMs: 30_000, ...(signal ? { signal } : {}) };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('The call was expected to fail but succeeded.');
}

describe('demo api through the real client', () => {
  it('host is demo.invalid', () => {
    expect(api.host).toBe('demo.invalid');
    expect(DEMO_SERVER).toBe('https://demo.invalid');
  });

  it('client names intact', async () => {
    const clients = await api.listClients();
    expect(clients.map((client) => client.name)).toEqual(expect.arrayContaining(['Bäckerei Köhler GmbH', 'Smith & Partners Ltd', 'Murray & Blake <Legal> Pty Ltd', 'Café Lumière SARL']));
    expect(clients.find((client) => client.id === '40212')?.timeZone).toBeNull();
  });

  it('clients equal the account', async () => {
    const clients = await api.listClients();
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect([...clients].sort(byId)).toEqual([...account.clients].sort(byId));
  });

  it('sites equal the account', async () => {
    const sites = await api.listSites('40211');
    const expected = account.sites.filter((site) => site.clientId === '40211').map(({ clientId: _clientId, ...site }) => site);
    expect(sites).toEqual(expect.arrayContaining(expected));
    expect(sites).toHaveLength(expected.length);
  });

  it('devices equal the account', async () => {
    for (const type of ['server', 'workstation'] as const) {
      const devices = await api.listDevicesAtClient('40219', type);
      const expected = account.devices.filter((device) => device.clientId === '40219' && device.type === type);
      expect(devices).toHaveLength(expected.length);
      expect(devices).toEqual(expect.arrayContaining(expected));
    }
  });

  it('UTF-8 site name intact', async () => {
    const [device] = await api.listDevicesAtClient('40250', 'server');
    expect(device?.siteName).toBe('Magazyn Łódź');
    expect(device?.description).toBe('Serwer główny');
  });

  it('device details equal the account', async () => {
    const servers = await api.listServers('88001');
    const ids = new Set(servers.map((server) => server.id));
    expect(ids).toEqual(new Set(['1500301', '1500302', '1500303']));
    for (const server of servers) {
      expect(server).toEqual(account.details?.find((details) => details.id === server.id));
    }
  });

  it('sessions exact to the byte', async () => {
    const sessions = await api.listMobSessions('1500302');
    const expected = account.sessions.get('1500302')!;
    expect(sessions).toHaveLength(expected.length);
    expect(sessions).toEqual(expected);
    expect(sessions.some((session) => session.selectionSize > 2 ** 31)).toBe(true);
  });

  it('unknown plugin kept', async () => {
    const host = account.devices.find((device) => device.name === 'MB-HV01')!;
    const sessions = await api.listMobSessions(host.id);
    expect(new Set(sessions.map((session) => session.plugin))).toContain('HYPER_V');
  });

  it('backup off device has none', async () => {
    expect(await api.listMobSessions('1500306')).toEqual([]);
  });
});

describe('demo failures', () => {
  it('wrong key is auth', async () => {
    const wrong = createNsightApi({
      server: DEMO_SERVER,
      apiKey: 'not-the-demo-key',
      transport: createDemoTransport(account),
      scheduler: new RequestScheduler({ limits: { callsPerMinute: 1000, concurrency: 1 } }),
    });
    const error = await rejection(wrong.listClients());
    expect(error).toBeInstanceOf(NsightApiError);
    expect((error as NsightApiError).kind).toBe('auth');
    expect((error as NsightApiError).message).toContain('demo.invalid');
    expect((error as NsightApiError).message).not.toContain('not-the-demo-key');
  });

  it('unknown device is invalid-parameter', async () => {
    const error = await rejection(api.listMobSessions('42'));
    expect((error as NsightApiError).kind).toBe('invalid-parameter');
    expect((error as NsightApiError).apiCode).toBe('4');
  });

  it('unknown service', async () => {
    const error = await rejection(api.call('list_backup_sessions'));
    expect((error as NsightApiError).kind).toBe('unknown-service');
  });

  it('aborted before the call', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(api.listClients({ signal: controller.signal }));
    expect((error as NsightApiError).kind).toBe('cancelled');
  });

  it('aborted while in flight', async () => {
    const transport = createDemoTransport(account);
    const controller = new AbortController();
    const pending = transport(transportRequest(`${DEMO_SERVER}/api/?apikey=${DEMO_API_KEY}&service=list_clients`, controller.signal));
    controller.abort();
    const error = await rejection(pending);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).kind).toBe('aborted');
  });

  it('other host rejected', async () => {
    const transport = createDemoTransport(account);
    const error = await rejection(transport(transportRequest(`https://www.systemmonitor.us/api/?apikey=${DEMO_API_KEY}&service=list_clients`)));
    expect((error as TransportError).kind).toBe('network');
    expect((error as TransportError).message).toBe('The demo transport serves only https://demo.invalid, not www.systemmonitor.us.');
  });

  it('no request budget', async () => {
    const started = Date.now();
    const calls = Array.from({ length: 120 }, () => api.listSites('40211'));
    await Promise.all(calls);
    // 120 calls under a budget of 60 per minute would wait a minute.
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
