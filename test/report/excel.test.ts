import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeExcelReport } from '../../electron/report/excel.ts';
import { GB, manySessions, SAMPLE_SETTINGS, sampleModel } from './export-fixture.ts';

let folder: string;
let workbook: ExcelJS.Workbook;

function sheet(name: string): ExcelJS.Worksheet {
  const found = workbook.getWorksheet(name);
  if (!found) throw new Error(`sheet ${name} missing`);
  return found;
}

/** Returns the header texts of row `row`. */
function headers(worksheet: ExcelJS.Worksheet, row = 1): string[] {
  const values = worksheet.getRow(row).values as unknown[];
  return values.slice(1).map(String);
}

/** Returns the 1-based column of `header` in row `row`. */
function columnOf(worksheet: ExcelJS.Worksheet, header: string, row = 1): number {
  const index = headers(worksheet, row).indexOf(header);
  if (index < 0) throw new Error(`column ${header} missing`);
  return index + 1;
}

/** Returns the row of the Summary sheet whose first cell is `label`. */
function summaryRow(label: string): ExcelJS.Row {
  const summary = sheet('Summary');
  for (let row = 1; row <= summary.rowCount; row += 1) {
    if (summary.getRow(row).getCell(1).value === label) return summary.getRow(row);
  }
  throw new Error(`summary row ${label} missing`);
}

