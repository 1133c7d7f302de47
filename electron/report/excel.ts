// The Excel export: sheets Summary, Devices, Daily and Sessions, written with exceljs's
// streaming WorkbookWriter. Each sheet is committed before the next starts and session rows
// are committed as they are written, so a month of 100,000 sessions never sits in memory as
// a workbook. Cells hold numbers and dates with number formats, never formatted text.

import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { bytesTo, DAY_STATUS_COLORS, DAY_STATUS_LABELS, type DisplayUnit } from '../../shared/report/format.ts';
import type { DayStatus, ReportModel, ReportSettings } from '../../shared/report/types.ts';
import { writeSummarySheet } from './excel-summary.ts';
import {
  BOLD,
  COUNT_FORMAT,
  DAY_STATUS_LETTERS,
  DAY_STATUS_TEXT,
  DURATION_FORMAT,
  fitWidth,
  frozen,
  LOCAL_TIME_FORMAT,
  PERCENT_FORMAT,
  SIZE_CHANGE_FORMAT,
  SIZE_FORMAT,
  solidFill,
  startTable,
  UTC_TIME_FORMAT,
  type ColumnSpec,
} from './excel-style.ts';
import { columnUnit, reportTitle, statusColumns, wallClockDate } from './figures.ts';

type Workbook = ExcelJS.stream.xlsx.WorkbookWriter;

/** Width of one day column of the daily grid, in characters. */
const DAY_COLUMN_WIDTH = 4.5;

/** Rows written between two waits for the zip stream to take them. */
const ROWS_PER_BATCH = 1000;


export interface ExcelWriteOptions {
  signal?: AbortSignal;
  /** Called after each batch of session rows with the count written so far. */
  onSessionRows?: (written: number) => void;
}

function maxLength(values: Iterable<string>): number {
  let longest = 0;
  for (const value of values) longest = Math.max(longest, value.length);
  return longest;
}

/** Characters a number takes with thousands separators and `decimals` decimals. */
function numberLength(value: number, decimals: number): number {
  return Math.abs(value).toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).length + 1;
}

function sizeLength(bytes: Iterable<number | null>, unit: DisplayUnit): number {
  let largest = 0;
  for (const value of bytes) if (value !== null) largest = Math.max(largest, Math.abs(value));
  return numberLength(bytesTo(largest, unit), 2);
}

function sizeCell(bytes: number | null, unit: DisplayUnit): number | null {
  return bytes === null ? null : bytesTo(bytes, unit);
}

