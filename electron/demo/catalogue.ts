// The demo MSP: seven customers of different sizes in different time zones. Names carry
// accents, `&` and `<`, one site name needs UTF-8, and one client has no time zone.

import type { DeviceType } from '../../shared/nsight.ts';
import type { Reliability } from './sessions.ts';

/** The job a device does, which decides its plugins and sizes. */
export type DeviceRole = 'file' | 'sql' | 'exchange' | 'vmware' | 'hyperv' | 'dc' | 'desktop' | 'laptop';

export interface DeviceSpec {
  name: string;
  type: DeviceType;
  role: DeviceRole;
  description?: string;
  username?: string;
  /** Backup & Recovery enabled; true unless set. */
  backup?: boolean;
  reliability?: Reliability;
  /** The last backup ran this many days before `now`. */
  stoppedDaysAgo?: number;
  /** Backups began this many days before `now` (a device added recently). */
  startedDaysAgo?: number;
  /** Every run failed for `days` days from this day of the month before `now`'s (UTC). */
  outage?: { dayOfPreviousMonth: number; days: number };
}

export interface SiteSpec {
  id: string;
  name: string;
  connectionOk: boolean;
  creationDate: string | null;
  primaryRouter: string | null;
  devices: DeviceSpec[];
}

export interface ClientSpec {
  id: string;
  name: string;
  /** The zone `list_clients` reports: null for a client set up without one. */
  timeZone: string | null;
  /** The zone the devices' schedules run in. */
  deviceZone: string;
  /** Local start of server and workstation backups, in minutes after midnight. */
  serverMinute: number;
  workstationMinute: number;
  creationDate: string | null;
  storageAccountId: string;
  mobileDevices: number;
  viewDashboard: boolean;
  domain: string;
  sites: SiteSpec[];
}

const at = (hours: number, minutes: number): number => hours * 60 + minutes;