function fillColor(cell: ExcelJS.Cell): string | undefined {
  const fill = cell.fill as ExcelJS.FillPattern | undefined;
  return fill?.fgColor?.argb;
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'excel-'));
  const file = join(folder, 'report.xlsx');
  await writeExcelReport(sampleModel(), SAMPLE_SETTINGS, file);
  workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('writeExcelReport', () => {
  it('writes the four sheets', () => {
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Summary', 'Devices', 'Daily', 'Sessions']);
  });

  it('sets workbook properties', () => {
    expect(workbook.creator).toBe('Über IT Services');
    expect(workbook.title).toBe('Backup report - Müller & Söhne GmbH - 2026-11');
  });

  it('writes the summary figures', () => {
    expect(sheet('Summary').getCell('A1').value).toBe('Backup report - Müller & Söhne GmbH - 2026-11');
    expect(summaryRow('Client').getCell(2).value).toBe('Müller & Söhne GmbH');
    expect(summaryRow('Prepared by').getCell(2).value).toBe('Über IT Services');
    expect(summaryRow('Time zone').getCell(2).value).toBe('Europe/Berlin');
    expect(summaryRow('Time zone from').getCell(2).value).toBe("The client's time zone");
    expect(summaryRow('Devices').getCell(2).value).toBe(3);
    expect(summaryRow('Devices at risk').getCell(2).value).toBe(1);
    expect(summaryRow('    FAILED').getCell(2).value).toBe(1);
    expect(summaryRow('Restores performed').getCell(2).value).toBe(1);
  });

  it('writes summary numbers with formats', () => {
    const rate = summaryRow('Success rate (%)').getCell(2);
    expect(rate.value).toBe(50);
    expect(rate.numFmt).toBe('0.0');
    const size = summaryRow('Protected data (GB)').getCell(2);
    expect(size.value).toBe(12.5);
    expect(size.numFmt).toBe('#,##0.00');
    const change = summaryRow('Change against previous month (GB)').getCell(2);
    expect(change.value).toBe(2.5);
    expect(change.numFmt).toBe('+#,##0.00;-#,##0.00;0.00');
  });

  it('writes local times as dates', () => {
    const generated = summaryRow('Generated (Europe/Berlin)').getCell(2);
    // 08:00 UTC is 09:00 in Berlin in December.
    expect(generated.value).toEqual(new Date(Date.UTC(2026, 11, 1, 9, 0)));
    expect(generated.numFmt).toBe('yyyy-mm-dd hh:mm');
  });

  it('lists attention items and rules', () => {
    const summary = sheet('Summary');
    const texts: string[] = [];
    summary.eachRow((row) => texts.push(String(row.getCell(1).value)));
    expect(texts).toContain('Café-Laptop (Zentrale): no backup session this month.');
    expect(texts).toContain('Success rate = successful backup sessions / backup sessions.');
  });

  it('writes one device row each', () => {
    const devices = sheet('Devices');
    expect(devices.rowCount).toBe(4);
    const names = [2, 3, 4].map((row) => devices.getRow(row).getCell(columnOf(devices, 'Device')).value);
    expect(names).toEqual(['Бухгалтерия-ПК', 'SRV-ΑΘΗΝΑ', 'Café-Laptop']);
  });

  it('writes device figures as numbers', () => {
    const devices = sheet('Devices');
    const server = devices.getRow(3);
    expect(server.getCell(columnOf(devices, 'Backup sessions')).value).toBe(1);
    expect(server.getCell(columnOf(devices, 'COMPLETED')).value).toBe(1);
    expect(server.getCell(columnOf(devices, 'FAILED')).value).toBe(0);
    expect(server.getCell(columnOf(devices, 'Success rate (%)')).value).toBe(100);
    expect(server.getCell(columnOf(devices, 'Coverage (%)')).value).toBe(3.3);
    const size = server.getCell(columnOf(devices, 'Selection size (GB)'));
    expect(size.value).toBe(12.5);
    expect(size.numFmt).toBe('#,##0.00');
    expect(server.getCell(columnOf(devices, 'Transferred (GB)')).value).toBe(1.25);
    expect(server.getCell(columnOf(devices, 'Last success (Europe/Berlin)')).value).toEqual(
      new Date(Date.UTC(2026, 10, 2, 2, 30, 5)),
    );
  });

  it('leaves missing figures empty', () => {
    const devices = sheet('Devices');
    const laptop = devices.getRow(4);
    expect(laptop.getCell(columnOf(devices, 'Success rate (%)')).value).toBeNull();
    expect(laptop.getCell(columnOf(devices, 'Selection size (GB)')).value).toBeNull();
  });

  it('marks devices at risk', () => {
    const devices = sheet('Devices');
    const cell = devices.getRow(2).getCell(columnOf(devices, 'At risk'));
    expect(cell.value).toBe('Yes');
    expect(fillColor(cell)).toBe('FFC62828');
  });

  it('freezes header rows', () => {
    expect(sheet('Devices').views[0]).toMatchObject({ state: 'frozen', ySplit: 1, xSplit: 2 });
    expect(sheet('Daily').views[0]).toMatchObject({ state: 'frozen', ySplit: 3, xSplit: 2 });
    expect(sheet('Sessions').views[0]).toMatchObject({ state: 'frozen', ySplit: 1, xSplit: 2 });
  });

  it('sets auto-filters', () => {
    expect(sheet('Devices').autoFilter).toBeTruthy();
    expect(String(sheet('Sessions').autoFilter)).toMatch(/^A1:U1$/);
    expect(String(sheet('Daily').autoFilter)).toMatch(/^A3:AH3$/);
  });

  it('fits column widths', () => {
    const devices = sheet('Devices');
    const device = devices.getColumn(columnOf(devices, 'Device'));
    expect(device.width).toBeGreaterThanOrEqual('Бухгалтерия-ПК'.length);
    const lastSuccess = devices.getColumn(columnOf(devices, 'Last success (Europe/Berlin)'));
    expect(lastSuccess.width).toBeGreaterThanOrEqual('Last success (Europe/Berlin)'.length);
    expect(sheet('Daily').getColumn(3).width).toBeLessThan(6);
  });

  it('colours the daily grid', () => {
    const daily = sheet('Daily');
    expect(headers(daily, 3).slice(0, 4)).toEqual(['Site', 'Device', '01', '02']);
    const accounting = daily.getRow(4);
    expect(accounting.getCell(2).value).toBe('Бухгалтерия-ПК');
    expect(accounting.getCell(2 + 3).value).toBe('F');
    expect(fillColor(accounting.getCell(2 + 3))).toBe('FFC62828');
    expect(fillColor(accounting.getCell(2 + 4))).toBe('FFE0E0E0');
    const server = daily.getRow(5);
    expect(server.getCell(2 + 2).value).toBe('S');
    expect(fillColor(server.getCell(2 + 2))).toBe('FF2E7D32');
    expect(server.getCell(2 + 5).value).toBe('W');
    expect(fillColor(server.getCell(2 + 5))).toBe('FFF9A825');
  });

  it('writes the daily legend', () => {
    const legend = sheet('Daily').getRow(1);
    const texts = (legend.values as unknown[]).filter((value) => typeof value === 'string');
    expect(texts).toEqual(
      expect.arrayContaining(['Day status (Europe/Berlin)', 'Success', 'Completed with errors', 'Failed', 'No backup']),
    );
    const colours: string[] = [];
    legend.eachCell({ includeEmpty: true }, (cell) => {
      const colour = fillColor(cell);
      if (colour) colours.push(colour);
    });
    expect(colours).toEqual(['FF2E7D32', 'FFF9A825', 'FFC62828', 'FFE0E0E0']);
  });

  it('writes every session', () => {
    const sessions = sheet('Sessions');
    expect(sessions.rowCount).toBe(4);
    const first = sessions.getRow(2);
    expect(first.getCell(columnOf(sessions, 'Device')).value).toBe('SRV-ΑΘΗΝΑ');
    expect(first.getCell(columnOf(sessions, 'Status')).value).toBe('COMPLETED');
    expect(first.getCell(columnOf(sessions, 'Start (Europe/Berlin)')).value).toEqual(new Date(Date.UTC(2026, 10, 2, 2, 0)));
    expect(first.getCell(columnOf(sessions, 'Start (UTC)')).value).toEqual(new Date(Date.UTC(2026, 10, 2, 1, 0)));
    const duration = first.getCell(columnOf(sessions, 'Duration'));
    // exceljs reads a number with a time format back as a Date from 1899-12-30.
    expect(duration.value).toEqual(new Date(Date.UTC(1899, 11, 30, 0, 30, 5)));
    expect(duration.numFmt).toBe('[h]:mm:ss');
    expect(first.getCell(columnOf(sessions, 'Selection size (GB)')).value).toBe(12.5);
    expect(first.getCell(columnOf(sessions, 'Size change (GB)')).value).toBe(0.25);
    expect(first.getCell(columnOf(sessions, 'Selected items')).value).toBe(120_345);
    const restore = sessions.getRow(4);
    expect(restore.getCell(columnOf(sessions, 'Type')).value).toBe('RESTORE');
    expect(restore.getCell(columnOf(sessions, 'Counted as')).value).toBeNull();
  });
});

