// Whole report models of small hand-made months, every field written out and derived by hand.
//
// March 2026 in Europe/Berlin: CET (UTC+1) until 29 March 02:00 local, then CEST (UTC+2), so
// the month runs from 2026-02-28T23:00Z to 2026-03-31T22:00Z, and 29 March lasts 23 hours,
// from 2026-03-28T23:00Z to 2026-03-29T22:00Z.
//
// Comments name sessions by their ids. Unless a session sets otherwise, it is a BACKUP of
// storage account 139 that ends ten minutes after its start. It has 10 selected items, no
// size or item changes, and 1 GiB and 10 items processed, as the `session` fixture sets.

import { describe, expect, it } from 'vitest';
import { buildReport } from '../../shared/report/build.ts';
import {
  DEFAULT_REPORT_SETTINGS,
  type DayStatus,
  type ReportDay,
  type ReportModel,
  type ReportSession,
  type ReportSettings,
} from '../../shared/report/types.ts';
import { device, input, session } from '../fixtures/report/sessions.ts';

const GIB = 1_073_741_824;

const DAY_CODES: Record<string, DayStatus> = { S: 'success', W: 'warning', F: 'failed', '.': 'none' };

/**
 * Builds a device's daily grid from one letter per day (S success, W warning, F failed,
 * `.` none); spaces only group the letters for reading.
 */
function grid(month: string, codes: string): ReportDay[] {
  const letters = codes.replaceAll(' ', '').split('');
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const length = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  if (letters.length !== length) throw new Error(`Grid of ${month} has ${letters.length} letters, expected ${length}.`);
  return letters.map((letter, index) => {
    const status = DAY_CODES[letter];
    if (status === undefined) throw new Error(`Unknown day code "${letter}": use S, W, F or a dot.`);
    return { date: `${month}-${String(index + 1).padStart(2, '0')}`, status };
  });
}

describe('grid helper', () => {
  it('rejects wrong length', () => {
    expect(() => grid('2026-02', '.'.repeat(29))).toThrow(/has 29 letters, expected 28/);
  });
});

// Fields of every session row that the `session` fixture fills with its defaults.
const FIXTURE_DEFAULTS = {
  selectionItemCount: 10,
  sizeChangeBytes: 0,
  itemCountChange: 0,
  removedItemCount: 0,
  processedBytes: GIB,
  processedItemCount: 10,
};

