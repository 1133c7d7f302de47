// A small report model written by hand for the export tests: client "Müller & Söhne GmbH",
// November 2026 in Europe/Berlin (30 days, UTC+01:00), three devices named in Latin with
// accents, Greek and Cyrillic.

import { DEFAULT_REPORT_SETTINGS, type ReportDay, type ReportModel, type ReportSession, type ReportSettings } from '../../shared/report/types.ts';

export const GB = 1_073_741_824;
export const MB = 1_048_576;

/** Returns 30 days of November 2026 with the given statuses by day number (others `none`). */
function days(statuses: Record<number, ReportDay['status']>, fill: ReportDay['status'] = 'none'): ReportDay[] {
  return Array.from({ length: 30 }, (_, index) => ({
    date: `2026-11-${String(index + 1).padStart(2, '0')}`,
    status: statuses[index + 1] ?? fill,
  }));
}

function session(overrides: Partial<ReportSession> & Pick<ReportSession, 'id' | 'deviceId' | 'deviceName' | 'start'>): ReportSession {
  return {
    site: 'Zentrale',
    plugin: 'FILE_SYSTEM',
    type: 'BACKUP',
    status: 'COMPLETED',
    outcome: 'success',
    countedAs: 'success',
    end: null,
    date: overrides.start.slice(0, 10),
    durationSeconds: null,
    selectionSizeBytes: 0,
    selectionItemCount: 0,
    sizeChangeBytes: 0,
    itemCountChange: 0,
    removedItemCount: 0,
    processedBytes: 0,
    processedItemCount: 0,
    transferredBytes: 0,
    errorCount: 0,
    ...overrides,
  };
}

export const SAMPLE_SETTINGS: ReportSettings = {
  ...DEFAULT_REPORT_SETTINGS,
  mspName: 'Über IT Services',
  sizeUnit: 'GB',
};

