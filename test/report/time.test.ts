import { describe, expect, it } from 'vitest';
import {
  dayIndexOf,
  formatLocalDate,
  formatLocalDateTime,
  formatUtcOffset,
  isValidTimeZone,
  lastCompleteMonth,
  monthDays,
  monthRange,
  parseMonth,
  resolveReportTimeZone,
  startOfLocalDay,
} from '../../shared/report/time.ts';

const HOUR = 3_600_000;

function iso(date: Date): string {
  return date.toISOString();
}

describe('monthRange', () => {
  it('November 2026 in Europe/Berlin', () => {
    const range = monthRange('2026-11', 'Europe/Berlin');
    expect(iso(range.start)).toBe('2026-10-31T23:00:00.000Z');
    expect(iso(range.end)).toBe('2026-11-30T23:00:00.000Z');
  });

  it('November 2026 in America/New_York', () => {
    // EDT (UTC-4) on 1 November until 02:00, EST (UTC-5) on 1 December.
    const range = monthRange('2026-11', 'America/New_York');
    expect(iso(range.start)).toBe('2026-11-01T04:00:00.000Z');
    expect(iso(range.end)).toBe('2026-12-01T05:00:00.000Z');
  });

  it('November 2026 in Asia/Kolkata', () => {
    const range = monthRange('2026-11', 'Asia/Kolkata');
    expect(iso(range.start)).toBe('2026-10-31T18:30:00.000Z');
    expect(iso(range.end)).toBe('2026-11-30T18:30:00.000Z');
  });

  it('March 2026 in Europe/Berlin', () => {
    const range = monthRange('2026-03', 'Europe/Berlin');
    expect(iso(range.start)).toBe('2026-02-28T23:00:00.000Z');
    expect(iso(range.end)).toBe('2026-03-31T22:00:00.000Z');
  });

  it('December crosses the year', () => {
    const range = monthRange('2026-12', 'UTC');
    expect(iso(range.start)).toBe('2026-12-01T00:00:00.000Z');
    expect(iso(range.end)).toBe('2027-01-01T00:00:00.000Z');
  });
});

describe('monthDays', () => {
  it('Berlin spring change has 23 hours', () => {
    const days = monthDays('2026-03', 'Europe/Berlin');
    expect(days).toHaveLength(31);
    const day = days[28]!;
    expect(day.date).toBe('2026-03-29');
    expect(iso(day.start)).toBe('2026-03-28T23:00:00.000Z');
    expect(iso(day.end)).toBe('2026-03-29T22:00:00.000Z');
    expect(day.end.getTime() - day.start.getTime()).toBe(23 * HOUR);
  });

  it('Berlin autumn change has 25 hours', () => {
    const day = monthDays('2026-10', 'Europe/Berlin')[24]!;
    expect(day.date).toBe('2026-10-25');
    expect(iso(day.start)).toBe('2026-10-24T22:00:00.000Z');
    expect(iso(day.end)).toBe('2026-10-25T23:00:00.000Z');
  });

  it('New York autumn change has 25 hours', () => {
    const days = monthDays('2026-11', 'America/New_York');
    expect(days).toHaveLength(30);
    expect(days[0]!.date).toBe('2026-11-01');
    expect(iso(days[0]!.start)).toBe('2026-11-01T04:00:00.000Z');
    expect(iso(days[0]!.end)).toBe('2026-11-02T05:00:00.000Z');
    expect(days[29]!.date).toBe('2026-11-30');
    expect(iso(days[29]!.end)).toBe('2026-12-01T05:00:00.000Z');
  });

  it('Kolkata days all have 24 hours', () => {
    const days = monthDays('2026-02', 'Asia/Kolkata');
    expect(days).toHaveLength(28);
    for (const day of days) expect(day.end.getTime() - day.start.getTime()).toBe(24 * HOUR);
    expect(iso(days[0]!.start)).toBe('2026-01-31T18:30:00.000Z');
  });

  it('leap February has 29 days', () => {
    expect(monthDays('2028-02', 'Europe/Berlin')).toHaveLength(29);
  });

  it('dayIndexOf finds the local day', () => {
    const days = monthDays('2026-11', 'Europe/Berlin');
    expect(dayIndexOf(days, Date.parse('2026-10-31T23:30:00Z'))).toBe(0);
    expect(dayIndexOf(days, Date.parse('2026-10-31T22:59:59Z'))).toBe(-1);
    expect(dayIndexOf(days, Date.parse('2026-11-30T22:59:59Z'))).toBe(29);
    expect(dayIndexOf(days, Date.parse('2026-11-30T23:10:00Z'))).toBe(-1);
  });
});

