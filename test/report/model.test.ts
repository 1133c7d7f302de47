// Report model figures on small hand-made months. Unless a test sets otherwise the report is
// November 2026 in Europe/Berlin (UTC+1 all month): 2026-10-31T23:00Z to 2026-11-30T23:00Z,
// 30 days, device 100 synced on 2026-12-01T08:00Z. Each session lasts ten minutes.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildReport, timeZoneSourceOf } from '../../shared/report/build.ts';
import { DEFAULT_REPORT_SETTINGS, type DayStatus, type ReportSettings } from '../../shared/report/types.ts';
import { device, input, session } from '../fixtures/report/sessions.ts';

const now = new Date('2026-12-04T10:00:00Z');
const GIB = 1_073_741_824;

function statusesOf(days: { date: string; status: DayStatus }[]): Record<string, DayStatus> {
  return Object.fromEntries(days.filter((day) => day.status !== 'none').map((day) => [day.date, day.status]));
}

function build(overrides: Parameters<typeof input>[0], settings: ReportSettings = DEFAULT_REPORT_SETTINGS, at = now) {
  return buildReport(input(overrides), settings, { now: at });
}

describe('day status', () => {
  it('failed run retried same day', () => {
    const model = build({
      sessions: [
        session('2026-11-10T01:00:00Z', { status: 'FAILED' }),
        session('2026-11-10T08:00:00Z'),
        session('2026-11-11T01:00:00Z'),
        session('2026-11-11T20:00:00Z', { id: 'late', status: 'FAILED' }),
      ],
    });
    const [figures] = model.devices;
    expect(statusesOf(figures!.days)).toEqual({ '2026-11-10': 'success', '2026-11-11': 'failed' });
    expect(figures!.sessions).toBe(4);
    expect(figures!.successRate).toBe(50);
    expect(figures!.daysWithSuccess).toBe(1);
    expect(figures!.coverage).toBe(3.3);
    expect(figures!.lastSuccess).toBe('2026-11-11T01:10:00.000Z');
    expect(figures!.daysSinceLastSuccess).toBe(19); // to 2026-11-30T23:00Z: 19 days 21 h 50 min
    expect(figures!.atRisk).toBe(true);
    expect(model.needsAttention[1]).toEqual({
      kind: 'failed-sessions',
      deviceId: '100',
      deviceName: 'SRV-01',
      site: 'Head office',
      count: 2,
      latest: { id: 'late', plugin: 'FILE_SYSTEM', status: 'FAILED', start: '2026-11-11T20:00:00.000Z' },
    });
  });

  it('two plugins where one fails', () => {
    const model = build({
      sessions: [
        session('2026-11-05T01:00:00Z'),
        session('2026-11-05T02:00:00Z', { plugin: 'SYSTEM_STATE', status: 'FAILED' }),
        session('2026-11-06T01:00:00Z'),
        session('2026-11-06T02:00:00Z', { plugin: 'SYSTEM_STATE' }),
      ],
    });
    const [figures] = model.devices;
    expect(statusesOf(figures!.days)).toEqual({ '2026-11-05': 'failed', '2026-11-06': 'success' });
    expect(figures!.successRate).toBe(75);
    expect(figures!.daysWithSuccess).toBe(1);
    expect(figures!.plugins.map((p) => [p.plugin, p.sessions, p.successRate, p.lastSuccess])).toEqual([
      ['FILE_SYSTEM', 2, 100, '2026-11-06T01:10:00.000Z'],
      ['SYSTEM_STATE', 2, 50, '2026-11-06T02:10:00.000Z'],
    ]);
    expect(figures!.lastSuccess).toBe('2026-11-06T02:10:00.000Z');
    expect(figures!.statusCounts).toEqual({ COMPLETED: 3, FAILED: 1 });
  });

  it('Berlin spring DST day', () => {
    // CET (UTC+1) until 29 March 02:00, then CEST (UTC+2): 29 March has 23 hours.
    const model = build({
      month: '2026-03',
      devices: [device({ lastSyncedAt: new Date('2026-04-01T08:00:00Z') })],
      sessions: [
        session('2026-03-28T22:59:00Z'), // 28 March 23:59 CET
        session('2026-03-28T23:30:00Z', { status: 'FAILED' }), // 29 March 00:30 CET
        session('2026-03-29T21:50:00Z'), // 29 March 23:50 CEST
        session('2026-03-29T22:00:00Z', { status: 'FAILED' }), // 30 March 00:00 CEST
      ],
    }, DEFAULT_REPORT_SETTINGS, new Date('2026-04-02T00:00:00Z'));
    const [figures] = model.devices;
    expect(model.period).toEqual({
      month: '2026-03',
      timeZone: 'Europe/Berlin',
      start: '2026-02-28T23:00:00.000Z',
      end: '2026-03-31T22:00:00.000Z',
      days: 31,
    });
    expect(figures!.days).toHaveLength(31);
    expect(statusesOf(figures!.days)).toEqual({ '2026-03-28': 'success', '2026-03-29': 'success', '2026-03-30': 'failed' });
    expect(model.sessions.map((s) => s.date)).toEqual(['2026-03-28', '2026-03-29', '2026-03-29', '2026-03-30']);
    expect(figures!.coverage).toBe(6.5); // 2 / 31
    expect(figures!.lastSuccess).toBe('2026-03-29T22:00:00.000Z');
    expect(figures!.daysSinceLastSuccess).toBe(2); // exactly 48 hours to 2026-03-31T22:00Z
  });

  it('New York autumn DST day', () => {
    // EDT (UTC-4) until 1 November 02:00, then EST (UTC-5): 1 November has 25 hours.
    const model = build({
      timeZone: 'America/New_York',
      sessions: [
        session('2026-11-01T03:59:00Z'), // 31 October 23:59 EDT
        session('2026-11-01T04:00:00Z', { status: 'FAILED' }), // 1 November 00:00 EDT
        session('2026-11-02T04:30:00Z'), // 1 November 23:30 EST
        session('2026-11-02T05:00:00Z', { status: 'FAILED' }), // 2 November 00:00 EST
      ],
    });
    const [figures] = model.devices;
    expect(model.period.start).toBe('2026-11-01T04:00:00.000Z');
    expect(model.period.end).toBe('2026-12-01T05:00:00.000Z');
    expect(statusesOf(figures!.days)).toEqual({ '2026-11-01': 'success', '2026-11-02': 'failed' });
    expect(figures!.sessions).toBe(3);
    expect(figures!.successRate).toBe(33.3);
  });

  it('Kolkata month edges', () => {
    const model = build({
      timeZone: 'Asia/Kolkata',
      sessions: [
        session('2026-10-31T18:29:00Z'), // 31 October 23:59 IST
        session('2026-10-31T18:30:00Z'), // 1 November 00:00 IST
        session('2026-11-30T18:29:00Z', { status: 'FAILED' }), // 30 November 23:59 IST
        session('2026-11-30T18:30:00Z'), // 1 December 00:00 IST
      ],
    });
    const [figures] = model.devices;
    expect(model.period.start).toBe('2026-10-31T18:30:00.000Z');
    expect(model.period.end).toBe('2026-11-30T18:30:00.000Z');
    expect(statusesOf(figures!.days)).toEqual({ '2026-11-01': 'success', '2026-11-30': 'failed' });
    expect(figures!.sessions).toBe(2);
    expect(figures!.lastSuccess).toBe('2026-10-31T18:40:00.000Z');
  });
});

