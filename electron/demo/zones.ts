// Local midnights of IANA time zones by calendar day, cached, so that a schedule given in local
// time ("00:30 in Berlin") can be placed on the UTC time line without calling Intl for every
// session.

import { startOfLocalDay } from '../../shared/report/time.ts';

const DAY_MS = 86_400_000;

const midnights = new Map<string, number>();

/**
 * Returns the UTC instant (ms) at which the local calendar day with the same date as the UTC day
 * starting at `dayStartUtcMs` begins in `zone`.
 */
export function localMidnightMs(zone: string, dayStartUtcMs: number): number {
  const key = `${zone}|${Math.floor(dayStartUtcMs / DAY_MS)}`;
  let midnight = midnights.get(key);
  if (midnight === undefined) {
    const day = new Date(dayStartUtcMs);
    midnight = startOfLocalDay(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), zone).getTime();
    midnights.set(key, midnight);
  }
  return midnight;
}
