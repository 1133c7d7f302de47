// The sample device 1500301 of the API samples, November 2026 in Europe/Berlin (UTC+1 all
// month). Month: 2026-10-31T23:00Z to 2026-11-30T23:00Z. Session 900101 (22:45Z on 31 Oct)
// is still October there, and 900102 (23:30Z on 31 Oct) is already 1 November. Session
// 900110 (23:10Z on 30 Nov) is already 1 December, so it belongs to no figure of November.

import { describe, expect, it } from 'vitest';
import { buildReport } from '../../shared/report/build.ts';
import { DEFAULT_REPORT_SETTINGS, type ReportDay } from '../../shared/report/types.ts';
import { device, input, sampleSessions } from '../fixtures/report/sessions.ts';

const all = sampleSessions('1500301');
const earlier = all.filter((s) => s.id === '900101');
const month = all.filter((s) => s.id !== '900101' && s.id !== '900110');
const sampleDevice = device({ id: '1500301', name: 'SRV-FILE01', siteName: 'Zentrale' });
const now = new Date('2026-12-04T10:00:00Z');

function grid(statuses: Record<number, ReportDay['status']>): ReportDay[] {
  return Array.from({ length: 30 }, (_, index) => ({
    date: `2026-11-${String(index + 1).padStart(2, '0')}`,
    status: statuses[index + 1] ?? 'none',
  }));
}

function build(settings = DEFAULT_REPORT_SETTINGS, sessions = month, earlierSessions = earlier) {
  return buildReport(input({ devices: [sampleDevice], sessions, earlierSessions }), settings, { now });
}

