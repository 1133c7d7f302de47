// Calendar arithmetic in IANA time zones with Intl only: month boundaries, local days (23 or
// 25 hours long on DST changes), the report's zone and local date-time text for display.

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

export interface YearMonth {
  year: number;
  /** 1 to 12. */
  month: number;
}

/** One local calendar day as a half-open UTC interval. */
export interface LocalDay {
  /** `YYYY-MM-DD`. */
  date: string;
  start: Date;
  end: Date;
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Returns whether `zone` is an IANA zone name (or alias) that Intl accepts. */
export function isValidTimeZone(zone: string | null | undefined): zone is string {
  if (typeof zone !== 'string' || zone.trim() === '') return false;
  try {
    partsFormatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** Returns the zone of the computer running this code, or `UTC` when Intl has none. */
export function systemTimeZone(): string {
  const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  return isValidTimeZone(zone) ? zone : 'UTC';
}

/**
 * Picks the report's zone: the one chosen for this report, else the client's, else the
 * user's default, else the computer's, else UTC. An invalid explicit zone is an error
 * because the user typed it; invalid later candidates are skipped.
 */
export function resolveReportTimeZone(
  explicit: string | null | undefined,
  client: string | null | undefined,
  userDefault: string | null | undefined,
  system: string | null | undefined,
): string {
  if (explicit !== null && explicit !== undefined && explicit !== '') {
    if (!isValidTimeZone(explicit)) {
      throw new RangeError(
        `Invalid time zone "${explicit}": use an IANA zone name such as Europe/Berlin or America/New_York.`,
      );
    }
    return explicit;
  }
  for (const candidate of [client, userDefault, system]) {
    if (isValidTimeZone(candidate)) return candidate;
  }
  return 'UTC';
}

/** Parses `YYYY-MM` (months 01 to 12, years 1970 to 9999). */
export function parseMonth(text: string): YearMonth {
  const match = /^(\d{4})-(\d{2})$/.exec(text.trim());
  const year = match ? Number(match[1]) : NaN;
  const month = match ? Number(match[2]) : NaN;
  if (!match || year < 1970 || month < 1 || month > 12) {
    throw new RangeError(`Invalid month "${text}": use the form YYYY-MM, for example 2026-11.`);
  }
  return { year, month };
}

/** Formats a year and month as `YYYY-MM`. */
export function formatMonth({ year, month }: YearMonth): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** Returns the month after `value`. */
export function nextMonth({ year, month }: YearMonth): YearMonth {
  return month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
}

/** Returns the month before `value`. */
export function previousMonth({ year, month }: YearMonth): YearMonth {
  return month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
}

/** Returns the wall-clock fields of `instant` in `zone`. */
export function localParts(instant: Date, zone: string): LocalParts {
  const values: Record<string, number> = {};
  for (const part of partsFormatter(zone).formatToParts(instant)) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  return {
    year: values.year ?? NaN,
    month: values.month ?? NaN,
    day: values.day ?? NaN,
    hour: values.hour ?? NaN,
    minute: values.minute ?? NaN,
    second: values.second ?? NaN,
  };
}

/** Returns the zone's UTC offset at `instantMs` in milliseconds (east positive), to the second. */
export function zoneOffsetMs(instantMs: number, zone: string): number {
  const p = localParts(new Date(instantMs), zone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(instantMs / 1000) * 1000;
}

/**
 * Returns the first instant of the local day `year-month-day` in `zone`. When midnight is
 * ambiguous (clocks set back over it) the earlier instant wins; when it is skipped (clocks
 * set forward at midnight) the day starts at the change.
 */
export function startOfLocalDay(year: number, month: number, day: number, zone: string): Date {
  const wallMs = Date.UTC(year, month - 1, day);
  const offsetBefore = zoneOffsetMs(wallMs - MS_PER_DAY, zone);
  const offsetAfter = zoneOffsetMs(wallMs + MS_PER_DAY, zone);
  const candidates = [wallMs - offsetBefore, wallMs - offsetAfter]
    .filter((instant, index, all) => all.indexOf(instant) === index)
    .filter((instant) => zoneOffsetMs(instant, zone) === wallMs - instant)
    .sort((a, b) => a - b);
  // NOTE: a skipped midnight is assumed to begin the gap, as in every zone that skips one.
  return new Date(candidates[0] ?? wallMs - offsetBefore);
}

/** Returns the UTC interval `[start, end)` of a month in `zone`. */
export function monthRange(month: string | YearMonth, zone: string): { start: Date; end: Date } {
  const value = typeof month === 'string' ? parseMonth(month) : month;
  const following = nextMonth(value);
  return {
    start: startOfLocalDay(value.year, value.month, 1, zone),
    end: startOfLocalDay(following.year, following.month, 1, zone),
  };
}

/** Returns the number of calendar days of a month (28 to 31). */
export function daysInMonth({ year, month }: YearMonth): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Returns every local day of a month in `zone`, each with its UTC interval. */
export function monthDays(month: string | YearMonth, zone: string): LocalDay[] {
  const value = typeof month === 'string' ? parseMonth(month) : month;
  const count = daysInMonth(value);
  const starts: Date[] = [];
  for (let day = 1; day <= count; day += 1) starts.push(startOfLocalDay(value.year, value.month, day, zone));
  starts.push(monthRange(value, zone).end);

  const prefix = formatMonth(value);
  return starts.slice(0, count).map((start, index) => ({
    date: `${prefix}-${String(index + 1).padStart(2, '0')}`,
    start,
    end: starts[index + 1] as Date,
  }));
}

/** Returns the index of the day containing `instantMs` in sorted `days`, or -1 outside them. */
export function dayIndexOf(days: readonly LocalDay[], instantMs: number): number {
  let low = 0;
  let high = days.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const day = days[middle] as LocalDay;
    if (instantMs < day.start.getTime()) high = middle - 1;
    else if (instantMs >= day.end.getTime()) low = middle + 1;
    else return middle;
  }
  return -1;
}

/** Returns the last month that had fully ended at `now` in `zone`, as `YYYY-MM`. */
export function lastCompleteMonth(now: Date, zone: string): string {
  const parts = localParts(now, zone);
  return formatMonth(previousMonth({ year: parts.year, month: parts.month }));
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/** Formats `instant` as the local date `YYYY-MM-DD` in `zone`. */
export function formatLocalDate(instant: Date | string, zone: string): string {
  const p = localParts(new Date(instant), zone);
  return `${String(p.year).padStart(4, '0')}-${pad2(p.month)}-${pad2(p.day)}`;
}

/** Formats `instant` as the local `YYYY-MM-DD HH:mm` in `zone` (24-hour clock). */
export function formatLocalDateTime(instant: Date | string, zone: string): string {
  const p = localParts(new Date(instant), zone);
  return `${String(p.year).padStart(4, '0')}-${pad2(p.month)}-${pad2(p.day)} ${pad2(p.hour)}:${pad2(p.minute)}`;
}

/** Formats `instant` as `YYYY-MM-DD HH:mm:ss` in UTC. */
export function formatUtcDateTime(instant: Date | string): string {
  return new Date(instant).toISOString().slice(0, 19).replace('T', ' ');
}

/** Returns the zone's offset at `instant` as `UTC+01:00` text, for printing next to times. */
export function formatUtcOffset(instant: Date | string, zone: string): string {
  const minutes = Math.round(zoneOffsetMs(new Date(instant).getTime(), zone) / MS_PER_MINUTE);
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `UTC${sign}${pad2(Math.floor(absolute / 60))}:${pad2(absolute % 60)}`;
}
