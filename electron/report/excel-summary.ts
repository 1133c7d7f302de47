// The "Summary" sheet of the Excel export: who and what the report covers, the client figures,
// the "needs attention" list, the rules applied and the excluded devices.

import type ExcelJS from 'exceljs';
import { attentionText, bytesTo, displayUnit, timeZoneSourceText } from '../../shared/report/format.ts';
import { formatUtcDateTime } from '../../shared/report/time.ts';
import type { ReportModel, ReportSettings } from '../../shared/report/types.ts';
import {
  COUNT_FORMAT,
  frozen,
  LOCAL_TIME_FORMAT,
  PERCENT_FORMAT,
  SIZE_CHANGE_FORMAT,
  SIZE_FORMAT,
  solidFill,
} from './excel-style.ts';
import {
  clientFigures,
  incompletenessNotices,
  monthName,
  reportTitle,
  wallClockDate,
  type Figure,
} from './figures.ts';

type CellValue = ExcelJS.CellValue;

const SECTION_FONT: Partial<ExcelJS.Font> = { bold: true, size: 12 };
const NOTICE_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FFC62828' } };

/** Returns the label (with its unit), value and number format of one figure row. */
function figureCells(figure: Figure, settings: ReportSettings): { label: string; value: number | null; numFmt: string } {
  const indent = figure.detail ? '    ' : '';
  if (figure.kind === 'count') return { label: `${indent}${figure.label}`, value: figure.value, numFmt: COUNT_FORMAT };
  if (figure.kind === 'percent') return { label: `${figure.label} (%)`, value: figure.value, numFmt: PERCENT_FORMAT };

  const unit = displayUnit(figure.value ?? 0, settings.sizeUnit);
  const value = figure.value === null ? null : bytesTo(figure.value, unit);
  const numFmt = figure.kind === 'size' ? SIZE_FORMAT : SIZE_CHANGE_FORMAT;
  return { label: `${figure.label} (${unit})`, value, numFmt };
}

/** Writes the Summary sheet and commits it. */
export function writeSummarySheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, model: ReportModel, settings: ReportSettings): void {
  const sheet = workbook.addWorksheet('Summary', frozen(1, 0));
  const zone = model.period.timeZone;
  sheet.columns = [{ width: 40 }, { width: 22 }, { width: 16 }, { width: 16 }];

  let rowNumber = 0;
  const addRow = (values: CellValue[], style?: (row: ExcelJS.Row) => void): ExcelJS.Row => {
    rowNumber += 1;
    const row = sheet.getRow(rowNumber);
    values.forEach((value, index) => {
      row.getCell(index + 1).value = value;
    });
    style?.(row);
    row.commit();
    return row;
  };
  const addSection = (title: string, headers: string[] = []): void => {
    addRow([]);
    addRow([title, ...headers], (row) => {
      row.eachCell((cell) => {
        cell.font = SECTION_FONT;
        cell.fill = solidFill('DDE3EA');
      });
    });
  };
  const addDate = (label: string, instant: string | null, fallback: string): void => {
    addRow([label, instant === null ? fallback : wallClockDate(instant, zone)], (row) => {
      row.getCell(2).numFmt = LOCAL_TIME_FORMAT;
      row.getCell(2).alignment = { horizontal: 'left' };
    });
  };

  addRow([reportTitle(model)], (row) => {
    row.getCell(1).font = { bold: true, size: 16 };
  });
  addRow(['Prepared by', settings.mspName]);
  addRow(['Client', model.client.name]);
  addRow(['Client ID', model.client.id]);
  addRow(['Month', `${monthName(model.period.month)} (${model.period.month})`]);
  addRow(['Time zone', zone]);
  const source = model.period.timeZoneSource;
  if (source !== undefined) {
    const text = timeZoneSourceText(source);
    addRow(['Time zone from', `${text.charAt(0).toUpperCase()}${text.slice(1)}`]);
  }
  addRow(['Period (UTC)', `${formatUtcDateTime(model.period.start)} to ${formatUtcDateTime(model.period.end)}`]);
  addDate(`Generated (${zone})`, model.generatedAt, '');
  addDate(`Data as of (${zone})`, model.dataAsOf, 'never synced');
  for (const notice of incompletenessNotices(model)) {
    addRow([notice], (row) => {
      row.getCell(1).font = NOTICE_FONT;
    });
  }

  addSection('Client figures', ['Value']);
  for (const figure of clientFigures(model)) {
    const cells = figureCells(figure, settings);
    addRow([cells.label, cells.value ?? 'n/a'], (row) => {
      row.getCell(2).numFmt = cells.numFmt;
    });
  }

  addSection('Needs attention');
  if (model.needsAttention.length === 0) addRow(['No device needs attention.']);
  for (const item of model.needsAttention) addRow([attentionText(item, zone)]);

  addSection('Rules used');
  for (const text of model.rules.texts) addRow([text]);
  if (settings.sizeUnit === 'auto') {
    addRow(['In this workbook each size column uses one unit, GB when its largest value is 1 GB or more and MB otherwise, so the column can be summed.']);
  }

  if (model.excludedDevices.length > 0) {
    addSection('Excluded devices', ['Site', 'Type', 'Reason']);
    for (const device of model.excludedDevices) {
      addRow([device.name, device.site, device.type === 'server' ? 'Server' : 'Workstation', device.reason]);
    }
  }
  sheet.commit();
}
