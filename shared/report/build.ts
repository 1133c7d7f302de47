// Builds the report model of one client and month from cached devices and sessions. Pure:
// the same input, settings and clock give the same model.

import type { BackupSession } from '../nsight.ts';
import { ruleTexts } from './format.ts';
import {
  addCounts,
  compareIds,
  compareSessions,
  countedOutcome,
  laterSession,
  orderStatusCounts,
  percentage,
  sessionOutcome,
  worseDayStatus,
} from './outcome.ts';
import { dayIndexOf, isValidTimeZone, monthDays, parseMonth, type LocalDay } from './time.ts';
import type {
  AttentionItem,
  CountedOutcome,
  DayStatus,
  ExcludedDevice,
  ReportDevice,
  ReportInput,
  ReportInputDevice,
  ReportModel,
  ReportPlugin,
  ReportSession,
  ReportSettings,
  ReportTotals,
} from './types.ts';

const MS_PER_DAY = 86_400_000;

interface PluginFigures {
  plugin: string;
  sessions: number;
  successes: number;
  statusCounts: Map<string, number>;
  transferred: number;
  errors: number;
  restores: number;
  lastSuccess: BackupSession | null;
  /** Latest success-or-warning backup started before the month end, and before its start. */
  selection: BackupSession | null;
  previousSelection: BackupSession | null;
  /** Last backup session started on each local day of the month. */
  lastOfDay: (BackupSession | undefined)[];
}

interface DeviceFigures {
  device: ReportInputDevice;
  plugins: Map<string, PluginFigures>;
  monthSessions: BackupSession[];
  sessionIds: Set<string>;
}