describe('Berlin March with DST change', () => {
  const settings: ReportSettings = { ...DEFAULT_REPORT_SETTINGS, mspName: 'Example IT' };
  const now = new Date('2026-04-02T08:00:00Z');

  const server = device({ id: '100', name: 'SRV-01', lastSyncedAt: new Date('2026-04-01T06:00:00Z') });
  // Synced last on 25 March at 08:00 CET, before the month ended.
  const workstation = device({
    id: '200',
    name: 'PC-07',
    type: 'workstation',
    siteId: '20',
    siteName: 'Branch',
    lastSyncedAt: new Date('2026-03-25T07:00:00Z'),
  });
  const retired = device({ id: '300', name: 'OLD-SRV', excludedReason: 'Decommissioned' });

  const marchSessions = [
    // FILE_SYSTEM of SRV-01: fails on 10 March and is retried the same day.
    session('2026-03-02T01:00:00Z', { id: '11', selectionSize: 5_000, transferredSize: 100 }),
    session('2026-03-10T01:00:00Z', { id: '12', status: 'FAILED', selectionSize: 0, transferredSize: 0, errorCount: 3 }),
    session('2026-03-10T09:00:00Z', { id: '13', selectionSize: 5_200, transferredSize: 300 }),
    // 29 March 01:30 CET, before the change.
    session('2026-03-29T00:30:00Z', { id: '14', selectionSize: 5_300, transferredSize: 50 }),
    // 29 March 23:30 CEST, the last backup of the short day.
    session('2026-03-29T21:30:00Z', { id: '15', status: 'COMPLETED_WITH_ERRORS', selectionSize: 5_400, transferredSize: 80, errorCount: 2 }),
    // 30 March 00:15 CEST.
    session('2026-03-29T22:15:00Z', { id: '16', selectionSize: 5_500, transferredSize: 60 }),
    // A restore of FILE_SYSTEM on 15 March.
    session('2026-03-15T10:00:00Z', { id: '31', type: 'RESTORE', selectionSize: 5_200, transferredSize: 7_000 }),

    // SYSTEM_STATE of SRV-01: fails on 10 March without a retry, and an unknown status without an end on 20 March.
    session('2026-03-02T02:00:00Z', { id: '21', plugin: 'SYSTEM_STATE', selectionSize: 800, transferredSize: 40 }),
    session('2026-03-10T02:00:00Z', { id: '22', plugin: 'SYSTEM_STATE', status: 'FAILED', selectionSize: 0, transferredSize: 0, errorCount: 1 }),
    session('2026-03-20T02:00:00Z', { id: '23', plugin: 'SYSTEM_STATE', status: 'SKIPPED', end: null, selectionSize: 0, transferredSize: 0 }),

    // The excluded device's session enters no figure and no list.
    session('2026-03-05T01:00:00Z', { id: '41', deviceId: '300', selectionSize: 70_000 }),
  ];

  const earlierSessions = [
    // Selection sizes at the end of February: FILE_SYSTEM 4,800, SYSTEM_STATE 700 (a warning protects data too).
    session('2026-02-20T01:00:00Z', { id: '1', selectionSize: 4_800 }),
    session('2026-02-25T02:00:00Z', { id: '2', plugin: 'SYSTEM_STATE', status: 'COMPLETED_WITH_ERRORS', selectionSize: 700 }),
    // PC-07's last success, ending 2026-02-26T03:10Z.
    session('2026-02-26T03:00:00Z', { id: '3', deviceId: '200', selectionSize: 9_000 }),
  ];

  const reportInput = input({
    month: '2026-03',
    devices: [server, workstation, retired],
    sessions: marchSessions,
    earlierSessions,
  });

  const srv01 = { deviceId: '100', deviceName: 'SRV-01', site: 'Head office' };

  const expectedSessions: ReportSession[] = [
    {
      id: '11', ...srv01, plugin: 'FILE_SYSTEM', type: 'BACKUP', status: 'COMPLETED', outcome: 'success', countedAs: 'success',
      start: '2026-03-02T01:00:00.000Z', end: '2026-03-02T01:10:00.000Z', date: '2026-03-02', durationSeconds: 600,
      selectionSizeBytes: 5_000, ...FIXTURE_DEFAULTS, transferredBytes: 100, errorCount: 0,
    },
    {
      id: '21', ...srv01, plugin: 'SYSTEM_STATE', type: 'BACKUP', status: 'COMPLETED', outcome: 'success', countedAs: 'success',
      start: '2026-03-02T02:00:00.000Z', end: '2026-03-02T02:10:00.000Z', date: '2026-03-02', durationSeconds: 600,
      selectionSizeBytes: 800, ...FIXTURE_DEFAULTS, transferredBytes: 40, errorCount: 0,
    },
    {
      id: '12', ...srv01, plugin: 'FILE_SYSTEM', type: 'BACKUP', status: 'FAILED', outcome: 'failed', countedAs: 'failed',
      start: '2026-03-10T01:00:00.000Z', end: '2026-03-10T01:10:00.000Z', date: '2026-03-10', durationSeconds: 600,
      selectionSizeBytes: 0, ...FIXTURE_DEFAULTS, transferredBytes: 0, errorCount: 3,
    },
    {
      id: '22', ...srv01, plugin: 'SYSTEM_STATE', type: 'BACKUP', status: 'FAILED', outcome: 'failed', countedAs: 'failed',
      start: '2026-03-10T02:00:00.000Z', end: '2026-03-10T02:10:00.000Z', date: '2026-03-10', durationSeconds: 600,
      selectionSizeBytes: 0, ...FIXTURE_DEFAULTS, transferredBytes: 0, errorCount: 1,
    },
    {
      id: '13', ...srv01, plugin: 'FILE_SYSTEM', type: 'BACKUP', status: 'COMPLETED', outcome: 'success', countedAs: 'success',
      start: '2026-03-10T09:00:00.000Z', end: '2026-03-10T09:10:00.000Z', date: '2026-03-10', durationSeconds: 600,
      selectionSizeBytes: 5_200, ...FIXTURE_DEFAULTS, transferredBytes: 300, errorCount: 0,
    },
    {
      id: '31', ...srv01, plugin: 'FILE_SYSTEM', type: 'RESTORE', status: 'COMPLETED', outcome: 'success', countedAs: null,
      start: '2026-03-15T10:00:00.000Z', end: '2026-03-15T10:10:00.000Z', date: '2026-03-15', durationSeconds: 600,
      selectionSizeBytes: 5_200, ...FIXTURE_DEFAULTS, transferredBytes: 7_000, errorCount: 0,
    },
    {
      id: '23', ...srv01, plugin: 'SYSTEM_STATE', type: 'BACKUP', status: 'SKIPPED', outcome: 'unknown', countedAs: 'failed',
      start: '2026-03-20T02:00:00.000Z', end: null, date: '2026-03-20', durationSeconds: null,
      selectionSizeBytes: 0, ...FIXTURE_DEFAULTS, transferredBytes: 0, errorCount: 0,
    },
    {
      id: '14', ...srv01, plugin: 'FILE_SYSTEM', type: 'BACKUP', status: 'COMPLETED', outcome: 'success', countedAs: 'success',
      start: '2026-03-29T00:30:00.000Z', end: '2026-03-29T00:40:00.000Z', date: '2026-03-29', durationSeconds: 600,
      selectionSizeBytes: 5_300, ...FIXTURE_DEFAULTS, transferredBytes: 50, errorCount: 0,
    },
    {
      id: '15', ...srv01, plugin: 'FILE_SYSTEM', type: 'BACKUP', status: 'COMPLETED_WITH_ERRORS', outcome: 'warning', countedAs: 'warning',
      start: '2026-03-29T21:30:00.000Z', end: '2026-03-29T21:40:00.000Z', date: '2026-03-29', durationSeconds: 600,
      selectionSizeBytes: 5_400, ...FIXTURE_DEFAULTS, transferredBytes: 80, errorCount: 2,
    },
    {
      id: '16', ...srv01, plugin: 'FILE_SYSTEM', type: 'BACKUP', status: 'COMPLETED', outcome: 'success', countedAs: 'success',
      start: '2026-03-29T22:15:00.000Z', end: '2026-03-29T22:25:00.000Z', date: '2026-03-30', durationSeconds: 600,
      selectionSizeBytes: 5_500, ...FIXTURE_DEFAULTS, transferredBytes: 60, errorCount: 0,
    },
  ];

  const expected: ReportModel = {
    client: { id: '7', name: 'Müller & Söhne GmbH' },
    period: {
      month: '2026-03',
      timeZone: 'Europe/Berlin',
      start: '2026-02-28T23:00:00.000Z', // 1 March 00:00 CET
      end: '2026-03-31T22:00:00.000Z', // 1 April 00:00 CEST
      days: 31,
    },
    generatedAt: '2026-04-02T08:00:00.000Z',
    dataAsOf: '2026-03-25T07:00:00.000Z', // PC-07's sync, older than SRV-01's on 1 April
    incomplete: {
      generatedBeforeMonthEnd: false, // 2 April is after the month end
      dataSyncedBeforeMonthEnd: true, // 25 March is before it
      devicesNeverSynced: 0,
    },
    rules: {
      mspName: 'Example IT',
      sizeUnit: 'GB',
      atRiskThresholdDays: 3,
      completedWithErrorsCountsAsSuccess: false,
      texts: expect.any(Array) as unknown as string[], // checked sentence by sentence below
    },
    totals: {
      devices: 2, // OLD-SRV is excluded
      devicesAtRisk: 1, // PC-07
      devicesWithoutSessions: 1, // PC-07
      backupSessions: 9, // SRV-01: 6 FILE_SYSTEM + 3 SYSTEM_STATE
      statusCounts: { COMPLETED: 5, COMPLETED_WITH_ERRORS: 1, FAILED: 2, SKIPPED: 1 },
      successRate: 55.6, // 5 of 9
      protectedBytes: 15_300, // PC-07 9,000 + SRV-01 6,300
      previousProtectedBytes: 14_500, // PC-07 9,000 + SRV-01 5,500
      protectedChangeBytes: 800,
      transferredBytes: 630, // SRV-01 only: restores do not count
      errorCount: 6, // 3 + 2 + 1
      restores: 1,
    },
    devices: [
      // "Branch" sorts before "Head office".
      {
        id: '200',
        name: 'PC-07',
        type: 'workstation',
        siteId: '20',
        site: 'Branch',
        backupEnabled: true,
        lastSyncedAt: '2026-03-25T07:00:00.000Z',
        sessions: 0,
        statusCounts: {},
        successRate: null, // no backup sessions
        daysWithSuccess: 0,
        daysElapsed: 25, // 1 to 25 March had begun at the sync, 08:00 CET on the 25th
        coverage: 0, // 0 of 25
        lastSuccess: '2026-02-26T03:10:00.000Z', // from February
        daysSinceLastSuccess: 27, // to the sync at 2026-03-25T07:00Z: 27 days 3 h 50 min
        atRisk: true, // 27 > 3
        selectionSizeBytes: 9_000,
        previousSelectionSizeBytes: 9_000,
        selectionSizeChangeBytes: 0,
        transferredBytes: 0,
        errorCount: 0,
        restores: 0,
        days: grid('2026-03', '.......... .......... .......... .'),
        plugins: [
          {
            plugin: 'FILE_SYSTEM',
            sessions: 0,
            statusCounts: {},
            successRate: null,
            lastSuccess: '2026-02-26T03:10:00.000Z',
            selectionSizeBytes: 9_000,
            previousSelectionSizeBytes: 9_000,
            selectionSizeChangeBytes: 0,
            transferredBytes: 0,
            errorCount: 0,
            restores: 0,
          },
        ],
      },
      {
        id: '100',
        name: 'SRV-01',
        type: 'server',
        siteId: '10',
        site: 'Head office',
        backupEnabled: true,
        lastSyncedAt: '2026-04-01T06:00:00.000Z',
        sessions: 9,
        statusCounts: { COMPLETED: 5, COMPLETED_WITH_ERRORS: 1, FAILED: 2, SKIPPED: 1 },
        successRate: 55.6, // 5 of 9
        daysWithSuccess: 2, // 2 and 30 March
        daysElapsed: 31, // synced after the month end
        coverage: 6.5, // 2 of 31
        lastSuccess: '2026-03-29T22:25:00.000Z', // session 16
        daysSinceLastSuccess: 1, // to the month end 2026-03-31T22:00Z: 1 day 23 h 35 min
        atRisk: false,
        selectionSizeBytes: 6_300, // FILE_SYSTEM 5,500 + SYSTEM_STATE 800
        previousSelectionSizeBytes: 5_500, // 4,800 + 700
        selectionSizeChangeBytes: 800,
        transferredBytes: 630, // 590 + 40
        errorCount: 6, // 5 + 1
        restores: 1,
        // 2 March: both plugins succeed. 10 March: FILE_SYSTEM is retried successfully but
        // SYSTEM_STATE fails. 15 March: a restore only. 20 March: SKIPPED counts as failed.
        // 29 March: FILE_SYSTEM's last run (23:30 CEST) is a warning. 30 March: session 16.
        days: grid('2026-03', '.S.......F .........F ........WS .'),
        plugins: [
          {
            plugin: 'FILE_SYSTEM',
            sessions: 6, // 11 to 16
            statusCounts: { COMPLETED: 4, COMPLETED_WITH_ERRORS: 1, FAILED: 1 },
            successRate: 66.7, // 4 of 6
            lastSuccess: '2026-03-29T22:25:00.000Z', // session 16
            selectionSizeBytes: 5_500, // session 16
            previousSelectionSizeBytes: 4_800, // session 1
            selectionSizeChangeBytes: 700,
            transferredBytes: 590, // 100 + 0 + 300 + 50 + 80 + 60
            errorCount: 5, // 3 + 2
            restores: 1, // session 31
          },
          {
            plugin: 'SYSTEM_STATE',
            sessions: 3, // 21 to 23
            statusCounts: { COMPLETED: 1, FAILED: 1, SKIPPED: 1 },
            successRate: 33.3, // 1 of 3
            lastSuccess: '2026-03-02T02:10:00.000Z', // session 21; session 2 is only a warning
            selectionSizeBytes: 800, // session 21: the failed and unknown runs do not count
            previousSelectionSizeBytes: 700, // session 2
            selectionSizeChangeBytes: 100,
            transferredBytes: 40,
            errorCount: 1,
            restores: 0,
          },
        ],
      },
    ],
    needsAttention: [
      {
        kind: 'at-risk',
        deviceId: '200',
        deviceName: 'PC-07',
        site: 'Branch',
        lastSuccess: '2026-02-26T03:10:00.000Z',
        daysSinceLastSuccess: 27,
      },
      { kind: 'no-sessions', deviceId: '200', deviceName: 'PC-07', site: 'Branch' },
      {
        kind: 'failed-sessions',
        deviceId: '100',
        deviceName: 'SRV-01',
        site: 'Head office',
        count: 3, // sessions 12, 22 and 23
        latest: { id: '23', plugin: 'SYSTEM_STATE', status: 'SKIPPED', start: '2026-03-20T02:00:00.000Z' },
      },
    ],
    sessions: expectedSessions,
    excludedDevices: [{ id: '300', name: 'OLD-SRV', type: 'server', site: 'Head office', reason: 'Decommissioned' }],
  };

  it('whole model', () => {
    expect(buildReport(reportInput, settings, { now })).toEqual(expected);
  });

  it('rule texts', () => {
    const { texts } = buildReport(reportInput, settings, { now }).rules;
    expect(texts).toHaveLength(14);
    expect(texts[0]).toBe(
      'Times and days are in the Europe/Berlin time zone. A session belongs to the day and month in which it started.',
    );
    expect(texts[4]).toBe('COMPLETED_WITH_ERRORS counts as a warning, not as a success.');
    expect(texts[10]).toContain('A device is at risk when this is more than 3 days, or when it has no successful backup at all.');
    expect(texts[13]).toBe('Sizes are shown in GB (bytes / 1,073,741,824) with two decimals.');
  });

  it('warning counted as success', () => {
    const counting = { ...settings, completedWithErrorsCountsAsSuccess: true };
    const [workstationFigures, serverFigures] = expected.devices as [ReportModel['devices'][number], ReportModel['devices'][number]];
    const [fileSystem, systemState] = serverFigures.plugins as [ReportModel['devices'][number]['plugins'][number], ReportModel['devices'][number]['plugins'][number]];

    const model = buildReport(reportInput, counting, { now });

    expect(model).toEqual({
      ...expected,
      rules: { ...expected.rules, completedWithErrorsCountsAsSuccess: true },
      totals: { ...expected.totals, successRate: 66.7 }, // 6 of 9
      devices: [
        workstationFigures,
        {
          ...serverFigures,
          successRate: 66.7, // 6 of 9
          daysWithSuccess: 3, // 2, 29 and 30 March
          coverage: 9.7, // 3 of 31
          // lastSuccess stays session 16, which started after session 15.
          days: grid('2026-03', '.S.......F .........F ........SS .'),
          plugins: [{ ...fileSystem, successRate: 83.3 /* 5 of 6 */ }, systemState],
        },
      ],
      sessions: expectedSessions.map((row) => (row.id === '15' ? { ...row, countedAs: 'success' } : row)),
    });
    expect(model.rules.texts[4]).toBe('COMPLETED_WITH_ERRORS counts as a success.');
  });
});

