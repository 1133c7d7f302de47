// `report`: writes the monthly backup report of one or more clients from the cache (no network)
// as Excel, PDF and/or JSON files. Exit code 0 when every report was written, 3 when some
// were written and other clients failed or had no data, 1 when no report was written, 2 for
// invalid arguments.

import path from 'node:path';
import { isValidTimeZone, parseMonth } from '../../../shared/report/time.ts';
import { DEFAULT_REPORT_SETTINGS, type ReportSettings, type SizeUnit } from '../../../shared/report/types.ts';
import type { Cache, CacheAccount } from '../../cache/cache.ts';
import { writeClientReports, type BatchClient, type ClientReportResult } from '../../report/batch.ts';
import { checkOutputFolder, REPORT_FORMATS, type ReportFormat } from '../../report/export.ts';
import { FileExistsError } from '../../report/files.ts';
import { LogoError, readLogo } from '../../report/pdf.ts';
import { UsageError, type CliCommand, type CliIo } from '../io.ts';
import {
  ACCOUNT_OPTIONS_HELP,
  accountOptions,
  CACHE_OPTIONS_HELP,
  cacheOptions,
  chooseAccount,
  openCliCache,
  parseCommandArgs,
  resolveCachePath,
} from '../shared-options.ts';

const USAGE = `Usage: npm run cli -- report --month YYYY-MM (--client ID|NAME ... | --all) [options]

Writes the monthly backup report of each client from the cache; it does not contact N-sight.
Files are named "<client name> - Backup report - <YYYY-MM>.<ext>".

Options:
  --month <YYYY-MM>       Month of the report (required)
  --client <id|name>      Report on this client; repeat for several
  --all                   Report on every client that has devices with Backup & Recovery
  --format <list>         Comma-separated formats: xlsx, pdf, json (default: xlsx,pdf)
  --out <folder>          Folder for the files (default: the current folder)
  --tz <zone>             IANA time zone of the reports, such as Europe/Berlin (default: each
                          client's zone, else NSIGHT_TIME_ZONE, else the computer's)
  --unit <MB|GB|auto>     Size unit (default: GB)
  --msp-name <name>       MSP name printed on the reports (default: NSIGHT_MSP_NAME)
  --logo <file>           PNG or JPEG logo printed on the PDF's first page
  --paper <A4|Letter>     PDF paper size (default: A4)
  --list-sessions         End the PDF with every session of the month
  --overwrite             Replace existing report files (default: keep them and fail)
${CACHE_OPTIONS_HELP}
${ACCOUNT_OPTIONS_HELP}

Exit codes: 0 every report written; 1 no report written (the clients failed or had no data,
or nothing could run); 2 invalid arguments; 3 some reports written, other clients failed or
had no data.
`;

const OPTIONS = {
  ...cacheOptions,
  ...accountOptions,
  month: { type: 'string' },
  client: { type: 'string', multiple: true },
  all: { type: 'boolean', default: false },
  format: { type: 'string' },
  out: { type: 'string' },
  tz: { type: 'string' },
  unit: { type: 'string' },
  'msp-name': { type: 'string' },
  logo: { type: 'string' },
  paper: { type: 'string' },
  'list-sessions': { type: 'boolean', default: false },
  overwrite: { type: 'boolean', default: false },
} as const;

/** Parses `--format xlsx,pdf` into formats, rejecting unknown ones. */
export function parseFormats(value: string | undefined): ReportFormat[] {
  if (value === undefined) return ['xlsx', 'pdf'];
  const formats = value
    .split(',')
    .map((format) => format.trim().toLowerCase())
    .filter((format) => format !== '');
  const known: readonly string[] = REPORT_FORMATS;
  const unknown = formats.filter((format) => !known.includes(format));
  if (unknown.length > 0 || formats.length === 0) {
    throw new UsageError(`Invalid --format "${value}": use a comma-separated list of xlsx, pdf and json.`);
  }
  return [...new Set(formats)] as ReportFormat[];
}

function parseUnit(value: string | undefined): SizeUnit {
  if (value === undefined) return DEFAULT_REPORT_SETTINGS.sizeUnit;
  const unit = value.trim();
  if (unit === 'MB' || unit === 'GB') return unit;
  if (unit.toLowerCase() === 'auto') return 'auto';
  throw new UsageError(`Invalid --unit "${value}": use MB, GB or auto.`);
}

function parsePaper(value: string | undefined): ReportSettings['paperSize'] {
  if (value === undefined) return DEFAULT_REPORT_SETTINGS.paperSize;
  if (value.toLowerCase() === 'a4') return 'A4';
  if (value.toLowerCase() === 'letter') return 'Letter';
  throw new UsageError(`Invalid --paper "${value}": use A4 or Letter.`);
}

function parseZone(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isValidTimeZone(value)) {
    throw new UsageError(`Invalid time zone "${value}" for --tz: use an IANA zone name such as Europe/Berlin or America/New_York.`);
  }
  return value;
}

/** Checks the --logo file before any report is written; `given` is the value as typed. */
async function checkLogo(given: string, file: string): Promise<void> {
  try {
    await readLogo(file);
  } catch (error) {
    if (!(error instanceof LogoError)) throw error;
    // The reasons read "the file was not found", "the file is not a PNG or JPEG image", ...
    throw new UsageError(`--logo ${given} ${error.reason.replace(/^the file /, '')}: choose a PNG or JPEG file.`);
  }
}