interface Period {
  days: LocalDay[];
  startMs: number;
  endMs: number;
  cweIsSuccess: boolean;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function compareDevices(a: ReportInputDevice, b: ReportInputDevice): number {
  return collator.compare(a.siteName, b.siteName) || collator.compare(a.name, b.name) || collator.compare(a.id, b.id);
}

function emptyPlugin(plugin: string, dayCount: number): PluginFigures {
  return {
    plugin,
    sessions: 0,
    successes: 0,
    statusCounts: new Map(),
    transferred: 0,
    errors: 0,
    restores: 0,
    lastSuccess: null,
    selection: null,
    previousSelection: null,
    lastOfDay: new Array<BackupSession | undefined>(dayCount),
  };
}

function validate(input: ReportInput, settings: ReportSettings): void {
  parseMonth(input.month);
  if (!isValidTimeZone(input.timeZone)) {
    throw new RangeError(`Invalid time zone "${input.timeZone}": use an IANA zone name such as Europe/Berlin.`);
  }
  const threshold = settings.atRiskThresholdDays;
  if (!Number.isInteger(threshold) || threshold < 0) {
    throw new RangeError(`Invalid at-risk threshold ${threshold}: use a whole number of days, 0 or more.`);
  }
}

/** Adds one session to its device's figures; sessions starting at or after the month end are ignored. */
function addSession(figures: DeviceFigures, session: BackupSession, period: Period): void {
  const startMs = session.start.getTime();
  if (!(startMs < period.endMs)) return;
  const inMonth = startMs >= period.startMs;
  const isBackup = session.type === 'BACKUP';
  const outcome = sessionOutcome(session.status);
  const protectsData = isBackup && (outcome === 'success' || outcome === 'warning');
  // Earlier sessions matter only as successes or warnings, so only those add a plugin row.
  if (!inMonth && !protectsData) return;

  let plugin = figures.plugins.get(session.plugin);
  if (!plugin) {
    plugin = emptyPlugin(session.plugin, period.days.length);
    figures.plugins.set(session.plugin, plugin);
  }

  if (inMonth) figures.monthSessions.push(session);
  if (!isBackup) {
    if (inMonth && session.type === 'RESTORE') plugin.restores += 1;
    return;
  }

  const counted = countedOutcome(session.status, period.cweIsSuccess);
  if (counted === 'success') plugin.lastSuccess = laterSession(plugin.lastSuccess, session);
  if (protectsData) {
    plugin.selection = laterSession(plugin.selection, session);
    if (!inMonth) plugin.previousSelection = laterSession(plugin.previousSelection, session);
  }
  if (!inMonth) return;

  plugin.sessions += 1;
  if (counted === 'success') plugin.successes += 1;
  plugin.statusCounts.set(session.status, (plugin.statusCounts.get(session.status) ?? 0) + 1);
  plugin.transferred += session.transferredSize;
  plugin.errors += session.errorCount;

  const day = dayIndexOf(period.days, startMs);
  const previous = plugin.lastOfDay[day];
  if (previous === undefined || compareSessions(session, previous) > 0) plugin.lastOfDay[day] = session;
}

function sumOrNull(values: (number | null)[]): number | null {
  let sum: number | null = null;
  for (const value of values) if (value !== null) sum = (sum ?? 0) + value;
  return sum;
}

function signedChange(current: number | null, previous: number | null): number | null {
  return previous === null ? null : (current ?? 0) - previous;
}

function pluginModel(plugin: PluginFigures): ReportPlugin {
  const selectionSizeBytes = plugin.selection?.selectionSize ?? null;
  const previousSelectionSizeBytes = plugin.previousSelection?.selectionSize ?? null;
  const lastSuccess = plugin.lastSuccess;
  return {
    plugin: plugin.plugin,
    sessions: plugin.sessions,
    statusCounts: orderStatusCounts(plugin.statusCounts),
    successRate: percentage(plugin.successes, plugin.sessions),
    lastSuccess: lastSuccess ? (lastSuccess.end ?? lastSuccess.start).toISOString() : null,
    selectionSizeBytes,
    previousSelectionSizeBytes,
    selectionSizeChangeBytes: signedChange(selectionSizeBytes, previousSelectionSizeBytes),
    transferredBytes: plugin.transferred,
    errorCount: plugin.errors,
    restores: plugin.restores,
  };
}

function dayStatuses(plugins: PluginFigures[], period: Period): DayStatus[] {
  return period.days.map((_, index) => {
    let status: DayStatus = 'none';
    for (const plugin of plugins) {
      const last = plugin.lastOfDay[index];
      if (last) status = worseDayStatus(status, countedOutcome(last.status, period.cweIsSuccess));
    }
    return status;
  });
}

function deviceModel(figures: DeviceFigures, period: Period, settings: ReportSettings, nowMs: number): ReportDevice {
  const { device } = figures;
  const pluginFigures = [...figures.plugins.values()].sort((a, b) => collator.compare(a.plugin, b.plugin));
  const plugins = pluginFigures.map(pluginModel);

  const statusCounts = new Map<string, number>();
  for (const plugin of pluginFigures) addCounts(statusCounts, plugin.statusCounts);
  const sessions = plugins.reduce((sum, plugin) => sum + plugin.sessions, 0);
  const successes = pluginFigures.reduce((sum, plugin) => sum + plugin.successes, 0);

  const statuses = dayStatuses(pluginFigures, period);
  const daysWithSuccess = statuses.filter((status) => status === 'success').length;
  const syncedMs = device.lastSyncedAt ? Math.min(device.lastSyncedAt.getTime(), nowMs) : null;
  const daysElapsed = syncedMs === null ? 0 : period.days.filter((day) => day.start.getTime() < syncedMs).length;

  const lastSuccessMs = plugins.reduce<number | null>((latest, plugin) => {
    if (plugin.lastSuccess === null) return latest;
    const ms = Date.parse(plugin.lastSuccess);
    return latest === null || ms > latest ? ms : latest;
  }, null);
  const referenceMs = Math.min(period.endMs, syncedMs ?? period.endMs, nowMs);
  const daysSinceLastSuccess =
    lastSuccessMs === null ? null : Math.max(0, Math.floor((referenceMs - lastSuccessMs) / MS_PER_DAY));

  const selectionSizeBytes = sumOrNull(plugins.map((plugin) => plugin.selectionSizeBytes));
  const previousSelectionSizeBytes = sumOrNull(plugins.map((plugin) => plugin.previousSelectionSizeBytes));

  return {
    id: device.id,
    name: device.name,
    type: device.type,
    siteId: device.siteId,
    site: device.siteName,
    backupEnabled: device.backupEnabled,
    lastSyncedAt: device.lastSyncedAt ? device.lastSyncedAt.toISOString() : null,
    sessions,
    statusCounts: orderStatusCounts(statusCounts),
    successRate: percentage(successes, sessions),
    daysWithSuccess,
    daysElapsed,
    coverage: percentage(daysWithSuccess, daysElapsed),
    lastSuccess: lastSuccessMs === null ? null : new Date(lastSuccessMs).toISOString(),
    daysSinceLastSuccess,
    atRisk: daysSinceLastSuccess === null || daysSinceLastSuccess > settings.atRiskThresholdDays,
    selectionSizeBytes,
    previousSelectionSizeBytes,
    selectionSizeChangeBytes: signedChange(selectionSizeBytes, previousSelectionSizeBytes),
    transferredBytes: plugins.reduce((sum, plugin) => sum + plugin.transferredBytes, 0),
    errorCount: plugins.reduce((sum, plugin) => sum + plugin.errorCount, 0),
    restores: plugins.reduce((sum, plugin) => sum + plugin.restores, 0),
    days: period.days.map((day, index) => ({ date: day.date, status: statuses[index] as DayStatus })),
    plugins,
  };
}

function sessionModel(session: BackupSession, device: ReportInputDevice, period: Period): ReportSession {
  const startMs = session.start.getTime();
  const day = period.days[dayIndexOf(period.days, startMs)] as LocalDay;
  const countedAs: CountedOutcome | null =
    session.type === 'BACKUP' ? countedOutcome(session.status, period.cweIsSuccess) : null;
  return {
    id: session.id,
    deviceId: device.id,
    deviceName: device.name,
    site: device.siteName,
    plugin: session.plugin,
    type: session.type,
    status: session.status,
    outcome: sessionOutcome(session.status),
    countedAs,
    start: session.start.toISOString(),
    end: session.end ? session.end.toISOString() : null,
    date: day.date,
    durationSeconds: session.end ? Math.round((session.end.getTime() - startMs) / 1000) : null,
    selectionSizeBytes: session.selectionSize,
    selectionItemCount: session.selectionItemCount,
    sizeChangeBytes: session.sizeChange,
    itemCountChange: session.itemCountChange,
    removedItemCount: session.removedItemCount,
    processedBytes: session.processedSize,
    processedItemCount: session.processedItemCount,
    transferredBytes: session.transferredSize,
    errorCount: session.errorCount,
  };
}

function totalsOf(devices: ReportDevice[], successes: number): ReportTotals {
  const statusCounts = new Map<string, number>();
  for (const device of devices) {
    for (const [status, count] of Object.entries(device.statusCounts)) {
      statusCounts.set(status, (statusCounts.get(status) ?? 0) + count);
    }
  }
  const backupSessions = devices.reduce((sum, device) => sum + device.sessions, 0);
  const protectedBytes = devices.reduce((sum, device) => sum + (device.selectionSizeBytes ?? 0), 0);
  const previousProtectedBytes = sumOrNull(devices.map((device) => device.previousSelectionSizeBytes));
  return {
    devices: devices.length,
    devicesAtRisk: devices.filter((device) => device.atRisk).length,
    devicesWithoutSessions: devices.filter((device) => device.sessions === 0).length,
    backupSessions,
    statusCounts: orderStatusCounts(statusCounts),
    successRate: percentage(successes, backupSessions),
    protectedBytes,
    previousProtectedBytes,
    protectedChangeBytes: signedChange(protectedBytes, previousProtectedBytes),
    transferredBytes: devices.reduce((sum, device) => sum + device.transferredBytes, 0),
    errorCount: devices.reduce((sum, device) => sum + device.errorCount, 0),
    restores: devices.reduce((sum, device) => sum + device.restores, 0),
  };
}

function attentionItems(devices: ReportDevice[], figures: Map<string, DeviceFigures>, period: Period): AttentionItem[] {
  const atRisk: AttentionItem[] = [];
  const withoutSessions: AttentionItem[] = [];
  const failed: AttentionItem[] = [];
  for (const device of devices) {
    const who = { deviceId: device.id, deviceName: device.name, site: device.site };
    if (device.atRisk) {
      atRisk.push({ kind: 'at-risk', ...who, lastSuccess: device.lastSuccess, daysSinceLastSuccess: device.daysSinceLastSuccess });
    }
    if (device.sessions === 0) withoutSessions.push({ kind: 'no-sessions', ...who });

    const failures = (figures.get(device.id)?.monthSessions ?? []).filter(
      (session) => session.type === 'BACKUP' && countedOutcome(session.status, period.cweIsSuccess) === 'failed',
    );
    const latest = failures.reduce<BackupSession | null>(laterSession, null);
    if (latest) {
      failed.push({
        kind: 'failed-sessions',
        ...who,
        count: failures.length,
        latest: { id: latest.id, plugin: latest.plugin, status: latest.status, start: latest.start.toISOString() },
      });
    }
  }
  return [...atRisk, ...withoutSessions, ...failed];
}

/**
 * Builds the report of one client and month for every device of `input.devices`; excluded
 * devices are only listed.
 * Throws a RangeError on an invalid month, zone or threshold.
 */
export function buildReport(input: ReportInput, settings: ReportSettings, options: { now: Date }): ReportModel {
  validate(input, settings);
  const days = monthDays(input.month, input.timeZone);
  const period: Period = {
    days,
    startMs: (days[0] as LocalDay).start.getTime(),
    endMs: (days[days.length - 1] as LocalDay).end.getTime(),
    cweIsSuccess: settings.completedWithErrorsCountsAsSuccess,
  };
  const nowMs = options.now.getTime();

  const figures = new Map<string, DeviceFigures>();
  for (const device of input.devices) {
    if (device.excludedReason === null) figures.set(device.id, { device, plugins: new Map(), monthSessions: [], sessionIds: new Set() });
  }
  for (const list of [input.sessions, input.earlierSessions]) {
    for (const session of list) {
      const target = figures.get(session.deviceId);
      // NOTE: sessions of devices missing from `input.devices` are dropped, as are repeated ids.
      if (!target || target.sessionIds.has(session.id)) continue;
      target.sessionIds.add(session.id);
      addSession(target, session, period);
    }
  }

  const included = [...figures.values()].sort((a, b) => compareDevices(a.device, b.device));
  const devices: ReportDevice[] = [];
  let successes = 0;
  for (const entry of included) {
    devices.push(deviceModel(entry, period, settings, nowMs));
    for (const plugin of entry.plugins.values()) successes += plugin.successes;
  }

  // Sessions in device order, then a stable sort by start, end and id with the times read once.
  const keyed = included.flatMap((entry) =>
    entry.monthSessions.map((session) => ({
      session,
      device: entry.device,
      startMs: session.start.getTime(),
      endMs: (session.end ?? session.start).getTime(),
    })),
  );
  keyed.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs || compareIds(a.session.id, b.session.id));
  const sessions = keyed.map((entry) => sessionModel(entry.session, entry.device, period));