// November 2026 in America/New_York: EDT (UTC-4) until 1 November 02:00 local, then EST
// (UTC-5), so the month runs from 2026-11-01T04:00Z to 2026-12-01T05:00Z, and 1 November
// lasts 25 hours, from 2026-11-01T04:00Z to 2026-11-02T05:00Z. The report is generated on
// 12 November, from a sync earlier that day.
describe('New York November generated mid-month', () => {
  const settings: ReportSettings = { ...DEFAULT_REPORT_SETTINGS, atRiskThresholdDays: 2, sizeUnit: 'auto' };
  const now = new Date('2026-11-12T15:00:00Z'); // 10:00 EST

  const server = device({ id: '500', name: 'NY-SRV', siteId: '50', siteName: 'Manhattan', lastSyncedAt: new Date('2026-11-12T14:00:00Z') });
  const neverSynced = device({ id: '501', name: 'NY-PC', type: 'workstation', siteId: '50', siteName: 'Manhattan', lastSyncedAt: null });

  const novemberSessions = [
    // 1 November 01:30 EDT, then 01:30 EST an hour later, then 23:30 EST: the retry is the day's last run.
    session('2026-11-01T05:30:00Z', { id: '51', deviceId: '500', selectionSize: 3_000, transferredSize: 10 }),
    session('2026-11-01T06:30:00Z', { id: '52', deviceId: '500', status: 'FAILED', selectionSize: 0, transferredSize: 0, errorCount: 4 }),
    session('2026-11-02T04:30:00Z', { id: '53', deviceId: '500', selectionSize: 3_100, transferredSize: 20 }),
    // 2 November 00:00 EST.
    session('2026-11-02T05:00:00Z', { id: '54', deviceId: '500', status: 'INTERRUPTED', selectionSize: 0, transferredSize: 5 }),
    // 8 November 22:00 EST.
    session('2026-11-09T03:00:00Z', { id: '55', deviceId: '500', status: 'COMPLETED_WITH_ERRORS', selectionSize: 3_300, transferredSize: 30, errorCount: 1 }),
    // A restore of a plugin that has no backups.
    session('2026-11-05T15:00:00Z', { id: '57', deviceId: '500', type: 'RESTORE', plugin: 'MSSQL', selectionSize: 1_000, transferredSize: 800 }),
  ];
  // 31 October 23:59 EDT: still October, so it gives only the previous month's figure.
  const earlierSessions = [session('2026-11-01T03:59:00Z', { id: '50', deviceId: '500', selectionSize: 2_900 })];

  const reportInput = input({
    client: { id: '8', name: 'Acme Corp', timeZone: 'America/New_York' },
    month: '2026-11',
    timeZone: 'America/New_York',
    devices: [server, neverSynced],
    sessions: novemberSessions,
    earlierSessions,
  });

  const nySrv = { deviceId: '500', deviceName: 'NY-SRV', site: 'Manhattan' };

  const expected: ReportModel = {
    client: { id: '8', name: 'Acme Corp' },
    period: {
      month: '2026-11',
      timeZone: 'America/New_York',
      timeZoneSource: 'client',
      start: '2026-11-01T04:00:00.000Z', // 1 November 00:00 EDT
      end: '2026-12-01T05:00:00.000Z', // 1 December 00:00 EST
      days: 30,
    },
    generatedAt: '2026-11-12T15:00:00.000Z',
    dataAsOf: '2026-11-12T14:00:00.000Z', // the only synced device
    incomplete: {
      generatedBeforeMonthEnd: true,
      dataSyncedBeforeMonthEnd: true,
      devicesNeverSynced: 1, // NY-PC
    },
    rules: {
      mspName: '',
      sizeUnit: 'auto',
      atRiskThresholdDays: 2,
      completedWithErrorsCountsAsSuccess: false,
      texts: expect.any(Array) as unknown as string[], // checked sentence by sentence below
    },
    totals: {
      devices: 2,
      devicesAtRisk: 2, // NY-PC without any success, NY-SRV 10 days
      devicesWithoutSessions: 1, // NY-PC
      backupSessions: 5, // 51 to 55
      statusCounts: { COMPLETED: 2, COMPLETED_WITH_ERRORS: 1, FAILED: 1, INTERRUPTED: 1 },
      successRate: 40, // 2 of 5
      protectedBytes: 3_300, // NY-SRV only
      previousProtectedBytes: 2_900, // session 50
      protectedChangeBytes: 400,
      transferredBytes: 65, // 10 + 0 + 20 + 5 + 30
      errorCount: 5, // 4 + 1
      restores: 1,
    },
    devices: [
      // Same site: "NY-PC" sorts before "NY-SRV".
      {
        id: '501',
        name: 'NY-PC',
        type: 'workstation',
        siteId: '50',
        site: 'Manhattan',
        backupEnabled: true,
        lastSyncedAt: null,
        sessions: 0,
        statusCounts: {},
        successRate: null,
        daysWithSuccess: 0,
        daysElapsed: 0, // never synced
        coverage: null, // 0 of 0
        lastSuccess: null,
        daysSinceLastSuccess: null,
        atRisk: true, // no successful backup at all
        selectionSizeBytes: null,
        previousSelectionSizeBytes: null,
        selectionSizeChangeBytes: null,
        transferredBytes: 0,
        errorCount: 0,
        restores: 0,
        days: grid('2026-11', '.......... .......... ..........'),
        plugins: [],
      },
      {
        id: '500',
        name: 'NY-SRV',
        type: 'server',
        siteId: '50',
        site: 'Manhattan',
        backupEnabled: true,
        lastSyncedAt: '2026-11-12T14:00:00.000Z',
        sessions: 5,
        statusCounts: { COMPLETED: 2, COMPLETED_WITH_ERRORS: 1, FAILED: 1, INTERRUPTED: 1 },
        successRate: 40, // 2 of 5
        daysWithSuccess: 1, // 1 November
        daysElapsed: 12, // 12 November began at 05:00Z, before the sync at 14:00Z
        coverage: 8.3, // 1 of 12
        lastSuccess: '2026-11-02T04:40:00.000Z', // session 53
        daysSinceLastSuccess: 10, // to the sync at 2026-11-12T14:00Z: 10 days 9 h 20 min
        atRisk: true, // 10 > 2
        selectionSizeBytes: 3_300, // session 55, a warning
        previousSelectionSizeBytes: 2_900, // session 50
        selectionSizeChangeBytes: 400,
        transferredBytes: 65,
        errorCount: 5,
        restores: 1, // session 57
        // 1 November: the failed 01:30 EST run is retried at 23:30 EST. 2 November: INTERRUPTED.
        // 8 November: a warning.
        days: grid('2026-11', 'SF.....W.. .......... ..........'),
        plugins: [
          {
            plugin: 'FILE_SYSTEM',
            sessions: 5,
            statusCounts: { COMPLETED: 2, COMPLETED_WITH_ERRORS: 1, FAILED: 1, INTERRUPTED: 1 },
            successRate: 40, // 2 of 5
            lastSuccess: '2026-11-02T04:40:00.000Z',
            selectionSizeBytes: 3_300,
            previousSelectionSizeBytes: 2_900,
            selectionSizeChangeBytes: 400,
            transferredBytes: 65,
            errorCount: 5,
            restores: 0,
          },
          {
            plugin: 'MSSQL',
            sessions: 0,
            statusCounts: {},
            successRate: null,
            lastSuccess: null,
            selectionSizeBytes: null, // restores give no selection size
            previousSelectionSizeBytes: null,
            selectionSizeChangeBytes: null,
            transferredBytes: 0, // the restore's 800 bytes do not count
            errorCount: 0,
            restores: 1,
          },
        ],
      },
    ],
    needsAttention: [
      { kind: 'at-risk', deviceId: '501', deviceName: 'NY-PC', site: 'Manhattan', lastSuccess: null, daysSinceLastSuccess: null },
      {
        kind: 'at-risk',
        deviceId: '500',
        deviceName: 'NY-SRV',
        site: 'Manhattan',
        lastSuccess: '2026-11-02T04:40:00.000Z',
        daysSinceLastSuccess: 10,
      },
      { kind: 'no-sessions', deviceId: '501', deviceName: 'NY-PC', site: 'Manhattan' },
      {
        kind: 'failed-sessions',
        ...nySrv,
        count: 2, // sessions 52 and 54
        latest: { id: '54', plugin: 'FILE_SYSTEM', status: 'INTERRUPTED', start: '2026-11-02T05:00:00.000Z' },
      },
    ],
    sessions: [
      {
        id: '51', ...nySrv, plugin: 'FILE_SYSTEM', type: 'BACKUP', status: 'COMPLETED', outcome: 'success', countedAs: 'success',
        start: '2026-11-01T05:30:00.000Z', end: '2026-11-01T05:40:00.000Z', date: '2026-11-01', durationSeconds: 600,
        selectionSizeBytes: 3_000, ...FIXTURE_DEFAULTS, transferredBytes: 10, errorCount: 0,
      },
      {
        id: '52', ...nySrv, plugin: 'FILE_SYSTEM', type: 'BACKUP', status: 'FAILED', outcome: 'failed', countedAs: 'failed',
        start: '2026-11-01T06:30:00.000Z', end: '2026-11-01T06:40:00.000Z', date: '2026-11-01', durationSeconds: 600,
        selectionSizeBytes: 0, ...FIXTURE_DEFAULTS, transferredBytes: 0, errorCount: 4,
      },
      {
        id: '53', ...nySrv, plugin: 'FILE_SYSTEM', type: 'BACKUP', status: 'COMPLETED', outcome: 'success', countedAs: 'success',
        start: '2026-11-02T04:30:00.000Z', end: '2026-11-02T04:40:00.000Z', date: '2026-11-01', durationSeconds: 600,
        selectionSizeBytes: 3_100, ...FIXTURE_DEFAULTS, transferredBytes: 20, errorCount: 0,
      },
      {
        id: '54', ...nySrv, plugin: 'FILE_SYSTEM', type: 'BACKUP', status: 'INTERRUPTED', outcome: 'failed', countedAs: 'failed',
        start: '2026-11-02T05:00:00.000Z', end: '2026-11-02T05:10:00.000Z', date: '2026-11-02', durationSeconds: 600,
        selectionSizeBytes: 0, ...FIXTURE_DEFAULTS, transferredBytes: 5, errorCount: 0,
      },
      {
        id: '57', ...nySrv, plugin: 'MSSQL', type: 'RESTORE', status: 'COMPLETED', outcome: 'success', countedAs: null,
        start: '2026-11-05T15:00:00.000Z', end: '2026-11-05T15:10:00.000Z', date: '2026-11-05', durationSeconds: 600,
        selectionSizeBytes: 1_000, ...FIXTURE_DEFAULTS, transferredBytes: 800, errorCount: 0,
      },
      {
        id: '55', ...nySrv, plugin: 'FILE_SYSTEM', type: 'BACKUP', status: 'COMPLETED_WITH_ERRORS', outcome: 'warning', countedAs: 'warning',
        start: '2026-11-09T03:00:00.000Z', end: '2026-11-09T03:10:00.000Z', date: '2026-11-08', durationSeconds: 600,
        selectionSizeBytes: 3_300, ...FIXTURE_DEFAULTS, transferredBytes: 30, errorCount: 1,
      },
    ],
    excludedDevices: [],
  };

  it('whole model', () => {
    expect(buildReport(reportInput, settings, { now, timeZoneSource: 'client' })).toEqual(expected);
  });

  it('rule texts', () => {
    const { texts } = buildReport(reportInput, settings, { now }).rules;
    expect(texts).toHaveLength(14);
    expect(texts[0]).toContain('America/New_York time zone');
    expect(texts[10]).toContain('A device is at risk when this is more than 2 days');
    expect(texts[13]).toBe(
      'Sizes are shown in GB (bytes / 1,073,741,824) from 1 GB upwards and in MB (bytes / 1,048,576) below.',
    );
  });
});