describe('statuses', () => {
  it('warning without the setting', () => {
    const model = build({ sessions: [session('2026-11-29T01:00:00Z', { status: 'COMPLETED_WITH_ERRORS', errorCount: 2 })] });
    const [figures] = model.devices;
    expect(statusesOf(figures!.days)).toEqual({ '2026-11-29': 'warning' });
    expect(figures!.successRate).toBe(0);
    expect(figures!.daysWithSuccess).toBe(0);
    expect(figures!.lastSuccess).toBeNull();
    expect(figures!.daysSinceLastSuccess).toBeNull();
    expect(figures!.atRisk).toBe(true);
    expect(figures!.selectionSizeBytes).toBe(GIB);
    expect(figures!.errorCount).toBe(2);
    expect(model.needsAttention.map((item) => item.kind)).toEqual(['at-risk']);
  });

  it('warning with the setting', () => {
    const settings = { ...DEFAULT_REPORT_SETTINGS, completedWithErrorsCountsAsSuccess: true };
    const model = build({ sessions: [session('2026-11-29T01:00:00Z', { status: 'COMPLETED_WITH_ERRORS' })] }, settings);
    const [figures] = model.devices;
    expect(statusesOf(figures!.days)).toEqual({ '2026-11-29': 'success' });
    expect(figures!.successRate).toBe(100);
    expect(figures!.daysWithSuccess).toBe(1);
    expect(figures!.lastSuccess).toBe('2026-11-29T01:10:00.000Z');
    expect(figures!.daysSinceLastSuccess).toBe(1); // 1 day 21 h 50 min
    expect(figures!.atRisk).toBe(false);
    expect(model.sessions[0]!.outcome).toBe('warning');
    expect(model.sessions[0]!.countedAs).toBe('success');
    expect(model.needsAttention).toEqual([]);
  });

  it('unknown status counts as failed', () => {
    const model = build({
      sessions: [
        session('2026-11-28T01:00:00Z', { status: 'SKIPPED_BY_POLICY' }),
        session('2026-11-29T01:00:00Z', { status: 'FAILED' }),
        session('2026-11-30T01:00:00Z'),
        session('2026-11-30T02:00:00Z', { id: 'odd', status: 'SKIPPED_BY_POLICY' }),
      ],
    });
    const [figures] = model.devices;
    expect(Object.entries(figures!.statusCounts)).toEqual([
      ['COMPLETED', 1],
      ['FAILED', 1],
      ['SKIPPED_BY_POLICY', 2],
    ]);
    expect(statusesOf(figures!.days)).toEqual({ '2026-11-28': 'failed', '2026-11-29': 'failed', '2026-11-30': 'failed' });
    expect(figures!.successRate).toBe(25);
    expect(model.sessions[3]!.status).toBe('SKIPPED_BY_POLICY');
    expect(model.sessions[3]!.outcome).toBe('unknown');
    expect(model.sessions[3]!.countedAs).toBe('failed');
    const failed = model.needsAttention.find((item) => item.kind === 'failed-sessions');
    expect(failed).toMatchObject({ count: 3, latest: { id: 'odd', status: 'SKIPPED_BY_POLICY' } });
  });

  it('restores counted apart', () => {
    const model = build({
      sessions: [
        session('2026-11-15T01:00:00Z'),
        session('2026-11-15T09:00:00Z', { type: 'RESTORE', transferredSize: 5_000 }),
        session('2026-11-15T10:00:00Z', { type: 'RESTORE', status: 'FAILED' }),
        session('2026-11-16T10:00:00Z', { type: 'RESTORE', plugin: 'MSSQL' }),
      ],
    });
    const [figures] = model.devices;
    expect(figures!.sessions).toBe(1);
    expect(figures!.restores).toBe(3);
    expect(figures!.successRate).toBe(100);
    expect(figures!.transferredBytes).toBe(1_048_576);
    expect(statusesOf(figures!.days)).toEqual({ '2026-11-15': 'success' });
    expect(figures!.plugins.map((p) => [p.plugin, p.sessions, p.restores, p.successRate, p.selectionSizeBytes])).toEqual([
      ['FILE_SYSTEM', 1, 2, 100, GIB],
      ['MSSQL', 0, 1, null, null],
    ]);
    expect(model.totals.restores).toBe(3);
    expect(model.totals.backupSessions).toBe(1);
    expect(model.sessions.map((s) => s.countedAs)).toEqual(['success', null, null, null]);
    expect(model.needsAttention.some((item) => item.kind === 'failed-sessions')).toBe(false);
  });
});

