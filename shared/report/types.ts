// Types of the monthly backup report: the settings, the cached data a report is built from,
// and the report model that the Excel, PDF and JSON exports and the app all print.
// The model is plain JSON: ids are strings, times are UTC ISO-8601 strings, sizes are bytes.

import type { BackupSession, DeviceType } from '../nsight.ts';

export type SizeUnit = 'MB' | 'GB' | 'auto';
export type PaperSize = 'A4' | 'Letter';

/** User settings that shape a report. */
export interface ReportSettings {
  /** Name of the MSP printed on the report and used as the workbook author. */
  mspName: string;
  /** Path of a PNG or JPEG logo file, or null for none. The exporters read the file. */
  mspLogoPath: string | null;
  sizeUnit: SizeUnit;
  /** A device whose last success is more than this many whole days old is "at risk". */
  atRiskThresholdDays: number;
  completedWithErrorsCountsAsSuccess: boolean;
  paperSize: PaperSize;
  /** Whether the PDF ends with the list of every session of the month. */
  pdfListsEverySession: boolean;
  /** IANA zone used when neither the report nor the client names one, or null for the computer's zone. */
  defaultTimeZone: string | null;
}

export const DEFAULT_REPORT_SETTINGS: ReportSettings = {
  mspName: '',
  mspLogoPath: null,
  sizeUnit: 'GB',
  atRiskThresholdDays: 3,
  completedWithErrorsCountsAsSuccess: false,
  paperSize: 'A4',
  pdfListsEverySession: false,
  defaultTimeZone: null,
};

/** One device of the client as the cache stores it. */
export interface ReportInputDevice {
  id: string;
  name: string;
  type: DeviceType;
  siteId: string;
  siteName: string;
  /** Backup & Recovery enabled (`mob=1`). */
  backupEnabled: boolean;
  /** When the device's sessions were last fetched from N-sight, or null if never. */
  lastSyncedAt: Date | null;
  /** Reason the user gave for excluding the device from reports, or null when it is included. */
  excludedReason: string | null;
}

/**
 * Everything `buildReport` needs for one client and one month, read from the cache.
 *
 * Sessions are classified by their `start`, so passing more than the minimum is harmless:
 * the model returns the same report for the minimum described here and for the full history.
 */
export interface ReportInput {
  client: { id: string; name: string; timeZone: string | null };
  /** `YYYY-MM`. */
  month: string;
  /** The resolved IANA zone of the report (see `resolveReportTimeZone` in `time.ts`). */
  timeZone: string;
  /**
   * The devices of the report: every device of the client with Backup & Recovery enabled or
   * with at least one cached session (of any month), plus the excluded ones, which are only
   * listed with their reason. The model reports every device given here.
   */
  devices: ReportInputDevice[];
  /**
   * Every session (BACKUP, RESTORE or other type) of the devices above whose `start` lies in
   * `[start, end)` of the month as `monthRange(month, timeZone)` returns it.
   */
  sessions: BackupSession[];
  /**
   * Earlier history: for each device, plugin and status COMPLETED or COMPLETED_WITH_ERRORS, the
   * BACKUP session with the latest `start` before the month's start (ties broken by the later
   * `end`, then the larger id). From these the model takes `lastSuccess` from earlier months
   * and the selection size at the end of the previous month. Other sessions may be given and
   * change nothing, so the full history gives the same report.
   */
  earlierSessions: BackupSession[];
}

/** Outcome of one session by its status; `unknown` is any status outside the documented ones. */
export type SessionOutcome = 'success' | 'warning' | 'failed' | 'unknown';
/** Outcome as the figures count it: unknown counts as failed, warning as success when set. */
export type CountedOutcome = 'success' | 'warning' | 'failed';
export type DayStatus = CountedOutcome | 'none';

/** Session counts keyed by the API's status strings (only statuses that occurred). */
export type StatusCounts = Record<string, number>;

/** The settings a report was built with, and the rules it applied, as printed sentences. */
export interface ReportRules {
  mspName: string;
  sizeUnit: SizeUnit;
  atRiskThresholdDays: number;
  completedWithErrorsCountsAsSuccess: boolean;
  /** Rule sentences in print order, from `ruleTexts` in `format.ts`. */
  texts: string[];
}

/** One local calendar day of a device's grid. */
export interface ReportDay {
  /** `YYYY-MM-DD` in the report's zone. */
  date: string;
  status: DayStatus;
}