describe('writeExcelReport sizes', () => {
  it('picks one unit per column with auto', async () => {
    const file = join(folder, 'auto.xlsx');
    await writeExcelReport(sampleModel(), { ...SAMPLE_SETTINGS, sizeUnit: 'auto' }, file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sessions = book.getWorksheet('Sessions');
    if (!sessions) throw new Error('Sessions missing');
    expect(headers(sessions)).toContain('Selection size (GB)');
    expect(sessions.getRow(2).getCell(columnOf(sessions, 'Selection size (GB)')).value).toBe(12.5);
  });

  it('writes MB when set', async () => {
    const file = join(folder, 'mb.xlsx');
    await writeExcelReport(sampleModel(), { ...SAMPLE_SETTINGS, sizeUnit: 'MB' }, file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const devices = book.getWorksheet('Devices');
    if (!devices) throw new Error('Devices missing');
    expect(devices.getRow(3).getCell(columnOf(devices, 'Selection size (MB)')).value).toBe(12.5 * 1024);
  });
});

describe('writeExcelReport streaming', () => {
  const file = () => join(folder, 'large.xlsx');
  let sizeAtHalf = 0;

  beforeAll(async () => {
    const model = sampleModel(manySessions(100_000));
    const pending: Promise<void>[] = [];
    await writeExcelReport(model, SAMPLE_SETTINGS, file(), {
      onSessionRows: (written) => {
        if (written === 50_000) pending.push(stat(file()).then((info) => void (sizeAtHalf = info.size)));
      },
    });
    await Promise.all(pending);
  }, 60_000);

  it('writes 100,000 session rows', async () => {
    let rows = 0;
    let last: unknown[] = [];
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file(), { worksheets: 'emit' });
    for await (const worksheet of reader) {
      const name = (worksheet as unknown as { name: string }).name;
      for await (const row of worksheet) {
        if (name !== 'Sessions') continue;
        rows += 1;
        last = row.values as unknown[];
      }
    }
    expect(rows).toBe(100_001);
    expect(last[20]).toBe('1099999');
  }, 60_000);

  it('puts rows on disk as it goes', async () => {
    const finalSize = (await stat(file())).size;
    // Half the rows in, a streamed sheet has put a good part of the file on disk; an unstreamed
    // one has written almost nothing yet.
    expect(sizeAtHalf).toBeGreaterThan(finalSize * 0.3);
  });

  it('stops on abort', async () => {
    const file = join(folder, 'aborted.xlsx');
    const controller = new AbortController();
    const write = writeExcelReport(sampleModel(manySessions(20_000)), SAMPLE_SETTINGS, file, {
      signal: controller.signal,
      onSessionRows: (written) => {
        if (written === 5_000) controller.abort(new Error('stopped by test'));
      },
    });
    await expect(write).rejects.toThrow('stopped by test');
  });
});
