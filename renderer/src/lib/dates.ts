import { startOfLocalDay } from '../../../shared/report/time.ts';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Returns the UTC instant where the local day `YYYY-MM-DD` starts in `zone`, `days` days later; null for other text. */
function localDayStart(date: string, zone: string, days = 0): string | null {
  const match = DATE.exec(date);
  if (!match) return null;
  // Date.UTC normalises day 32 to the next month, so adding days needs no month arithmetic.
  const next = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days));
  return startOfLocalDay(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), zone).toISOString();
}

/**
 * Turns a range of local dates, both inclusive, into UTC instants for the session query:
 * `from` is the start of the first day and `to` the start of the day after the last.
 */
export function localDateRange(from: string, to: string, zone: string): { from: string | null; to: string | null } {
  return { from: localDayStart(from, zone), to: localDayStart(to, zone, 1) };
}
