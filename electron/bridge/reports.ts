// The report methods: preview one client's month, export it to a file the user picks, export
// every client into a folder, and reveal an exported file. Main owns every path: the renderer
// gets an opaque export id per file.

import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type {
  ExportedFile,
  ExportFailure,
  ExportFormat,
  ExportOutcome,
  ExportProgress,
  ExportSkip,
  ParsedArgs,
} from '../../shared/contract.ts';
import { buildReport, timeZoneSourceOf } from '../../shared/report/build.ts';
import { isValidTimeZone, systemTimeZone } from '../../shared/report/time.ts';
import type { ReportModel, ReportSettings } from '../../shared/report/types.ts';
import type { Cache } from '../cache/cache.ts';
import type { Logger } from '../logger.ts';
import { writeExcelReport } from '../report/excel.ts';
import { FileExistsError, reportFileName, writeAtomically } from '../report/files.ts';
import { writePdfReport } from '../report/pdf.ts';
import { devicesSynced } from './convert.ts';
import { BridgeFailure, toBridgeError } from './errors.ts';

/** The dialogs and file manager calls main makes for the reports; the web harness fakes them. */
export interface FileDialogs {
  /** Asks where to save one report file; resolves to null when the user cancels. */
  chooseReportFile(defaultName: string, format: ExportFormat): Promise<string | null>;
  /** Asks for a folder to hold several report files; null when cancelled. */
  chooseExportFolder(): Promise<string | null>;
  /** Asks for a PNG or JPEG logo; null when cancelled. */
  chooseLogoFile(): Promise<string | null>;
  /** Shows `file` selected in the system file manager. */
  revealFile(file: string): void;
}

export interface ReportServiceOptions {
  cache: Cache;
  account: () => { accountId: number };
  settings: () => ReportSettings;
  dialogs: FileDialogs;
  logger: Logger;
  clock: () => Date;
  onProgress(progress: ExportProgress): void;
}

/** Reason a batch export leaves out a client whose devices are cached. */
export const NO_BACKUP_REASON = 'no device has Backup & Recovery in the cache, so there is nothing to report.';
/** Reason a batch export leaves out a client with no cached device. */
export const NOT_SYNCED_REASON = 'its devices are not synced yet: sync the client, then export it.';

/** Export ids kept for "Show in folder"; the oldest are dropped beyond this many. */
const MAX_REMEMBERED_EXPORTS = 10_000;

/** Writes one report file atomically: a crash or an error never leaves half a file. */
export async function writeReportFile(
  model: ReportModel,
  settings: ReportSettings,
  format: ExportFormat,
  file: string,
  options: { overwrite: boolean; signal?: AbortSignal },
): Promise<void> {
  const signal = options.signal;
  await writeAtomically(
    file,
    async (temp) => {
      if (format === 'xlsx') await writeExcelReport(model, settings, temp, signal === undefined ? {} : { signal });
      else if (format === 'pdf') await writePdfReport(model, settings, temp, signal === undefined ? {} : { signal });
      else await writeFile(temp, `${JSON.stringify(model, null, 2)}\n`, { flag: 'wx' });
    },
    { overwrite: options.overwrite, ...(signal === undefined ? {} : { signal }) },
  );
}

export class ReportService {
  private readonly options: ReportServiceOptions;
  private readonly logger: Logger;
  private readonly exported = new Map<string, string>();
  private batch: AbortController | null = null;

  constructor(options: ReportServiceOptions) {
    this.options = options;
    this.logger = options.logger.child('reports');
  }

  preview(args: ParsedArgs<'previewReport'>): ReportModel {
    return this.build(args.clientId, args.month, args.timeZone, args.excludedDevices);
  }

  async exportOne(args: ParsedArgs<'exportReport'>): Promise<ExportOutcome> {
    const model = this.build(args.clientId, args.month, args.timeZone, args.excludedDevices);
    const settings = this.options.settings();
    const overwrite = args.overwrite ?? false;

    const targets: { format: ExportFormat; file: string }[] = [];
    if (args.formats.length === 1) {
      const format = args.formats[0]!;
      const file = await this.options.dialogs.chooseReportFile(reportFileName(model.client.name, model.period.month, format), format);
      if (file === null) return { status: 'cancelled' };
      // The save dialog already asked before replacing a file the user picked.
      targets.push({ format, file });
    } else {
      const folder = await this.options.dialogs.chooseExportFolder();
      if (folder === null) return { status: 'cancelled' };
      for (const format of args.formats) targets.push({ format, file: join(folder, reportFileName(model.client.name, model.period.month, format)) });
    }

    const files: ExportedFile[] = [];
    const failures: ExportFailure[] = [];
    for (const target of targets) {
      const replace = args.formats.length === 1 ? true : overwrite;
      try {
        await writeReportFile(model, settings, target.format, target.file, { overwrite: replace });
      } catch (error) {
        // An existing file skips one format; the other formats are still written.
        if (!(error instanceof FileExistsError)) throw error;
        failures.push({ clientId: args.clientId, clientName: model.client.name, error: { code: 'file-exists', message: error.message } });
        continue;
      }
      files.push(this.remember(args.clientId, target.format, target.file));
      this.logger.info('Report exported', { clientId: args.clientId, month: args.month, format: target.format });
    }
    return { status: 'written', files, failures };
  }

