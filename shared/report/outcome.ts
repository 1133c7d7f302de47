// Session outcomes and the ordering rules the report model applies to sessions and statuses.

import { KNOWN_SESSION_STATUSES, type BackupSession } from '../nsight.ts';
import type { CountedOutcome, DayStatus, SessionOutcome, StatusCounts } from './types.ts';

/** Maps an API status to its outcome; statuses outside the documented ones are `unknown`. */
export function sessionOutcome(status: string): SessionOutcome {
  switch (status) {
    case 'COMPLETED':
      return 'success';
    case 'COMPLETED_WITH_ERRORS':
      return 'warning';
    case 'FAILED':
    case 'INTERRUPTED':
    case 'CANCELED':
    case 'NOT_STARTED':
      return 'failed';
    default:
      return 'unknown';
  }
}

/** Maps an API status to the outcome the figures count: unknown as failed, warning as success when set. */
export function countedOutcome(status: string, completedWithErrorsCountsAsSuccess: boolean): CountedOutcome {
  const outcome = sessionOutcome(status);
  if (outcome === 'unknown') return 'failed';
  if (outcome === 'warning' && completedWithErrorsCountsAsSuccess) return 'success';
  return outcome;
}

const SEVERITY: Record<DayStatus, number> = { none: 0, success: 1, warning: 2, failed: 3 };

/** Returns the worse of two day statuses (failed > warning > success > none). */
export function worseDayStatus(a: DayStatus, b: DayStatus): DayStatus {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

/** Compares two strings by UTF-16 code units, as `<` does, independent of locale. */
function compareCodeUnits(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

/** Compares session ids numerically when both are digits, else as text. */
export function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b) && a.length !== b.length) return a.length - b.length;
  return compareCodeUnits(a, b);
}

/** Orders sessions by start, then end (a missing end counts as the start), then id. */
export function compareSessions(a: BackupSession, b: BackupSession): number {
  const byStart = a.start.getTime() - b.start.getTime();
  if (byStart !== 0) return byStart;
  const byEnd = (a.end ?? a.start).getTime() - (b.end ?? b.start).getTime();
  if (byEnd !== 0) return byEnd;
  return compareIds(a.id, b.id);
}

/** Returns `candidate` when it is later than `current` by `compareSessions`. */
export function laterSession(current: BackupSession | null, candidate: BackupSession): BackupSession {
  return current === null || compareSessions(candidate, current) > 0 ? candidate : current;
}

/** Returns counts with documented statuses first, in their documented order, then others by name. */
export function orderStatusCounts(counts: Map<string, number>): StatusCounts {
  const known: readonly string[] = KNOWN_SESSION_STATUSES;
  const keys = [...counts.keys()].sort((a, b) => {
    const rankA = known.includes(a) ? known.indexOf(a) : known.length;
    const rankB = known.includes(b) ? known.indexOf(b) : known.length;
    if (rankA !== rankB) return rankA - rankB;
    return compareCodeUnits(a, b);
  });
  const ordered: StatusCounts = {};
  for (const key of keys) ordered[key] = counts.get(key) ?? 0;
  return ordered;
}

/** Adds `source` counts into `target`. */
export function addCounts(target: Map<string, number>, source: Map<string, number>): void {
  for (const [status, count] of source) target.set(status, (target.get(status) ?? 0) + count);
}

/** Returns `part / whole` as a percentage with one decimal, or null when `whole` is 0. */
export function percentage(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part * 1000) / whole) / 10;
}