describe('devices', () => {
  const branchPc = device({ id: '200', name: 'PC-07', type: 'workstation', siteId: '20', siteName: 'Branch' });

  it('device without sessions', () => {
    const model = build({
      devices: [
        device(),
        branchPc,
        device({ id: '400', name: 'OLD-SRV', excludedReason: 'Decommissioned' }),
      ],
      sessions: [session('2026-11-30T20:00:00Z'), session('2026-11-20T01:00:00Z', { deviceId: '400' })],
      earlierSessions: [session('2026-10-20T01:00:00Z', { deviceId: '200', selectionSize: 2 * GIB })],
    });

    expect(model.devices.map((d) => d.id)).toEqual(['200', '100']);
    expect(model.devices[0]).toEqual({
      id: '200',
      name: 'PC-07',
      type: 'workstation',
      siteId: '20',
      site: 'Branch',
      backupEnabled: true,
      lastSyncedAt: '2026-12-01T08:00:00.000Z',
      sessions: 0,
      statusCounts: {},
      successRate: null,
      daysWithSuccess: 0,
      daysElapsed: 30,
      coverage: 0,
      lastSuccess: '2026-10-20T01:10:00.000Z',
      daysSinceLastSuccess: 41, // to 2026-11-30T23:00Z: 41 days 21 h 50 min
      atRisk: true,
      selectionSizeBytes: 2 * GIB,
      previousSelectionSizeBytes: 2 * GIB,
      selectionSizeChangeBytes: 0,
      transferredBytes: 0,
      errorCount: 0,
      restores: 0,
      days: model.devices[0]!.days.map((day) => ({ date: day.date, status: 'none' })),
      plugins: [
        {
          plugin: 'FILE_SYSTEM',
          sessions: 0,
          statusCounts: {},
          successRate: null,
          lastSuccess: '2026-10-20T01:10:00.000Z',
          selectionSizeBytes: 2 * GIB,
          previousSelectionSizeBytes: 2 * GIB,
          selectionSizeChangeBytes: 0,
          transferredBytes: 0,
          errorCount: 0,
          restores: 0,
        },
      ],
    });
    expect(model.devices[0]!.days).toHaveLength(30);

    expect(model.devices[1]!.atRisk).toBe(false);
    expect(model.devices[1]!.daysSinceLastSuccess).toBe(0);
    expect(model.excludedDevices).toEqual([{ id: '400', name: 'OLD-SRV', type: 'server', site: 'Head office', reason: 'Decommissioned' }]);
    expect(model.sessions.map((s) => s.deviceId)).toEqual(['100']);

    expect(model.needsAttention).toEqual([
      { kind: 'at-risk', deviceId: '200', deviceName: 'PC-07', site: 'Branch', lastSuccess: '2026-10-20T01:10:00.000Z', daysSinceLastSuccess: 41 },
      { kind: 'no-sessions', deviceId: '200', deviceName: 'PC-07', site: 'Branch' },
    ]);
    expect(model.totals.devices).toBe(2);
    expect(model.totals.devicesAtRisk).toBe(1);
    expect(model.totals.devicesWithoutSessions).toBe(1);
    expect(model.totals.protectedBytes).toBe(3 * GIB);
    expect(model.totals.previousProtectedBytes).toBe(2 * GIB);
    expect(model.totals.protectedChangeBytes).toBe(GIB);
  });

  it('disabled device listed', () => {
    const model = build({
      devices: [device({ backupEnabled: false })],
      earlierSessions: [session('2026-08-01T01:00:00Z', { type: 'RESTORE' })],
    });
    expect(model.devices.map((d) => [d.id, d.backupEnabled])).toEqual([['100', false]]);
    expect(model.devices[0]!.lastSuccess).toBeNull();
    expect(model.devices[0]!.plugins).toEqual([]);
    expect(model.devices[0]!.atRisk).toBe(true);
  });

  it('at-risk threshold boundary', () => {
    const model = build({
      devices: [device(), device({ id: '101', name: 'SRV-02' })],
      sessions: [
        session('2026-11-26T23:50:00Z'), // ends 2026-11-27T00:00Z: 3 days 23 h before the end
        session('2026-11-26T22:50:00Z', { deviceId: '101' }), // ends exactly 4 days before the end
      ],
    });
    expect(model.devices.map((d) => [d.id, d.daysSinceLastSuccess, d.atRisk])).toEqual([
      ['100', 3, false],
      ['101', 4, true],
    ]);
    const strict = build(
      { sessions: [session('2026-11-30T22:00:00Z')] },
      { ...DEFAULT_REPORT_SETTINGS, atRiskThresholdDays: 0 },
    );
    expect(strict.devices[0]!.daysSinceLastSuccess).toBe(0);
    expect(strict.devices[0]!.atRisk).toBe(false);
  });
});

