import { describe, expect, it } from 'vitest';
import {
  attentionText,
  bytesTo,
  displayUnit,
  formatDuration,
  formatPercent,
  formatSize,
  formatSizeChange,
  formatSizeWithUnit,
  incompleteNotice,
  ruleTexts,
  sizeHeader,
} from '../../shared/report/format.ts';

describe('sizes', () => {
  it('converts with binary divisors', () => {
    expect(bytesTo(1_048_576, 'MB')).toBe(1);
    expect(bytesTo(1_073_741_824, 'GB')).toBe(1);
    expect(bytesTo(132_579_334_528, 'GB')).toBeCloseTo(123.4741, 4);
  });

  it('formats with two decimals', () => {
    expect(formatSize(132_579_334_528, 'GB')).toBe('123.47');
    expect(formatSize(132_579_334_528, 'MB')).toBe('126,437.51');
    expect(formatSize(0, 'GB')).toBe('0.00');
    expect(formatSize(null, 'GB')).toBe('n/a');
  });

  it('auto picks GB from 1 GB', () => {
    expect(displayUnit(1_073_741_823, 'auto')).toBe('MB');
    expect(displayUnit(1_073_741_824, 'auto')).toBe('GB');
    expect(formatSize(52_428_800, 'auto')).toBe('50.00 MB');
    expect(formatSize(1_610_612_736, 'auto')).toBe('1.50 GB');
  });

  it('formats with the unit', () => {
    expect(formatSizeWithUnit(536_870_912_000, 'GB')).toBe('500.00 GB');
    expect(formatSizeWithUnit(104_857_600, 'auto')).toBe('100.00 MB');
  });

  it('formats signed changes', () => {
    expect(formatSizeChange(10_737_418_240, 'GB')).toBe('+10.00');
    expect(formatSizeChange(-4_294_967_296, 'GB')).toBe('-4.00');
    expect(formatSizeChange(-1_048_576, 'auto')).toBe('-1.00 MB');
    expect(formatSizeChange(0, 'GB')).toBe('0.00');
    expect(formatSizeChange(1_000, 'GB')).toBe('0.00');
    expect(formatSizeChange(null, 'GB')).toBe('n/a');
  });

  it('names the unit in headers', () => {
    expect(sizeHeader('Selection size', 'GB')).toBe('Selection size (GB)');
    expect(sizeHeader('Transferred', 'MB')).toBe('Transferred (MB)');
    expect(sizeHeader('Transferred', 'auto')).toBe('Transferred (MB or GB)');
  });
});

describe('other figures', () => {
  it('formats percentages', () => {
    expect(formatPercent(57.1)).toBe('57.1%');
    expect(formatPercent(100)).toBe('100.0%');
    expect(formatPercent(null)).toBe('n/a');
  });

  it('formats durations', () => {
    expect(formatDuration(1351)).toBe('0:22:31');
    expect(formatDuration(4200)).toBe('1:10:00');
    expect(formatDuration(0)).toBe('0:00:00');
    expect(formatDuration(null)).toBe('');
  });
});

describe('ruleTexts', () => {
  const base = { atRiskThresholdDays: 3, completedWithErrorsCountsAsSuccess: false, sizeUnit: 'GB' as const, timeZone: 'Europe/Berlin' };

  it('states the chosen settings', () => {
    const texts = ruleTexts(base);
    expect(texts[0]).toContain('Europe/Berlin');
    expect(texts).toContain('COMPLETED_WITH_ERRORS counts as a warning, not as a success.');
    expect(texts.some((text) => text.includes('more than 3 days'))).toBe(true);
    expect(texts.some((text) => text.includes('GB (bytes / 1,073,741,824)'))).toBe(true);
  });

  it('follows the settings', () => {
    const texts = ruleTexts({ ...base, completedWithErrorsCountsAsSuccess: true, atRiskThresholdDays: 1, sizeUnit: 'MB' });
    expect(texts).toContain('COMPLETED_WITH_ERRORS counts as a success.');
    expect(texts.some((text) => text.includes('more than 1 day,'))).toBe(true);
    expect(texts.some((text) => text.includes('MB (bytes / 1,048,576)'))).toBe(true);
  });
});

describe('attentionText', () => {
  const who = { deviceId: '1', deviceName: 'SRV-ÉTÉ', site: 'Zürich' };

  it('describes each kind', () => {
    expect(
      attentionText({ kind: 'at-risk', ...who, lastSuccess: '2026-11-04T01:40:00.000Z', daysSinceLastSuccess: 26 }, 'Europe/Berlin'),
    ).toBe('SRV-ÉTÉ (Zürich): at risk, last successful backup 2026-11-04 (26 days without one).');
    expect(attentionText({ kind: 'at-risk', ...who, lastSuccess: null, daysSinceLastSuccess: null }, 'UTC')).toBe(
      'SRV-ÉTÉ (Zürich): at risk, no successful backup on record.',
    );
    expect(attentionText({ kind: 'no-sessions', ...who }, 'UTC')).toBe('SRV-ÉTÉ (Zürich): no backup session this month.');
    expect(
      attentionText(
        { kind: 'failed-sessions', ...who, count: 2, latest: { id: '9', plugin: 'MSSQL', status: 'INTERRUPTED', start: '2026-11-03T23:00:00.000Z' } },
        'Europe/Berlin',
      ),
    ).toBe('SRV-ÉTÉ (Zürich): 2 failed backup sessions, latest MSSQL INTERRUPTED on 2026-11-04.');
  });
});

describe('incompleteNotice', () => {
  const period = { month: '2026-11', timeZone: 'Europe/Berlin', start: '2026-10-31T23:00:00.000Z', end: '2026-11-30T23:00:00.000Z', days: 30 };

  it('warns about a partial month', () => {
    const notice = incompleteNotice({
      period,
      generatedAt: '2026-11-15T12:00:00.000Z',
      dataAsOf: '2026-11-15T06:00:00.000Z',
      incomplete: { generatedBeforeMonthEnd: true, dataSyncedBeforeMonthEnd: true, devicesNeverSynced: 2 },
    });
    expect(notice).toBe(
      'This report was generated on 2026-11-15 13:00, before the month ended. ' +
        'The data was last synced on 2026-11-15 07:00, before the month ended, so later sessions are missing. ' +
        '2 devices were never synced, so their sessions are missing.',
    );
  });

  it('warns about early data only', () => {
    const notice = incompleteNotice({
      period,
      generatedAt: '2026-12-04T10:00:00.000Z',
      dataAsOf: '2026-11-30T22:00:00.000Z',
      incomplete: { generatedBeforeMonthEnd: false, dataSyncedBeforeMonthEnd: true, devicesNeverSynced: 0 },
    });
    expect(notice).toBe('The data was last synced on 2026-11-30 23:00, before the month ended, so later sessions are missing.');
  });

  it('is null for a complete month', () => {
    const notice = incompleteNotice({
      period,
      generatedAt: '2026-12-04T10:00:00.000Z',
      dataAsOf: '2026-12-01T08:00:00.000Z',
      incomplete: { generatedBeforeMonthEnd: false, dataSyncedBeforeMonthEnd: false, devicesNeverSynced: 0 },
    });
    expect(notice).toBeNull();
  });
});
