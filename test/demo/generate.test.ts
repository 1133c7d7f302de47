import { describe, expect, it } from 'vitest';
import type { BackupSession } from '../../shared/nsight.ts';
import { countSessions, type SimAccount } from '../../electron/demo/account.ts';
import { generateDemoAccount } from '../../electron/demo/generate.ts';

const NOW = new Date('2026-12-04T19:50:00Z');
const DAY_MS = 86_400_000;
const account = generateDemoAccount({ now: NOW });

function allSessions(source: SimAccount): BackupSession[] {
  return [...source.sessions.values()].flat();
}

function deviceNamed(name: string) {
  const device = account.devices.find((candidate) => candidate.name === name);
  if (device === undefined) throw new Error(`The demo account has no device ${name}.`);
  return device;
}

function berlinDate(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(instant);
}

describe('generateDemoAccount determinism', () => {
  it('same options, same account', () => {
    expect(generateDemoAccount({ now: NOW })).toEqual(account);
  });

  it('other seed, other sessions', () => {
    const other = generateDemoAccount({ now: NOW, seed: 7 });
    expect(other.clients).toEqual(account.clients);
    expect(other.sessions.get('1500301')).not.toEqual(account.sessions.get('1500301'));
  });

  it('asOf is now in whole seconds', () => {
    const drifted = generateDemoAccount({ now: new Date(NOW.getTime() + 999) });
    expect(drifted.asOf.toISOString()).toBe('2026-12-04T19:50:00.000Z');
  });

  it('invalid now rejected', () => {
    expect(() => generateDemoAccount({ now: new Date('not a date') })).toThrow(/not a valid date/);
  });
});

describe('generateDemoAccount clients and devices', () => {
  it('clients in four zones and one without', () => {
    const zones = account.clients.map((client) => client.timeZone);
    expect(zones).toEqual(expect.arrayContaining(['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', null]));
    expect(account.clients.length).toBeGreaterThanOrEqual(4);
  });

  it('clients of different sizes', () => {
    const sizes = new Set(account.clients.map((client) => client.serverCount + client.workstationCount));
    expect(sizes.size).toBeGreaterThanOrEqual(4);
  });

  it('client counts match devices', () => {
    for (const client of account.clients) {
      const own = account.devices.filter((device) => device.clientId === client.id);
      expect(client.serverCount).toBe(own.filter((device) => device.type === 'server').length);
      expect(client.workstationCount).toBe(own.filter((device) => device.type === 'workstation').length);
      expect(client.deviceCount).toBe(own.length + client.mobileDeviceCount);
    }
  });

  it('sites and devices counts', () => {
    expect(account.sites.length).toBeGreaterThanOrEqual(8);
    expect(account.devices.length).toBeGreaterThanOrEqual(40);
    expect(account.devices.filter((device) => device.type === 'server').length).toBeGreaterThanOrEqual(10);
    expect(account.devices.filter((device) => device.type === 'workstation').length).toBeGreaterThanOrEqual(10);
  });

  it('device ids unique', () => {
    expect(new Set(account.devices.map((device) => device.id)).size).toBe(account.devices.length);
  });

  it('device site belongs to its client', () => {
    for (const device of account.devices) {
      const site = account.sites.find((candidate) => candidate.id === device.siteId);
      expect(site?.clientId).toBe(device.clientId);
      expect(device.siteName).toBe(site?.name);
    }
  });

  it('names with accents, & and <', () => {
    const names = account.clients.map((client) => client.name);
    expect(names).toContain('Bäckerei Köhler GmbH');
    expect(names).toContain('Smith & Partners Ltd');
    expect(names.some((name) => name.includes('<'))).toBe(true);
    expect(account.sites.map((site) => site.name)).toContain('Magazyn Łódź');
  });

  it('backup off means no sessions', () => {
    const off = account.devices.filter((device) => !device.backupEnabled);
    expect(off.length).toBeGreaterThanOrEqual(3);
    for (const device of off) {
      expect(account.sessions.has(device.id)).toBe(false);
    }
  });

  it('details for every device', () => {
    expect(account.details?.map((details) => details.id)).toEqual(account.devices.map((device) => device.id));
  });
});