describe('selection size', () => {
  const earlier = [
    session('2026-10-20T01:00:00Z', { selectionSize: 100 * GIB }),
    session('2026-10-31T01:00:00Z', { status: 'FAILED', selectionSize: 0 }),
    session('2026-10-30T01:00:00Z', { plugin: 'SYSTEM_STATE', selectionSize: 50 * GIB }),
  ];
  const month = [
    session('2026-11-10T01:00:00Z', { selectionSize: 110 * GIB }),
    session('2026-11-28T01:00:00Z', { status: 'FAILED', selectionSize: 0 }),
    session('2026-11-27T01:00:00Z', { plugin: 'SYSTEM_STATE', status: 'COMPLETED_WITH_ERRORS', selectionSize: 46 * GIB }),
    session('2026-11-30T23:30:00Z', { selectionSize: 999 }), // 1 December 00:30 in Berlin
  ];

  it('change against previous month', () => {
    const model = build({ earlierSessions: earlier, sessions: month });
    const [figures] = model.devices;
    expect(figures!.plugins.map((p) => [p.plugin, p.selectionSizeBytes, p.previousSelectionSizeBytes, p.selectionSizeChangeBytes])).toEqual([
      ['FILE_SYSTEM', 110 * GIB, 100 * GIB, 10 * GIB],
      ['SYSTEM_STATE', 46 * GIB, 50 * GIB, -4 * GIB],
    ]);
    expect(figures!.selectionSizeBytes).toBe(167_503_724_544); // 156 GiB
    expect(figures!.previousSelectionSizeBytes).toBe(161_061_273_600); // 150 GiB
    expect(figures!.selectionSizeChangeBytes).toBe(6_442_450_944); // +6 GiB
    expect(model.totals.protectedBytes).toBe(167_503_724_544);
    expect(model.totals.protectedChangeBytes).toBe(6_442_450_944);
    expect(figures!.sessions).toBe(3);
  });

  it('full history gives same model', () => {
    const history = [
      ...earlier,
      session('2026-09-01T01:00:00Z', { selectionSize: 90 * GIB }),
      session('2026-10-25T01:00:00Z', { status: 'FAILED', selectionSize: 0 }),
      session('2026-10-01T01:00:00Z', { plugin: 'SYSTEM_STATE', status: 'CANCELED' }),
    ];
    const minimal = build({ earlierSessions: earlier, sessions: month });
    expect(build({ earlierSessions: history, sessions: month })).toEqual(minimal);
  });

  it('no figure without success', () => {
    const model = build({ sessions: [session('2026-11-10T01:00:00Z', { status: 'FAILED', selectionSize: 5 * GIB })] });
    expect(model.devices[0]!.selectionSizeBytes).toBeNull();
    expect(model.devices[0]!.selectionSizeChangeBytes).toBeNull();
    expect(model.totals.protectedBytes).toBe(0);
    expect(model.totals.previousProtectedBytes).toBeNull();
    expect(model.totals.protectedChangeBytes).toBeNull();
  });
});

