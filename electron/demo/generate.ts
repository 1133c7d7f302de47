// Generates the demo account: the default believable MSP, or a large one for benchmarks.
// The same options always give the same account, because every random choice comes from a
// seeded generator and every time is derived from `now`.

import type { BackupSession, CheckCount, Client, Device, DeviceDetails } from '../../shared/nsight.ts';
import type { SimAccount, SimSite } from './account.ts';
import { DEMO_CLIENTS, type ClientSpec, type DeviceSpec } from './catalogue.ts';
import { createRandom, mixSeed, type Random } from './random.ts';
import { detailsFor, pluginsFor } from './roles.ts';
import { scaleCatalogue, type ScaleOptions } from './scale.ts';
import { generateSessions, type PluginPlan, type SessionPlan } from './sessions.ts';

export type { ScaleOptions } from './scale.ts';

const DAY_MS = 86_400_000;
const DEFAULT_SEED = 20_261_204;
const FIRST_DEVICE_ID = 1_500_301;
const FIRST_SESSION_ID = 1_000_000_000;
/** Session ids per device: room for 60,000 days of 16 sessions. */
const SESSION_IDS_PER_DEVICE = 1_000_000;

export interface GenerateOptions {
  /** The present of the account: sessions run up to it, and the history reaches 13 months back. */
  now: Date;
  seed?: number;
  /** Generates a large account for benchmarks instead of the demo MSP. */
  scale?: ScaleOptions;
}

/** A device with what it needs before its sessions are generated. */
interface PlannedDevice {
  device: Device;
  spec: DeviceSpec;
  client: ClientSpec;
  random: Random;
  seed: number;
  plugins: PluginPlan[];
}

function checkCounts(random: Random, device: Device): CheckCount[] {
  const counts: CheckCount[] = [{ dsc247: 1, pass: random.int(4, 14), clear: 0, fail: device.status === 'Failed' ? random.int(1, 3) : 0 }];
  if (device.type === 'server') {
    counts.push({ dsc247: 2, pass: random.int(2, 6), clear: 0, fail: random.chance(0.2) ? 1 : 0 });
  }
  return counts;
}

function planDevices(clients: ClientSpec[], seed: number): PlannedDevice[] {
  const planned: PlannedDevice[] = [];
  for (const client of clients) {
    for (const site of client.sites) {
      for (const spec of site.devices) {
        const index = planned.length;
        const deviceSeed = mixSeed(seed, index);
        const random = createRandom(deviceSeed);
        const backupEnabled = spec.backup ?? true;
        const device: Device = {
          id: String(FIRST_DEVICE_ID + index),
          type: spec.type,
          name: spec.name,
          clientId: client.id,
          clientName: client.name,
          siteId: site.id,
          siteName: site.name,
          username: spec.username ?? null,
          description: spec.description ?? null,
          status: spec.reliability === 'troubled' ? 'Failed' : 'Ok',
          checkCounts: [],
          takeControl: random.chance(0.9),
          patch: random.chance(0.8),
          mav: random.chance(0.85),
          backupEnabled,
          systray: random.chance(0.6),
          mavbreck: false,
        };
        device.checkCounts = checkCounts(random, device);
        const plugins = backupEnabled ? pluginsFor(spec.role, random) : [];
        planned.push({ device, spec, client, random, seed: deviceSeed, plugins });
      }
    }
  }
  return planned;
}

/** Estimates the sessions per day of the planned devices, to size a benchmark by session count. */
function expectedSessionsPerDay(planned: PlannedDevice[]): number {
  let total = 0;
  for (const { device, plugins } of planned) {
    // Workstations skip most weekend days and a few weekdays; failed runs add retries.
    total += plugins.length * (device.type === 'workstation' ? 0.8 : 1) * 1.04;
  }
  return total;
}

