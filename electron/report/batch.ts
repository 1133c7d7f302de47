// Writes the monthly reports of several clients from the cache: builds each model and exports
// it, continuing with the next client when one fails. Used by the `report` and `demo` commands.

import { buildReport, timeZoneSourceOf } from '../../shared/report/build.ts';
import { monthRange, systemTimeZone } from '../../shared/report/time.ts';
import type { ReportSettings } from '../../shared/report/types.ts';
import type { Cache } from '../cache/cache.ts';
import { exportReports, type ReportFormat } from './export.ts';
import { reportFileName } from './files.ts';

export interface BatchClient {
  id: string;
  name: string;
}

export type ClientReportResult =
  | { client: BatchClient; status: 'written'; files: string[]; timeZone: string; devices: number; backupSessions: number; devicesAtRisk: number }
  /** The month has no session of the client's devices in the cache. */
  | { client: BatchClient; status: 'no-data'; message: string }
  | { client: BatchClient; status: 'failed'; message: string; error?: unknown };

export interface BatchOptions {
  cache: Cache;
  accountId: number;
  clients: readonly BatchClient[];
  month: string;
  /** The zone chosen for every report; when absent each client's zone, then the default. */
  timeZone?: string | null;
  settings: ReportSettings;
  formats: readonly ReportFormat[];
  outDir: string;
  overwrite: boolean;
  now: Date;
  signal?: AbortSignal;
  /** Called once per client, after its files are written or its failure is known. */
  onClient?: (result: ClientReportResult) => void;
}

/**
 * Returns a file-name suffix (the client id) for each client whose file name would collide
 * with another client's, compared without case as Windows and macOS do.
 */
export function collidingNameSuffixes(clients: readonly BatchClient[], month: string): Map<string, string> {
  const byName = new Map<string, BatchClient[]>();
  for (const client of clients) {
    const key = reportFileName(client.name, month, 'pdf').toLocaleLowerCase('en-US');
    byName.set(key, [...(byName.get(key) ?? []), client]);
  }
  const suffixes = new Map<string, string>();
  for (const group of byName.values()) {
    if (group.length > 1) for (const client of group) suffixes.set(client.id, client.id);
  }
  return suffixes;
}

/** Says why a client has no report for `month`, and what to do; the caller names the client. */
export function noDataMessage(hasDevices: boolean, month: string, timeZone: string, now: Date): string {
  const { start, end } = monthRange(month, timeZone);
  if (now < start) return `No report: ${month} has not started yet in ${timeZone}. Choose a month that has started.`;
  if (!hasDevices) return 'No report: the client has no devices with Backup & Recovery in the cache. Run the sync command, or choose another client.';
  if (now < end) {
    return `No report: the client has no sessions in ${month} in the cache so far, and the month has not ended yet in ${timeZone}. Run the sync command, or choose an earlier month.`;
  }
  return `No report: the client has no sessions in ${month} in the cache. Run the sync command for this client, or choose a month with data.`;
}

async function writeOne(options: BatchOptions, client: BatchClient, suffix: string | undefined): Promise<ClientReportResult> {
  const input = options.cache.getReportInput(
    options.accountId,
    client.id,
    { month: options.month, timeZone: options.timeZone ?? null },
    { defaultTimeZone: options.settings.defaultTimeZone },
  );
  if (input === null) {
    return { client, status: 'failed', message: 'The client is not in the cache: run the sync command first.' };
  }
  if (input.sessions.length === 0) {
    return { client, status: 'no-data', message: noDataMessage(input.devices.length > 0, options.month, input.timeZone, options.now) };
  }

  const timeZoneSource = timeZoneSourceOf(options.timeZone, input.client.timeZone, options.settings.defaultTimeZone, systemTimeZone());
  const model = buildReport(input, options.settings, { now: options.now, timeZoneSource });
  const files = await exportReports({
    model,
    settings: options.settings,
    formats: options.formats,
    outDir: options.outDir,
    overwrite: options.overwrite,
    ...(suffix === undefined ? {} : { fileSuffix: suffix }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  return {
    client,
    status: 'written',
    files,
    timeZone: model.period.timeZone,
    devices: model.totals.devices,
    backupSessions: model.totals.backupSessions,
    devicesAtRisk: model.totals.devicesAtRisk,
  };
}

/** Plain words for the file-system errors a report write can meet. */
const WRITE_ERROR_TEXT: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the disk is read-only',
  EACCES: 'permission was denied',
  EPERM: 'permission was denied',
  EIO: 'the disk reported an input/output error',
};

/** Returns the message of a failed client: file-system errors in plain words with the file, others as they are. */
function failureMessage(error: unknown): string {
  const failure = error as NodeJS.ErrnoException | null;
  const reason = typeof failure?.code === 'string' ? WRITE_ERROR_TEXT[failure.code] : undefined;
  if (reason === undefined) return error instanceof Error ? error.message : String(error);
  const target = typeof failure?.path === 'string' ? ` ${failure.path}` : '';
  return `Could not write${target}: ${reason}. Choose another folder or free some space, then try again.`;
}

/** Writes the reports of each client in turn and returns one result per client, in order. */
export async function writeClientReports(options: BatchOptions): Promise<ClientReportResult[]> {
  const suffixes = collidingNameSuffixes(options.clients, options.month);
  const results: ClientReportResult[] = [];
  for (const client of options.clients) {
    options.signal?.throwIfAborted();
    let result: ClientReportResult;
    try {
      result = await writeOne(options, client, suffixes.get(client.id));
    } catch (error) {
      if (options.signal?.aborted) throw error;
      result = { client, status: 'failed', message: failureMessage(error), error };
    }
    results.push(result);
    options.onClient?.(result);
  }
  return results;
}