describe('partial months', () => {
  it('generated before month end', () => {
    const model = build(
      {
        devices: [
          device({ lastSyncedAt: new Date('2026-11-15T06:00:00Z') }),
          device({ id: '101', name: 'SRV-02', lastSyncedAt: null }),
        ],
        sessions: [session('2026-11-10T01:00:00Z'), session('2026-11-14T01:00:00Z')],
      },
      DEFAULT_REPORT_SETTINGS,
      new Date('2026-11-15T12:00:00Z'),
    );
    expect(model.dataAsOf).toBe('2026-11-15T06:00:00.000Z');
    expect(model.incomplete).toEqual({ generatedBeforeMonthEnd: true, dataSyncedBeforeMonthEnd: true, devicesNeverSynced: 1 });
    const [synced, never] = model.devices;
    expect(synced!.daysElapsed).toBe(15); // 1 to 15 November had begun at 07:00 local on the 15th
    expect(synced!.coverage).toBe(13.3); // 2 / 15
    expect(synced!.daysSinceLastSuccess).toBe(1); // 2026-11-14T01:10Z to the sync at 2026-11-15T06:00Z
    expect(synced!.atRisk).toBe(false);
    expect(never!.daysElapsed).toBe(0);
    expect(never!.coverage).toBeNull();
    expect(never!.atRisk).toBe(true);
  });
});