// February 2026 in Asia/Kolkata (UTC+5:30 all year): 2026-01-31T18:30Z to 2026-02-28T18:30Z,
// 28 days. The at-risk threshold is 4 days and the last success ends exactly 4 days before the
// month end.
describe('Kolkata February at threshold', () => {
  const settings: ReportSettings = { ...DEFAULT_REPORT_SETTINGS, atRiskThresholdDays: 4 };
  const now = new Date('2026-03-01T03:00:00Z');

  const server = device({ id: '600', name: 'BLR-SRV', siteId: '60', siteName: 'Bengaluru', lastSyncedAt: new Date('2026-03-01T02:00:00Z') });

  const februarySessions = [
    // 1 February 00:00 IST, the first instant of the month.
    session('2026-01-31T18:30:00Z', { id: '61', deviceId: '600', selectionSize: 1_100, transferredSize: 11 }),
    // 24 February 23:50 IST, ending at 2026-02-24T18:30Z: exactly 4 days before the month end.
    session('2026-02-24T18:20:00Z', { id: '62', deviceId: '600', selectionSize: 1_200, transferredSize: 12 }),
    // 28 February 23:59 IST, the last minute of the month.
    session('2026-02-28T18:29:00Z', { id: '63', deviceId: '600', status: 'FAILED', selectionSize: 0, transferredSize: 0, errorCount: 1 }),
    // 1 March 00:00 IST: after the month, so the model ignores it.
    session('2026-02-28T18:30:00Z', { id: '64', deviceId: '600', selectionSize: 9_999, transferredSize: 99 }),
  ];
  // 31 January 23:59 IST: the selection size at the end of January.
  const earlierSessions = [session('2026-01-31T18:29:00Z', { id: '60', deviceId: '600', selectionSize: 1_000 })];

  const reportInput = input({
    client: { id: '9', name: 'Bengaluru Traders', timeZone: 'Asia/Kolkata' },
    month: '2026-02',
    timeZone: 'Asia/Kolkata',
    devices: [server],
    sessions: februarySessions,
    earlierSessions,
  });

  const blrSrv = { deviceId: '600', deviceName: 'BLR-SRV', site: 'Bengaluru' };

  const expected: ReportModel = {
    client: { id: '9', name: 'Bengaluru Traders' },
    period: {
      month: '2026-02',
      timeZone: 'Asia/Kolkata',
      start: '2026-01-31T18:30:00.000Z', // 1 February 00:00 IST
      end: '2026-02-28T18:30:00.000Z', // 1 March 00:00 IST
      days: 28,
    },
    generatedAt: '2026-03-01T03:00:00.000Z',
    dataAsOf: '2026-03-01T02:00:00.000Z',
    incomplete: { generatedBeforeMonthEnd: false, dataSyncedBeforeMonthEnd: false, devicesNeverSynced: 0 },
    rules: {
      mspName: '',
      sizeUnit: 'GB',
      atRiskThresholdDays: 4,
      completedWithErrorsCountsAsSuccess: false,
      texts: expect.any(Array) as unknown as string[], // checked below
    },
    totals: {
      devices: 1,
      devicesAtRisk: 0, // 4 days is not more than 4
      devicesWithoutSessions: 0,
      backupSessions: 3, // 61 to 63
      statusCounts: { COMPLETED: 2, FAILED: 1 },
      successRate: 66.7, // 2 of 3
      protectedBytes: 1_200, // session 62
      previousProtectedBytes: 1_000, // session 60
      protectedChangeBytes: 200,
      transferredBytes: 23, // 11 + 12 + 0
      errorCount: 1,
      restores: 0,
    },
    devices: [
      {
        id: '600',
        name: 'BLR-SRV',
        type: 'server',
        siteId: '60',
        site: 'Bengaluru',
        backupEnabled: true,
        lastSyncedAt: '2026-03-01T02:00:00.000Z',
        sessions: 3,
        statusCounts: { COMPLETED: 2, FAILED: 1 },
        successRate: 66.7, // 2 of 3
        daysWithSuccess: 2, // 1 and 24 February
        daysElapsed: 28, // synced after the month end
        coverage: 7.1, // 2 of 28
        lastSuccess: '2026-02-24T18:30:00.000Z', // session 62
        daysSinceLastSuccess: 4, // exactly 96 hours to the month end
        atRisk: false, // 4 > 4 is false
        selectionSizeBytes: 1_200,
        previousSelectionSizeBytes: 1_000,
        selectionSizeChangeBytes: 200,
        transferredBytes: 23,
        errorCount: 1,
        restores: 0,
        days: grid('2026-02', 'S......... .......... ...S...F'),
        plugins: [
          {
            plugin: 'FILE_SYSTEM',
            sessions: 3,
            statusCounts: { COMPLETED: 2, FAILED: 1 },
            successRate: 66.7,
            lastSuccess: '2026-02-24T18:30:00.000Z',
            selectionSizeBytes: 1_200,
            previousSelectionSizeBytes: 1_000,
            selectionSizeChangeBytes: 200,
            transferredBytes: 23,
            errorCount: 1,
            restores: 0,
          },
        ],
      },
    ],
    needsAttention: [
      {
        kind: 'failed-sessions',
        ...blrSrv,
        count: 1,
        latest: { id: '63', plugin: 'FILE_SYSTEM', status: 'FAILED', start: '2026-02-28T18:29:00.000Z' },
      },
    ],
    sessions: [
      {
        id: '61', ...blrSrv, plugin: 'FILE_SYSTEM', type: 'BACKUP', status: 'COMPLETED', outcome: 'success', countedAs: 'success',
        start: '2026-01-31T18:30:00.000Z', end: '2026-01-31T18:40:00.000Z', date: '2026-02-01', durationSeconds: 600,
        selectionSizeBytes: 1_100, ...FIXTURE_DEFAULTS, transferredBytes: 11, errorCount: 0,
      },
      {
        id: '62', ...blrSrv, plugin: 'FILE_SYSTEM', type: 'BACKUP', status: 'COMPLETED', outcome: 'success', countedAs: 'success',
        start: '2026-02-24T18:20:00.000Z', end: '2026-02-24T18:30:00.000Z', date: '2026-02-24', durationSeconds: 600,
        selectionSizeBytes: 1_200, ...FIXTURE_DEFAULTS, transferredBytes: 12, errorCount: 0,
      },
      {
        id: '63', ...blrSrv, plugin: 'FILE_SYSTEM', type: 'BACKUP', status: 'FAILED', outcome: 'failed', countedAs: 'failed',
        start: '2026-02-28T18:29:00.000Z', end: '2026-02-28T18:39:00.000Z', date: '2026-02-28', durationSeconds: 600,
        selectionSizeBytes: 0, ...FIXTURE_DEFAULTS, transferredBytes: 0, errorCount: 1,
      },
    ],
    excludedDevices: [],
  };

  it('whole model', () => {
    expect(buildReport(reportInput, settings, { now })).toEqual(expected);
  });

  it('rule texts', () => {
    const { texts } = buildReport(reportInput, settings, { now }).rules;
    expect(texts).toHaveLength(14);
    expect(texts[0]).toContain('Asia/Kolkata time zone');
    expect(texts[10]).toContain('A device is at risk when this is more than 4 days');
  });
});
