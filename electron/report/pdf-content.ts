// The pdfmake document of the PDF export. Page 1: MSP, customer, month, zone, generation and
// data-as-of times, client figures and "Needs attention". Then the device table, the daily
// grid with its legend, the rules used and, when the setting is on, every session.

import type { Column, Content, ContentTable, ContentText, CustomTableLayout, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import {
  attentionText,
  DAY_STATUS_COLORS,
  DAY_STATUS_LABELS,
  formatCount,
  formatDuration,
  formatPercent,
  formatSize,
  formatSizeChange,
  formatSizeWithUnit,
  sizeHeader,
  timeZoneSourceText,
} from '../../shared/report/format.ts';
import { formatLocalDateTime, formatUtcOffset } from '../../shared/report/time.ts';
import type { DayStatus, ReportDevice, ReportModel, ReportSettings } from '../../shared/report/types.ts';
import { clientFigures, dataAsOfText, incompletenessNotices, monthName, reportTitle, type Figure } from './figures.ts';
import { pdfText, type TextRun } from './pdf-text.ts';

/** Inline text of pdfmake: a string, or runs in several fonts. */
type Inline = string | TextRun;

/** Joins plain text and user-supplied names (already passed through `pdfText`) into one inline text. */
function joined(...parts: Array<string | TextRun[]>): Inline[] {
  return parts.flatMap((part): Inline[] => (typeof part === 'string' ? [part] : part));
}

/** Returns a table cell or paragraph that shows a user-supplied name. */
function nameCell(name: string, style: Omit<ContentText, 'text'> = {}): ContentText {
  return { ...style, text: pdfText(name) };
}

/** Letters in the daily grid, so it reads without colour too (the same as in Excel). */
const DAY_LETTERS: Record<DayStatus, string> = { success: 'S', warning: 'W', failed: 'F', none: '' };
const DAY_TEXT_COLORS: Record<DayStatus, string> = { success: '#FFFFFF', warning: '#000000', failed: '#FFFFFF', none: '#000000' };
const MUTED = '#5F6B7A';
const HEADER_FILL = '#DDE3EA';
const ALERT = '#C62828';

/** Horizontal rules between rows and a shaded, repeated header row. */
const TABLE_LAYOUT: CustomTableLayout = {
  hLineWidth: (row, node) => (row === 0 || row === node.table.body.length ? 0 : 0.5),
  vLineWidth: () => 0,
  hLineColor: () => '#C8CED6',
  fillColor: (row) => (row === 0 ? HEADER_FILL : null),
  paddingLeft: () => 3,
  paddingRight: () => 3,
  paddingTop: () => 2,
  paddingBottom: () => 2,
};

/** White gaps between the coloured cells of the daily grid. */
const GRID_LAYOUT: CustomTableLayout = {
  hLineWidth: () => 1,
  vLineWidth: () => 1,
  hLineColor: () => '#FFFFFF',
  vLineColor: () => '#FFFFFF',
  paddingLeft: () => 1,
  paddingRight: () => 1,
  paddingTop: () => 2,
  paddingBottom: () => 2,
};

/** Page sizes in points (1/72 inch) in landscape, for the grid's column widths. */
const PAGE_WIDTH = { A4: 841.89, Letter: 792 };
const PAGE_MARGIN = 32;

function headerCell(text: string, alignment: 'left' | 'right' | 'center' = 'left'): TableCell {
  return { text, bold: true, alignment };
}

function numberCell(text: string): TableCell {
  return { text, alignment: 'right' };
}

function localTime(instant: string | null, zone: string): string {
  return instant === null ? '' : formatLocalDateTime(instant, zone);
}

function figureText(figure: Figure, settings: ReportSettings): string {
  switch (figure.kind) {
    case 'count':
      return figure.value === null ? 'n/a' : formatCount(figure.value);
    case 'percent':
      return formatPercent(figure.value);
    case 'size':
      return formatSizeWithUnit(figure.value, settings.sizeUnit);
    case 'size-change': {
      const text = formatSizeChange(figure.value, settings.sizeUnit);
      // formatSizeChange adds the unit only with `auto`; running text always names it.
      return figure.value === null || settings.sizeUnit === 'auto' ? text : `${text} ${settings.sizeUnit}`;
    }
  }
}

/** The zone, its offset at the start of the month and, when known, where it came from. */
function zoneText(model: ReportModel): string {
  const zone = model.period.timeZone;
  const text = `${zone} (${formatUtcOffset(model.period.start, zone)} at the start of the month)`;
  const source = model.period.timeZoneSource;
  return source === undefined ? text : `${text}, ${timeZoneSourceText(source)}`;
}

function titleBlock(model: ReportModel, settings: ReportSettings, logo: string | null): Content {
  const zone = model.period.timeZone;
  const msp: ContentText = nameCell(settings.mspName, { style: 'msp' });
  const logoImage: Column = { stack: [{ image: logo ?? '', fit: [180, 60] }], width: 'auto' };
  const mspBesideLogo: ContentText = { ...msp, margin: [12, 18, 0, 0] };
  const top: Content = logo === null ? msp : { columns: [logoImage, mspBesideLogo] };
  const notices = incompletenessNotices(model);

  return [
    top,
    nameCell(model.client.name, { style: 'title', margin: [0, 18, 0, 2] }),
    { text: `Backup report for ${monthName(model.period.month)}`, style: 'subtitle' },
    {
      margin: [0, 10, 0, 0],
      table: {
        widths: ['auto', '*'],
        body: [
          ['Month', `${model.period.month} (${formatLocalDateTime(model.period.start, zone)} to ${formatLocalDateTime(model.period.end, zone)})`],
          ['Time zone', zoneText(model)],
          ['Generated', `${formatLocalDateTime(model.generatedAt, zone)}`],
          ['Data as of', dataAsOfText(model)],
        ].map(([label, value]) => [{ text: label ?? '', color: MUTED }, value ?? '']),
      },
      layout: 'noBorders',
    },
    ...notices.map((notice): Content => ({ text: notice, color: ALERT, bold: true, margin: [0, 4, 0, 0] })),
  ];
}

function figuresTable(model: ReportModel, settings: ReportSettings): Content {
  const rows: TableCell[][] = [[headerCell('Client figures'), headerCell('', 'right')]];
  for (const figure of clientFigures(model)) {
    const label = figure.kind === 'count' && figure.detail ? { text: figure.label, margin: [10, 0, 0, 0], color: MUTED } : figure.label;
    rows.push([label as TableCell, numberCell(figureText(figure, settings))]);
  }
  return { table: { headerRows: 1, widths: ['*', 'auto'], body: rows }, layout: TABLE_LAYOUT };
}

function attentionList(model: ReportModel): Content {
  const items = model.needsAttention.map((item): ContentText => {
    const text = attentionText(item, model.period.timeZone);
    // The sentence starts with "<device> (<site>)"; the names get their own fonts and direction.
    const subject = `${item.deviceName} (${item.site})`;
    if (!text.startsWith(subject)) return nameCell(text);
    return { text: joined(pdfText(item.deviceName), ' (', pdfText(item.site), ')', text.slice(subject.length)) };
  });
  return [
    { text: 'Needs attention', style: 'section', margin: [0, 0, 0, 4] },
    items.length === 0 ? { text: 'No device needs attention.' } : { ul: items, markerColor: ALERT },
  ];
}

function deviceRow(device: ReportDevice, model: ReportModel, settings: ReportSettings): TableCell[] {
  const unit = settings.sizeUnit;
  const atRisk: TableCell = device.atRisk ? { text: 'Yes', bold: true, color: '#FFFFFF', fillColor: ALERT, alignment: 'center' } : { text: 'No', alignment: 'center' };
  return [
    nameCell(device.site),
    nameCell(device.name, { bold: true }),
    device.type === 'server' ? 'Server' : 'Workstation',
    numberCell(formatCount(device.sessions)),
    numberCell(formatPercent(device.successRate)),
    numberCell(`${device.daysWithSuccess} / ${device.daysElapsed}`),
    localTime(device.lastSuccess, model.period.timeZone),
    numberCell(device.daysSinceLastSuccess === null ? 'n/a' : String(device.daysSinceLastSuccess)),
    atRisk,
    numberCell(formatSize(device.selectionSizeBytes, unit)),
    numberCell(formatSizeChange(device.selectionSizeChangeBytes, unit)),
    numberCell(formatSize(device.transferredBytes, unit)),
    numberCell(formatCount(device.errorCount)),
    numberCell(formatCount(device.restores)),
  ];
}

function deviceTable(model: ReportModel, settings: ReportSettings): Content {
  const zone = model.period.timeZone;
  const unit = settings.sizeUnit;
  const header = [
    headerCell('Site'),
    headerCell('Device'),
    headerCell('Type'),
    headerCell('Backup sessions', 'right'),
    headerCell('Success rate', 'right'),
    headerCell('Days with success', 'right'),
    headerCell('Last success'),
    headerCell('Days since last success', 'right'),
    headerCell('At risk', 'center'),
    headerCell(sizeHeader('Protected', unit), 'right'),
    headerCell(sizeHeader('Change', unit), 'right'),
    headerCell(sizeHeader('Transferred', unit), 'right'),
    headerCell('Errors', 'right'),
    headerCell('Restores', 'right'),
  ];
  const table: ContentTable = {
    table: {
      headerRows: 1,
      dontBreakRows: true,
      widths: ['auto', '*', 'auto', 38, 38, 42, 72, 42, 30, 'auto', 'auto', 'auto', 32, 36],
      body: [header, ...model.devices.map((device) => deviceRow(device, model, settings))],
    },
    layout: TABLE_LAYOUT,
    fontSize: 8,
  };
  // The zone is named above the table: in a narrow header cell, pdfkit breaks "Asia/Kolkata" after the slash.
  return [{ text: `Devices (times in ${zone})`, style: 'section', pageBreak: 'before', margin: [0, 0, 0, 6] }, table];
}

function excludedDevices(model: ReportModel): Content {
  if (model.excludedDevices.length === 0) return [];
  return [
    { text: 'Excluded devices', style: 'section', margin: [0, 14, 0, 6] },
    {
      table: {
        headerRows: 1,
        widths: ['auto', 'auto', 'auto', '*'],
        body: [
          [headerCell('Site'), headerCell('Device'), headerCell('Type'), headerCell('Reason')],
          ...model.excludedDevices.map((device) => [nameCell(device.site), nameCell(device.name), device.type === 'server' ? 'Server' : 'Workstation', device.reason]),
        ],
      },
      layout: TABLE_LAYOUT,
      fontSize: 8,
    },
  ];
}

function legend(model: ReportModel): Content {
  const statuses: DayStatus[] = ['success', 'warning', 'failed', 'none'];
  const cells: TableCell[] = [];
  const widths: Array<number | 'auto'> = [];
  for (const status of statuses) {
    const swatch: TableCell = {
      text: DAY_LETTERS[status] || ' ',
      fillColor: `#${DAY_STATUS_COLORS[status]}`,
      color: DAY_TEXT_COLORS[status],
      bold: true,
      alignment: 'center',
      fontSize: 7,
    };
    cells.push(swatch, { text: DAY_STATUS_LABELS[status], margin: [0, 0, 12, 0] });
    widths.push(12, 'auto');
  }
  if (model.devices.some((device) => device.daysElapsed < model.period.days)) {
    cells.push({ text: ' ', fontSize: 7, fillColor: '#FFFFFF' }, { text: 'Not synced yet' });
    widths.push(12, 'auto');
  }
  return {
    table: { widths, body: [cells] },
    layout: { ...GRID_LAYOUT, paddingLeft: () => 2, paddingRight: () => 2, hLineColor: () => '#FFFFFF' },
    margin: [0, 0, 0, 8],
  };
}

function weekdayLetters(date: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleString('en-US', { weekday: 'short', timeZone: 'UTC' }).slice(0, 2);
}

/** Line height of Roboto, which the grid's text uses, as a multiple of the font size (about 1.17). */
const ROBOTO_LINE_HEIGHT = 1.1719;
/** Height of a grid row whose device name and site take one line each, with 2 pt above and below. */
const GRID_ROW_HEIGHT = (7 + 6) * ROBOTO_LINE_HEIGHT + 4;

/**
 * Returns the days of one device in the daily grid: one canvas of coloured boxes with a row of
 * letters over it. A table cell per day made pdfmake's layout of a large client take about
 * 400 MB. The boxes sit under the header's day columns, `pitch` apart, and fill the row.
 */
function dayBoxes(device: ReportDevice, dayWidth: number, pitch: number): TableCell {
  const statusOf = (index: number): DayStatus | 'not-synced' => {
    const status = device.days[index]!.status;
    return index >= device.daysElapsed && status === 'none' ? 'not-synced' : status;
  };
  const boxes = device.days.map((_, index) => {
    const status = statusOf(index);
    const color = status === 'not-synced' ? '#FFFFFF' : `#${DAY_STATUS_COLORS[status]}`;
    // 1 pt taller at each end, under the white rules drawn after the row, as a cell's fill is.
    return { type: 'rect' as const, x: index * pitch, y: -1, w: dayWidth + 2, h: GRID_ROW_HEIGHT + 2, color };
  });
  // Days without a letter next to each other share one empty column.
  const letters: Column[] = [];
  let blank = 0;
  const flushBlank = (): void => {
    if (blank > 0) letters.push({ text: '', width: blank * pitch - (pitch - dayWidth - 2) });
    blank = 0;
  };
  device.days.forEach((_, index) => {
    const status = statusOf(index);
    if (status === 'not-synced' || status === 'none') {
      blank++;
      return;
    }
    flushBlank();
    letters.push({ text: DAY_LETTERS[status], color: DAY_TEXT_COLORS[status], bold: true, alignment: 'center', width: dayWidth + 2 });
  });
  flushBlank();
  const letterLine = 7 * ROBOTO_LINE_HEIGHT;
  return {
    colSpan: device.days.length,
    verticalAlignment: 'middle',
    stack: [
      { canvas: boxes, margin: [0, 0, 0, -1] },
      // Placed back over the boxes, centred in the row, without taking space of its own.
      { columns: letters, columnGap: pitch - dayWidth - 2, relativePosition: { x: 0, y: -(GRID_ROW_HEIGHT + letterLine) / 2 } },
    ],
  };
}

function dailyGrid(model: ReportModel, settings: ReportSettings): Content {
  const days = model.devices[0]?.days.map((day) => day.date) ?? [];
  const usable = PAGE_WIDTH[settings.paperSize] - 2 * PAGE_MARGIN;
  const deviceWidth = 130;
  const totalWidth = 42;
  // Each column also takes 2 pt of padding and 1 pt of rule.
  const dayWidth = Math.floor(((usable - deviceWidth - totalWidth - 3 * (days.length + 2)) / Math.max(1, days.length)) * 10) / 10;

  const header: TableCell[] = [
    headerCell('Device'),
    ...days.map((date) => ({ stack: [String(Number(date.slice(8))), { text: weekdayLetters(date), fontSize: 5, color: MUTED }], bold: true, alignment: 'center' as const, fillColor: HEADER_FILL })),
    { ...(headerCell('Days with success', 'right') as object), fillColor: HEADER_FILL } as TableCell,
  ];
  (header[0] as { fillColor?: string }).fillColor = HEADER_FILL;

  // Device rows: one cell spans the day columns (the boxes start at its left padding, so 1 pt
  // left of its content), and the rows have no vertical padding so the boxes fill them.
  const rows: TableCell[][] = model.devices.map((device) => [
    { stack: [nameCell(device.name, { bold: true }), nameCell(device.site, { fontSize: 6, color: MUTED })], margin: [0, 2, 0, 2] },
    device.days.length === 0 ? { text: '' } : { ...(dayBoxes(device, dayWidth, dayWidth + 3) as object), margin: [-1, 0, -1, 0] } as TableCell,
    ...device.days.slice(1).map((): TableCell => ({ text: '' })),
    { text: `${device.daysWithSuccess}`, alignment: 'right', verticalAlignment: 'middle' },
  ]);

  return [
    { text: `Daily status (days in ${model.period.timeZone})`, style: 'section', pageBreak: 'before', margin: [0, 0, 0, 6] },
    legend(model),
    {
      table: { headerRows: 1, dontBreakRows: true, widths: [deviceWidth, ...days.map(() => dayWidth), totalWidth], body: [header, ...rows] },
      layout: { ...GRID_LAYOUT, paddingTop: (row) => (row === 0 ? 2 : 0), paddingBottom: (row) => (row === 0 ? 2 : 0) },
      fontSize: 7,
    },
  ];
}

function rules(model: ReportModel): Content {
  return [
    { text: 'How the figures are computed', style: 'section', margin: [0, 16, 0, 4] },
    // pdfmake replaces the items of the list it is given with its layout objects: hand it a copy.
    { ul: [...model.rules.texts], fontSize: 8, color: '#333333' },
  ];
}

// NOTE: pdfmake lays out the whole table in memory: 5,000 sessions took about 4 s and 400 MB
// of RSS on a 2-core test machine, so a month of 100,000 sessions is impractical in the PDF.
function sessionList(model: ReportModel, settings: ReportSettings): Content {
  const zone = model.period.timeZone;
  const unit = settings.sizeUnit;
  const header = [
    headerCell(`Start (${zone})`),
    headerCell('Device'),
    headerCell('Site'),
    headerCell('Plugin'),
    headerCell('Type'),
    headerCell('Status'),
    headerCell('Duration', 'right'),
    headerCell(sizeHeader('Selection size', unit), 'right'),
    headerCell(sizeHeader('Transferred', unit), 'right'),
    headerCell('Errors', 'right'),
  ];
  const rows = model.sessions.map((session): TableCell[] => [
    formatLocalDateTime(session.start, zone),
    nameCell(session.deviceName),
    nameCell(session.site),
    nameCell(session.plugin),
    session.type,
    session.outcome === 'success' ? session.status : { text: session.status, color: session.outcome === 'warning' ? '#8D6E00' : ALERT, bold: true },
    numberCell(formatDuration(session.durationSeconds)),
    numberCell(formatSize(session.selectionSizeBytes, unit)),
    numberCell(formatSize(session.transferredBytes, unit)),
    numberCell(formatCount(session.errorCount)),
  ]);
  return [
    { text: `Sessions (${formatCount(model.sessions.length)})`, style: 'section', pageBreak: 'before', margin: [0, 0, 0, 6] },
    rows.length === 0
      ? { text: 'No sessions in this month.' }
      : {
          table: { headerRows: 1, dontBreakRows: true, widths: ['auto', '*', 'auto', 'auto', 'auto', 'auto', 'auto', 'auto', 'auto', 'auto'], body: [header, ...rows] },
          layout: TABLE_LAYOUT,
          fontSize: 7,
        },
  ];
}

/** The header of pages 2 onwards: MSP name (when set), client name and month, separated by dots. */
function pageHeader(model: ReportModel, settings: ReportSettings): Inline[] {
  const client = joined(pdfText(model.client.name), `  ·  Backup report ${model.period.month}`);
  return settings.mspName.trim() === '' ? client : [...joined(pdfText(settings.mspName), '  ·  '), ...client];
}

/**
 * Builds the pdfmake document of a report. `logo` is a `data:image/png` or `data:image/jpeg`
 * URL, or null.
 */
export function reportDocument(model: ReportModel, settings: ReportSettings, logo: string | null): TDocumentDefinitions {
  const title = reportTitle(model);
  const generated = formatLocalDateTime(model.generatedAt, model.period.timeZone);

  return {
    pageSize: settings.paperSize === 'Letter' ? 'LETTER' : 'A4',
    pageOrientation: 'landscape',
    pageMargins: [PAGE_MARGIN, 40, PAGE_MARGIN, 36],
    info: { title, author: settings.mspName, subject: `Backup & Recovery sessions of ${model.client.name}`, creator: 'N-sight Backup Reports', producer: 'N-sight Backup Reports' },
    defaultStyle: { font: 'Roboto', fontSize: 9, lineHeight: 1.1 },
    styles: {
      msp: { fontSize: 14, bold: true, color: '#1F3A5F' },
      title: { fontSize: 24, bold: true },
      subtitle: { fontSize: 13, color: MUTED },
      section: { fontSize: 13, bold: true, color: '#1F3A5F' },
    },
    header: (currentPage) =>
      currentPage === 1
        ? null
        : { text: pageHeader(model, settings), fontSize: 8, color: MUTED, margin: [PAGE_MARGIN, 18, PAGE_MARGIN, 0] },
    footer: (currentPage, pageCount) => ({
      columns: [
        { text: `Generated ${generated} (${model.period.timeZone})`, fontSize: 8, color: MUTED },
        { text: `Page ${currentPage} of ${pageCount}`, fontSize: 8, alignment: 'right' },
      ],
      margin: [PAGE_MARGIN, 10, PAGE_MARGIN, 0],
    }),
    content: [
      titleBlock(model, settings, logo),
      {
        columns: [
          { width: '45%', stack: [figuresTable(model, settings)] },
          { width: '*', stack: [attentionList(model)] },
        ],
        columnGap: 24,
        margin: [0, 16, 0, 0],
      },
      deviceTable(model, settings),
      excludedDevices(model),
      dailyGrid(model, settings),
      rules(model),
      settings.pdfListsEverySession ? sessionList(model, settings) : [],
    ],
  };
}