function buildClients(specs: ClientSpec[], devices: Device[]): Client[] {
  return specs.map((spec) => {
    const own = devices.filter((device) => device.clientId === spec.id);
    const servers = own.filter((device) => device.type === 'server').length;
    const workstations = own.length - servers;
    return {
      id: spec.id,
      name: spec.name,
      viewDashboard: spec.viewDashboard,
      viewWorkstationAssets: false,
      dashboardUsername: null,
      timeZone: spec.timeZone,
      creationDate: spec.creationDate,
      serverCount: servers,
      workstationCount: workstations,
      mobileDeviceCount: spec.mobileDevices,
      deviceCount: servers + workstations + spec.mobileDevices,
    };
  });
}

function buildSites(specs: ClientSpec[]): SimSite[] {
  return specs.flatMap((client) =>
    client.sites.map((site) => ({
      id: site.id,
      clientId: client.id,
      name: site.name,
      connectionOk: site.connectionOk,
      creationDate: site.creationDate,
      primaryRouter: site.primaryRouter,
      secondaryRouter: null,
    })),
  );
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Generates a simulated account; see `GenerateOptions`. */
export function generateDemoAccount(options: GenerateOptions): SimAccount {
  const seed = options.seed ?? DEFAULT_SEED;
  const asOfMs = Math.floor(options.now.getTime() / 1000) * 1000;
  if (!Number.isFinite(asOfMs)) {
    throw new RangeError('Cannot generate a demo account: `now` is not a valid date.');
  }
  const specs = options.scale === undefined ? DEMO_CLIENTS : scaleCatalogue(createRandom(seed), options.scale);
  const planned = planDevices(specs, seed);

  const todayMs = Math.floor(asOfMs / DAY_MS) * DAY_MS;
  const asOf = new Date(asOfMs);
  let firstDayMs = Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth() - 13, 1);
  if (options.scale !== undefined) {
    const target = options.scale.sessions;
    const days =
      options.scale.days ?? (target === undefined ? 30 : Math.max(1, Math.ceil(target / Math.max(1, expectedSessionsPerDay(planned)))));
    firstDayMs = todayMs - (days - 1) * DAY_MS;
  }

  if (firstDayMs < Date.UTC(2000, 0, 1)) {
    throw new RangeError(`Cannot generate a demo account for ${asOf.toISOString()}: the history must start in 2000 or later.`);
  }
  const sessions = new Map<string, BackupSession[]>();
  const details: DeviceDetails[] = [];

  const dayRandom = createRandom(0);
  for (const [index, { device, spec, client, random, seed: deviceSeed, plugins }] of planned.entries()) {
    const startedMs = spec.startedDaysAgo === undefined ? firstDayMs : Math.max(firstDayMs, todayMs - spec.startedDaysAgo * DAY_MS);
    const lastDayMs = spec.stoppedDaysAgo === undefined ? todayMs : todayMs - spec.stoppedDaysAgo * DAY_MS;
    const installDate = spec.startedDaysAgo === undefined ? client.creationDate : isoDate(startedMs);
    details.push(
      detailsFor(
        { id: device.id, type: device.type, role: spec.role, name: device.name, description: device.description, user: device.username, domain: client.domain, index, asOfMs, installDate },
        random,
      ),
    );
    if (!device.backupEnabled) {
      continue;
    }

    const plan: SessionPlan = {
      deviceId: device.id,
      type: device.type,
      zone: client.deviceZone,
      scheduleMinute: device.type === 'server' ? client.serverMinute : client.workstationMinute,
      plugins,
      reliability: spec.reliability ?? 'steady',
      storageAccountId: client.storageAccountId,
      seed: deviceSeed,
      idBase: FIRST_SESSION_ID + index * SESSION_IDS_PER_DEVICE,
      newDevice: startedMs > firstDayMs,
      firstDayMs: startedMs,
      lastDayMs,
      restoreEveryDays: device.type === 'server' ? 45 : 150,
    };
    if (spec.outage !== undefined) {
      const fromDayMs = Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth() - 1, spec.outage.dayOfPreviousMonth);
      plan.outage = { fromDayMs, days: spec.outage.days };
    }
    sessions.set(device.id, generateSessions(plan, dayRandom, asOfMs));
  }

  const devices = planned.map((entry) => entry.device);
  return { asOf, clients: buildClients(specs, devices), sites: buildSites(specs), devices, details, sessions };
}
