import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { generateDemoAccount } from '../../electron/demo/generate.ts';
import { createSimulatedNsight } from '../../electron/demo/sim.ts';

const NOW = new Date('2026-12-04T19:50:00Z');
const KEY = 'sim-test-key';
const account = generateDemoAccount({ now: NOW });
const SAMPLES = new URL('../fixtures/api-samples/', import.meta.url);

const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (name) => ['client', 'site', 'server', 'workstation', 'session', 'checkcount'].includes(name),
});

function simFor(host = 'www.systemmonitor.co.uk', created = '2026-11-30T09:15:02Z') {
  return createSimulatedNsight(account, { apiKey: KEY, host, clock: () => new Date(created) });
}

function call(query: string, sim = simFor(), path = '/api/') {
  return sim(new URL(`https://www.systemmonitor.co.uk${path}?${query}`));
}

function text(body: Uint8Array): string {
  const head = new TextDecoder('windows-1252').decode(body.subarray(0, 60));
  return new TextDecoder(head.includes('UTF-8') ? 'utf-8' : 'windows-1252').decode(body);
}

function parsed(query: string) {
  return parser.parse(text(call(`apikey=${KEY}&${query}`).body)).result;
}

/** Decodes a body and blanks its `created` attribute, because the samples carry other offsets. */
function withoutCreated(body: Uint8Array | Buffer): string {
  return text(body).replace(/created="[^"]*"/, 'created=""');
}

describe('simulated N-sight FAIL bodies', () => {
  it('wrong key as the sample', () => {
    const response = call('apikey=wrong&service=list_clients', simFor('www.systemmonitor.us'));
    expect(response.status).toBe(200);
    expect(withoutCreated(response.body)).toBe(withoutCreated(readFileSync(new URL('error-login-failed.xml', SAMPLES))));
  });

  it('missing key is a login failure', () => {
    const response = call('service=list_clients');
    expect(parser.parse(text(response.body)).result.error).toEqual({ errorcode: '3', message: 'Login failed' });
  });

  it('missing parameter as the sample', () => {
    const response = call(`apikey=${KEY}&service=list_servers`);
    expect(Buffer.from(response.body)).toEqual(readFileSync(new URL('error-missing-parameter.xml', SAMPLES)));
  });

  it('invalid value as the sample', () => {
    const response = call(`apikey=${KEY}&service=list_mob_sessions&deviceid=abc`);
    expect(Buffer.from(response.body)).toEqual(readFileSync(new URL('error-invalid-value.xml', SAMPLES)));
  });

  it('unknown service as the sample', () => {
    const response = call(`apikey=${KEY}&service=list_backup_sessions`);
    expect(withoutCreated(response.body)).toBe(withoutCreated(readFileSync(new URL('error-service-unknown.xml', SAMPLES))));
  });

  it('no service is unknown', () => {
    expect(parsed('').error).toEqual({ message: 'Service unknown' });
  });

  it('inherited name is unknown', () => {
    expect(parsed('service=toString').error).toEqual({ message: 'Service unknown' });
  });

  it('parameter failures per service', () => {
    const cases: [string, string, string][] = [
      ['service=list_sites', '5', 'Missing parameter: clientid'],
      ['service=list_sites&clientid=', '5', 'Missing parameter: clientid'],
      ['service=list_sites&clientid=40211x', '4', 'Invalid value for parameter: clientid'],
      ['service=list_sites&clientid=999', '4', 'Invalid value for parameter: clientid'],
      ['service=list_workstations&siteid=1', '4', 'Invalid value for parameter: siteid'],
      ['service=list_devices_at_client&devicetype=server', '5', 'Missing parameter: clientid'],
      ['service=list_devices_at_client&clientid=40211', '5', 'Missing parameter: devicetype'],
      ['service=list_devices_at_client&clientid=40211&devicetype=Server', '4', 'Invalid value for parameter: devicetype'],
      ['service=list_mob_sessions', '5', 'Missing parameter: deviceid'],
      ['service=list_mob_sessions&deviceid=42', '4', 'Invalid value for parameter: deviceid'],
    ];
    for (const [query, code, message] of cases) {
      const result = parsed(query);
      expect(result['@_status'], query).toBe('FAIL');
      expect(result.error, query).toEqual({ errorcode: code, message });
    }
  });
});

