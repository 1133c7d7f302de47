import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { createNsightApi, type NsightApi } from '../../electron/api/client.ts';
import { RequestScheduler } from '../../electron/api/scheduler.ts';
import type { BackupSession } from '../../shared/nsight.ts';
import {
  formatUtcTime,
  writeClientsBody,
  writeFailBody,
  writeSessionsBody,
  writeSitesBody,
  type Envelope,
} from '../../electron/demo/xml.ts';

const SAMPLES = new URL('../fixtures/api-samples/', import.meta.url);
const UK = 'www.systemmonitor.co.uk';

function sample(name: string): Buffer {
  return readFileSync(new URL(name, SAMPLES));
}

/** Creates the real client over one sample file, so the writer can be checked against it byte by byte. */
function sampleApi(name: string): NsightApi {
  return createNsightApi({
    server: `https://${UK}`,
    apiKey: 'test-key',
    scheduler: new RequestScheduler({ limits: { callsPerMinute: 1000, concurrency: 1 } }),
    transport: async () => ({ status: 200, headers: { 'content-type': 'text/xml' }, body: sample(name) }),
  });
}

function envelope(created: string): Envelope {
  return { host: UK, created: new Date(created) };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (name) => ['client', 'site', 'session'].includes(name),
});

function session(overrides: Partial<BackupSession>): BackupSession {
  return {
    id: '1',
    deviceId: '9',
    type: 'BACKUP',
    storageAccountId: '139',
    plugin: 'FILE_SYSTEM',
    start: new Date('2026-11-30T23:10:00Z'),
    end: new Date('2026-11-30T23:40:05Z'),
    selectionSize: 132_579_334_528,
    selectionItemCount: 22,
    sizeChange: 843_776,
    itemCountChange: 2,
    removedItemCount: 0,
    processedSize: 132_579_334_528,
    processedItemCount: 22,
    transferredSize: 955_045_456,
    errorCount: 0,
    status: 'COMPLETED',
    ...overrides,
  };
}

describe('xml writer against samples', () => {
  it('list_clients with one client', async () => {
    const clients = await sampleApi('list_clients-one.xml').listClients();
    expect(Buffer.from(writeClientsBody(envelope('2026-11-30T09:15:02Z'), clients).body)).toEqual(sample('list_clients-one.xml'));
  });

  it('list_clients empty', async () => {
    expect(Buffer.from(writeClientsBody(envelope('2026-11-30T09:15:02Z'), []).body)).toEqual(sample('list_clients-empty.xml'));
  });

  it('list_sites in ISO-8859-1', async () => {
    const sites = await sampleApi('list_sites.xml').listSites('40211');
    const written = writeSitesBody(envelope('2026-11-30T09:15:03Z'), sites);
    expect(written.charset).toBe('ISO-8859-1');
    expect(Buffer.from(written.body)).toEqual(sample('list_sites.xml'));
  });

  it('list_mob_sessions', async () => {
    const sessions = await sampleApi('list_mob_sessions.xml').listMobSessions('1500301');
    expect(sessions).toHaveLength(10);
    expect(Buffer.from(writeSessionsBody(envelope('2026-12-01T08:00:00Z'), sessions).body)).toEqual(sample('list_mob_sessions.xml'));
  });

  it('list_mob_sessions empty', () => {
    expect(Buffer.from(writeSessionsBody(envelope('2026-12-01T08:00:00Z'), []).body)).toEqual(sample('list_mob_sessions-none.xml'));
  });

  it('missing parameter FAIL', () => {
    const written = writeFailBody(envelope('2026-11-30T09:15:02Z'), '5', 'Missing parameter: siteid');
    expect(Buffer.from(written.body)).toEqual(sample('error-missing-parameter.xml'));
  });

  it('invalid value FAIL', () => {
    const written = writeFailBody(envelope('2026-11-30T09:15:02Z'), '4', 'Invalid value for parameter: deviceid');
    expect(Buffer.from(written.body)).toEqual(sample('error-invalid-value.xml'));
  });
});

describe('xml writer encoding', () => {
  const created = envelope('2026-11-30T09:15:02Z');
  const client = {
    id: '1',
    name: 'Bäckerei Köhler GmbH',
    viewDashboard: false,
    viewWorkstationAssets: false,
    dashboardUsername: null,
    timeZone: null,
    creationDate: null,
    serverCount: 0,
    workstationCount: 0,
    mobileDeviceCount: 0,
    deviceCount: 0,
  };

  it('Latin-1 name as single bytes', () => {
    const written = writeClientsBody(created, [client]);
    expect(written.charset).toBe('ISO-8859-1');
    expect(written.contentType).toBe('text/xml; charset=ISO-8859-1');
    expect(Buffer.from(written.body).includes(Buffer.from([0x42, 0xe4, 0x63]))).toBe(true);
  });

  it('Polish name switches to UTF-8', () => {
    const written = writeClientsBody(created, [{ ...client, name: 'Magazyn Łódź' }]);
    expect(written.charset).toBe('UTF-8');
    const text = new TextDecoder('utf-8', { fatal: true }).decode(written.body);
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(parser.parse(text).result.items.client[0].name).toBe('Magazyn Łódź');
  });

  it('C1 control switches to UTF-8', () => {
    expect(writeClientsBody(created, [{ ...client, name: 'A\u0085B' }]).charset).toBe('UTF-8');
  });

  it('& and < survive in CDATA', () => {
    const written = writeClientsBody(created, [{ ...client, name: 'Murray & Blake <Legal>' }]);
    const text = new TextDecoder('windows-1252').decode(written.body);
    expect(text).toContain('<name><![CDATA[Murray & Blake <Legal>]]></name>');
    expect(parser.parse(text).result.items.client[0].name).toBe('Murray & Blake <Legal>');
  });

  it(']]> split across CDATA sections', () => {
    const written = writeClientsBody(created, [{ ...client, name: 'a]]>b' }]);
    const text = new TextDecoder('windows-1252').decode(written.body);
    expect(parser.parse(text).result.items.client[0].name).toBe('a]]>b');
  });

  it('FAIL without code', () => {
    const text = new TextDecoder('windows-1252').decode(writeFailBody(created, undefined, 'Service unknown').body);
    const parsed = parser.parse(text).result;
    expect(parsed['@_status']).toBe('FAIL');
    expect(parsed.error).toEqual({ message: 'Service unknown' });
  });

  it('empty end as empty element', () => {
    const text = new TextDecoder('windows-1252').decode(writeSessionsBody(created, [session({ end: null })]).body);
    expect(text).toContain('    <end/>\n');
  });
});

describe('xml writer sessions', () => {
  it('UTC time format', () => {
    expect(formatUtcTime(new Date('2026-03-07T04:05:09Z'))).toBe('2026-03-07 04:05:09');
  });

  it('many sessions parse back exactly', () => {
    const sessions = Array.from({ length: 20_000 }, (_, index) =>
      session({ id: String(7_000_000 + index), selectionSize: 2 ** 52 + index, start: new Date(Date.UTC(2026, 0, 1) + index * 60_000) }),
    );
    const text = new TextDecoder('windows-1252').decode(writeSessionsBody(envelope('2026-12-01T08:00:00Z'), sessions).body);
    const parsed = parser.parse(text).result.session as Record<string, string>[];
    expect(parsed).toHaveLength(20_000);
    expect(parsed[19_999]!.session_id).toBe('7019999');
    expect(parsed[19_999]!.selection_size).toBe(String(2 ** 52 + 19_999));
    expect(parsed[19_999]!.start).toBe('2026-01-14 21:19:00');
  });
});