describe('input checks', () => {
  it('rejects invalid zone', () => {
    expect(() => build({ timeZone: 'Europe/Nowhere' })).toThrow(/Invalid time zone "Europe\/Nowhere"/);
  });

  it('rejects invalid month', () => {
    expect(() => build({ month: '2026-13' })).toThrow(/Invalid month "2026-13"/);
  });

  it('rejects invalid threshold', () => {
    expect(() => build({}, { ...DEFAULT_REPORT_SETTINGS, atRiskThresholdDays: -1 })).toThrow(/Invalid at-risk threshold -1/);
  });
});

describe('large month', () => {
  it('builds 100,000 sessions', () => {
    // 500 devices with 200 sessions each, one every 3 h 36 min from 1 November 00:00 local.
    const devices = Array.from({ length: 500 }, (_, index) => device({ id: String(1000 + index), name: `PC-${index}` }));
    const sessions = devices.flatMap((entry) =>
      Array.from({ length: 200 }, (_, index) =>
        session(new Date(Date.parse('2026-10-31T23:00:00Z') + index * 12_960_000).toISOString(), {
          deviceId: entry.id,
          status: index % 10 === 9 ? 'FAILED' : 'COMPLETED',
        }),
      ),
    );

    const started = performance.now();
    const model = build({ devices, sessions });
    const elapsedMs = performance.now() - started;

    expect(model.sessions).toHaveLength(100_000);
    expect(model.totals.backupSessions).toBe(100_000);
    expect(model.totals.statusCounts).toEqual({ COMPLETED: 90_000, FAILED: 10_000 });
    expect(model.totals.successRate).toBe(90);
    expect(model.devices[0]!.days.filter((day) => day.status !== 'none')).toHaveLength(30);
    // Measured at about 0.3 to 0.7 s on a loaded 2-core machine. A quadratic step would take minutes.
    expect(elapsedMs).toBeLessThan(5_000);
  });
});

