// The Backup & Recovery history of one simulated device: one session per plugin on each day
// it ran, with failures, same-day retries, warnings, restores and selections that grow.
//
// Each day's sessions, their ids and their sizes depend only on the device and the calendar
// day, not on the span generated. So an account generated for a later `now` repeats the sessions
// of an earlier one unchanged and a cache can merge both. The exceptions are devices whose start,
// stop or outage the catalogue sets relative to `now`.

import type { BackupSession, DeviceType } from '../../shared/nsight.ts';
import { mixSeed, type Random } from './random.ts';
import { localMidnightMs as localMidnightOf } from './zones.ts';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const GB = 1_073_741_824;
/** Day on which every plugin has its planned selection size; sizes grow before and after. */
const SIZE_ANCHOR_DAY = Date.UTC(2026, 0, 1) / DAY_MS;
/** Day subtracted from day numbers in session ids, so ids stay positive from 1997 on. */
const ID_EPOCH_DAY = 10_000;
/** Session id slots per device and day: at most 3 plugins, each with a retry, and a restore. */
const SLOTS_PER_DAY = 16;

/** How often a device's backups go wrong. */
export type Reliability = 'steady' | 'flaky' | 'troubled';

/** One data source that a device backs up every day. */
export interface PluginPlan {
  plugin: string;
  /** Selection size in bytes on 1 January 2026. */
  selectionBytes: number;
  selectionItems: number;
  /** Mean relative growth of the selection per day, for example 0.001 for 0.1 %. */
  dailyGrowth: number;
  /** Share of the selection that changes, and is transferred, per day. */
  dailyChange: number;
  /** Minutes after the device's scheduled start at which this plugin starts. */
  offsetMinutes: number;
}

/** The shape of one device's history: schedule, plugins, reliability and time span. */
export interface SessionPlan {
  deviceId: string;
  type: DeviceType;
  /** IANA zone the device's backup schedule runs in. */
  zone: string;
  /** Scheduled start in local minutes after midnight. */
  scheduleMinute: number;
  plugins: PluginPlan[];
  reliability: Reliability;
  storageAccountId: string;
  /** Seed of the device: each day's random choices are drawn from it and the day. */
  seed: number;
  /** Session ids of this device are `idBase` plus a number made of the day and a slot. */
  idBase: number;
  /** Backups began inside the generated span, so the first run of each plugin is a full backup. */
  newDevice: boolean;
  /** Start of the first UTC calendar day with sessions, in ms. */
  firstDayMs: number;
  /** Start of the last UTC calendar day with sessions, in ms. */
  lastDayMs: number;
  /** Days on which every run fails (a full disk, a broken agent), from the start of a UTC day. */
  outage?: { fromDayMs: number; days: number };
  /** Mean number of days between two restores; 0 for none. */
  restoreEveryDays: number;
}

/** Cumulative probabilities of each status of a scheduled run. */
const STATUS_TABLES: Record<Reliability, [string, number][]> = {
  steady: [
    ['COMPLETED_WITH_ERRORS', 0.025],
    ['FAILED', 0.035],
    ['INTERRUPTED', 0.04],
    ['NOT_STARTED', 0.043],
    ['CANCELED', 0.045],
  ],
  flaky: [
    ['COMPLETED_WITH_ERRORS', 0.07],
    ['FAILED', 0.13],
    ['INTERRUPTED', 0.16],
    ['NOT_STARTED', 0.175],
    ['CANCELED', 0.18],
  ],
  troubled: [
    ['COMPLETED_WITH_ERRORS', 0.25],
    ['FAILED', 0.35],
    ['INTERRUPTED', 0.38],
    ['NOT_STARTED', 0.4],
  ],
};

function pickStatus(random: Random, reliability: Reliability): string {
  const roll = random.next();
  for (const [status, limit] of STATUS_TABLES[reliability]) {
    if (roll < limit) {
      return status;
    }
  }
  return 'COMPLETED';
}

/** The state of one plugin across days. */
interface PluginState {
  plan: PluginPlan;
  /** Seed of the plugin's day-to-day size noise. */
  noiseSeed: number;
  fullDone: boolean;
}

