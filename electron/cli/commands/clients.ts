// `clients`: lists the cached clients of an account. Reads the cache only: no network, no key.

import type { CliCommand, CliIo } from '../io.ts';
import {
  ACCOUNT_OPTIONS_HELP, CACHE_OPTIONS_HELP, accountOptions, cacheOptions, chooseAccount, describeAccount, formatUtc, openCliCache,
  parseCommandArgs, printJson, printTable, resolveCachePath,
} from '../shared-options.ts';

const USAGE = `Usage: npm run cli -- clients [options]

Lists the clients in the cache with their device counts and the time their data was synced.
Reads the cache only: it needs no network and no API key.

Options:
  --removed               Include clients N-sight no longer lists
  --json                  Print a JSON array instead of a table
${ACCOUNT_OPTIONS_HELP}
${CACHE_OPTIONS_HELP}
`;

const OPTIONS = {
  ...cacheOptions,
  ...accountOptions,
  removed: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
} as const;

async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, OPTIONS, USAGE);
  const cache = openCliCache(io, resolveCachePath(io, values.cache, values), values);
  try {
    const account = chooseAccount(io, cache, values);
    const clients = cache.listClients(account.id, { includeRemoved: values.removed ?? false });
    if (values.json) {
      printJson(io, clients);
      return 0;
    }
    printTable(
      io,
      [
        { header: 'ID' },
        { header: 'Name' },
        { header: 'Time zone' },
        { header: 'Devices', align: 'right' },
        { header: 'Backup', align: 'right' },
        { header: 'Failed', align: 'right' },
        { header: 'Data as of' },
      ],
      clients.map((client) => [
        client.id,
        client.removedAt ? `${client.name} (removed)` : client.name,
        client.timeZone ?? '-',
        String(client.cachedDeviceCount),
        String(client.backupDeviceCount),
        String(client.failedDeviceCount),
        formatUtc(client.dataAsOf),
      ]),
      `No clients cached for ${describeAccount(account)}${values.removed ? '' : ' (add --removed to include clients N-sight no longer lists)'}.`,
    );
    return 0;
  } finally {
    cache.close();
  }
}

export const command: CliCommand = {
  summary: 'List the cached clients (no network)',
  usage: USAGE,
  run,
};
