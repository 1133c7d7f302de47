// `demo`: syncs the built-in demo account (generated in-process, no network) into a cache of
// its own, then writes the Excel and PDF reports of the last complete month for every demo
// client. `npm run demo` runs it.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { lastCompleteMonth, parseMonth, systemTimeZone } from '../../../shared/report/time.ts';
import { DEFAULT_REPORT_SETTINGS, type ReportSettings } from '../../../shared/report/types.ts';
import { createDemoApi, DEMO_API_KEY, DEMO_HOST } from '../../demo/demo.ts';
import { writeClientReports } from '../../report/batch.ts';
import { checkOutputFolder } from '../../report/export.ts';
import { runSync } from '../../sync/sync.ts';
import { UsageError, type CliCommand, type CliIo } from '../io.ts';
import { openCliCache, parseCommandArgs, resolveCachePath, stderrLogger } from '../shared-options.ts';
import { printBatchSummary, resultLine } from './report.ts';

const USAGE = `Usage: npm run demo -- [--out DIR] [--month YYYY-MM]

Syncs the built-in demo account (a made-up MSP with seven customers; nothing is sent over the
network) into a cache of its own, then writes the Excel and PDF reports of every demo client.
Earlier demo reports in the output folder are replaced.

Options:
  --out <folder>          Folder for the reports (default: ./reports, created when missing)
  --month <YYYY-MM>       Month of the reports (default: the last complete month)
  --cache <file>          Demo cache file (default: demo-cache.sqlite in the user data folder
                          "N-sight Backup Reports")
  --verbose               Log the sync to stderr
`;

const OPTIONS = {
  out: { type: 'string' },
  month: { type: 'string' },
  cache: { type: 'string' },
  verbose: { type: 'boolean', default: false },
} as const;

/** MSP name printed on the demo reports. */
export const DEMO_MSP_NAME = 'Demo MSP';

async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, OPTIONS, USAGE);
  const now = new Date();
  const month = values.month ?? lastCompleteMonth(now, systemTimeZone());
  try {
    parseMonth(month);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }

  const outDir = path.resolve(io.cwd, values.out ?? 'reports');
  try {
    await mkdir(outDir, { recursive: true });
    await checkOutputFolder(outDir);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`Cannot use the output folder ${outDir}: ${reason}`, 1);
  }

  const logger = stderrLogger(io, values.verbose ?? false);
  const cache = openCliCache(io, resolveCachePath(io, values.cache, { demo: true }), { create: true });
  try {
    const account = cache.ensureAccount(DEMO_HOST, DEMO_API_KEY);
    io.stderr.write(`Syncing the demo account into ${cache.file} ...\n`);
    const sync = await runSync({
      api: createDemoApi({ now, logger }),
      cache,
      accountId: account.id,
      scope: { kind: 'all' },
      signal: io.signal,
      logger,
    });
    if (sync.outcome !== 'ok') {
      io.stderr.write(`Error: the demo sync ended as ${sync.outcome}${sync.error === null ? '' : `: ${sync.error}`}\n`);
      return 1;
    }

    const cachedClients = cache.listClients(account.id);
    const clients = cachedClients
      .filter((client) => client.backupDeviceCount > 0)
      .map((client) => ({ id: client.id, name: client.name }));
    const withoutBackup = cachedClients.filter((client) => client.backupDeviceCount === 0);
    const settings: ReportSettings = { ...DEFAULT_REPORT_SETTINGS, mspName: DEMO_MSP_NAME };
    io.stdout.write(`Demo reports for ${month} in ${outDir}:\n`);
    const results = await writeClientReports({
      cache,
      accountId: account.id,
      clients,
      month,
      settings,
      formats: ['xlsx', 'pdf'],
      outDir,
      overwrite: true,
      now,
      signal: io.signal,
      onClient: (result) => io.stdout.write(`  ${resultLine(result)}\n`),
    });
    for (const client of withoutBackup) {
      io.stdout.write(`  ${client.name}: no devices with Backup & Recovery, so no report\n`);
    }
    return printBatchSummary(io, results);
  } finally {
    cache.close();
  }
}

export const command: CliCommand = {
  summary: 'Write the reports of the built-in demo account (no N-sight account needed)',
  usage: USAGE,
  run,
};