function writeDevicesSheet(workbook: Workbook, model: ReportModel, settings: ReportSettings): void {
  const sheet = workbook.addWorksheet('Devices', frozen(1, 2));
  const zone = model.period.timeZone;
  const devices = model.devices;
  const statuses = statusColumns(model);
  const sizeUnit = columnUnit(devices.flatMap((d) => [d.selectionSizeBytes, d.transferredBytes]), settings.sizeUnit);
  const changeUnit = columnUnit(devices.map((d) => d.selectionSizeChangeBytes), settings.sizeUnit);

  const columns: ColumnSpec[] = [
    { header: 'Site', width: fitWidth('Site', maxLength(devices.map((d) => d.site))) },
    { header: 'Device', width: fitWidth('Device', maxLength(devices.map((d) => d.name))) },
    { header: 'Type', width: fitWidth('Type', 11) },
    { header: 'Backup sessions', width: fitWidth('Backup sessions', 6), numFmt: COUNT_FORMAT },
    ...statuses.map((status) => ({ header: status, width: fitWidth(status, 6), numFmt: COUNT_FORMAT })),
    { header: 'Success rate (%)', width: fitWidth('Success rate (%)', 5), numFmt: PERCENT_FORMAT },
    { header: 'Days with success', width: fitWidth('Days with success', 2), numFmt: COUNT_FORMAT },
    { header: 'Days elapsed', width: fitWidth('Days elapsed', 2), numFmt: COUNT_FORMAT },
    { header: 'Coverage (%)', width: fitWidth('Coverage (%)', 5), numFmt: PERCENT_FORMAT },
    { header: `Last success (${zone})`, width: fitWidth(`Last success (${zone})`, 16), numFmt: LOCAL_TIME_FORMAT },
    { header: 'Days since last success', width: fitWidth('Days since last success', 4), numFmt: COUNT_FORMAT },
    { header: 'At risk', width: fitWidth('At risk', 3) },
    { header: `Selection size (${sizeUnit})`, width: fitWidth(`Selection size (${sizeUnit})`, sizeLength(devices.map((d) => d.selectionSizeBytes), sizeUnit)), numFmt: SIZE_FORMAT },
    { header: `Change against previous month (${changeUnit})`, width: fitWidth(`Change against previous month (${changeUnit})`, 10), numFmt: SIZE_CHANGE_FORMAT },
    { header: `Transferred (${sizeUnit})`, width: fitWidth(`Transferred (${sizeUnit})`, sizeLength(devices.map((d) => d.transferredBytes), sizeUnit)), numFmt: SIZE_FORMAT },
    { header: 'Errors', width: fitWidth('Errors', 6), numFmt: COUNT_FORMAT },
    { header: 'Restores', width: fitWidth('Restores', 4), numFmt: COUNT_FORMAT },
    { header: 'Plugins', width: fitWidth('Plugins', maxLength(devices.map((d) => d.plugins.map((p) => p.plugin).join(', ')))) },
    { header: `Last synced (${zone})`, width: fitWidth(`Last synced (${zone})`, 16), numFmt: LOCAL_TIME_FORMAT },
    { header: 'Device ID', width: fitWidth('Device ID', maxLength(devices.map((d) => d.id))) },
  ];
  startTable(sheet, columns);
  sheet.getRow(1).commit();

  const atRiskColumn = columns.findIndex((column) => column.header === 'At risk') + 1;
  for (const device of devices) {
    const row = sheet.addRow([
      device.site,
      device.name,
      device.type === 'server' ? 'Server' : 'Workstation',
      device.sessions,
      ...statuses.map((status) => device.statusCounts[status] ?? 0),
      device.successRate,
      device.daysWithSuccess,
      device.daysElapsed,
      device.coverage,
      device.lastSuccess === null ? null : wallClockDate(device.lastSuccess, zone),
      device.daysSinceLastSuccess,
      device.atRisk ? 'Yes' : 'No',
      sizeCell(device.selectionSizeBytes, sizeUnit),
      sizeCell(device.selectionSizeChangeBytes, changeUnit),
      sizeCell(device.transferredBytes, sizeUnit),
      device.errorCount,
      device.restores,
      device.plugins.map((plugin) => plugin.plugin).join(', '),
      device.lastSyncedAt === null ? null : wallClockDate(device.lastSyncedAt, zone),
      device.id,
    ]);
    if (device.atRisk) {
      const cell = row.getCell(atRiskColumn);
      cell.fill = solidFill(DAY_STATUS_COLORS.failed);
      cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    }
    row.commit();
  }
  sheet.commit();
}

function writeDailySheet(workbook: Workbook, model: ReportModel): void {
  const sheet = workbook.addWorksheet('Daily', frozen(3, 2));
  const devices = model.devices;
  const days = model.period.days;
  const headerRow = 3;
  const notSyncedFill = solidFill('FFFFFF');

  const columns: ColumnSpec[] = [
    { header: 'Site', width: fitWidth('Site', maxLength(devices.map((d) => d.site))) },
    { header: 'Device', width: fitWidth('Device', maxLength(devices.map((d) => d.name))) },
  ];
  for (let day = 1; day <= days; day += 1) columns.push({ header: String(day).padStart(2, '0'), width: DAY_COLUMN_WIDTH });
  columns.push(
    { header: 'Days with success', width: fitWidth('Days with success', 2), numFmt: COUNT_FORMAT },
    { header: 'Coverage (%)', width: fitWidth('Coverage (%)', 5), numFmt: PERCENT_FORMAT },
  );

  // The legend sits above the table, inside the frozen rows, so it stays in view.
  sheet.columns = columns.map((column) => ({ width: column.width, style: column.numFmt ? { numFmt: column.numFmt } : {} }));
  const legend = sheet.getRow(1);
  legend.getCell(1).value = `Day status (${model.period.timeZone})`;
  legend.getCell(1).font = BOLD;
  // Swatches start over the day columns, and each label spills over the empty cells after it.
  let column = 3;
  const statuses: DayStatus[] = ['success', 'warning', 'failed', 'none'];
  for (const status of statuses) {
    const swatch = legend.getCell(column);
    swatch.value = DAY_STATUS_LETTERS[status];
    swatch.fill = solidFill(DAY_STATUS_COLORS[status]);
    swatch.font = { bold: true, color: { argb: `FF${DAY_STATUS_TEXT[status]}` } };
    swatch.alignment = { horizontal: 'center' };
    legend.getCell(column + 1).value = DAY_STATUS_LABELS[status];
    column += 2 + Math.ceil((DAY_STATUS_LABELS[status].length + 1) / DAY_COLUMN_WIDTH);
  }
  if (devices.some((device) => device.daysElapsed < days)) {
    legend.getCell(column).fill = notSyncedFill;
    legend.getCell(column).border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
    legend.getCell(column + 1).value = 'Not synced yet';
  }
  legend.commit();
  sheet.getRow(2).commit();

  startTable(sheet, columns, headerRow);
  const header = sheet.getRow(headerRow);
  for (let day = 1; day <= days; day += 1) header.getCell(2 + day).alignment = { horizontal: 'center' };
  header.commit();

  for (const device of devices) {
    const row = sheet.addRow([device.site, device.name]);
    device.days.forEach((day, index) => {
      const cell = row.getCell(3 + index);
      cell.alignment = { horizontal: 'center' };
      if (index >= device.daysElapsed && day.status === 'none') {
        cell.fill = notSyncedFill;
        return;
      }
      cell.value = DAY_STATUS_LETTERS[day.status];
      cell.fill = solidFill(DAY_STATUS_COLORS[day.status]);
      cell.font = { bold: true, color: { argb: `FF${DAY_STATUS_TEXT[day.status]}` } };
    });
    row.getCell(3 + days).value = device.daysWithSuccess;
    row.getCell(4 + days).value = device.coverage;
    row.commit();
  }
  sheet.commit();
}