/** Computes a plugin's selection on one day: steady growth from the anchor day, up to 0.3 % noise. */
function selectionOn(state: PluginState, day: number): { bytes: number; items: number } {
  const noise = (mixSeed(state.noiseSeed, day) / 4294967296 - 0.5) * 0.006;
  const growth = (1 + state.plan.dailyGrowth) ** (day - SIZE_ANCHOR_DAY);
  return {
    bytes: Math.round(state.plan.selectionBytes * growth * (1 + noise)),
    items: Math.max(1, Math.round(state.plan.selectionItems * growth * (1 + noise / 2))),
  };
}

interface Run {
  id: string;
  type: string;
  plugin: string;
  startMs: number;
  status: string;
}

function buildSession(plan: SessionPlan, state: PluginState, run: Run, day: number, random: Random): BackupSession {
  const status = run.status;
  const today = selectionOn(state, day);
  const yesterday = selectionOn(state, day - 1);
  const selection = today.bytes;
  const items = today.items;
  let processed = selection;
  let processedItems = items;
  let transferred = state.fullDone
    ? Math.round(selection * state.plan.dailyChange * random.between(0.3, 1.7))
    : Math.round(selection * random.between(0.45, 0.7));
  let errors = 0;
  let selectionSize = selection;
  let selectionItems = items;

  if (status === 'COMPLETED_WITH_ERRORS') {
    errors = random.int(1, 40);
    processedItems = Math.max(0, items - errors);
  } else if (status === 'FAILED') {
    // Failed runs report zeros, so a report must not take their selection as the protected data.
    selectionSize = 0;
    selectionItems = 0;
    processed = 0;
    processedItems = 0;
    transferred = 0;
    errors = random.int(1, 4);
  } else if (status === 'NOT_STARTED') {
    processed = 0;
    processedItems = 0;
    transferred = 0;
  } else if (status === 'INTERRUPTED' || status === 'CANCELED') {
    const share = random.between(0.05, 0.9);
    processed = Math.round(selection * share);
    processedItems = Math.round(items * share);
    transferred = Math.round(transferred * share);
    errors = status === 'INTERRUPTED' ? random.int(0, 1) : 0;
  }

  // NOTE: changes are measured against the previous day's selection even when that day had no
  // successful run, so they can be smaller than the API's change against the previous session.
  const readsSelection = selectionSize > 0;
  const sizeChange = readsSelection ? Math.abs(selection - yesterday.bytes) : 0;
  const itemChange = readsSelection ? Math.abs(items - yesterday.items) : 0;
  const removed = readsSelection && items < yesterday.items ? yesterday.items - items : 0;
  if (status === 'COMPLETED' || status === 'COMPLETED_WITH_ERRORS') {
    state.fullDone = true;
  }

  let seconds: number;
  if (status === 'NOT_STARTED') {
    seconds = random.int(0, 20);
  } else if (status === 'FAILED') {
    seconds = random.int(15, 900);
  } else {
    const scanSeconds = processed / (random.between(0.5, 2) * GB);
    const sendSeconds = transferred / random.between(4_000_000, 40_000_000);
    seconds = 30 + Math.round(scanSeconds + sendSeconds);
  }

  return {
    id: run.id,
    deviceId: plan.deviceId,
    type: run.type,
    storageAccountId: plan.storageAccountId,
    plugin: run.plugin,
    start: new Date(run.startMs),
    end: new Date(run.startMs + seconds * 1000),
    selectionSize,
    selectionItemCount: selectionItems,
    sizeChange,
    itemCountChange: itemChange,
    removedItemCount: removed,
    processedSize: processed,
    processedItemCount: processedItems,
    transferredSize: transferred,
    errorCount: errors,
    status,
  };
}

