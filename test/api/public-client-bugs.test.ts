// One test per mistake that public N-sight clients are known to make, each run through the
// real client against the local server (or a capturing transport where no server is needed).

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNsightApi, type NsightApi, type NsightApiOptions } from '../../electron/api/client.ts';
import { NsightApiError } from '../../electron/api/errors.ts';
import { RequestScheduler } from '../../electron/api/scheduler.ts';
import { TERRITORIES } from '../../electron/api/servers.ts';
import type { Transport, TransportRequest } from '../../electron/api/transport.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { failBody, readFixture, startNsightServer, TEST_API_KEY, type NsightHandler, type NsightTestServer } from '../support/nsight-server.ts';

let server: NsightTestServer;

beforeEach(async () => {
  server = await startNsightServer();
});

afterEach(async () => {
  await server.close();
});

function connect(target: NsightTestServer, overrides: Partial<NsightApiOptions> = {}): NsightApi {
  return createNsightApi({
    server: target.url,
    apiKey: TEST_API_KEY,
    scheduler: new RequestScheduler({ clock: new FakeClock(), limits: { callsPerMinute: 10_000, concurrency: 4 } }),
    sleep: async () => undefined,
    ...overrides,
  });
}

/** Runs `test` against a server that returns `body` for every request. */
async function withBody(body: string | Buffer, test: (api: NsightApi) => Promise<void>): Promise<void> {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'latin1') : body;
  const handler: NsightHandler = () => ({ status: 200, headers: { 'content-type': 'text/xml' }, body: bytes });
  const fixed = await startNsightServer({ handler });
  try {
    await test(connect(fixed));
  } finally {
    await fixed.close();
  }
}

const OK_HEAD = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<result created="2026-11-30T09:15:02+00:00" host="www.systemmonitor.co.uk" status="OK">';

