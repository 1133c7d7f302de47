// `status`: shows how fresh the cache is: the account, the last sync run and, per client, the
// time its data was synced. Reads the cache only: no network, no key.

import type { CliCommand, CliIo } from '../io.ts';
import {
  ACCOUNT_OPTIONS_HELP, CACHE_OPTIONS_HELP, accountOptions, cacheOptions, chooseAccount, countOf, describeAccount, formatUtc, openCliCache,
  parseCommandArgs, printJson, printTable, resolveCachePath,
} from '../shared-options.ts';

const USAGE = `Usage: npm run cli -- status [options]

Shows the cache file, the account, the last sync run and, per client, the time its data was
synced ("data as of": the oldest device sync) and how many devices failed. Reads the cache only.

Options:
  --json                  Print a JSON object instead of text
${ACCOUNT_OPTIONS_HELP}
${CACHE_OPTIONS_HELP}
`;

const OPTIONS = { ...cacheOptions, ...accountOptions, json: { type: 'boolean', default: false } } as const;

async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, OPTIONS, USAGE);
  const cache = openCliCache(io, resolveCachePath(io, values.cache, values), values);
  try {
    const account = chooseAccount(io, cache, values);
    const lastRun = cache.listSyncRuns(account.id, 1)[0] ?? null;
    const clients = cache.listClients(account.id).map((client) => ({
      id: client.id,
      name: client.name,
      backupDevices: client.backupDeviceCount,
      failedDevices: client.failedDeviceCount,
      dataAsOf: client.dataAsOf,
      lastSyncAt: client.lastSyncAt,
    }));
    if (values.json) {
      printJson(io, { cache: cache.file, account: { host: account.host, lastSyncAt: account.lastSyncAt }, lastRun, clients });
      return 0;
    }
    io.stdout.write(`Cache: ${cache.file}\nAccount: ${describeAccount(account)}\n`);
    if (lastRun) {
      const outcome = lastRun.outcome ?? 'did not finish';
      io.stdout.write(
        `Last sync: ${formatUtc(lastRun.startedAt)}, ${outcome}, ${countOf(lastRun.devicesSynced, 'device')} synced, ${lastRun.devicesFailed} failed\n`,
      );
    }
    io.stdout.write('\n');
    printTable(
      io,
      [
        { header: 'ID' },
        { header: 'Client' },
        { header: 'Backup devices', align: 'right' },
        { header: 'Failed', align: 'right' },
        { header: 'Data as of' },
      ],
      clients.map((client) => [client.id, client.name, String(client.backupDevices), String(client.failedDevices), formatUtc(client.dataAsOf)]),
      `No clients cached for ${describeAccount(account)}.`,
    );
    return 0;
  } finally {
    cache.close();
  }
}

export const command: CliCommand = {
  summary: 'Show how fresh the cached data is, per client (no network)',
  usage: USAGE,
  run,
};
