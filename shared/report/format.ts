// Text for people: sizes, percentages, durations, day-status labels and colours, and the rule
// sentences a report prints. The Excel, PDF and app views all format through this file so
// they show the same figures.

import { formatLocalDate, formatLocalDateTime } from './time.ts';
import type { AttentionItem, DayStatus, ReportModel, SizeUnit, TimeZoneSource } from './types.ts';

export const BYTES_PER_MB = 1_048_576;
export const BYTES_PER_GB = 1_073_741_824;

/** Unit a size is shown in after `auto` is resolved. */
export type DisplayUnit = 'MB' | 'GB';

/** Picks the unit for one value: the setting, or with `auto`, GB from 1 GB upwards and MB below. */
export function displayUnit(bytes: number, unit: SizeUnit): DisplayUnit {
  if (unit !== 'auto') return unit;
  return Math.abs(bytes) >= BYTES_PER_GB ? 'GB' : 'MB';
}

/** Converts bytes to MB (bytes / 1,048,576) or GB (bytes / 1,073,741,824), unrounded. */
export function bytesTo(bytes: number, unit: DisplayUnit): number {
  return bytes / (unit === 'GB' ? BYTES_PER_GB : BYTES_PER_MB);
}

const twoDecimals = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const wholeNumber = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Formats a count with thousands separators, such as `12,345`. */
export function formatCount(value: number): string {
  return wholeNumber.format(value);
}

/**
 * Formats a size for a table cell: two decimals, plus the unit when the setting is `auto`
 * (with MB or GB the column header names the unit). Null prints as `n/a`.
 */
export function formatSize(bytes: number | null, unit: SizeUnit): string {
  if (bytes === null) return 'n/a';
  const shown = displayUnit(bytes, unit);
  const text = twoDecimals.format(bytesTo(bytes, shown));
  return unit === 'auto' ? `${text} ${shown}` : text;
}

/** Formats a size with its unit always, such as `123.48 GB`, for running text. */
export function formatSizeWithUnit(bytes: number | null, unit: SizeUnit): string {
  if (bytes === null) return 'n/a';
  const shown = displayUnit(bytes, unit);
  return `${twoDecimals.format(bytesTo(bytes, shown))} ${shown}`;
}

/** Formats a signed change: `+1.25`, `-0.50`, `0.00` (unit added as in `formatSize`). */
export function formatSizeChange(bytes: number | null, unit: SizeUnit): string {
  if (bytes === null) return 'n/a';
  const text = formatSize(Math.abs(bytes), unit);
  if (/^0\.00( |$)/.test(text)) return text;
  return `${bytes < 0 ? '-' : '+'}${text}`;
}

/** Returns a column header with the size unit, such as `Selection size (GB)`. */
export function sizeHeader(label: string, unit: SizeUnit): string {
  return unit === 'auto' ? `${label} (MB or GB)` : `${label} (${unit})`;
}

/** Excel number format of sizes in a fixed unit. */
export const EXCEL_SIZE_FORMAT = '#,##0.00';
/** Excel number format of percentages stored as 0 to 100. */
export const EXCEL_PERCENT_FORMAT = '0.0';

/** Formats a percentage 0 to 100 with one decimal, such as `97.5%`. Null prints as `n/a`. */
export function formatPercent(value: number | null): string {
  return value === null ? 'n/a' : `${oneDecimal.format(value)}%`;
}

/** Formats seconds as `h:mm:ss`, such as `1:02:05`. Null prints as empty text. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '';
  const total = Math.max(0, Math.round(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  return `${hours}:${String(minutes).padStart(2, '0')}:${String(rest).padStart(2, '0')}`;
}

/** Labels of the daily grid's legend. */
export const DAY_STATUS_LABELS: Record<DayStatus, string> = {
  success: 'Success',
  warning: 'Completed with errors',
  failed: 'Failed',
  none: 'No backup',
};

/** Fill colours of the daily grid (hex RGB without `#`), shared by Excel, PDF and the app. */
export const DAY_STATUS_COLORS: Record<DayStatus, string> = {
  success: '2E7D32',
  warning: 'F9A825',
  failed: 'C62828',
  none: 'E0E0E0',
};

/** Settings that the rule sentences depend on. */
export interface RuleTextOptions {
  atRiskThresholdDays: number;
  completedWithErrorsCountsAsSuccess: boolean;
  sizeUnit: SizeUnit;
  timeZone: string;
}

