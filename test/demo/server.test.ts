import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNsightApi, type NsightApi } from '../../electron/api/client.ts';
import { RequestScheduler } from '../../electron/api/scheduler.ts';
import { generateDemoAccount } from '../../electron/demo/generate.ts';
import { createSimulatedNsight } from '../../electron/demo/sim.ts';
import { startNsightServer, type NsightTestServer } from '../support/nsight-server.ts';

const NOW = new Date('2026-12-04T19:50:00Z');
const KEY = 'local-server-key';
const account = generateDemoAccount({ now: NOW });
let server: NsightTestServer;
let api: NsightApi;

beforeAll(async () => {
  server = await startNsightServer({ handler: createSimulatedNsight(account, { apiKey: KEY, host: '127.0.0.1' }) });
  api = createNsightApi({
    server: server.url,
    apiKey: KEY,
    scheduler: new RequestScheduler({ limits: { callsPerMinute: 1000, concurrency: 2 } }),
  });
});

afterAll(async () => {
  await server.close();
});

describe('demo account over local HTTP', () => {
  it('client names intact', async () => {
    const names = (await api.listClients()).map((client) => client.name);
    expect(names).toContain('Bäckerei Köhler GmbH');
    expect(names).toContain('Murray & Blake <Legal> Pty Ltd');
  });

  it('UTF-8 site name intact', async () => {
    const sites = await api.listSites('40250');
    expect(sites.map((site) => site.name)).toEqual(['Magazyn Łódź']);
  });

  it('sessions equal the account', async () => {
    const sessions = await api.listMobSessions('1500301');
    expect(sessions).toEqual(account.sessions.get('1500301'));
  });
});