describe('startOfLocalDay', () => {
  it('skipped midnight starts at the change', () => {
    // Chile sets clocks from 00:00 to 01:00 on 6 September 2026 (UTC-4 to UTC-3).
    expect(iso(startOfLocalDay(2026, 9, 6, 'America/Santiago'))).toBe('2026-09-06T04:00:00.000Z');
  });

  it('repeated hour before midnight is skipped', () => {
    // Chile sets clocks from 24:00 back to 23:00 on 4 April 2026, so 5 April starts once, at UTC-4.
    expect(iso(startOfLocalDay(2026, 4, 5, 'America/Santiago'))).toBe('2026-04-05T04:00:00.000Z');
  });
});

describe('lastCompleteMonth', () => {
  it('depends on the zone at a month change', () => {
    const now = new Date('2026-12-01T03:00:00Z');
    expect(lastCompleteMonth(now, 'Europe/Berlin')).toBe('2026-11');
    expect(lastCompleteMonth(now, 'America/New_York')).toBe('2026-10');
  });

  it('crosses the year in January', () => {
    expect(lastCompleteMonth(new Date('2026-12-31T19:00:00Z'), 'Asia/Kolkata')).toBe('2026-12');
    expect(lastCompleteMonth(new Date('2026-12-31T18:00:00Z'), 'Asia/Kolkata')).toBe('2026-11');
  });
});

describe('parseMonth', () => {
  it('parses YYYY-MM', () => {
    expect(parseMonth('2026-11')).toEqual({ year: 2026, month: 11 });
  });

  it.each(['2026-13', '2026-00', '2026-1', '26-11', 'november', ''])('rejects %j', (text) => {
    expect(() => parseMonth(text)).toThrow(/Invalid month .*YYYY-MM/);
  });
});

describe('time zones', () => {
  it('isValidTimeZone', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone(null)).toBe(false);
  });

  it('resolve prefers explicit', () => {
    expect(resolveReportTimeZone('Asia/Kolkata', 'Europe/Berlin', 'UTC', 'America/New_York')).toBe('Asia/Kolkata');
  });

  it('resolve falls back in order', () => {
    expect(resolveReportTimeZone(null, 'Europe/Berlin', 'UTC', 'America/New_York')).toBe('Europe/Berlin');
    expect(resolveReportTimeZone(undefined, null, 'Asia/Kolkata', 'America/New_York')).toBe('Asia/Kolkata');
    expect(resolveReportTimeZone('', 'Not/AZone', null, 'America/New_York')).toBe('America/New_York');
    expect(resolveReportTimeZone(null, null, null, 'bogus')).toBe('UTC');
  });

  it('resolve rejects invalid explicit', () => {
    expect(() => resolveReportTimeZone('Berlin', 'Europe/Berlin', null, null)).toThrow(/Invalid time zone "Berlin"/);
  });
});

describe('local formatting', () => {
  it('formats local date and time', () => {
    expect(formatLocalDateTime(new Date('2026-10-31T23:30:00Z'), 'Europe/Berlin')).toBe('2026-11-01 00:30');
    expect(formatLocalDateTime('2026-11-30T23:10:00.000Z', 'Europe/Berlin')).toBe('2026-12-01 00:10');
    expect(formatLocalDate('2026-11-02T04:30:00.000Z', 'America/New_York')).toBe('2026-11-01');
  });

  it('formats the UTC offset', () => {
    expect(formatUtcOffset('2026-11-15T12:00:00Z', 'Asia/Kolkata')).toBe('UTC+05:30');
    expect(formatUtcOffset('2026-11-15T12:00:00Z', 'America/New_York')).toBe('UTC-05:00');
    expect(formatUtcOffset('2026-07-15T12:00:00Z', 'Europe/Berlin')).toBe('UTC+02:00');
  });
});
