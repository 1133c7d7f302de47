// Builds the report model of one client and month from cached devices and sessions. Pure:
// the same input, settings and clock give the same model.

import type { BackupSession } from '../nsight.ts';
import {
  addSession,
  compareDevices,
  deviceModel,
  signedChange,
  sumOrNull,
  type DeviceFigures,
  type Period,
} from './device-figures.ts';
import { ruleTexts } from './format.ts';
import { compareIds, countedOutcome, laterSession, orderStatusCounts, percentage, sessionOutcome } from './outcome.ts';
import { dayIndexOf, isValidTimeZone, monthDays, parseMonth, type LocalDay } from './time.ts';
import type {
  AttentionItem,
  CountedOutcome,
  ExcludedDevice,
  ReportDevice,
  ReportInput,
  ReportInputDevice,
  ReportModel,
  ReportSession,
  ReportSettings,
  ReportTotals,
  TimeZoneSource,
} from './types.ts';

/**
 * Returns where `resolveReportTimeZone` (in `time.ts`) takes the zone from, given the same
 * candidates, so the report can say whether its zone is a fallback.
 */
export function timeZoneSourceOf(
  explicit: string | null | undefined,
  client: string | null | undefined,
  userDefault: string | null | undefined,
  system: string | null | undefined,
): TimeZoneSource {
  if (explicit !== null && explicit !== undefined && explicit !== '') return 'chosen';
  if (isValidTimeZone(client)) return 'client';
  if (isValidTimeZone(userDefault)) return 'default';
  if (isValidTimeZone(system)) return 'computer';
  return 'utc';
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
export function buildReport(input: ReportInput, settings: ReportSettings, options: { now: Date; timeZoneSource?: TimeZoneSource }): ReportModel {
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
      ...(options.timeZoneSource === undefined ? {} : { timeZoneSource: options.timeZoneSource }),
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