describe('history contract', () => {
  // Keeps, per device, plugin and status COMPLETED or COMPLETED_WITH_ERRORS, the BACKUP session
  // with the latest start before the month (then the later end, then the larger numeric id).
  function compareByTime(a: ReturnType<typeof session>, b: ReturnType<typeof session>): number {
    return (
      a.start.getTime() - b.start.getTime() || a.end!.getTime() - b.end!.getTime() || Number(a.id) - Number(b.id)
    );
  }

  function minimalHistory(all: ReturnType<typeof session>[], monthStartMs: number) {
    const latest = new Map<string, ReturnType<typeof session>>();
    for (const entry of all) {
      const wanted = entry.type === 'BACKUP' && (entry.status === 'COMPLETED' || entry.status === 'COMPLETED_WITH_ERRORS');
      if (!wanted || entry.start.getTime() >= monthStartMs) continue;
      const key = `${entry.deviceId}|${entry.plugin}|${entry.status}`;
      const current = latest.get(key);
      if (!current || compareByTime(entry, current) > 0) latest.set(key, entry);
    }
    return [...latest.values()];
  }

  it('minimal history equals full', () => {
    const statuses = ['COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED', 'INTERRUPTED', 'PAUSED'];
    const plugins = ['FILE_SYSTEM', 'SYSTEM_STATE', 'MSSQL'];
    const arbitrarySession = fc.record({
      day: fc.integer({ min: -60, max: 35 }),
      minute: fc.integer({ min: 0, max: 1439 }),
      device: fc.constantFrom('100', '101'),
      plugin: fc.constantFrom(...plugins),
      status: fc.constantFrom(...statuses),
      restore: fc.boolean(),
      size: fc.integer({ min: 0, max: 1_000_000 }),
    });
    fc.assert(
      fc.property(fc.array(arbitrarySession, { maxLength: 60 }), fc.boolean(), (specs, warningIsSuccess) => {
        const all = specs.map((spec) =>
          session(new Date(Date.parse('2026-10-31T23:00:00Z') + spec.day * 86_400_000 + spec.minute * 60_000).toISOString(), {
            deviceId: spec.device,
            plugin: spec.plugin,
            status: spec.status,
            type: spec.restore ? 'RESTORE' : 'BACKUP',
            selectionSize: spec.size,
          }),
        );
        const monthStartMs = Date.parse('2026-10-31T23:00:00Z');
        const monthEndMs = Date.parse('2026-11-30T23:00:00Z');
        const inMonth = all.filter((entry) => entry.start.getTime() >= monthStartMs && entry.start.getTime() < monthEndMs);
        const settings = { ...DEFAULT_REPORT_SETTINGS, completedWithErrorsCountsAsSuccess: warningIsSuccess };
        const devices = [device(), device({ id: '101', name: 'SRV-02' })];

        const full = build({ devices, sessions: inMonth, earlierSessions: all }, settings);
        const minimal = build({ devices, sessions: inMonth, earlierSessions: minimalHistory(all, monthStartMs) }, settings);
        expect(minimal).toEqual(full);
      }),
      { numRuns: 200 },
    );
  });
});

describe('timeZoneSourceOf', () => {
  it.each([
    ['Asia/Kolkata', 'Europe/Berlin', 'UTC', 'UTC', 'chosen'],
    [null, 'Europe/Berlin', 'UTC', 'UTC', 'client'],
    [null, null, 'America/New_York', 'UTC', 'default'],
    [null, 'Not/AZone', null, 'UTC', 'computer'],
    [null, null, null, null, 'utc'],
  ] as const)('%s, %s, %s, %s: %s', (explicit, client, userDefault, system, source) => {
    expect(timeZoneSourceOf(explicit, client, userDefault, system)).toBe(source);
  });

  it('is kept in the period', () => {
    const model = buildReport(input({}), DEFAULT_REPORT_SETTINGS, { now: new Date('2026-12-01T00:00:00Z'), timeZoneSource: 'default' });
    expect(model.period.timeZoneSource).toBe('default');
  });
});