describe('generateDemoAccount sessions', () => {
  const sessions = allSessions(account);

  it('plugins include known and unknown', () => {
    const plugins = new Set(sessions.map((session) => session.plugin));
    for (const plugin of ['FILE_SYSTEM', 'SYSTEM_STATE', 'MSSQL', 'EXCHANGE', 'VMWARE', 'HYPER_V']) {
      expect(plugins).toContain(plugin);
    }
  });

  it('servers back up several plugins', () => {
    for (const device of account.devices.filter((candidate) => candidate.type === 'server' && candidate.backupEnabled)) {
      const plugins = new Set(account.sessions.get(device.id)?.map((session) => session.plugin));
      expect(plugins.size, device.name).toBeGreaterThanOrEqual(2);
    }
  });

  it('every status and restores', () => {
    const statuses = new Set(sessions.map((session) => session.status));
    for (const status of ['COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED', 'INTERRUPTED', 'NOT_STARTED', 'CANCELED']) {
      expect(statuses).toContain(status);
    }
    expect(sessions.filter((session) => session.type === 'RESTORE').length).toBeGreaterThan(20);
  });

  it('warnings carry errors', () => {
    for (const session of sessions.filter((candidate) => candidate.status === 'COMPLETED_WITH_ERRORS')) {
      expect(session.errorCount).toBeGreaterThan(0);
    }
  });

  it('13 months up to now', () => {
    const starts = sessions.map((session) => session.start.getTime());
    expect(new Date(Math.min(...starts)).toISOString() < '2025-11-01T12:00:00.000Z').toBe(true);
    expect(Math.max(...starts)).toBeGreaterThan(NOW.getTime() - DAY_MS);
    for (const session of sessions) {
      expect(session.end!.getTime()).toBeLessThanOrEqual(NOW.getTime());
    }
  });

  it('sessions oldest first', () => {
    for (const list of account.sessions.values()) {
      for (let i = 1; i < list.length; i++) {
        expect(list[i]!.start.getTime()).toBeGreaterThanOrEqual(list[i - 1]!.start.getTime());
      }
    }
  });

  it('times in whole seconds', () => {
    expect(sessions.every((session) => session.start.getTime() % 1000 === 0 && session.end!.getTime() % 1000 === 0)).toBe(true);
  });

  it('session ids unique', () => {
    expect(new Set(sessions.map((session) => session.id)).size).toBe(sessions.length);
  });

  it('sizes are whole bytes beyond 2^31', () => {
    const sizes = sessions.flatMap((session) => [session.selectionSize, session.processedSize, session.transferredSize, session.sizeChange]);
    expect(sizes.every((size) => Number.isSafeInteger(size) && size >= 0)).toBe(true);
    expect(sessions.some((session) => session.selectionSize > 2 ** 31)).toBe(true);
  });

  it('sessions near midnight UTC', () => {
    const nearMidnight = sessions.filter((session) => {
      const minutes = session.start.getUTCHours() * 60 + session.start.getUTCMinutes();
      return minutes >= 23 * 60 || minutes < 60;
    });
    expect(nearMidnight.length).toBeGreaterThan(1000);
  });

  it('Berlin date differs from UTC date', () => {
    const server = account.sessions.get(deviceNamed('SRV-FILE01').id)!;
    const shifted = server.filter((session) => berlinDate(session.start) !== session.start.toISOString().slice(0, 10));
    expect(shifted.length).toBeGreaterThan(100);
  });

  it('failed run retried same day', () => {
    const retried = sessions.filter((session, index) => {
      const next = sessions[index + 1];
      return (
        session.status === 'FAILED' &&
        next !== undefined &&
        next.deviceId === session.deviceId &&
        next.plugin === session.plugin &&
        next.status === 'COMPLETED' &&
        next.start.getTime() - session.start.getTime() < 12 * 3_600_000
      );
    });
    expect(retried.length).toBeGreaterThan(10);
  });

  it('failed runs report zero selection', () => {
    for (const session of sessions.filter((candidate) => candidate.status === 'FAILED' && candidate.type === 'BACKUP')) {
      expect(session.selectionSize).toBe(0);
    }
  });

  it('selection grows over the year', () => {
    const list = account.sessions.get(deviceNamed('SRV-FILE01').id)!;
    const fileSystem = list.filter((session) => session.plugin === 'FILE_SYSTEM' && session.status === 'COMPLETED');
    const first = fileSystem[0]!.selectionSize;
    const last = fileSystem.at(-1)!.selectionSize;
    expect(last).toBeGreaterThan(first * 1.1);
  });

  it('stopped device last ran 26 days ago', () => {
    const list = account.sessions.get(deviceNamed('SRV-TALLY').id)!;
    const daysSince = (NOW.getTime() - list.at(-1)!.start.getTime()) / DAY_MS;
    expect(daysSince).toBeGreaterThan(25);
    expect(daysSince).toBeLessThan(27);
  });

  it('servers ran in the last two days', () => {
    for (const device of account.devices.filter((candidate) => candidate.type === 'server' && candidate.backupEnabled)) {
      if (device.name === 'SRV-TALLY') continue;
      const last = account.sessions.get(device.id)!.at(-1)!;
      expect(NOW.getTime() - last.start.getTime(), device.name).toBeLessThan(2 * DAY_MS);
    }
  });

  it('outage fails four days in a row', () => {
    const list = account.sessions.get(deviceNamed('MB-FS01').id)!;
    const from = Date.UTC(2026, 10, 10);
    const during = list.filter((session) => session.type === 'BACKUP' && session.start.getTime() >= from + DAY_MS && session.start.getTime() < from + 3 * DAY_MS);
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((session) => session.status === 'FAILED')).toBe(true);
  });

  it('new device starts 70 days ago', () => {
    const list = account.sessions.get(deviceNamed('SRV-SCHWABING').id)!;
    const age = (NOW.getTime() - list[0]!.start.getTime()) / DAY_MS;
    expect(age).toBeGreaterThan(69);
    expect(age).toBeLessThan(71);
  });
});