/** Resolves each --client value (id or exact name, without case) to one cached client. */
function resolveClients(cache: Cache, account: CacheAccount, values: readonly string[]): BatchClient[] {
  const clients: BatchClient[] = [];
  for (const value of values) {
    const found = cache.findClients(account.id, value);
    if (found.length === 0) {
      throw new UsageError(`Unknown client "${value}" in the cache ${cache.file}: run the clients command to list ids and names.`, 1);
    }
    if (found.length > 1) {
      const ids = found.map((client) => client.id).join(', ');
      throw new UsageError(`Several clients are named "${value}" (ids ${ids}): pass the id instead.`);
    }
    const client = found[0] as BatchClient;
    if (!clients.some((known) => known.id === client.id)) clients.push({ id: client.id, name: client.name });
  }
  return clients;
}

/** Returns one line about a client's result, such as `Acme Ltd: 12 devices (1 at risk), ...`. */
export function resultLine(result: ClientReportResult): string {
  if (result.status === 'no-data') return `${result.client.name}: no data for this month`;
  if (result.status === 'failed') return `${result.client.name}: failed`;
  const risk = result.devicesAtRisk === 0 ? 'none at risk' : `${result.devicesAtRisk} at risk`;
  return `${result.client.name}: ${result.devices} devices (${risk}), ${result.backupSessions} backup sessions, ${result.timeZone}`;
}

function counted(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Prints the written paths and the failures; returns the exit code. */
export function printBatchSummary(io: CliIo, results: readonly ClientReportResult[]): number {
  const written = results.filter((result) => result.status === 'written');
  const files = written.flatMap((result) => result.files);
  const clients = counted(results.length, 'client', 'clients');
  if (files.length === 0) {
    io.stdout.write(`Wrote no files for ${clients}.\n`);
  } else {
    io.stdout.write(`Wrote ${counted(files.length, 'file', 'files')} for ${written.length} of ${clients}:\n`);
    for (const file of files) io.stdout.write(`  ${file}\n`);
  }

  const problems = results.filter((result) => result.status !== 'written');
  for (const result of problems) io.stderr.write(`Error: ${result.client.name} (${result.client.id}): ${result.message}\n`);
  if (problems.some((result) => result.status === 'failed' && result.error instanceof FileExistsError)) {
    io.stderr.write('Pass --overwrite to replace existing report files.\n');
  }
  if (problems.length === 0) return 0;
  return written.length === 0 ? 1 : 3;
}

async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, OPTIONS, USAGE);
  if (values.month === undefined) throw new UsageError(`Missing --month YYYY-MM.\n\n${USAGE}`);
  try {
    parseMonth(values.month);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const clientValues = values.client ?? [];
  if (values.all === (clientValues.length > 0)) throw new UsageError('Choose either --all or one or more --client values.');
  const formats = parseFormats(values.format);
  const timeZone = parseZone(values.tz);
  const envZone = io.env['NSIGHT_TIME_ZONE'];
  const settings: ReportSettings = {
    ...DEFAULT_REPORT_SETTINGS,
    mspName: values['msp-name'] ?? io.env['NSIGHT_MSP_NAME'] ?? '',
    mspLogoPath: values.logo === undefined ? null : path.resolve(io.cwd, values.logo),
    sizeUnit: parseUnit(values.unit),
    paperSize: parsePaper(values.paper),
    pdfListsEverySession: values['list-sessions'] ?? false,
    defaultTimeZone: envZone !== undefined && isValidTimeZone(envZone) ? envZone : null,
  };
  if (settings.mspLogoPath !== null) await checkLogo(values.logo ?? '', settings.mspLogoPath);
  const outDir = path.resolve(io.cwd, values.out ?? '.');
  try {
    await checkOutputFolder(outDir);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), 1);
  }

  const cache = openCliCache(io, resolveCachePath(io, values.cache, values), values);
  try {
    const account = chooseAccount(io, cache, values);
    const clients = values.all
      ? cache
          .listClients(account.id)
          .filter((client) => client.backupDeviceCount > 0)
          .map((client) => ({ id: client.id, name: client.name }))
      : resolveClients(cache, account, clientValues);
    if (clients.length === 0) {
      throw new UsageError(`No client in the cache ${cache.file} has devices with Backup & Recovery: run the sync command first.`, 1);
    }

    let done = 0;
    const results = await writeClientReports({
      cache,
      accountId: account.id,
      clients,
      month: values.month,
      timeZone: timeZone ?? null,
      settings,
      formats,
      outDir,
      overwrite: values.overwrite ?? false,
      now: new Date(),
      signal: io.signal,
      onClient: (result) => {
        done += 1;
        io.stderr.write(`[${done}/${clients.length}] ${resultLine(result)}\n`);
      },
    });
    return printBatchSummary(io, results);
  } finally {
    cache.close();
  }
}

export const command: CliCommand = {
  summary: 'Write monthly backup reports (Excel, PDF, JSON) from the cache',
  usage: USAGE,
  run,
};
