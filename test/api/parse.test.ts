import { describe, expect, it } from 'vitest';
import { entries, newIssues, text, toClient, toDeviceDetails, toDevices, toSessions, toSite, utcTime } from '../../electron/api/records.ts';
import { decodeBody, parseBody, type XmlElement } from '../../electron/api/xml.ts';
import { readFixture } from '../support/nsight-server.ts';

function okResult(body: Uint8Array, contentType?: string): XmlElement {
  const parsed = parseBody(decodeBody(body, contentType));
  if (parsed.kind !== 'ok') throw new Error(`expected an OK body, got ${JSON.stringify(parsed)}`);
  return parsed.result;
}

const fixture = (name: string): XmlElement => okResult(readFixture(name));

describe('decodeBody', () => {
  const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><result status="OK"><x>M\xfcller \x80</x></result>', 'latin1');

  it('reads ISO-8859-1 as windows-1252', () => {
    expect(decodeBody(latin1)).toContain('<x>Müller €</x>');
  });

  it('reads a UTF-8 declaration as UTF-8', () => {
    expect(decodeBody(readFixture('list_clients-utf8.xml'))).toContain('Zoë & Søn — Łódź');
  });

  it('uses the Content-Type charset without a declaration', () => {
    const body = Buffer.from('<result status="OK"><x>K\xf6hler</x></result>', 'latin1');
    expect(decodeBody(body, 'text/xml; charset=ISO-8859-1')).toContain('Köhler');
    expect(decodeBody(Buffer.from('<result><x>Köhler</x></result>'), 'text/xml')).toContain('Köhler');
  });

  it('reads invalid UTF-8 as windows-1252', () => {
    const body = Buffer.from('<result status="OK"><x>K\xf6hler</x></result>', 'latin1');
    expect(decodeBody(body, 'text/xml; charset=utf-8')).toContain('Köhler');
  });

  it('lets valid UTF-8 win a disagreement', () => {
    const body = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><result><x>Köhler</x></result>', 'utf8');
    expect(decodeBody(body, 'text/xml; charset=UTF-8')).toContain('Köhler');
    expect(decodeBody(latin1, 'text/xml; charset=UTF-8')).toContain('Müller');
  });

  it('honours a byte order mark', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<result><x>Köhler</x></result>')]);
    expect(decodeBody(body, 'text/xml; charset=ISO-8859-1')).toBe('<result><x>Köhler</x></result>');
  });

  it('rejects an unsupported charset', () => {
    const body = Buffer.from('<?xml version="1.0" encoding="x-klingon"?><result/>');
    expect(() => decodeBody(body)).toThrow('the response declares the unsupported charset "x-klingon"');
  });
});