describe('generateDemoAccount stable history', () => {
  // These devices started, stopped or failed relative to `now`, so their histories move with it.
  const moving = new Set(['SRV-TALLY', 'SRV-SCHWABING', 'KASSE-03', 'MB-FS01'].map((name) => deviceNamed(name).id));

  /** Returns the ids of sessions of `earlier` from `fromMs` on that `later` lacks or changed. */
  function changedSessions(earlier: SimAccount, later: SimAccount, fromMs: number): string[] {
    const laterById = new Map(allSessions(later).map((session) => [session.id, session]));
    const changed: string[] = [];
    for (const [deviceId, list] of earlier.sessions) {
      if (moving.has(deviceId)) continue;
      for (const session of list) {
        if (session.start.getTime() < fromMs) continue;
        const again = laterById.get(session.id);
        if (again === undefined || JSON.stringify(again) !== JSON.stringify(session)) changed.push(session.id);
      }
    }
    return changed;
  }

  it('later the same day', () => {
    const morning = generateDemoAccount({ now: new Date('2026-12-04T06:00:00Z') });
    expect(changedSessions(morning, account, 0)).toEqual([]);
    expect(countSessions(account)).toBeGreaterThan(countSessions(morning));
  });

  it('later the same month', () => {
    const later = generateDemoAccount({ now: new Date('2026-12-19T06:00:00Z') });
    expect(changedSessions(account, later, 0)).toEqual([]);
  });

  it('next month drops only the oldest', () => {
    const later = generateDemoAccount({ now: new Date('2027-01-02T06:00:00Z') });
    expect(changedSessions(account, later, Date.UTC(2025, 11, 2))).toEqual([]);
    const oldest = Math.min(...allSessions(later).map((session) => session.start.getTime()));
    expect(oldest).toBeGreaterThan(Date.UTC(2025, 10, 30));
  });
});

describe('generateDemoAccount scale', () => {
  it('clients and devices as asked', () => {
    const large = generateDemoAccount({ now: NOW, scale: { clients: 20, devicesPerClient: 15, days: 3 } });
    expect(large.clients).toHaveLength(20);
    expect(large.devices).toHaveLength(300);
    const oldest = Math.min(...allSessions(large).map((session) => session.start.getTime()));
    expect(oldest).toBeGreaterThanOrEqual(Date.UTC(2026, 11, 2) - DAY_MS);
  });

  it('session target within 10 %', () => {
    const large = generateDemoAccount({ now: NOW, scale: { clients: 50, devicesPerClient: 40, sessions: 100_000 } });
    expect(countSessions(large)).toBeGreaterThan(90_000);
    expect(countSessions(large)).toBeLessThan(110_000);
  });

  it('scale deterministic', () => {
    const options = { now: NOW, scale: { clients: 5, devicesPerClient: 4, days: 10 } };
    expect(generateDemoAccount(options)).toEqual(generateDemoAccount(options));
  });
});