describe('sample device November 2026', () => {
  it('period and flags', () => {
    const model = build();
    expect(model.client).toEqual({ id: '7', name: 'Müller & Söhne GmbH' });
    expect(model.period).toEqual({
      month: '2026-11',
      timeZone: 'Europe/Berlin',
      start: '2026-10-31T23:00:00.000Z',
      end: '2026-11-30T23:00:00.000Z',
      days: 30,
    });
    expect(model.generatedAt).toBe('2026-12-04T10:00:00.000Z');
    expect(model.dataAsOf).toBe('2026-12-01T08:00:00.000Z');
    expect(model.incomplete).toEqual({ generatedBeforeMonthEnd: false, dataSyncedBeforeMonthEnd: false, devicesNeverSynced: 0 });
    expect(model.excludedDevices).toEqual([]);
  });

  it('device figures', () => {
    const [figures] = build().devices;
    expect(figures).toEqual({
      id: '1500301',
      name: 'SRV-FILE01',
      type: 'server',
      siteId: '10',
      site: 'Zentrale',
      backupEnabled: true,
      lastSyncedAt: '2026-12-01T08:00:00.000Z',
      // 900102, 900103, 900104, 900105, 900106, 900108, 900109; 900107 is a restore.
      sessions: 7,
      statusCounts: { COMPLETED: 4, COMPLETED_WITH_ERRORS: 1, FAILED: 1, INTERRUPTED: 1 },
      successRate: 57.1, // 4 / 7
      daysWithSuccess: 1, // only 3 November
      daysElapsed: 30,
      coverage: 3.3, // 1 / 30
      lastSuccess: '2026-11-04T01:40:00.000Z', // HYPER_V 900109
      daysSinceLastSuccess: 26, // 4 Nov 01:40Z to 30 Nov 23:00Z is 26 days 21 h 20 min
      atRisk: true,
      // FILE_SYSTEM 132,581,022,080 + HYPER_V 536,870,912,000 + SYSTEM_STATE 21,474,836,480
      selectionSizeBytes: 690_926_770_560,
      previousSelectionSizeBytes: 132_579_334_528, // FILE_SYSTEM 900101 only
      selectionSizeChangeBytes: 558_347_436_032,
      // 104,857,600 + 1,073,741,824 + 98,566,144 + 0 + 1,610,612,736 + 2,147,483,648 + 10,737,418,240
      transferredBytes: 15_772_680_192,
      errorCount: 4,
      restores: 1,
      days: grid({ 1: 'warning', 2: 'failed', 3: 'success', 4: 'failed' }),
      plugins: [
        {
          plugin: 'FILE_SYSTEM',
          sessions: 3,
          statusCounts: { COMPLETED: 1, COMPLETED_WITH_ERRORS: 1, FAILED: 1 },
          successRate: 33.3,
          lastSuccess: '2026-11-03T06:58:12.000Z',
          selectionSizeBytes: 132_581_022_080,
          previousSelectionSizeBytes: 132_579_334_528,
          selectionSizeChangeBytes: 1_687_552,
          transferredBytes: 2_684_354_560,
          errorCount: 4,
          restores: 1,
        },
        {
          plugin: 'HYPER_V',
          sessions: 1,
          statusCounts: { COMPLETED: 1 },
          successRate: 100,
          lastSuccess: '2026-11-04T01:40:00.000Z',
          selectionSizeBytes: 536_870_912_000,
          previousSelectionSizeBytes: null,
          selectionSizeChangeBytes: null,
          transferredBytes: 10_737_418_240,
          errorCount: 0,
          restores: 0,
        },
        {
          plugin: 'MSSQL',
          sessions: 1,
          statusCounts: { INTERRUPTED: 1 },
          successRate: 0,
          lastSuccess: null,
          selectionSizeBytes: null, // the interrupted run's 64,424,509,440 does not count
          previousSelectionSizeBytes: null,
          selectionSizeChangeBytes: null,
          transferredBytes: 2_147_483_648,
          errorCount: 0,
          restores: 0,
        },
        {
          plugin: 'SYSTEM_STATE',
          sessions: 2,
          statusCounts: { COMPLETED: 2 },
          successRate: 100,
          lastSuccess: '2026-11-01T23:49:12.000Z',
          selectionSizeBytes: 21_474_836_480,
          previousSelectionSizeBytes: null, // 900102 started on 1 November local time
          selectionSizeChangeBytes: null,
          transferredBytes: 203_423_744,
          errorCount: 0,
          restores: 0,
        },
      ],
    });
  });

  it('totals and attention', () => {
    const model = build();
    expect(model.totals).toEqual({
      devices: 1,
      devicesAtRisk: 1,
      devicesWithoutSessions: 0,
      backupSessions: 7,
      statusCounts: { COMPLETED: 4, COMPLETED_WITH_ERRORS: 1, FAILED: 1, INTERRUPTED: 1 },
      successRate: 57.1,
      protectedBytes: 690_926_770_560,
      previousProtectedBytes: 132_579_334_528,
      protectedChangeBytes: 558_347_436_032,
      transferredBytes: 15_772_680_192,
      errorCount: 4,
      restores: 1,
    });
    const who = { deviceId: '1500301', deviceName: 'SRV-FILE01', site: 'Zentrale' };
    expect(model.needsAttention).toEqual([
      { kind: 'at-risk', ...who, lastSuccess: '2026-11-04T01:40:00.000Z', daysSinceLastSuccess: 26 },
      {
        kind: 'failed-sessions',
        ...who,
        count: 2,
        latest: { id: '900108', plugin: 'MSSQL', status: 'INTERRUPTED', start: '2026-11-03T23:00:00.000Z' },
      },
    ]);
  });

  it('session list', () => {
    const { sessions } = build();
    expect(sessions.map((s) => s.id)).toEqual(['900102', '900103', '900104', '900105', '900106', '900107', '900108', '900109']);
    expect(sessions.map((s) => s.date)).toEqual([
      '2026-11-01',
      '2026-11-01',
      '2026-11-02',
      '2026-11-02',
      '2026-11-03',
      '2026-11-03',
      '2026-11-04',
      '2026-11-04',
    ]);
    expect(sessions[0]).toEqual({
      id: '900102',
      deviceId: '1500301',
      deviceName: 'SRV-FILE01',
      site: 'Zentrale',
      plugin: 'SYSTEM_STATE',
      type: 'BACKUP',
      status: 'COMPLETED',
      outcome: 'success',
      countedAs: 'success',
      start: '2026-10-31T23:30:00.000Z',
      end: '2026-10-31T23:52:31.000Z',
      date: '2026-11-01',
      durationSeconds: 1351,
      selectionSizeBytes: 21_474_836_480,
      selectionItemCount: 80_211,
      sizeChangeBytes: 0,
      itemCountChange: 0,
      removedItemCount: 0,
      processedBytes: 21_474_836_480,
      processedItemCount: 80_211,
      transferredBytes: 104_857_600,
      errorCount: 0,
    });
    expect(sessions[5]!.type).toBe('RESTORE');
    expect(sessions[5]!.countedAs).toBeNull();
    expect(sessions[1]!.outcome).toBe('warning');
    expect(sessions[1]!.countedAs).toBe('warning');
    expect(sessions[6]!.durationSeconds).toBe(4200);
  });

  it('warnings counted as success', () => {
    const model = build({ ...DEFAULT_REPORT_SETTINGS, completedWithErrorsCountsAsSuccess: true });
    const [figures] = model.devices;
    expect(figures!.successRate).toBe(71.4); // 5 / 7
    expect(figures!.daysWithSuccess).toBe(2);
    expect(figures!.coverage).toBe(6.7); // 2 / 30
    expect(figures!.days.slice(0, 4).map((d) => d.status)).toEqual(['success', 'failed', 'success', 'failed']);
    expect(figures!.plugins[0]!.successRate).toBe(66.7); // FILE_SYSTEM 2 / 3
    expect(model.totals.successRate).toBe(71.4);
    expect(model.sessions[1]!.countedAs).toBe('success');
    expect(model.rules.completedWithErrorsCountsAsSuccess).toBe(true);
    expect(model.rules.texts).toContain('COMPLETED_WITH_ERRORS counts as a success.');
  });

  it('model is plain JSON', () => {
    const model = build();
    expect(JSON.parse(JSON.stringify(model))).toStrictEqual(model);
  });

  it('same model from unsplit sessions', () => {
    const split = build();
    expect(build(DEFAULT_REPORT_SETTINGS, all, [])).toEqual(split);
    expect(build(DEFAULT_REPORT_SETTINGS, [], all)).toEqual(split);
    expect(build(DEFAULT_REPORT_SETTINGS, all, all)).toEqual(split);
  });
});