describe('parseBody', () => {
  it('reads a FAIL with its code', () => {
    expect(parseBody(decodeBody(readFixture('error-login-failed.xml')))).toEqual({ kind: 'fail', code: '3', message: 'Login failed' });
    expect(parseBody(decodeBody(readFixture('error-missing-parameter.xml')))).toEqual({ kind: 'fail', code: '5', message: 'Missing parameter: siteid' });
    expect(parseBody(decodeBody(readFixture('error-invalid-value.xml')))).toEqual({ kind: 'fail', code: '4', message: 'Invalid value for parameter: deviceid' });
  });

  it('reads a FAIL without a code', () => {
    expect(parseBody(decodeBody(readFixture('error-service-unknown.xml')))).toEqual({ kind: 'fail', code: null, message: 'Service unknown' });
  });

  it('reads an error element without a status as FAIL', () => {
    expect(parseBody('<result><error><errorcode>9</errorcode><message>Busy</message></error></result>')).toEqual({ kind: 'fail', code: '9', message: 'Busy' });
  });

  it('recognises an HTML page', () => {
    expect(parseBody(readFixture('firewall-blocked.html').toString('latin1'))).toEqual({ kind: 'html' });
  });

  it('rejects a body cut short', () => {
    const body = readFixture('list_clients.xml').toString('latin1');
    const parsed = parseBody(body.slice(0, body.length / 2));
    expect(parsed).toEqual({ kind: 'malformed', reason: 'the XML ends before </result>, so the body was cut short' });
  });

  it('rejects empty, non-XML and foreign bodies', () => {
    expect(parseBody('  ')).toEqual({ kind: 'malformed', reason: 'the body is empty' });
    expect(parseBody('Service temporarily unavailable')).toEqual({ kind: 'malformed', reason: 'the body is not XML' });
    expect(parseBody('<answer status="OK"></answer>')).toEqual({ kind: 'malformed', reason: 'the XML has no <result> element' });
    expect(parseBody('<result status="MAYBE"></result>')).toEqual({ kind: 'malformed', reason: '<result> has the unknown status "MAYBE"' });
    expect(parseBody('<result></result>')).toEqual({ kind: 'malformed', reason: '<result> has no status attribute' });
  });

  it('reads a self-closed OK result', () => {
    expect(parseBody('<?xml version="1.0"?>\n<result status="OK" host="h"/>\n')).toMatchObject({ kind: 'ok' });
  });
});

describe('text', () => {
  it('maps none and empty to null', () => {
    expect(text('none')).toBeNull();
    expect(text('None')).toBeNull();
    expect(text('')).toBeNull();
    expect(text('   ')).toBeNull();
    expect(text(undefined)).toBeNull();
  });

  it('trims and keeps other text', () => {
    expect(text(' SRV-01 ')).toBe('SRV-01');
    expect(text('nonexistent')).toBe('nonexistent');
    expect(text(['first', 'second'])).toBe('first');
  });
});

describe('utcTime', () => {
  it('reads the time as UTC', () => {
    expect(utcTime('2026-10-31 23:30:00')?.toISOString()).toBe('2026-10-31T23:30:00.000Z');
    expect(utcTime('2026-10-31T23:30:00')?.toISOString()).toBe('2026-10-31T23:30:00.000Z');
  });

  it('returns null for placeholders and nonsense', () => {
    for (const value of ['0000-00-00 00:00:00', 'Not Available', '', '2026-13-01 00:00:00', '2026-11-01 24:00:00', '2026-11-01 00:00:00+05:00', '2026/11/01 00:00:00']) {
      expect(utcTime(value), value).toBeNull();
    }
  });
});

describe('list_clients samples', () => {
  it('normalizes every client', () => {
    const issues = newIssues();
    const clients = entries(fixture('list_clients.xml')['items'], 'client').map((raw) => toClient(raw, issues));

    expect(clients.map((client) => client.name)).toEqual(['Bäckerei Köhler GmbH', 'Smith & Partners Ltd', 'Harbour View Dental']);
    expect(clients[0]).toEqual({
      id: '40211',
      name: 'Bäckerei Köhler GmbH',
      viewDashboard: false,
      viewWorkstationAssets: false,
      dashboardUsername: null,
      timeZone: 'Europe/Berlin',
      creationDate: '2019-03-04',
      serverCount: 2,
      workstationCount: 3,
      mobileDeviceCount: 0,
      deviceCount: 5,
    });
    expect(clients[1]).toMatchObject({ viewDashboard: true, timeZone: null, creationDate: null, deviceCount: 1 });
    expect(clients[2]).toMatchObject({ dashboardUsername: null, viewWorkstationAssets: true, timeZone: 'America/New_York' });
    expect(issues).toEqual({ invalidValues: 0, skippedRecords: 0 });
  });

  it('reads one client as a list', () => {
    const clients = entries(fixture('list_clients-one.xml')['items'], 'client');
    expect(clients).toHaveLength(1);
  });

  it('reads empty items as no clients', () => {
    expect(entries(fixture('list_clients-empty.xml')['items'], 'client')).toEqual([]);
  });

  it('handles UTF-8, entities and padding', () => {
    const issues = newIssues();
    const [client] = entries(fixture('list_clients-utf8.xml')['items'], 'client').map((raw) => toClient(raw, issues));

    expect(client).toMatchObject({
      id: '40230',
      name: 'Zoë & Søn — Łódź Sp. z o.o.',
      dashboardUsername: 'Köhler & Co <admin>',
      serverCount: 3,
      mobileDeviceCount: 0,
    });
    expect(issues).toEqual({ invalidValues: 1, firstInvalid: 'client.mobile_device_count', skippedRecords: 0 });
  });
});