function buildRestore(plan: SessionPlan, id: string, startMs: number, random: Random): BackupSession {
  const size = Math.round(random.between(0.2, 6000) * 1_048_576);
  const items = random.int(1, 900);
  const status = random.chance(0.9) ? 'COMPLETED' : random.pick(['FAILED', 'COMPLETED_WITH_ERRORS']);
  const failed = status === 'FAILED';
  const seconds = 20 + Math.round(size / random.between(5_000_000, 30_000_000));
  return {
    id,
    deviceId: plan.deviceId,
    type: 'RESTORE',
    storageAccountId: plan.storageAccountId,
    plugin: plan.plugins[0]?.plugin ?? 'FILE_SYSTEM',
    start: new Date(startMs),
    end: new Date(startMs + seconds * 1000),
    selectionSize: size,
    selectionItemCount: items,
    sizeChange: 0,
    itemCountChange: 0,
    removedItemCount: 0,
    processedSize: failed ? 0 : size,
    processedItemCount: failed ? 0 : items,
    transferredSize: failed ? 0 : size,
    errorCount: status === 'COMPLETED' ? 0 : random.int(1, 6),
    status,
  };
}

/** Generates the sessions of one device that ended by `asOfMs`, oldest first. */
export function generateSessions(plan: SessionPlan, random: Random, asOfMs: number): BackupSession[] {
  const states: PluginState[] = plan.plugins.map((plugin, index) => ({
    plan: plugin,
    noiseSeed: mixSeed(plan.seed, 1_000_000 + index),
    fullDone: !plan.newDevice,
  }));
  const drafts: BackupSession[] = [];
  const outageStart = plan.outage?.fromDayMs ?? Infinity;
  const outageEnd = plan.outage === undefined ? -Infinity : outageStart + plan.outage.days * DAY_MS;
  const restoreChance = plan.restoreEveryDays > 0 ? 1 / plan.restoreEveryDays : 0;

  for (let dayMs = plan.firstDayMs; dayMs <= plan.lastDayMs; dayMs += DAY_MS) {
    const day = Math.round(dayMs / DAY_MS);
    random.reseed(mixSeed(plan.seed, day));
    let slot = 0;
    const nextId = (): string => String(plan.idBase + (day - ID_EPOCH_DAY) * SLOTS_PER_DAY + slot++);

    // Workstations are often switched off at weekends and now and then on a weekday.
    if (plan.type === 'workstation') {
      const weekday = new Date(dayMs).getUTCDay();
      const weekend = weekday === 0 || weekday === 6;
      if (random.chance(weekend ? 0.6 : 0.04)) {
        continue;
      }
    }

    // NOTE: schedule minutes count from local midnight, so on a DST change day a run set for
    // after the change starts one hour early or late in local time.
    const localMidnightMs = localMidnightOf(plan.zone, dayMs);
    const inOutage = dayMs >= outageStart && dayMs < outageEnd;
    for (const state of states) {
      const jitterSeconds = random.int(0, 240);
      const startMs =
        localMidnightMs + (plan.scheduleMinute + state.plan.offsetMinutes) * MINUTE_MS + jitterSeconds * 1000;
      const status = inOutage ? 'FAILED' : pickStatus(random, plan.reliability);
      const run: Run = { id: nextId(), type: 'BACKUP', plugin: state.plan.plugin, startMs, status };
      const session = buildSession(plan, state, run, day, random);
      drafts.push(session);

      // A technician or the retry schedule runs a failed backup again later the same day.
      const failed = status === 'FAILED' || status === 'INTERRUPTED' || status === 'NOT_STARTED';
      if (failed && !inOutage && random.chance(0.6)) {
        const retryMs = session.end!.getTime() + random.int(45, 300) * MINUTE_MS + random.int(0, 59) * 1000;
        const retryStatus = random.chance(0.85) ? 'COMPLETED' : pickStatus(random, 'troubled');
        const retry: Run = { id: nextId(), type: 'BACKUP', plugin: state.plan.plugin, startMs: retryMs, status: retryStatus };
        drafts.push(buildSession(plan, state, retry, day, random));
      }
    }

    if (restoreChance > 0 && random.chance(restoreChance)) {
      const startMs = localMidnightMs + random.int(9 * 60, 16 * 60) * MINUTE_MS + random.int(0, 59) * 1000;
      drafts.push(buildRestore(plan, nextId(), startMs, random));
    }
  }

  drafts.sort((a, b) => a.start.getTime() - b.start.getTime());
  return drafts.filter((session) => session.end !== null && session.end.getTime() <= asOfMs);
}
