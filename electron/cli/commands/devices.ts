// `devices --client ID|NAME`: lists a client's cached devices with their sync state. Reads the
// cache only: no network, no key.

import { UsageError, type CliCommand, type CliIo } from '../io.ts';
import {
  ACCOUNT_OPTIONS_HELP, CACHE_OPTIONS_HELP, accountOptions, cacheOptions, chooseAccount, formatUtc, openCliCache,
  parseCommandArgs, printJson, printTable, resolveCachePath,
} from '../shared-options.ts';

const USAGE = `Usage: npm run cli -- devices --client ID|NAME [options]

Lists the cached servers and workstations of one client, with Backup & Recovery, the number
of cached sessions and the last sync of each. Reads the cache only.

Options:
  --client <id|name>      The client (required)
  --removed               Include devices N-sight no longer lists
  --json                  Print a JSON array instead of a table
${ACCOUNT_OPTIONS_HELP}
${CACHE_OPTIONS_HELP}
`;

const OPTIONS = {
  ...cacheOptions,
  ...accountOptions,
  client: { type: 'string' },
  removed: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
} as const;

async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, OPTIONS, USAGE);
  if (values.client === undefined) throw new UsageError(`Name the client with --client ID or --client NAME.\n\n${USAGE}`);
  const cache = openCliCache(io, resolveCachePath(io, values.cache, values), values);
  try {
    const account = chooseAccount(io, cache, values);
    const matches = cache.findClients(account.id, values.client);
    if (matches.length === 0) {
      throw new UsageError(`No client "${values.client}" in the cache: run the clients command to list the ids and names.`, 1);
    }
    if (matches.length > 1) {
      throw new UsageError(`Several clients are named "${values.client}" (ids ${matches.map((client) => client.id).join(', ')}): choose one by id.`, 1);
    }
    const client = matches[0]!;
    const devices = cache.listDevices(account.id, { clientId: client.id, includeRemoved: values.removed ?? false });
    if (values.json) {
      printJson(io, devices);
      return 0;
    }
    printTable(
      io,
      [
        { header: 'ID' },
        { header: 'Name' },
        { header: 'Type' },
        { header: 'Site' },
        { header: 'Backup' },
        { header: 'Sessions', align: 'right' },
        { header: 'Last session' },
        { header: 'Last sync' },
        { header: 'Last error' },
      ],
      devices.map((device) => [
        device.id,
        device.removedAt ? `${device.name} (removed)` : device.name,
        device.type,
        device.siteName,
        device.backupEnabled ? 'on' : 'off',
        String(device.sessionCount),
        formatUtc(device.lastSessionStart),
        formatUtc(device.sync.lastSuccessAt),
        device.sync.lastError ?? '',
      ]),
      `No devices cached for ${client.name}.`,
    );
    return 0;
  } finally {
    cache.close();
  }
}

export const command: CliCommand = {
  summary: "List a client's cached devices (no network)",
  usage: USAGE,
  run,
};