/** Figures of one plugin (`FILE_SYSTEM`, `SYSTEM_STATE`, ...) of a device. */
export interface ReportPlugin {
  plugin: string;
  /** Backup sessions in the month. */
  sessions: number;
  statusCounts: StatusCounts;
  /** Percentage 0 to 100 with one decimal, or null without backup sessions. */
  successRate: number | null;
  /** End (UTC ISO) of the latest successful backup session started before the month end. */
  lastSuccess: string | null;
  selectionSizeBytes: number | null;
  /** The same figure at the end of the previous month. */
  previousSelectionSizeBytes: number | null;
  /** Signed change against the previous month end; null when there was no figure then. */
  selectionSizeChangeBytes: number | null;
  transferredBytes: number;
  errorCount: number;
  restores: number;
}

export interface ReportDevice {
  id: string;
  name: string;
  type: DeviceType;
  siteId: string;
  site: string;
  backupEnabled: boolean;
  lastSyncedAt: string | null;
  /** Backup sessions in the month. */
  sessions: number;
  statusCounts: StatusCounts;
  successRate: number | null;
  daysWithSuccess: number;
  /** Days of the month that had started when the device was last synced. */
  daysElapsed: number;
  /** daysWithSuccess / daysElapsed as a percentage with one decimal, or null when 0 days. */
  coverage: number | null;
  lastSuccess: string | null;
  daysSinceLastSuccess: number | null;
  atRisk: boolean;
  selectionSizeBytes: number | null;
  previousSelectionSizeBytes: number | null;
  selectionSizeChangeBytes: number | null;
  transferredBytes: number;
  errorCount: number;
  restores: number;
  days: ReportDay[];
  plugins: ReportPlugin[];
}

export interface ReportTotals {
  devices: number;
  devicesAtRisk: number;
  /** Devices without any backup session in the month. */
  devicesWithoutSessions: number;
  backupSessions: number;
  statusCounts: StatusCounts;
  successRate: number | null;
  protectedBytes: number;
  previousProtectedBytes: number | null;
  protectedChangeBytes: number | null;
  transferredBytes: number;
  errorCount: number;
  restores: number;
}

/** The latest failed session of a device, as the "needs attention" list names it. */
export interface AttentionSession {
  id: string;
  plugin: string;
  status: string;
  start: string;
}

export type AttentionItem =
  | {
      kind: 'at-risk';
      deviceId: string;
      deviceName: string;
      site: string;
      lastSuccess: string | null;
      daysSinceLastSuccess: number | null;
    }
  | {
      kind: 'failed-sessions';
      deviceId: string;
      deviceName: string;
      site: string;
      /** Backup sessions of the month counted as failed (unknown statuses included). */
      count: number;
      latest: AttentionSession;
    }
  | { kind: 'no-sessions'; deviceId: string; deviceName: string; site: string };

/** One session of the month as the session list prints it. */
export interface ReportSession {
  id: string;
  deviceId: string;
  deviceName: string;
  site: string;
  plugin: string;
  type: string;
  status: string;
  outcome: SessionOutcome;
  /** Backup sessions only; null for RESTORE and other types. */
  countedAs: CountedOutcome | null;
  start: string;
  end: string | null;
  /** Local day of `start`, `YYYY-MM-DD`. */
  date: string;
  durationSeconds: number | null;
  selectionSizeBytes: number;
  selectionItemCount: number;
  sizeChangeBytes: number;
  itemCountChange: number;
  removedItemCount: number;
  processedBytes: number;
  processedItemCount: number;
  transferredBytes: number;
  errorCount: number;
}

export interface ExcludedDevice {
  id: string;
  name: string;
  type: DeviceType;
  site: string;
  reason: string;
}

/**
 * Source of the report's zone: chosen for this report, the client's own, the user's
 * default setting, the computer's, or UTC when none of them is a valid zone.
 */
export type TimeZoneSource = 'chosen' | 'client' | 'default' | 'computer' | 'utc';

/** The report of one client and month: the JSON export prints it as is. */
export interface ReportModel {
  client: { id: string; name: string };
  period: {
    month: string;
    timeZone: string;
    /** Present when the caller knows where the zone came from; printed beside the zone. */
    timeZoneSource?: TimeZoneSource;
    /** UTC ISO-8601 of local midnight on the first day. */
    start: string;
    /** UTC ISO-8601 of local midnight on the first day of the next month (exclusive). */
    end: string;
    days: number;
  };
  generatedAt: string;
  /** Oldest sync of the included devices that were ever synced; null if none was. */
  dataAsOf: string | null;
  /** Set when the report may miss sessions of the month; printed on the first page. */
  incomplete: {
    generatedBeforeMonthEnd: boolean;
    dataSyncedBeforeMonthEnd: boolean;
    /** Included devices never synced: their sessions are missing. */
    devicesNeverSynced: number;
  };
  rules: ReportRules;
  totals: ReportTotals;
  /** Grouped by site, then by name. */
  devices: ReportDevice[];
  needsAttention: AttentionItem[];
  /** Every session of the included devices in the month, by start time. */
  sessions: ReportSession[];
  excludedDevices: ExcludedDevice[];
}