/** Returns the rules a report applies, as the sentences it prints under its figures. */
export function ruleTexts(options: RuleTextOptions): string[] {
  const warning = options.completedWithErrorsCountsAsSuccess
    ? 'COMPLETED_WITH_ERRORS counts as a success.'
    : 'COMPLETED_WITH_ERRORS counts as a warning, not as a success.';
  const unit =
    options.sizeUnit === 'auto'
      ? 'Sizes are shown in GB (bytes / 1,073,741,824) from 1 GB upwards and in MB (bytes / 1,048,576) below.'
      : options.sizeUnit === 'GB'
        ? 'Sizes are shown in GB (bytes / 1,073,741,824) with two decimals.'
        : 'Sizes are shown in MB (bytes / 1,048,576) with two decimals.';
  const days = options.atRiskThresholdDays === 1 ? '1 day' : `${options.atRiskThresholdDays} days`;

  return [
    `Times and days are in the ${options.timeZone} time zone. A session belongs to the day and month in which it started.`,
    'The report covers every device with Backup & Recovery enabled or with recorded backup sessions. Excluded devices are listed with the reason.',
    'Data as of is the oldest last sync among the devices in the report.',
    'COMPLETED is a success. FAILED, INTERRUPTED, CANCELED and NOT_STARTED are failures, and any other status is shown as it came and counted as a failure.',
    warning,
    'Only backup sessions count towards success figures. Restore sessions are counted separately as restores performed.',
    'Success rate = successful backup sessions / backup sessions in the month, with one decimal, or n/a without backup sessions.',
    `Day status: each plugin counts with the outcome of its last backup session started that day, so a failed run retried successfully counts as a success. The device's day takes its worst plugin (failed, then warning, then success). A day without backup sessions shows "${DAY_STATUS_LABELS.none}".`,
    'Coverage = days with success / days of the month that had begun when the device was last synced.',
    'Last success = end of the successful backup session that started last before the month end, also from earlier months.',
    `Days since last success = whole 24-hour days from the last success to the month end, or to the device's last sync if that is earlier. A device is at risk when this is more than ${days}, or when it has no successful backup at all.`,
    'Protected data = for each plugin, the selection size of its latest successful or warning backup session started before the month end, summed per device. The change compares it with the same figure at the end of the previous month, and is n/a when there was none then.',
    'Needs attention lists devices at risk, devices without a backup session in the month, and devices with failed backup sessions.',
    unit,
  ];
}

/**
 * Returns the first-page warning of a report that may miss sessions of its month, or null.
 * Times print in the report's zone.
 */
export function incompleteNotice(model: Pick<ReportModel, 'incomplete' | 'dataAsOf' | 'generatedAt' | 'period'>): string | null {
  const zone = model.period.timeZone;
  const parts: string[] = [];
  if (model.incomplete.generatedBeforeMonthEnd) {
    parts.push(`This report was generated on ${formatLocalDateTime(model.generatedAt, zone)}, before the month ended.`);
  }
  if (model.incomplete.dataSyncedBeforeMonthEnd && model.dataAsOf !== null) {
    parts.push(`The data was last synced on ${formatLocalDateTime(model.dataAsOf, zone)}, before the month ended, so later sessions are missing.`);
  }
  const never = model.incomplete.devicesNeverSynced;
  if (never > 0) {
    parts.push(never === 1 ? '1 device was never synced, so its sessions are missing.' : `${never} devices were never synced, so their sessions are missing.`);
  }
  return parts.length > 0 ? parts.join(' ') : null;
}

/** Returns the "needs attention" line for an item, such as `SRV01 (Main office): at risk, ...`. */
export function attentionText(item: AttentionItem, timeZone: string): string {
  const who = `${item.deviceName} (${item.site})`;
  if (item.kind === 'no-sessions') return `${who}: no backup session this month.`;
  if (item.kind === 'failed-sessions') {
    const sessions = item.count === 1 ? '1 failed backup session' : `${formatCount(item.count)} failed backup sessions`;
    const latest = `${item.latest.plugin} ${item.latest.status} on ${formatLocalDate(item.latest.start, timeZone)}`;
    return `${who}: ${sessions}, latest ${latest}.`;
  }
  if (item.lastSuccess === null) return `${who}: at risk, no successful backup on record.`;
  const days = item.daysSinceLastSuccess === 1 ? '1 day' : `${item.daysSinceLastSuccess} days`;
  return `${who}: at risk, last successful backup ${formatLocalDate(item.lastSuccess, timeZone)} (${days} without one).`;
}

const TIME_ZONE_SOURCE_TEXTS: Record<TimeZoneSource, string> = {
  chosen: 'chosen for this report',
  client: "the client's time zone",
  default: 'the default time zone, as the client has none set',
  computer: "this computer's time zone, as neither the client nor the default time zone is set",
  utc: 'UTC, as no valid time zone is set for the client, as default or on this computer',
};

/** Says where the report's zone came from, such as "the client's time zone". */
export function timeZoneSourceText(source: TimeZoneSource): string {
  return TIME_ZONE_SOURCE_TEXTS[source];
}