describe('list_sites sample', () => {
  it('normalizes both sites', () => {
    const sites = entries(fixture('list_sites.xml')['items'], 'site').map(toSite);

    expect(sites).toEqual([
      { id: '88001', name: 'Hauptsitz München', connectionOk: true, creationDate: '2019-03-04', primaryRouter: '192.0.2.1', secondaryRouter: null },
      { id: '88002', name: 'Filiale Ost', connectionOk: false, creationDate: null, primaryRouter: null, secondaryRouter: null },
    ]);
  });
});

describe('list_servers and list_workstations samples', () => {
  it('normalizes both servers', () => {
    const [file, sql] = entries(fixture('list_servers.xml')['items'], 'server').map((raw) => toDeviceDetails(raw, 'server'));

    expect(file).toMatchObject({
      id: '1500301',
      type: 'server',
      name: 'SRV-FILE01',
      description: 'File & print server',
      user: 'KOEHLER\\administrator',
      os: 'Microsoft Windows Server 2022 Standard',
      osDetails: null,
      ip: '192.0.2.10',
      externalIp: '198.51.100.7',
      online: true,
      installDate: '2019-03-05',
      agentVersion: '10_13_8',
      assetId: '1500333',
      deviceSerial: 'EXAMPLE01',
    });
    // 1764306000 s after the epoch is 2025-11-28 05:00:00 UTC.
    expect(file?.lastBootTime?.toISOString()).toBe('2025-11-28T05:00:00.000Z');
    expect(file?.lastScanTime?.toISOString()).toBe('2026-11-29T22:04:00.000Z');
    expect(sql).toMatchObject({ id: '1500302', ip: '2001:db8::25', online: false, lastBootTime: null, lastScanTime: null, user: null });
  });

  it('normalizes the workstation', () => {
    const [workstation] = entries(fixture('list_workstations.xml')['items'], 'workstation').map((raw) => toDeviceDetails(raw, 'workstation'));

    expect(workstation).toMatchObject({
      id: '1500411',
      type: 'workstation',
      user: 'KOEHLER\\m.müller',
      domain: null,
      manufacturer: 'LENOVO',
      installDate: null,
      lastBootTime: null,
      lastScanTime: null,
      online: true,
    });
  });
});

describe('list_devices_at_client samples', () => {
  it('flattens the server nesting', () => {
    const devices = toDevices(fixture('list_devices_at_client-server.xml'), 'server');

    expect(devices.map((device) => device.id)).toEqual(['1500301', '1500302']);
    expect(devices[0]).toEqual({
      id: '1500301',
      type: 'server',
      name: 'SRV-FILE01',
      clientId: '40211',
      clientName: 'Bäckerei Köhler GmbH',
      siteId: '88001',
      siteName: 'Hauptsitz München',
      username: 'KOEHLER\\administrator',
      description: 'File & print server',
      status: 'Ok',
      checkCounts: [
        { dsc247: 1, pass: 12, clear: 0, fail: 0 },
        { dsc247: 2, pass: 4, clear: 0, fail: 1 },
      ],
      takeControl: true,
      patch: true,
      mav: true,
      backupEnabled: true,
      systray: true,
      mavbreck: false,
    });
    expect(devices[1]).toMatchObject({ username: null, description: null, status: 'Failed', checkCounts: [{ dsc247: 1, pass: 9, clear: 0, fail: 2 }] });
  });

  it('flattens workstations of two sites', () => {
    const devices = toDevices(fixture('list_devices_at_client-workstation.xml'), 'workstation');

    expect(devices.map((device) => [device.id, device.siteName, device.backupEnabled])).toEqual([
      ['1500410', 'Hauptsitz München', true],
      ['1500411', 'Filiale Ost', false],
      ['1500412', 'Filiale Ost', true],
    ]);
    expect(devices[0]?.username).toBe('KOEHLER\\j.weiß');
  });
});

