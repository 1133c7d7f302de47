// Large generated MSPs for benchmarks: many clients with made-up names in a handful of zones.

import type { ClientSpec, DeviceRole, DeviceSpec, SiteSpec } from './catalogue.ts';
import type { Random } from './random.ts';

/** Size of a benchmark account; every field is optional. */
export interface ScaleOptions {
  /** Number of clients; 200 unless set. */
  clients?: number;
  /** Servers and workstations per client; 50 unless set. */
  devicesPerClient?: number;
  /** Days of history up to `now`; 30 unless set, or derived from `sessions`. */
  days?: number;
  /** Approximate total of sessions (within a few percent): sets `days` when `days` is not set. */
  sessions?: number;
}

const OWNERS = ['Müller', 'Smith', 'Dupont', 'Østergaard', 'García', 'Nakamura', "O'Brien", 'Nowak', 'Rossi', 'Jansen', 'Öztürk', 'Patel'];
const TRADES = ['Bau', 'Dental', 'Logistics', 'Café', 'Legal', 'Accounting', 'Textiles', 'Pharmacy', 'Engineering', 'Motors'];
const FORMS = ['GmbH', 'Ltd', '& Co. KG', 'SARL', 'Pty Ltd', 'Inc.', 'B.V.', '<Test>', 'S.p.A.', 'LLC'];
const ZONES: [string | null, string][] = [
  ['Europe/Berlin', 'Europe/Berlin'],
  ['America/New_York', 'America/New_York'],
  ['Asia/Kolkata', 'Asia/Kolkata'],
  ['Australia/Sydney', 'Australia/Sydney'],
  ['Europe/London', 'Europe/London'],
  [null, 'Europe/London'],
  ['America/Los_Angeles', 'America/Los_Angeles'],
  ['Europe/Paris', 'Europe/Paris'],
];
const SERVER_ROLES: DeviceRole[] = ['file', 'file', 'sql', 'exchange', 'dc', 'vmware', 'hyperv'];

function devicesFor(random: Random, count: number, clientIndex: number, siteIndex: number): DeviceSpec[] {
  const devices: DeviceSpec[] = [];
  for (let i = 0; i < count; i++) {
    const server = random.chance(0.2);
    const roll = random.next();
    let reliability: DeviceSpec['reliability'] = 'troubled';
    if (roll < 0.8) {
      reliability = 'steady';
    } else if (roll < 0.95) {
      reliability = 'flaky';
    }
    const device: DeviceSpec = {
      name: `${server ? 'SRV' : 'WS'}-${clientIndex + 1}-${siteIndex + 1}-${String(i + 1).padStart(3, '0')}`,
      type: server ? 'server' : 'workstation',
      role: server ? random.pick(SERVER_ROLES) : random.chance(0.4) ? 'laptop' : 'desktop',
      backup: random.chance(0.88),
      reliability,
    };
    if (random.chance(0.01)) {
      device.stoppedDaysAgo = random.int(3, 40);
    } else if (random.chance(0.04)) {
      device.startedDaysAgo = random.int(5, 90);
    }
    devices.push(device);
  }
  return devices;
}

/** Builds the clients of a benchmark account. */
export function scaleCatalogue(random: Random, scale: ScaleOptions): ClientSpec[] {
  const clientCount = scale.clients ?? 200;
  const devicesPerClient = scale.devicesPerClient ?? 50;
  const clients: ClientSpec[] = [];
  for (let c = 0; c < clientCount; c++) {
    const [timeZone, deviceZone] = ZONES[c % ZONES.length]!;
    const siteCount = Math.min(5, Math.max(1, Math.round(devicesPerClient / 20)));
    const sites: SiteSpec[] = [];
    for (let s = 0; s < siteCount; s++) {
      const share = Math.floor(devicesPerClient / siteCount) + (s < devicesPerClient % siteCount ? 1 : 0);
      sites.push({
        id: String(100_000 + c * 10 + s),
        name: s === 0 ? 'Head Office' : `Branch ${s}`,
        connectionOk: random.chance(0.9),
        creationDate: '2022-01-10',
        primaryRouter: `192.0.2.${(c + s) % 250}`,
        devices: devicesFor(random, share, c, s),
      });
    }
    clients.push({
      id: String(60_000 + c),
      name: `${OWNERS[c % OWNERS.length]} ${TRADES[Math.floor(c / OWNERS.length) % TRADES.length]} ${FORMS[c % FORMS.length]}`,
      timeZone,
      deviceZone,
      serverMinute: random.int(0, 24 * 60 - 1),
      workstationMinute: random.int(9 * 60, 17 * 60),
      creationDate: '2022-01-10',
      storageAccountId: String(200 + (c % 40)),
      mobileDevices: random.int(0, 2),
      viewDashboard: random.chance(0.3),
      domain: `client${c + 1}.local`,
      sites,
    });
  }
  return clients;
}
