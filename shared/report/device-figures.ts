// Per-device and per-plugin figures of the report model: sessions are added one by one, then
// each device's figures are turned into its part of the model.

import type { BackupSession } from '../nsight.ts';
import {
  addCounts,
  compareSessions,
  countedOutcome,
  laterSession,
  orderStatusCounts,
  percentage,
  sessionOutcome,
  worseDayStatus,
} from './outcome.ts';
import { dayIndexOf, type LocalDay } from './time.ts';
import type { DayStatus, ReportDevice, ReportInputDevice, ReportPlugin, ReportSettings } from './types.ts';

const MS_PER_DAY = 86_400_000;

export interface PluginFigures {
  plugin: string;
  sessions: number;
  successes: number;
  statusCounts: Map<string, number>;
  transferred: number;
  errors: number;
  restores: number;
  lastSuccess: BackupSession | null;
  /** Latest success-or-warning backup started before the month end. */
  selection: BackupSession | null;
  /** Latest success-or-warning backup started before the month start. */
  previousSelection: BackupSession | null;
  /** Last backup session started on each local day of the month. */
  lastOfDay: (BackupSession | undefined)[];
}

export interface DeviceFigures {
  device: ReportInputDevice;
  plugins: Map<string, PluginFigures>;
  monthSessions: BackupSession[];
  sessionIds: Set<string>;
}

export interface Period {
  days: LocalDay[];
  startMs: number;
  endMs: number;
  cweIsSuccess: boolean;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export function compareDevices(a: ReportInputDevice, b: ReportInputDevice): number {
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


/** Adds one session to its device's figures. Sessions starting at or after the month end are ignored. */
export function addSession(figures: DeviceFigures, session: BackupSession, period: Period): void {
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

/** Returns the whole 24-hour days from `lastSuccessMs` to `referenceMs`, never below 0. */
export function wholeDaysSince(lastSuccessMs: number, referenceMs: number): number {
  return Math.max(0, Math.floor((referenceMs - lastSuccessMs) / MS_PER_DAY));
}

/** Tells whether a device is at risk: it never had a successful backup, or more days passed since one than the threshold. */
export function isAtRiskAfter(daysSinceLastSuccess: number | null, thresholdDays: number): boolean {
  return daysSinceLastSuccess === null || daysSinceLastSuccess > thresholdDays;
}

export function sumOrNull(values: (number | null)[]): number | null {
  let sum: number | null = null;
  for (const value of values) if (value !== null) sum = (sum ?? 0) + value;
  return sum;
}

export function signedChange(current: number | null, previous: number | null): number | null {
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

export function deviceModel(figures: DeviceFigures, period: Period, settings: ReportSettings, nowMs: number): ReportDevice {
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
  const daysSinceLastSuccess = lastSuccessMs === null ? null : wholeDaysSince(lastSuccessMs, referenceMs);

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
    atRisk: isAtRiskAfter(daysSinceLastSuccess, settings.atRiskThresholdDays),
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