describe('public client bugs', () => {
  it('reads one record as a list', async () => {
    await withBody(readFixture('list_clients-one.xml'), async (api) => {
      const clients = await api.listClients();
      expect(Array.isArray(clients)).toBe(true);
      expect(clients.map((client) => client.name)).toEqual(['Smith & Partners Ltd']);
    });
    const api = connect(server);
    expect(await api.listMobSessions('1500302')).toHaveLength(1);
    const [, sqlServer] = await api.listDevicesAtClient('40211', 'server');
    expect(sqlServer?.checkCounts).toEqual([{ dsc247: 1, pass: 9, clear: 0, fail: 2 }]);
  });

  it('returns counts as numbers and flags as booleans', async () => {
    const [bakery, smith] = await connect(server).listClients();

    expect(bakery?.serverCount).toBe(2);
    expect(bakery?.mobileDeviceCount).toBe(0);
    expect(bakery?.viewDashboard).toBe(false);
    expect(smith?.viewDashboard).toBe(true);
    expect((bakery?.serverCount ?? 0) + (smith?.serverCount ?? 0)).toBe(3);
  });

  it('reads empty items as an empty list', async () => {
    await withBody(readFixture('list_clients-empty.xml'), async (api) => {
      expect(await api.listClients()).toEqual([]);
    });
    await withBody(`${OK_HEAD}<items></items></result>`, async (api) => {
      expect(await api.listSites('40211')).toEqual([]);
      expect(await api.listDevicesAtClient('40211', 'server')).toEqual([]);
    });
  });

  it('keeps names given in CDATA', async () => {
    const api = connect(server);

    expect((await api.listClients())[0]?.name).toBe('Bäckerei Köhler GmbH');
    expect((await api.listServers('88001'))[0]?.description).toBe('File & print server');
  });

  it('throws on a FAIL status instead of returning nothing', async () => {
    await withBody(failBody('3', 'Login failed'), async (api) => {
      await expect(api.listMobSessions('1500301')).rejects.toMatchObject({ kind: 'auth' });
    });
    await withBody('<?xml version="1.0"?>\n<result status="FAIL"><items/></result>', async (api) => {
      await expect(api.listClients()).rejects.toThrow('list_clients on 127.0.0.1');
      await expect(api.listClients()).rejects.toMatchObject({ kind: 'api' });
    });
  });

  it('reports a missing parameter, not an empty device list', async () => {
    await withBody(failBody('5', 'Missing parameter: clientid'), async (api) => {
      const failure = api.listDevicesAtClient('40211', 'server');
      await expect(failure).rejects.toBeInstanceOf(NsightApiError);
      await expect(failure).rejects.toMatchObject({ kind: 'missing-parameter', apiCode: '5' });
    });
  });

  it('reads the documented field names', async () => {
    const api = connect(server);

    for (const session of await api.listMobSessions('1500301')) {
      for (const [field, value] of Object.entries(session)) {
        expect(value, `${session.id} ${field}`).not.toBeNull();
        expect(value, `${session.id} ${field}`).not.toBe('');
      }
    }
    const [fileServer] = await api.listServers('88001');
    expect(fileServer?.ip).toBe('192.0.2.10');
    expect(fileServer?.externalIp).toBe('198.51.100.7');
  });

  it('calls only the documented service names', async () => {
    const api = connect(server);

    await api.listClients();
    await api.listSites('40211');
    await api.listServers('88001');
    await api.listWorkstations('88002');
    await api.listDevicesAtClient('40211', 'server');
    await api.listMobSessions('1500301');

    expect(server.requests.map((request) => request.service)).toEqual([
      'list_clients',
      'list_sites',
      'list_servers',
      'list_workstations',
      'list_devices_at_client',
      'list_mob_sessions',
    ]);
  });

  it('sends the key to the host of the chosen territory', async () => {
    for (const [territory, host] of Object.entries(TERRITORIES)) {
      const sent: TransportRequest[] = [];
      const transport: Transport = async (request) => {
        sent.push(request);
        return { status: 200, headers: {}, body: readFixture('list_clients-empty.xml') };
      };
      const api = createNsightApi({ server: territory, apiKey: TEST_API_KEY, transport, scheduler: new RequestScheduler({ clock: new FakeClock() }) });

      await api.listClients();

      expect(sent.map((request) => request.url.host)).toEqual([host]);
      expect(sent[0]?.url.protocol).toBe('https:');
    }
    await withBody(readFixture('error-login-failed.xml'), async (api) => {
      await expect(api.listClients()).rejects.toThrow('check the API key and the region');
    });
  });

  it('sends a browser-like User-Agent', async () => {
    await connect(server).listClients();
    await connect(server, { userAgent: 'Mozilla/5.0 (compatible; Custom/2.0)' }).listClients();

    expect(server.requests.map((request) => request.userAgent)).toEqual([
      'Mozilla/5.0 (compatible; NsightBackupReports/0.1.0)',
      'Mozilla/5.0 (compatible; Custom/2.0)',
    ]);
  });

  it('decodes ISO-8859-1 bytes as Latin-1', async () => {
    const bytes = readFixture('list_sites.xml');
    // "ü" is the single byte 0xFC in ISO-8859-1, while UTF-8 would use two bytes.
    expect(bytes.includes(Buffer.from('M\xfcnchen', 'latin1'))).toBe(true);
    const api = connect(server);

    expect((await api.listSites('40211'))[0]?.name).toBe('Hauptsitz München');
    expect((await api.listDevicesAtClient('40211', 'workstation'))[0]?.username).toBe('KOEHLER\\j.weiß');
  });

  it('reads session times as UTC in any local zone', async () => {
    const savedZone = process.env['TZ'];
    process.env['TZ'] = 'Pacific/Auckland';
    try {
      const sessions = await connect(server).listMobSessions('1500301');
      const lateOctober = sessions.find((session) => session.id === '900102');

      expect(lateOctober?.start.toISOString()).toBe('2026-10-31T23:30:00.000Z');
      expect(lateOctober?.start.getTime()).toBe(Date.UTC(2026, 9, 31, 23, 30, 0));
      // 23:30 UTC on 31 October is already 1 November in Berlin (UTC+1).
      expect(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(lateOctober!.start)).toBe('2026-11-01');
    } finally {
      if (savedZone === undefined) delete process.env['TZ'];
      else process.env['TZ'] = savedZone;
    }
  });

  it('reads Not Available and zero dates as null', async () => {
    const api = connect(server);

    const [, sqlServer] = await api.listServers('88001');
    const [workstation] = await api.listWorkstations('88002');

    expect(sqlServer?.lastBootTime).toBeNull();
    expect(sqlServer?.lastScanTime).toBeNull();
    expect(workstation?.lastScanTime).toBeNull();
    expect(workstation?.installDate).toBeNull();
  });

  it('keeps unknown plugin, type and status values', async () => {
    const api = connect(server);

    const sessions = await api.listMobSessions('1500301');
    const [wrapped] = await api.listMobSessions('1500412');

    expect(sessions.find((session) => session.id === '900109')?.plugin).toBe('HYPER_V');
    expect(wrapped).toMatchObject({ plugin: 'MYSQL', status: 'SKIPPED_BY_POLICY', type: 'RESTORE' });
    await withBody(
      `${OK_HEAD}<session><session_id>1</session_id><type>VERIFY</type><plugin>LINUX_SYSTEM_STATE</plugin><start>2026-11-01 01:00:00</start><status>QUEUED</status></session></result>`,
      async (fixed) => {
        expect(await fixed.listMobSessions('7')).toMatchObject([{ type: 'VERIFY', plugin: 'LINUX_SYSTEM_STATE', status: 'QUEUED' }]);
      },
    );
  });
});