  const synced = included.flatMap((entry) => (entry.device.lastSyncedAt ? [entry.device.lastSyncedAt.getTime()] : []));
  const dataAsOfMs = synced.length > 0 ? Math.min(...synced) : null;
  const excludedDevices: ExcludedDevice[] = input.devices
    .filter((device) => device.excludedReason !== null)
    .sort(compareDevices)
    .map((device) => ({ id: device.id, name: device.name, type: device.type, site: device.siteName, reason: device.excludedReason ?? '' }));

  return {
    client: { id: input.client.id, name: input.client.name },
    period: {
      month: input.month,
      timeZone: input.timeZone,
      start: new Date(period.startMs).toISOString(),
      end: new Date(period.endMs).toISOString(),
      days: days.length,
    },
    generatedAt: options.now.toISOString(),
    dataAsOf: dataAsOfMs === null ? null : new Date(dataAsOfMs).toISOString(),
    incomplete: {
      generatedBeforeMonthEnd: nowMs < period.endMs,
      dataSyncedBeforeMonthEnd: dataAsOfMs !== null && dataAsOfMs < period.endMs,
      devicesNeverSynced: included.length - synced.length,
    },
    rules: {
      mspName: settings.mspName,
      sizeUnit: settings.sizeUnit,
      atRiskThresholdDays: settings.atRiskThresholdDays,
      completedWithErrorsCountsAsSuccess: settings.completedWithErrorsCountsAsSuccess,
      texts: ruleTexts({ ...settings, timeZone: input.timeZone }),
    },
    totals: totalsOf(devices, successes),
    devices,
    needsAttention: attentionItems(devices, figures, period),
    sessions,
    excludedDevices,
  };
}