/** Waits for the next turn of the event loop. */
function pause(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The parts of exceljs 4.4's internal sheet stream that show how much data waits for the zip.
 * Its targets are readable-stream PassThrough streams, which expose `_writableState` only.
 */
interface SheetStreamInternals {
  pipes?: Array<NodeJS.EventEmitter & { _writableState?: { needDrain?: boolean } }>;
}

/**
 * Waits until the zip has taken the rows written so far. The sheet stream of exceljs writes
 * to the zip without waiting, so without this wait a fast loop would queue the whole sheet in
 * memory while zlib compresses it.
 */
async function waitForZip(sheet: ExcelJS.Worksheet, signal?: AbortSignal): Promise<void> {
  // NOTE: relies on exceljs 4.4 internals (`stream.pipes`); without them this only yields.
  signal?.throwIfAborted();
  const stream = (sheet as unknown as { stream?: SheetStreamInternals }).stream;
  for (const target of stream?.pipes ?? []) {
    if (target._writableState?.needDrain === true) await once(target, 'drain', { signal });
  }
  await pause();
}

async function writeSessionsSheet(
  workbook: Workbook,
  model: ReportModel,
  settings: ReportSettings,
  options: ExcelWriteOptions,
): Promise<void> {
  const sheet = workbook.addWorksheet('Sessions', frozen(1, 2));
  const zone = model.period.timeZone;
  const sessions = model.sessions;
  const sizeUnit = columnUnit(
    sessions.flatMap((s) => [s.selectionSizeBytes, s.sizeChangeBytes, s.processedBytes, s.transferredBytes]),
    settings.sizeUnit,
  );
  const largestCount = sessions.reduce(
    (largest, s) => Math.max(largest, s.selectionItemCount, s.itemCountChange, s.removedItemCount, s.processedItemCount, s.errorCount),
    0,
  );
  const countWidth = numberLength(largestCount, 0);
  const sizeWidth = sizeLength(
    sessions.flatMap((s) => [s.selectionSizeBytes, s.processedBytes, s.transferredBytes]),
    sizeUnit,
  );

  const columns: ColumnSpec[] = [
    { header: 'Site', width: fitWidth('Site', maxLength(sessions.map((s) => s.site))) },
    { header: 'Device', width: fitWidth('Device', maxLength(sessions.map((s) => s.deviceName))) },
    { header: 'Plugin', width: fitWidth('Plugin', maxLength(sessions.map((s) => s.plugin))) },
    { header: 'Type', width: fitWidth('Type', maxLength(sessions.map((s) => s.type))) },
    { header: 'Status', width: fitWidth('Status', maxLength(sessions.map((s) => s.status))) },
    { header: 'Counted as', width: fitWidth('Counted as', 7) },
    { header: `Start (${zone})`, width: fitWidth(`Start (${zone})`, 16), numFmt: LOCAL_TIME_FORMAT },
    { header: `End (${zone})`, width: fitWidth(`End (${zone})`, 16), numFmt: LOCAL_TIME_FORMAT },
    { header: 'Duration', width: fitWidth('Duration', 9), numFmt: DURATION_FORMAT },
    { header: 'Start (UTC)', width: fitWidth('Start (UTC)', 19), numFmt: UTC_TIME_FORMAT },
    { header: `Selection size (${sizeUnit})`, width: fitWidth(`Selection size (${sizeUnit})`, sizeWidth), numFmt: SIZE_FORMAT },
    { header: 'Selected items', width: fitWidth('Selected items', countWidth), numFmt: COUNT_FORMAT },
    { header: `Size change (${sizeUnit})`, width: fitWidth(`Size change (${sizeUnit})`, sizeWidth), numFmt: SIZE_FORMAT },
    { header: 'Item count change', width: fitWidth('Item count change', countWidth), numFmt: COUNT_FORMAT },
    { header: 'Removed items', width: fitWidth('Removed items', countWidth), numFmt: COUNT_FORMAT },
    { header: `Processed (${sizeUnit})`, width: fitWidth(`Processed (${sizeUnit})`, sizeWidth), numFmt: SIZE_FORMAT },
    { header: 'Processed items', width: fitWidth('Processed items', countWidth), numFmt: COUNT_FORMAT },
    { header: `Transferred (${sizeUnit})`, width: fitWidth(`Transferred (${sizeUnit})`, sizeWidth), numFmt: SIZE_FORMAT },
    { header: 'Errors', width: fitWidth('Errors', countWidth), numFmt: COUNT_FORMAT },
    { header: 'Session ID', width: fitWidth('Session ID', maxLength(sessions.map((s) => s.id))) },
    { header: 'Device ID', width: fitWidth('Device ID', maxLength(sessions.map((s) => s.deviceId))) },
  ];
  startTable(sheet, columns);
  sheet.getRow(1).commit();

  let written = 0;
  for (const session of sessions) {
    sheet
      .addRow([
        session.site,
        session.deviceName,
        session.plugin,
        session.type,
        session.status,
        session.countedAs,
        wallClockDate(session.start, zone),
        session.end === null ? null : wallClockDate(session.end, zone),
        session.durationSeconds === null ? null : session.durationSeconds / 86_400,
        new Date(session.start),
        bytesTo(session.selectionSizeBytes, sizeUnit),
        session.selectionItemCount,
        bytesTo(session.sizeChangeBytes, sizeUnit),
        session.itemCountChange,
        session.removedItemCount,
        bytesTo(session.processedBytes, sizeUnit),
        session.processedItemCount,
        bytesTo(session.transferredBytes, sizeUnit),
        session.errorCount,
        session.id,
        session.deviceId,
      ])
      .commit();
    written += 1;
    if (written % ROWS_PER_BATCH === 0) {
      options.signal?.throwIfAborted();
      options.onSessionRows?.(written);
      await waitForZip(sheet, options.signal);
    }
  }
  options.onSessionRows?.(written);
  sheet.commit();
}

async function writeWorkbook(workbook: Workbook, model: ReportModel, settings: ReportSettings, options: ExcelWriteOptions): Promise<void> {
  workbook.creator = settings.mspName;
  workbook.lastModifiedBy = settings.mspName;
  workbook.title = reportTitle(model);
  workbook.subject = `Backup & Recovery sessions of ${model.client.name} in ${model.period.month}`;
  workbook.company = settings.mspName;
  workbook.created = new Date(model.generatedAt);
  workbook.modified = new Date(model.generatedAt);

  writeSummarySheet(workbook, model, settings);
  options.signal?.throwIfAborted();
  writeDevicesSheet(workbook, model, settings);
  writeDailySheet(workbook, model);
  await writeSessionsSheet(workbook, model, settings, options);
  await workbook.commit();
}

async function closeQuietly(output: WriteStream): Promise<void> {
  output.destroy();
  await finished(output).catch(() => {});
}

/** Writes the Excel report of `model` to `file` (not atomically: see `exportReports`). */
export async function writeExcelReport(
  model: ReportModel,
  settings: ReportSettings,
  file: string,
  options: ExcelWriteOptions = {},
): Promise<void> {
  const output = createWriteStream(file, { flags: 'wx' });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const failed = new Promise<never>((_, reject) => output.once('error', reject));
  failed.catch(() => {});
  try {
    await Promise.race([writeWorkbook(workbook, model, settings, options), failed]);
    await finished(output);
  } catch (error) {
    await closeQuietly(output);
    throw error;
  }
}
