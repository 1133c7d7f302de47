// Content shared by the Excel and PDF exports: the client figures in order, the status
// columns, the first-page notices and title, and local times as spreadsheet dates.

import { KNOWN_SESSION_STATUSES } from '../../shared/nsight.ts';
import { displayUnit, type DisplayUnit } from '../../shared/report/format.ts';
import { formatLocalDateTime, localParts } from '../../shared/report/time.ts';
import type { ReportModel, SizeUnit } from '../../shared/report/types.ts';

/** Kind of a figure, which sets its printing: a count, a percentage 0 to 100, a size or a signed size change. */
export type FigureKind = 'count' | 'percent' | 'size' | 'size-change';

/** One line of the client figures. */
export interface Figure {
  label: string;
  kind: FigureKind;
  /** Bytes for sizes; null prints as n/a. */
  value: number | null;
  /** Indented under the line before it (the count of each status). */
  detail?: boolean;
}

/** Statuses that always get a column, so reports of different months line up. */
const ALWAYS_SHOWN_STATUSES = ['COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED'];

/**
 * Returns the status columns of the device tables: COMPLETED, COMPLETED_WITH_ERRORS and FAILED
 * always, the other documented statuses when they occurred, then any other status as it came.
 */
export function statusColumns(model: ReportModel): string[] {
  const occurred = Object.keys(model.totals.statusCounts);
  const known: readonly string[] = KNOWN_SESSION_STATUSES;
  const documented = known.filter((status) => ALWAYS_SHOWN_STATUSES.includes(status) || occurred.includes(status));
  const others = occurred.filter((status) => !known.includes(status)).sort();
  return [...documented, ...others];
}

/** Returns the client figures in print order. */
export function clientFigures(model: ReportModel): Figure[] {
  const totals = model.totals;
  const figures: Figure[] = [
    { label: 'Devices', kind: 'count', value: totals.devices },
    { label: 'Devices at risk', kind: 'count', value: totals.devicesAtRisk },
    { label: 'Devices without backup sessions', kind: 'count', value: totals.devicesWithoutSessions },
    { label: 'Backup sessions', kind: 'count', value: totals.backupSessions },
  ];
  for (const status of statusColumns(model)) {
    figures.push({ label: status, kind: 'count', value: totals.statusCounts[status] ?? 0, detail: true });
  }
  figures.push(
    { label: 'Success rate', kind: 'percent', value: totals.successRate },
    { label: 'Protected data', kind: 'size', value: totals.protectedBytes },
    { label: 'Change against previous month', kind: 'size-change', value: totals.protectedChangeBytes },
    { label: 'Data transferred', kind: 'size', value: totals.transferredBytes },
    { label: 'Errors reported by sessions', kind: 'count', value: totals.errorCount },
    { label: 'Restores performed', kind: 'count', value: totals.restores },
  );
  return figures;
}

/**
 * Picks one unit for a column of sizes, so the column can be summed: the setting itself, or
 * with `auto`, GB when the largest value is 1 GB or more and MB otherwise.
 */
export function columnUnit(values: Iterable<number | null>, unit: SizeUnit): DisplayUnit {
  if (unit !== 'auto') return unit;
  let largest = 0;
  for (const value of values) {
    if (value !== null) largest = Math.max(largest, Math.abs(value));
  }
  return displayUnit(largest, 'auto');
}

/**
 * Converts a UTC instant to a Date whose UTC fields are the wall-clock time in `zone`.
 * Spreadsheet dates carry no zone, so this makes a cell show the local time.
 */
export function wallClockDate(instant: string | Date, zone: string): Date {
  const p = localParts(new Date(instant), zone);
  return new Date(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second));
}

/** Returns the first-page notices of a report that may be missing sessions. */
export function incompletenessNotices(model: ReportModel): string[] {
  const notices: string[] = [];
  const zone = model.period.timeZone;
  if (model.incomplete.generatedBeforeMonthEnd) {
    notices.push(`Generated before the month ended (${formatLocalDateTime(model.period.end, zone)}): later sessions are missing.`);
  } else if (model.incomplete.dataSyncedBeforeMonthEnd) {
    notices.push('The data was last synced before the month ended: sessions after that time are missing. Sync and generate again for the full month.');
  }
  if (model.incomplete.devicesNeverSynced > 0) {
    const devices = model.incomplete.devicesNeverSynced === 1 ? '1 device was' : `${model.incomplete.devicesNeverSynced} devices were`;
    notices.push(`${devices} never synced: their sessions are missing.`);
  }
  return notices;
}

/** Returns the data-as-of time as printed, with the zone named. */
export function dataAsOfText(model: ReportModel): string {
  if (model.dataAsOf === null) return 'never synced';
  return formatLocalDateTime(model.dataAsOf, model.period.timeZone);
}

/** Returns the workbook and document title, such as `Backup report - Acme Ltd - 2026-11`. */
export function reportTitle(model: ReportModel): string {
  return `Backup report - ${model.client.name} - ${model.period.month}`;
}

/** Returns the month as `November 2026`. */
export function monthName(month: string): string {
  const [year, number] = month.split('-').map(Number);
  const date = new Date(Date.UTC(year ?? 1970, (number ?? 1) - 1, 1));
  return date.toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}