/** The clients of the default demo account, in the order the generator numbers their devices. */
export const DEMO_CLIENTS: ClientSpec[] = [
  {
    id: '40211',
    name: 'Bäckerei Köhler GmbH',
    timeZone: 'Europe/Berlin',
    deviceZone: 'Europe/Berlin',
    serverMinute: at(0, 30),
    workstationMinute: at(12, 15),
    creationDate: '2019-03-04',
    storageAccountId: '139',
    mobileDevices: 0,
    viewDashboard: false,
    domain: 'koehler.local',
    sites: [
      {
        id: '88001',
        name: 'Hauptsitz München',
        connectionOk: true,
        creationDate: '2019-03-04',
        primaryRouter: '192.0.2.1',
        devices: [
          { name: 'SRV-FILE01', type: 'server', role: 'file', description: 'File & print server', username: 'KOEHLER\\administrator' },
          { name: 'SRV-SQL01', type: 'server', role: 'sql', description: 'Warenwirtschaft (SQL Server)', reliability: 'flaky' },
          { name: 'SRV-EXCH01', type: 'server', role: 'exchange', description: 'Exchange 2019', username: 'KOEHLER\\administrator' },
          { name: 'KASSE-01', type: 'workstation', role: 'desktop', description: 'Kasse vorne', username: 'KOEHLER\\j.weiß' },
          { name: 'BUERO-01', type: 'workstation', role: 'desktop', username: 'KOEHLER\\m.köhler' },
          { name: 'BUERO-03', type: 'workstation', role: 'desktop', backup: false },
          { name: 'BACKSTUBE-PC', type: 'workstation', role: 'desktop', description: 'Rezepte & Planung', reliability: 'flaky' },
        ],
      },
      {
        id: '88002',
        name: 'Filiale Ost',
        connectionOk: false,
        creationDate: null,
        primaryRouter: null,
        devices: [
          { name: 'BUERO-02', type: 'workstation', role: 'desktop', backup: false },
          { name: 'LAGER-PC', type: 'workstation', role: 'desktop', username: 'lager', reliability: 'troubled' },
          { name: 'KASSE-02', type: 'workstation', role: 'desktop' },
        ],
      },
      {
        id: '88003',
        name: 'Filiale Schwabing',
        connectionOk: true,
        creationDate: '2026-09-21',
        primaryRouter: '192.0.2.65',
        devices: [
          { name: 'KASSE-03', type: 'workstation', role: 'desktop', startedDaysAgo: 70 },
          { name: 'SRV-SCHWABING', type: 'server', role: 'file', description: 'Filialserver', startedDaysAgo: 70 },
        ],
      },
    ],
  },
  {
    id: '40212',
    name: 'Smith & Partners Ltd',
    timeZone: null,
    deviceZone: 'Europe/London',
    serverMinute: at(23, 50),
    workstationMinute: at(0, 10),
    creationDate: null,
    storageAccountId: '140',
    mobileDevices: 0,
    viewDashboard: true,
    domain: 'smithpartners.local',
    sites: [
      {
        id: '88010',
        name: 'Head Office',
        connectionOk: true,
        creationDate: '2020-06-15',
        primaryRouter: '192.0.2.129',
        devices: [
          { name: 'SMITH-DC01', type: 'server', role: 'dc', description: 'Domain controller' },
          { name: 'SMITH-FS01', type: 'server', role: 'file', description: 'Client files', reliability: 'troubled' },
          { name: 'SMITH-LT-01', type: 'workstation', role: 'laptop', username: 'SMITH\\a.smith' },
          { name: 'SMITH-LT-02', type: 'workstation', role: 'laptop', username: 'SMITH\\r.o\'neill' },
        ],
      },
    ],
  },
  {
    id: '40219',
    name: 'Harbour View Dental',
    timeZone: 'America/New_York',
    deviceZone: 'America/New_York',
    serverMinute: at(19, 30),
    workstationMinute: at(18, 0),
    creationDate: '2022-10-17',
    storageAccountId: '141',
    mobileDevices: 2,
    viewDashboard: false,
    domain: 'hvdental.local',
    sites: [
      {
        id: '88020',
        name: 'Main Street Clinic',
        connectionOk: true,
        creationDate: '2022-10-17',
        primaryRouter: '198.51.100.1',
        devices: [
          { name: 'HV-SRV01', type: 'server', role: 'sql', description: 'Practice management <SQL>' },
          { name: 'HV-ESX01', type: 'server', role: 'vmware', description: 'VMware host (imaging VMs)' },
          { name: 'FRONTDESK-1', type: 'workstation', role: 'desktop' },
          { name: 'FRONTDESK-2', type: 'workstation', role: 'desktop' },
          { name: 'OP-ROOM-1', type: 'workstation', role: 'desktop', backup: false },
          { name: 'OP-ROOM-2', type: 'workstation', role: 'desktop', backup: false },
        ],
      },
      {
        id: '88021',
        name: 'Bayside Office',
        connectionOk: true,
        creationDate: '2023-02-01',
        primaryRouter: '198.51.100.33',
        devices: [
          { name: 'BAY-SRV01', type: 'server', role: 'file', reliability: 'flaky' },
          { name: 'BAY-FRONT', type: 'workstation', role: 'desktop' },
        ],
      },
    ],
  },
  {
    id: '40230',
    name: 'Murray & Blake <Legal> Pty Ltd',
    timeZone: 'Australia/Sydney',
    deviceZone: 'Australia/Sydney',
    serverMinute: at(22, 0),
    workstationMinute: at(10, 30),
    creationDate: '2021-01-12',
    storageAccountId: '142',
    mobileDevices: 0,
    viewDashboard: true,
    domain: 'murrayblake.local',
    sites: [
      {
        id: '88030',
        name: 'Level 12, 1 Martin Place',
        connectionOk: true,
        creationDate: '2021-01-12',
        primaryRouter: '203.0.113.1',
        devices: [
          { name: 'MB-HV01', type: 'server', role: 'hyperv', description: 'Hyper-V host' },
          { name: 'MB-FS01', type: 'server', role: 'file', description: 'Matters & precedents', outage: { dayOfPreviousMonth: 10, days: 4 } },
          { name: 'MB-EXCH01', type: 'server', role: 'exchange' },
          { name: 'MB-PA-01', type: 'workstation', role: 'laptop' },
          { name: 'MB-PA-02', type: 'workstation', role: 'laptop' },
          { name: 'MB-RECEPTION', type: 'workstation', role: 'desktop', backup: false },
        ],
      },
    ],
  },
  {
    id: '40241',
    name: 'Sharma Textiles Pvt. Ltd.',
    timeZone: 'Asia/Kolkata',
    deviceZone: 'Asia/Kolkata',
    serverMinute: at(5, 15),
    workstationMinute: at(13, 0),
    creationDate: '2023-07-03',
    storageAccountId: '143',
    mobileDevices: 0,
    viewDashboard: false,
    domain: 'sharmatex.local',
    sites: [
      {
        id: '88040',
        name: 'Mumbai HQ',
        connectionOk: true,
        creationDate: '2023-07-03',
        primaryRouter: '203.0.113.65',
        devices: [
          { name: 'SRV-TALLY', type: 'server', role: 'sql', description: 'Tally & GST', stoppedDaysAgo: 26 },
          { name: 'SRV-FILES', type: 'server', role: 'file' },
          { name: 'SRV-DC01', type: 'server', role: 'dc' },
          { name: 'ACCTS-01', type: 'workstation', role: 'desktop' },
          { name: 'ACCTS-02', type: 'workstation', role: 'desktop' },
          { name: 'ACCTS-03', type: 'workstation', role: 'desktop', reliability: 'flaky' },
        ],
      },
      {
        id: '88041',
        name: 'Pune Warehouse',
        connectionOk: true,
        creationDate: '2024-01-08',
        primaryRouter: '203.0.113.97',
        devices: [
          { name: 'PUNE-SRV', type: 'server', role: 'file', reliability: 'flaky' },
          { name: 'PUNE-WH-01', type: 'workstation', role: 'desktop' },
          { name: 'PUNE-WH-02', type: 'workstation', role: 'desktop', backup: false },
        ],
      },
    ],
  },
  {
    id: '40250',
    name: 'Kowalski Transport Sp. z o.o.',
    timeZone: 'Europe/Warsaw',
    deviceZone: 'Europe/Warsaw',
    serverMinute: at(1, 0),
    workstationMinute: at(14, 0),
    creationDate: '2024-04-22',
    storageAccountId: '144',
    mobileDevices: 1,
    viewDashboard: false,
    domain: 'kowalski.local',
    sites: [
      {
        id: '88050',
        name: 'Magazyn Łódź',
        connectionOk: true,
        creationDate: '2024-04-22',
        primaryRouter: '192.0.2.193',
        devices: [
          { name: 'KT-SRV01', type: 'server', role: 'vmware', description: 'Serwer główny' },
          { name: 'KT-BIURO-01', type: 'workstation', role: 'desktop' },
          { name: 'KT-BIURO-02', type: 'workstation', role: 'desktop' },
          { name: 'KT-DYSPOZYTOR', type: 'workstation', role: 'laptop', description: 'Dyspozytor zmiana nocna' },
        ],
      },
    ],
  },
  {
    id: '40260',
    name: 'Café Lumière SARL',
    timeZone: 'Europe/Paris',
    deviceZone: 'Europe/Paris',
    serverMinute: at(23, 0),
    workstationMinute: at(12, 0),
    creationDate: '2026-11-02',
    storageAccountId: '145',
    mobileDevices: 0,
    viewDashboard: false,
    domain: 'cafelumiere.local',
    sites: [
      {
        id: '88060',
        name: 'Rue de la Roquette',
        connectionOk: false,
        creationDate: '2026-11-02',
        primaryRouter: null,
        devices: [],
      },
    ],
  },
];
