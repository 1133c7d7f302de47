// The baseline of the report benchmark: exceljs and pdfmake writing the tables of a report
// directly from rows prepared beforehand, with no report model and none of the exporters'
// own code. It is the floor the two libraries set for the same output.

import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { finished, pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import pdfmake from 'pdfmake';
import type { TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { DayStatus, ReportModel } from '../shared/report/types.ts';

const require = createRequire(import.meta.url);
const ROBOTO = {
  normal: require.resolve('pdfmake/fonts/Roboto/Roboto-Regular.ttf'),
  bold: require.resolve('pdfmake/fonts/Roboto/Roboto-Medium.ttf'),
  italics: require.resolve('pdfmake/fonts/Roboto/Roboto-Italic.ttf'),
  bolditalics: require.resolve('pdfmake/fonts/Roboto/Roboto-MediumItalic.ttf'),
};

const LETTERS: Record<DayStatus, string> = { success: 'S', warning: 'W', failed: 'F', none: '' };
const COLORS: Record<DayStatus, string> = { success: '2E7D32', warning: 'F9A825', failed: 'C62828', none: 'E0E0E0' };
const GB = 1_073_741_824;

type Cell = string | number | Date | null;

/** The report's tables as plain rows: what a writer without a model would start from. */
export interface BaselineTables {
  deviceHeader: string[];
  devices: Cell[][];
  dailyHeader: string[];
  daily: { cells: Cell[]; statuses: DayStatus[] }[];
  sessionHeader: string[];
  sessions: Cell[][];
}

/** Copies the model's figures into plain rows; not timed. */
export function tablesFromModel(model: ReportModel): BaselineTables {
  const days = model.period.days;
  return {
    deviceHeader: ['Site', 'Device', 'Type', 'Backup sessions', 'Completed', 'Completed with errors', 'Failed', 'Success rate (%)', 'Days with success', 'Days elapsed',
      'Coverage (%)', 'Last success', 'Days since last success', 'At risk', 'Selection size (GB)', 'Change (GB)', 'Transferred (GB)', 'Errors', 'Restores', 'Plugins', 'Device ID'],
    devices: model.devices.map((device) => [
      device.site, device.name, device.type, device.sessions, device.statusCounts['COMPLETED'] ?? 0, device.statusCounts['COMPLETED_WITH_ERRORS'] ?? 0,
      device.statusCounts['FAILED'] ?? 0, device.successRate, device.daysWithSuccess, device.daysElapsed, device.coverage,
      device.lastSuccess === null ? null : new Date(device.lastSuccess), device.daysSinceLastSuccess, device.atRisk ? 'Yes' : 'No',
      device.selectionSizeBytes === null ? null : device.selectionSizeBytes / GB, device.selectionSizeChangeBytes === null ? null : device.selectionSizeChangeBytes / GB,
      device.transferredBytes / GB, device.errorCount, device.restores, device.plugins.map((plugin) => plugin.plugin).join(', '), device.id,
    ]),
    dailyHeader: ['Site', 'Device', ...Array.from({ length: days }, (_, index) => String(index + 1).padStart(2, '0')), 'Days with success', 'Coverage (%)'],
    daily: model.devices.map((device) => ({
      cells: [device.site, device.name, ...device.days.map((day) => LETTERS[day.status]), device.daysWithSuccess, device.coverage],
      statuses: device.days.map((day) => day.status),
    })),
    sessionHeader: ['Site', 'Device', 'Plugin', 'Type', 'Status', 'Counted as', 'Start', 'End', 'Duration', 'Start (UTC)', 'Selection size (GB)', 'Selected items',
      'Size change (GB)', 'Item count change', 'Removed items', 'Processed (GB)', 'Processed items', 'Transferred (GB)', 'Errors', 'Session ID', 'Device ID'],
    sessions: model.sessions.map((session) => [
      session.site, session.deviceName, session.plugin, session.type, session.status, session.countedAs, new Date(session.start),
      session.end === null ? null : new Date(session.end), session.durationSeconds === null ? null : session.durationSeconds / 86_400, new Date(session.start),
      session.selectionSizeBytes / GB, session.selectionItemCount, session.sizeChangeBytes / GB, session.itemCountChange, session.removedItemCount,
      session.processedBytes / GB, session.processedItemCount, session.transferredBytes / GB, session.errorCount, session.id, session.deviceId,
    ]),
  };
}

async function writeExcel(tables: BaselineTables, file: string): Promise<void> {
  const output = createWriteStream(file);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });

  const devices = workbook.addWorksheet('Devices');
  devices.addRow(tables.deviceHeader).commit();
  for (const row of tables.devices) devices.addRow(row).commit();
  devices.commit();

  const daily = workbook.addWorksheet('Daily');
  daily.addRow(tables.dailyHeader).commit();
  for (const { cells, statuses } of tables.daily) {
    const row = daily.addRow(cells);
    statuses.forEach((status, index) => {
      const cell = row.getCell(3 + index);
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${COLORS[status]}` } };
      cell.font = { bold: true };
    });
    row.commit();
  }
  daily.commit();

  const sessions = workbook.addWorksheet('Sessions');
  sessions.addRow(tables.sessionHeader).commit();
  for (const row of tables.sessions) sessions.addRow(row).commit();
  sessions.commit();

  await workbook.commit();
  await finished(output);
}

function text(value: Cell): string {
  if (value === null) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 16).replace('T', ' ');
  return typeof value === 'number' ? value.toFixed(2) : value;
}

async function writePdf(tables: BaselineTables, file: string): Promise<void> {
  pdfmake.setFonts({ Roboto: ROBOTO });
  const deviceColumns = [0, 1, 2, 3, 7, 8, 11, 12, 13, 14, 15, 16, 17, 18];
  const dayCount = tables.daily[0]?.statuses.length ?? 0;
  const document: TDocumentDefinitions = {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [32, 40, 32, 36],
    defaultStyle: { font: 'Roboto', fontSize: 9 },
    content: [
      { text: 'Devices', fontSize: 13, bold: true },
      {
        table: {
          headerRows: 1,
          dontBreakRows: true,
          body: [deviceColumns.map((column) => ({ text: tables.deviceHeader[column]!, bold: true })), ...tables.devices.map((row) => deviceColumns.map((column) => text(row[column]!)))],
        },
        fontSize: 8,
      },
      { text: 'Daily status', fontSize: 13, bold: true, pageBreak: 'before' },
      {
        table: {
          headerRows: 1,
          dontBreakRows: true,
          widths: [130, ...Array.from({ length: dayCount }, () => 14), 34],
          body: [
            [{ text: 'Device', bold: true }, ...Array.from({ length: dayCount }, (_, index) => ({ text: String(index + 1), bold: true })), { text: 'Days OK', bold: true }],
            ...tables.daily.map(({ cells, statuses }): TableCell[] => [
              { stack: [{ text: text(cells[1]!), bold: true }, { text: text(cells[0]!), fontSize: 6 }] },
              ...statuses.map((status) => ({ text: LETTERS[status], fillColor: `#${COLORS[status]}`, bold: true, alignment: 'center' as const })),
              { text: text(cells[2 + dayCount]!), alignment: 'right' as const },
            ]),
          ],
        },
        fontSize: 7,
      },
    ],
  };
  const stream = (await pdfmake.createPdf(document).getStream()) as unknown as NodeJS.ReadableStream & { end(): void };
  const done = pipeline(stream, createWriteStream(file));
  stream.end();
  await done;
}

/** Writes the Excel, PDF and JSON files of the tables into `folder`. */
export async function writeBaselineReport(tables: BaselineTables, folder: string): Promise<void> {
  await writeExcel(tables, path.join(folder, 'baseline.xlsx'));
  await writePdf(tables, path.join(folder, 'baseline.pdf'));
  await writeFile(path.join(folder, 'baseline.json'), `${JSON.stringify({ devices: tables.devices, daily: tables.daily, sessions: tables.sessions }, null, 2)}\n`);
}
