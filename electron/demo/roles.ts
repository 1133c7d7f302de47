// Plugins, selection sizes and inventory fields for each kind of simulated device.

import type { DeviceDetails, DeviceType } from '../../shared/nsight.ts';
import type { DeviceRole } from './catalogue.ts';
import type { Random } from './random.ts';
import type { PluginPlan } from './sessions.ts';

const GB = 1_073_741_824;

function plugin(
  random: Random,
  name: string,
  gbRange: [number, number],
  itemsPerGb: number,
  offsetMinutes: number,
  dailyChange: number,
): PluginPlan {
  const bytes = Math.round(random.between(gbRange[0], gbRange[1]) * GB);
  return {
    plugin: name,
    selectionBytes: bytes,
    selectionItems: Math.max(1, Math.round((bytes / GB) * itemsPerGb * random.between(0.6, 1.4))),
    dailyGrowth: random.between(0.0004, 0.0015),
    dailyChange: dailyChange * random.between(0.5, 1.5),
    offsetMinutes,
  };
}

/** Returns the plugins a device of `role` backs up, with sizes on the first day of its history. */
export function pluginsFor(role: DeviceRole, random: Random): PluginPlan[] {
  const systemState = (offset: number): PluginPlan => plugin(random, 'SYSTEM_STATE', [18, 40], 4000, offset, 0.004);
  switch (role) {
    case 'file':
      return [plugin(random, 'FILE_SYSTEM', [150, 1400], 3000, 0, 0.006), systemState(45)];
    case 'sql':
      return [plugin(random, 'FILE_SYSTEM', [40, 120], 2500, 0, 0.005), plugin(random, 'MSSQL', [20, 300], 0.4, -60, 0.03), systemState(50)];
    case 'exchange':
      return [plugin(random, 'FILE_SYSTEM', [30, 80], 2500, 0, 0.004), plugin(random, 'EXCHANGE', [120, 600], 600, 30, 0.02), systemState(75)];
    case 'vmware':
      return [plugin(random, 'VMWARE', [900, 3500], 0.02, 0, 0.01), plugin(random, 'FILE_SYSTEM', [10, 40], 2000, 90, 0.003)];
    case 'hyperv':
      // The backup engine supports HYPER_V, but the API documentation does not list it.
      return [plugin(random, 'HYPER_V', [500, 2500], 0.01, 0, 0.01), systemState(120)];
    case 'dc':
      return [plugin(random, 'FILE_SYSTEM', [8, 30], 3000, 0, 0.003), systemState(20)];
    case 'desktop':
      return random.chance(0.4)
        ? [plugin(random, 'FILE_SYSTEM', [5, 90], 4000, 0, 0.01), systemState(30)]
        : [plugin(random, 'FILE_SYSTEM', [5, 90], 4000, 0, 0.01)];
    case 'laptop':
      return [plugin(random, 'FILE_SYSTEM', [10, 200], 5000, 0, 0.012)];
  }
}

const SERVER_OS = ['Microsoft Windows Server 2022 Standard', 'Microsoft Windows Server 2019 Standard', 'Microsoft Windows Server 2016 Standard'];
const WORKSTATION_OS = ['Microsoft Windows 11 Pro', 'Microsoft Windows 10 Pro', 'Microsoft Windows 11 Enterprise'];
const SERVER_HARDWARE: [string, string][] = [['Dell Inc.', 'PowerEdge T150'], ['Dell Inc.', 'PowerEdge R650'], ['HPE', 'ProLiant ML110 Gen10'], ['Lenovo', 'ThinkSystem ST250']];
const DESKTOP_HARDWARE: [string, string][] = [['Dell Inc.', 'OptiPlex 7010'], ['HP', 'EliteDesk 800 G6'], ['Lenovo', 'ThinkCentre M70q']];
const LAPTOP_HARDWARE: [string, string][] = [['Lenovo', 'ThinkPad T14 Gen 3'], ['Dell Inc.', 'Latitude 5440'], ['HP', 'EliteBook 840 G9']];

function hex(random: Random, digits: number): string {
  let text = '';
  for (let i = 0; i < digits; i++) {
    text += Math.floor(random.next() * 16).toString(16);
  }
  return text;
}

export interface DetailsInput {
  id: string;
  type: DeviceType;
  role: DeviceRole;
  name: string;
  description: string | null;
  user: string | null;
  domain: string;
  /** Index of the device in the account, for distinct addresses. */
  index: number;
  asOfMs: number;
  installDate: string | null;
}

/** Returns the `list_servers` / `list_workstations` inventory of one device. */
export function detailsFor(input: DetailsInput, random: Random): DeviceDetails {
  let hardware = DESKTOP_HARDWARE;
  if (input.type === 'server') {
    hardware = SERVER_HARDWARE;
  } else if (input.role === 'laptop') {
    hardware = LAPTOP_HARDWARE;
  }
  const [manufacturer, model] = random.pick(hardware);
  const bootKnown = random.chance(0.9);
  const scanKnown = random.chance(0.92);
  const bootMs = input.asOfMs - random.int(1, 40 * 24) * 3_600_000;
  const scanMs = input.asOfMs - random.int(1, 30) * 3_600_000;
  const major = random.pick(['10_13', '10_12', '10_14']);
  return {
    id: input.id,
    type: input.type,
    name: input.name,
    description: input.description,
    guid: `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-8${hex(random, 3)}-${hex(random, 12)}`,
    os: random.pick(input.type === 'server' ? SERVER_OS : WORKSTATION_OS),
    osDetails: null,
    user: input.user,
    domain: input.domain,
    manufacturer,
    model,
    ip: `10.${(input.index >> 8) & 255}.${input.index & 255}.${random.int(10, 250)}`,
    externalIp: `198.51.100.${random.int(1, 254)}`,
    online: random.chance(0.85),
    installDate: input.installDate,
    lastBootTime: bootKnown ? new Date(Math.floor(bootMs / 1000) * 1000) : null,
    lastScanTime: scanKnown ? new Date(Math.floor(scanMs / 1000) * 1000) : null,
    agentVersion: `${major}_${random.int(0, 9)}`,
    assetId: String(2_000_000 + input.index),
    deviceSerial: hex(random, 10).toUpperCase(),
  };
}