  async exportBatch(args: ParsedArgs<'exportReports'>): Promise<ExportOutcome> {
    if (this.batch !== null) throw new BridgeFailure('busy', 'A batch export is running: wait for it to finish, or cancel it first.');
    const { cache } = this.options;
    const { accountId } = this.options.account();
    const wanted = args.clientIds === undefined ? null : new Set(args.clientIds);
    const matching = cache.listClients(accountId).filter((client) => wanted === null || wanted.has(client.id));
    if (matching.length === 0) throw new BridgeFailure('not-found', 'No cached client matches: sync the client list, then export again.');
    // A client without Backup & Recovery would get a report with nothing in it, so it is left out.
    const clients = matching.filter((client) => client.backupDeviceCount > 0);
    const skipped: ExportSkip[] = matching
      .filter((client) => client.backupDeviceCount === 0)
      .map((client) => ({ clientId: client.id, clientName: client.name, reason: devicesSynced(client) ? NO_BACKUP_REASON : NOT_SYNCED_REASON }));
    if (clients.length === 0) {
      throw new BridgeFailure('not-found', 'No cached client has a device with Backup & Recovery, so there is nothing to report: sync every client, then export again.');
    }

    const folder = await this.options.dialogs.chooseExportFolder();
    if (folder === null) return { status: 'cancelled' };

    const controller = new AbortController();
    this.batch = controller;
    const batchId = randomUUID();
    const nameCounts = new Map<string, number>();
    for (const client of clients) nameCounts.set(client.name.toLowerCase(), (nameCounts.get(client.name.toLowerCase()) ?? 0) + 1);

    const files: ExportedFile[] = [];
    const failures: ExportFailure[] = [];
    const total = clients.length * args.formats.length;
    let done = 0;
    try {
      for (const client of clients) {
        if (controller.signal.aborted) {
          throw new BridgeFailure('cancelled', `The export was cancelled after ${files.length} of ${total} files; the files written so far are kept.`);
        }
        const doneBefore = done;
        // Clients with the same name get their id in the file name, so neither overwrites the other.
        const suffix = (nameCounts.get(client.name.toLowerCase()) ?? 0) > 1 ? { suffix: client.id } : {};
        try {
          const model = this.build(client.id, args.month, args.timeZone, undefined);
          for (const format of args.formats) {
            const file = join(folder, reportFileName(client.name, args.month, format, suffix));
            await writeReportFile(model, this.options.settings(), format, file, { overwrite: args.overwrite ?? false, signal: controller.signal });
            files.push(this.remember(client.id, format, file));
            done++;
            this.options.onProgress({ batchId, done, total, clientName: client.name, format });
          }
        } catch (error) {
          if (controller.signal.aborted) {
            throw new BridgeFailure('cancelled', `The export was cancelled after ${files.length} of ${total} files; the files written so far are kept.`);
          }
          const mapped = toBridgeError(error);
          if (mapped === null) this.logger.error('Batch export failed for a client', { clientId: client.id, error: (error as Error).message });
          failures.push({ clientId: client.id, clientName: client.name, error: mapped ?? { code: 'internal', message: `The report of ${client.name} failed; the details are in the log.` } });
          done = doneBefore + args.formats.length;
          this.options.onProgress({ batchId, done, total, clientName: client.name, format: args.formats[0]! });
        }
      }
    } finally {
      this.batch = null;
    }
    this.logger.info('Batch export finished', { month: args.month, files: files.length, failures: failures.length, skipped: skipped.length });
    return { status: 'written', files, failures, skipped };
  }

  cancelBatch(): { cancelled: boolean } {
    if (this.batch === null) return { cancelled: false };
    this.batch.abort(new DOMException('The export was cancelled.', 'AbortError'));
    return { cancelled: true };
  }

  reveal(args: ParsedArgs<'revealExport'>): null {
    const file = this.exported.get(args.exportId);
    if (file === undefined) throw new BridgeFailure('not-found', 'This exported file is no longer known to the app: export the report again.');
    this.options.dialogs.revealFile(file);
    return null;
  }

  private build(clientId: string, month: string, timeZone: string | undefined, excluded: { deviceId: string; reason: string }[] | undefined): ReportModel {
    if (timeZone !== undefined && !isValidTimeZone(timeZone)) {
      throw new BridgeFailure('invalid-argument', `Invalid time zone "${timeZone}": use an IANA zone name such as Europe/Berlin.`);
    }
    const settings = this.options.settings();
    const excludedDevices = Object.fromEntries((excluded ?? []).map((entry) => [entry.deviceId, entry.reason]));
    let input: ReturnType<Cache['getReportInput']>;
    try {
      input = this.options.cache.getReportInput(
        this.options.account().accountId,
        clientId,
        { month, timeZone: timeZone ?? null },
        { excludedDevices, defaultTimeZone: settings.defaultTimeZone },
      );
    } catch (error) {
      // The month and zone parsers raise RangeError with a message that names the value.
      if (error instanceof RangeError) throw new BridgeFailure('invalid-argument', error.message);
      throw error;
    }
    if (input === null) throw new BridgeFailure('not-found', `Client ${clientId} is not in the cache: sync the client list, then try again.`);
    const timeZoneSource = timeZoneSourceOf(timeZone, input.client.timeZone, settings.defaultTimeZone, systemTimeZone());
    return buildReport(input, settings, { now: this.options.clock(), timeZoneSource });
  }

  private remember(clientId: string, format: ExportFormat, file: string): ExportedFile {
    const exportId = randomUUID();
    this.exported.set(exportId, file);
    if (this.exported.size > MAX_REMEMBERED_EXPORTS) {
      const oldest = this.exported.keys().next().value;
      if (oldest !== undefined) this.exported.delete(oldest);
    }
    return { exportId, clientId, format, fileName: file.split(/[\\/]/).pop() ?? file };
  }
}