describe('simulated N-sight services', () => {
  it('/api without slash', () => {
    const result = parser.parse(text(call(`apikey=${KEY}&service=list_clients`, simFor(), '/api').body)).result;
    expect(result['@_status']).toBe('OK');
  });

  it('other path is 404 HTML', () => {
    const response = call(`apikey=${KEY}&service=list_clients`, simFor(), '/api/v2');
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toContain('text/html');
  });

  it('envelope attributes', () => {
    const result = parsed('service=list_clients');
    expect(result['@_created']).toBe('2026-11-30T09:15:02+00:00');
    expect(result['@_host']).toBe('www.systemmonitor.co.uk');
  });

  it('created defaults to asOf', () => {
    const sim = createSimulatedNsight(account, { apiKey: KEY, host: 'h' });
    expect(text(call(`apikey=${KEY}&service=list_clients`, sim).body)).toContain('created="2026-12-04T19:50:00+00:00"');
  });

  it('list_clients sorted by name', () => {
    const names = parsed('service=list_clients').items.client.map((client: { name: string }) => client.name);
    expect(names).toHaveLength(account.clients.length);
    expect(names[0]).toBe('Bäckerei Köhler GmbH');
    expect(names).toEqual([...names].sort());
  });

  it('list_clients empty zone', () => {
    const smith = parsed('service=list_clients').items.client.find((client: { clientid: string }) => client.clientid === '40212');
    expect(smith.timezone).toBe('');
    expect(text(call(`apikey=${KEY}&service=list_clients`).body)).toContain('<timezone/>');
  });

  it('list_sites of a client', () => {
    const sites = parsed('service=list_sites&clientid=40211').items.site;
    expect(sites.map((site: { siteid: string }) => site.siteid)).toEqual(['88002', '88003', '88001']);
    expect(sites[2].name).toBe('Hauptsitz München');
  });

  it('list_devices_at_client nested', () => {
    const client = parsed('service=list_devices_at_client&clientid=40211&devicetype=workstation').items.client;
    expect(client).toHaveLength(1);
    expect(client[0].id).toBe('40211');
    const sites = client[0].site as { name: string; workstation: { id: string; name: string; mob: string }[] }[];
    expect(sites.map((site) => site.name)).toEqual(['Filiale Ost', 'Filiale Schwabing', 'Hauptsitz München']);
    expect(sites[0]!.workstation.map((device) => device.name)).toEqual(['BUERO-02', 'KASSE-02', 'LAGER-PC']);
    expect(sites[0]!.workstation[0]!.mob).toBe('0');
  });

  it('list_devices_at_client skips sites without type', () => {
    const sites = parsed('service=list_devices_at_client&clientid=40211&devicetype=server').items.client[0].site;
    expect(sites.map((site: { id: string }) => site.id)).toEqual(['88003', '88001']);
  });

  it('client without devices is empty', () => {
    expect(text(call(`apikey=${KEY}&service=list_devices_at_client&clientid=40260&devicetype=server`).body)).toContain('  <items/>\n');
  });

  it('list_servers and list_workstations ids', () => {
    const servers = parsed('service=list_servers&siteid=88001').items.server;
    expect(servers.map((server: { serverid: string }) => server.serverid)).toEqual(['1500303', '1500301', '1500302']);
    const workstations = parsed('service=list_workstations&siteid=88002').items.workstation;
    expect(workstations.map((device: { workstationid: string }) => device.workstationid)).toEqual(['1500308', '1500310', '1500309']);
  });

  it('sessions directly under result', () => {
    const result = parsed('service=list_mob_sessions&deviceid=1500301');
    expect(result.items).toBeUndefined();
    expect(result.session).toHaveLength(account.sessions.get('1500301')!.length);
    expect(result.session[0].start).toBe(account.sessions.get('1500301')![0]!.start.toISOString().replace('T', ' ').slice(0, 19));
    expect(result.session[0].start.slice(0, 10)).toBe('2025-10-31');
  });

  it('backup off device has no sessions', () => {
    const body = text(call(`apikey=${KEY}&service=list_mob_sessions&deviceid=1500306`).body);
    expect(body).toMatch(/status="OK">\n<\/result>\n$/);
  });

  it('UTF-8 only where needed', () => {
    const kowalski = call(`apikey=${KEY}&service=list_sites&clientid=40250`);
    expect(kowalski.headers['content-type']).toBe('text/xml; charset=UTF-8');
    expect(parser.parse(text(kowalski.body)).result.items.site[0].name).toBe('Magazyn Łódź');
    expect(call(`apikey=${KEY}&service=list_clients`).headers['content-type']).toBe('text/xml; charset=ISO-8859-1');
  });

  it('same account, identical bytes', () => {
    const again = createSimulatedNsight(generateDemoAccount({ now: NOW }), { apiKey: KEY, host: 'www.systemmonitor.co.uk', clock: () => new Date('2026-11-30T09:15:02Z') });
    for (const query of ['service=list_clients', 'service=list_devices_at_client&clientid=40219&devicetype=server', 'service=list_mob_sessions&deviceid=1500302']) {
      const first = call(`apikey=${KEY}&${query}`).body;
      const second = call(`apikey=${KEY}&${query}`, again).body;
      expect(first.length, query).toBeGreaterThan(500);
      expect(Buffer.compare(first, second), query).toBe(0);
    }
  });
});
