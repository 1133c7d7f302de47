// Number formats, fills and column widths shared by the sheets of the Excel export.

import type ExcelJS from 'exceljs';
import type { DayStatus } from '../../shared/report/types.ts';

export const SIZE_FORMAT = '#,##0.00';
export const SIZE_CHANGE_FORMAT = '+#,##0.00;-#,##0.00;0.00';
export const COUNT_FORMAT = '#,##0';
export const PERCENT_FORMAT = '0.0';
export const LOCAL_TIME_FORMAT = 'yyyy-mm-dd hh:mm';
export const UTC_TIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';
export const DURATION_FORMAT = '[h]:mm:ss';

/** Letters in the daily grid, so the grid reads without colour too. */
export const DAY_STATUS_LETTERS: Record<DayStatus, string> = { success: 'S', warning: 'W', failed: 'F', none: '' };

/** Font colour on each day-status fill, chosen for contrast. */
export const DAY_STATUS_TEXT: Record<DayStatus, string> = { success: 'FFFFFF', warning: '000000', failed: 'FFFFFF', none: '000000' };

export const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE3EA' } };
export const BOLD: Partial<ExcelJS.Font> = { bold: true };

/** One column of a table sheet: its header, width in characters and number format. */
export interface ColumnSpec {
  header: string;
  width: number;
  numFmt?: string;
}

/** Returns a solid fill of a hex RGB colour without `#`. */
export function solidFill(rgb: string): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${rgb}` } };
}

/** Returns a width in characters that fits the header and the longest text of a column. */
export function fitWidth(header: string, longest: number, minimum = 6, maximum = 60): number {
  return Math.min(maximum, Math.max(minimum, header.length + 2, longest + 2));
}

/** Sets the columns of a table sheet and writes its bold header row with an auto-filter. */
export function startTable(sheet: ExcelJS.Worksheet, columns: ColumnSpec[], headerRow = 1): void {
  sheet.columns = columns.map((column) => ({ width: column.width, style: column.numFmt ? { numFmt: column.numFmt } : {} }));
  const header = sheet.getRow(headerRow);
  columns.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.value = column.header;
    cell.font = BOLD;
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', wrapText: false };
    cell.numFmt = 'General';
  });
  sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: columns.length } };
}

/**
 * Returns the options of a sheet whose first `rows` rows and `columns` columns stay in view.
 * The streaming writer takes views only when the sheet is added.
 */
export function frozen(rows: number, columns: number): Partial<ExcelJS.AddWorksheetOptions> {
  return { views: [{ state: 'frozen', xSplit: columns, ySplit: rows }] };
}
