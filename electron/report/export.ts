// Writes the report files of one client and month: each chosen format to
// `<client name> - Backup report - <YYYY-MM>.<ext>` in one folder, each file atomically.

import { constants } from 'node:fs';
import { access, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ReportModel, ReportSettings } from '../../shared/report/types.ts';
import { writeExcelReport } from './excel.ts';
import { discardFile, FileExistsError, placeFile, prepareFile, reportFileName, type PreparedFile } from './files.ts';
import { writeJsonReport } from './json.ts';
import { checkPdfInputs, writePdfReport } from './pdf.ts';

export type ReportFormat = 'xlsx' | 'pdf' | 'json';

export const REPORT_FORMATS: readonly ReportFormat[] = ['xlsx', 'pdf', 'json'];

/** Writes one format of a report to a file path; the path is a temporary file when exporting. */
export type ReportWriter = (model: ReportModel, settings: ReportSettings, file: string, options: { signal?: AbortSignal }) => Promise<void>;

const WRITERS: Record<ReportFormat, ReportWriter> = {
  xlsx: writeExcelReport,
  pdf: writePdfReport,
  json: writeJsonReport,
};

export interface ExportOptions {
  model: ReportModel;
  settings: ReportSettings;
  formats: readonly ReportFormat[];
  outDir: string;
  /** Replace existing files; without it no file is written when any of them exists. */
  overwrite?: boolean;
  /** Added to the file names, for example the client id when two clients share a name. */
  fileSuffix?: string;
  signal?: AbortSignal;
  /** Called after each file is in place. */
  onProgress?: (event: { format: ReportFormat; file: string }) => void;
  /** Replaces the writer of a format, for tests that inject a failure. */
  writers?: Partial<Record<ReportFormat, ReportWriter>>;
}

/** Raised when the output folder is missing, not a folder, or not writable. */
export class OutputFolderError extends Error {
  readonly folder: string;

  constructor(folder: string, reason: string) {
    super(`Cannot write reports to ${folder}: ${reason}. Choose another folder or fix its permissions.`);
    this.name = 'OutputFolderError';
    this.folder = folder;
  }
}

/** Checks that `folder` exists, is a folder and can be written. */
export async function checkOutputFolder(folder: string): Promise<void> {
  try {
    const info = await stat(folder);
    if (!info.isDirectory()) throw new OutputFolderError(folder, 'it is not a folder');
    await access(folder, constants.W_OK | constants.X_OK);
  } catch (error) {
    if (error instanceof OutputFolderError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new OutputFolderError(folder, 'the folder does not exist');
    throw new OutputFolderError(folder, `the folder is not writable (${code ?? String(error)})`);
  }
}

/** Returns the path each format of a report is written to. */
export function reportFiles(model: ReportModel, formats: readonly ReportFormat[], outDir: string, fileSuffix?: string): string[] {
  const suffix = fileSuffix === undefined ? {} : { suffix: fileSuffix };
  return formats.map((format) => join(resolve(outDir), reportFileName(model.client.name, model.period.month, format, suffix)));
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/**
 * Writes the report in each format and returns the paths written, in the order of `formats`.
 * Without `overwrite`, nothing is written when any target exists. The logo and fonts are
 * checked first; every format is then written to a temporary file, and the files are moved
 * into place only when all of them are complete. So a failure or an abort leaves the folder
 * as it was, with one exception: when moving a file into place fails, the files this call
 * added are removed again, but files it replaced stay replaced.
 */
export async function exportReports(options: ExportOptions): Promise<string[]> {
  const formats = [...new Set(options.formats)];
  if (formats.length === 0) throw new Error('No report format chosen: pick xlsx, pdf or json.');
  await checkOutputFolder(options.outDir);
  if (formats.includes('pdf')) await checkPdfInputs(options.settings);

  const files = reportFiles(options.model, formats, options.outDir, options.fileSuffix);
  const overwrite = options.overwrite ?? false;
  const existed = await Promise.all(files.map(exists));
  const firstExisting = files.find((_file, index) => existed[index]);
  if (!overwrite && firstExisting !== undefined) throw new FileExistsError(firstExisting);

  const prepared: PreparedFile[] = [];
  try {
    for (const [index, format] of formats.entries()) {
      const writer = options.writers?.[format] ?? WRITERS[format];
      const file = files[index] as string;
      prepared.push(await prepareFile(file, (temp) => writer(options.model, options.settings, temp, { signal: options.signal }), { overwrite, signal: options.signal }));
    }
  } catch (error) {
    await Promise.all(prepared.map(discardFile));
    throw error;
  }

  const placed: string[] = [];
  for (const [index, file] of prepared.entries()) {
    try {
      await placeFile(file, { overwrite });
    } catch (error) {
      await Promise.all(prepared.slice(index + 1).map(discardFile));
      const added = placed.filter((path) => !existed[files.indexOf(path)]);
      await Promise.all(added.map((path) => unlink(path).catch(() => {})));
      throw error;
    }
    placed.push(file.file);
    options.onProgress?.({ format: formats[index] as ReportFormat, file: file.file });
  }
  return placed;
}