describe('list_mob_sessions samples', () => {
  it('normalizes all 16 fields', () => {
    const issues = newIssues();
    const sessions = toSessions(fixture('list_mob_sessions.xml'), '1500301', issues);

    expect(sessions).toHaveLength(10);
    expect(sessions[0]).toEqual({
      id: '900101',
      deviceId: '1500301',
      type: 'BACKUP',
      storageAccountId: '139',
      plugin: 'FILE_SYSTEM',
      start: new Date(Date.UTC(2026, 9, 31, 22, 45, 10)),
      end: new Date(Date.UTC(2026, 9, 31, 23, 20, 44)),
      selectionSize: 132_579_334_528,
      selectionItemCount: 412_330,
      sizeChange: 843_776,
      itemCountChange: 2,
      removedItemCount: 0,
      processedSize: 132_579_334_528,
      processedItemCount: 412_330,
      transferredSize: 955_045_456,
      errorCount: 0,
      status: 'COMPLETED',
    });
    expect(sessions.map((session) => session.status)).toEqual([
      'COMPLETED', 'COMPLETED', 'COMPLETED_WITH_ERRORS', 'COMPLETED', 'FAILED', 'COMPLETED', 'COMPLETED', 'INTERRUPTED', 'COMPLETED', 'COMPLETED',
    ]);
    expect(sessions[6]?.type).toBe('RESTORE');
    expect(sessions[8]?.plugin).toBe('HYPER_V');
    expect(sessions[8]?.selectionSize).toBe(536_870_912_000);
    expect(issues).toEqual({ invalidValues: 0, skippedRecords: 0 });
  });

  it('finds sessions inside items', () => {
    const sessions = toSessions(fixture('list_mob_sessions-items-one.xml'), '1500302', newIssues());

    expect(sessions.map((session) => [session.id, session.status, session.selectionSize])).toEqual([['900201', 'NOT_STARTED', 21_474_836_480]]);
  });

  it('finds sessions inside mob_sessions', () => {
    const [session] = toSessions(fixture('list_mob_sessions-mob-wrapper.xml'), '1500412', newIssues());

    expect(session).toMatchObject({
      id: '900301',
      type: 'RESTORE',
      storageAccountId: null,
      plugin: 'MYSQL',
      status: 'SKIPPED_BY_POLICY',
      end: null,
      selectionSize: Number.MAX_SAFE_INTEGER,
    });
    expect(session?.start.toISOString()).toBe('2026-11-30T23:59:59.000Z');
  });

  it('reads a result without sessions as none', () => {
    expect(toSessions(fixture('list_mob_sessions-none.xml'), '1500410', newIssues())).toEqual([]);
  });

  it('skips a session without a start', () => {
    const issues = newIssues();
    const result = okResult(Buffer.from('<result status="OK"><session><session_id>1</session_id><start>Not Available</start></session><session><session_id>2</session_id><start>2026-11-01 00:00:00</start><selection_size>x</selection_size></session></result>'));

    const sessions = toSessions(result, '7', issues);

    expect(sessions.map((session) => session.id)).toEqual(['2']);
    expect(issues.skippedRecords).toBe(1);
    expect(issues.firstInvalid).toBe('session.selection_size');
  });
});
