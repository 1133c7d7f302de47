// `sessions --device ID [--from DATE --to DATE]`: lists a device's cached backup sessions.
// Reads the cache only: no network, no key.

import { UsageError, type CliCommand, type CliIo } from '../io.ts';
import {
  ACCOUNT_OPTIONS_HELP, CACHE_OPTIONS_HELP, accountOptions, cacheOptions, chooseAccount, formatBytes, formatUtc,
  openCliCache, parseCommandArgs, parseWholeNumber, printJson, printTable, resolveCachePath,
} from '../shared-options.ts';

const USAGE = `Usage: npm run cli -- sessions --device ID [--from DATE] [--to DATE] [options]

Lists the cached Backup & Recovery sessions of one device, newest first. Dates are UTC:
YYYY-MM-DD (--to includes that whole day) or an ISO-8601 time. Reads the cache only.

Options:
  --device <id>           The device (required)
  --from <date>           Sessions that started at or after this date
  --to <date>             Sessions that started up to this date
  --limit <n>             Print at most this many sessions
  --json                  Print a JSON array instead of a table
${ACCOUNT_OPTIONS_HELP}
${CACHE_OPTIONS_HELP}
`;

const OPTIONS = {
  ...cacheOptions,
  ...accountOptions,
  device: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  limit: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Parses a UTC date or ISO-8601 time; a date-only `--to` moves to the start of the next day. */
function parseDate(name: string, value: string | undefined, endOfDay: boolean): Date | undefined {
  if (value === undefined) return undefined;
  const dateOnly = DATE_ONLY.test(value.trim());
  const date = new Date(dateOnly ? `${value.trim()}T00:00:00Z` : value.trim());
  if (Number.isNaN(date.getTime())) {
    throw new UsageError(`--${name} "${value}" is not a date: use YYYY-MM-DD or an ISO-8601 time such as 2026-11-01T00:00:00Z.`);
  }
  if (dateOnly && endOfDay) date.setUTCDate(date.getUTCDate() + 1);
  return date;
}

/** Describes the --from and --to options as given, for the sentence printed when no session matches. */
function describeRange(from: string | undefined, to: string | undefined): string {
  if (from !== undefined && to !== undefined) return ` from ${from} to ${to}`;
  if (from !== undefined) return ` from ${from}`;
  if (to !== undefined) return ` up to ${to}`;
  return '';
}

async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, OPTIONS, USAGE);
  if (values.device === undefined) throw new UsageError(`Name the device with --device ID.\n\n${USAGE}`);
  const from = parseDate('from', values.from, false);
  const to = parseDate('to', values.to, true);
  const limit = parseWholeNumber('limit', values.limit, 1);

  const cache = openCliCache(io, resolveCachePath(io, values.cache, values), values);
  try {
    const account = chooseAccount(io, cache, values);
    if (cache.getDevice(account.id, values.device) === null) {
      throw new UsageError(`No device ${values.device} in the cache: run the devices command to list the ids of a client.`, 1);
    }
    const sessions = cache.listSessions(account.id, {
      deviceIds: [values.device],
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
      ...(limit === undefined ? {} : { limit }),
    });
    if (values.json) {
      printJson(io, sessions);
      return 0;
    }
    printTable(
      io,
      [
        { header: 'Start' },
        { header: 'End' },
        { header: 'Plugin' },
        { header: 'Type' },
        { header: 'Status' },
        { header: 'Selection', align: 'right' },
        { header: 'Transferred', align: 'right' },
        { header: 'Errors', align: 'right' },
        { header: 'ID' },
      ],
      sessions.map((session) => [
        formatUtc(session.start),
        formatUtc(session.end),
        session.plugin,
        session.type,
        session.removedAt ? `${session.status} (no longer listed)` : session.status,
        formatBytes(session.selectionSize),
        formatBytes(session.transferredSize),
        String(session.errorCount),
        session.id,
      ]),
      `No sessions cached for device ${values.device}${describeRange(values.from, values.to)}.`,
    );
    return 0;
  } finally {
    cache.close();
  }
}

export const command: CliCommand = {
  summary: "List a device's cached backup sessions (no network)",
  usage: USAGE,
  run,
};