/** Builds the sample model; `sessions` replaces the three listed sessions when given. */
export function sampleModel(sessions?: ReportSession[]): ReportModel {
  const listed = sessions ?? [
    session({
      id: '9001',
      deviceId: '101',
      deviceName: 'SRV-ΑΘΗΝΑ',
      start: '2026-11-02T01:00:00.000Z',
      end: '2026-11-02T01:30:05.000Z',
      durationSeconds: 1805,
      selectionSizeBytes: 12.5 * GB,
      selectionItemCount: 120_345,
      sizeChangeBytes: 256 * MB,
      transferredBytes: 1.25 * GB,
      processedBytes: 2 * GB,
      processedItemCount: 2_500,
    }),
    session({
      id: '9002',
      deviceId: '102',
      deviceName: 'Бухгалтерия-ПК',
      site: 'Filiale Köln',
      status: 'FAILED',
      outcome: 'failed',
      countedAs: 'failed',
      start: '2026-11-03T22:30:00.000Z',
      end: '2026-11-03T22:31:00.000Z',
      durationSeconds: 60,
      errorCount: 3,
    }),
    session({
      id: '9003',
      deviceId: '101',
      deviceName: 'SRV-ΑΘΗΝΑ',
      plugin: 'SYSTEM_STATE',
      type: 'RESTORE',
      status: 'COMPLETED',
      outcome: 'success',
      countedAs: null,
      start: '2026-11-10T09:00:00.000Z',
      end: '2026-11-10T09:10:00.000Z',
      durationSeconds: 600,
    }),
  ];

  return {
    client: { id: '55', name: 'Müller & Söhne GmbH' },
    period: {
      month: '2026-11',
      timeZone: 'Europe/Berlin',
      timeZoneSource: 'client',
      start: '2026-10-31T23:00:00.000Z',
      end: '2026-11-30T23:00:00.000Z',
      days: 30,
    },
    generatedAt: '2026-12-01T08:00:00.000Z',
    dataAsOf: '2026-12-01T06:00:00.000Z',
    incomplete: { generatedBeforeMonthEnd: false, dataSyncedBeforeMonthEnd: false, devicesNeverSynced: 0 },
    rules: {
      mspName: 'Über IT Services',
      sizeUnit: 'GB',
      atRiskThresholdDays: 3,
      completedWithErrorsCountsAsSuccess: false,
      texts: ['Times and days are in the Europe/Berlin time zone.', 'Success rate = successful backup sessions / backup sessions.'],
    },
    totals: {
      devices: 3,
      devicesAtRisk: 1,
      devicesWithoutSessions: 1,
      backupSessions: 2,
      statusCounts: { COMPLETED: 1, FAILED: 1 },
      successRate: 50,
      protectedBytes: 12.5 * GB,
      previousProtectedBytes: 10 * GB,
      protectedChangeBytes: 2.5 * GB,
      transferredBytes: 1.25 * GB,
      errorCount: 3,
      restores: 1,
    },
    devices: [
      {
        id: '102',
        name: 'Бухгалтерия-ПК',
        type: 'workstation',
        siteId: '2',
        site: 'Filiale Köln',
        backupEnabled: true,
        lastSyncedAt: '2026-12-01T06:00:00.000Z',
        sessions: 1,
        statusCounts: { FAILED: 1 },
        successRate: 0,
        daysWithSuccess: 0,
        daysElapsed: 30,
        coverage: 0,
        lastSuccess: '2026-10-28T02:00:00.000Z',
        daysSinceLastSuccess: 33,
        atRisk: true,
        selectionSizeBytes: null,
        previousSelectionSizeBytes: null,
        selectionSizeChangeBytes: null,
        transferredBytes: 0,
        errorCount: 3,
        restores: 0,
        days: days({ 3: 'failed' }),
        plugins: [],
      },
      {
        id: '101',
        name: 'SRV-ΑΘΗΝΑ',
        type: 'server',
        siteId: '1',
        site: 'Zentrale',
        backupEnabled: true,
        lastSyncedAt: '2026-12-01T06:00:00.000Z',
        sessions: 1,
        statusCounts: { COMPLETED: 1 },
        successRate: 100,
        daysWithSuccess: 1,
        daysElapsed: 30,
        coverage: 3.3,
        lastSuccess: '2026-11-02T01:30:05.000Z',
        daysSinceLastSuccess: 28,
        atRisk: false,
        selectionSizeBytes: 12.5 * GB,
        previousSelectionSizeBytes: 10 * GB,
        selectionSizeChangeBytes: 2.5 * GB,
        transferredBytes: 1.25 * GB,
        errorCount: 0,
        restores: 1,
        days: days({ 2: 'success', 5: 'warning' }),
        plugins: [],
      },
      {
        id: '103',
        name: 'Café-Laptop',
        type: 'workstation',
        siteId: '1',
        site: 'Zentrale',
        backupEnabled: true,
        lastSyncedAt: '2026-12-01T06:00:00.000Z',
        sessions: 0,
        statusCounts: {},
        successRate: null,
        daysWithSuccess: 0,
        daysElapsed: 30,
        coverage: 0,
        lastSuccess: null,
        daysSinceLastSuccess: null,
        atRisk: false,
        selectionSizeBytes: null,
        previousSelectionSizeBytes: null,
        selectionSizeChangeBytes: null,
        transferredBytes: 0,
        errorCount: 0,
        restores: 0,
        days: days({}),
        plugins: [],
      },
    ],
    needsAttention: [
      {
        kind: 'at-risk',
        deviceId: '102',
        deviceName: 'Бухгалтерия-ПК',
        site: 'Filiale Köln',
        lastSuccess: '2026-10-28T02:00:00.000Z',
        daysSinceLastSuccess: 33,
      },
      {
        kind: 'failed-sessions',
        deviceId: '102',
        deviceName: 'Бухгалтерия-ПК',
        site: 'Filiale Köln',
        count: 1,
        latest: { id: '9002', plugin: 'FILE_SYSTEM', status: 'FAILED', start: '2026-11-03T22:30:00.000Z' },
      },
      { kind: 'no-sessions', deviceId: '103', deviceName: 'Café-Laptop', site: 'Zentrale' },
    ],
    sessions: listed,
    excludedDevices: [],
  };
}

/** Returns `count` backup sessions of device 101 spread over the month, for volume tests. */
export function manySessions(count: number): ReportSession[] {
  const start = Date.parse('2026-11-01T00:00:00.000Z');
  const step = Math.floor((29 * 86_400_000) / count);
  return Array.from({ length: count }, (_, index) =>
    session({
      id: String(1_000_000 + index),
      deviceId: '101',
      deviceName: 'SRV-ΑΘΗΝΑ',
      start: new Date(start + index * step).toISOString(),
      end: new Date(start + index * step + 60_000).toISOString(),
      durationSeconds: 60,
      selectionSizeBytes: 5 * GB + index,
      selectionItemCount: 1000 + index,
      transferredBytes: 10 * MB,
    }),
  );
}
