// The PDF export: renders `reportDocument` with pdfmake on Node, with the fonts of `fonts.ts`
// embedded and the MSP logo read from disk. pdfmake reads the fonts from its virtual file
// system, and may read no URL and no local file but the font files.

import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import pdfmake from 'pdfmake';
import type { ReportModel, ReportSettings } from '../../shared/report/types.ts';
import { embeddedFonts, fontFilePaths, loadFontBytes, type FontFileSystem } from './fonts.ts';
import { reportDocument } from './pdf-content.ts';

/** Raised when the MSP logo is missing, unreadable, or not a PNG or JPEG image. */
export class LogoError extends Error {
  readonly file: string;
  /** Reason the logo cannot be used, such as "the file is not a PNG or JPEG image". */
  readonly reason: string;

  constructor(file: string, reason: string) {
    super(`Cannot use the MSP logo ${file}: ${reason}. Choose a PNG or JPEG image in the report settings.`);
    this.name = 'LogoError';
    this.file = file;
    this.reason = reason;
  }
}

/** Returns the image type from the file's first bytes, or null when it is neither PNG nor JPEG. */
export function imageType(bytes: Uint8Array): 'png' | 'jpeg' | null {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.every((value, index) => bytes[index] === value)) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return null;
}

/** Reads the logo file as a data URL, checking that it is a PNG or JPEG image. */
export async function readLogo(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LogoError(file, code === 'ENOENT' ? 'the file was not found' : `the file could not be read (${code ?? String(error)})`);
  }
  const type = imageType(bytes);
  if (type === null) throw new LogoError(file, 'the file is not a PNG or JPEG image');
  return `data:image/${type};base64,${bytes.toString('base64')}`;
}

/**
 * Checks what the PDF export reads besides the model, the logo and the font files, so that a
 * bad logo fails before any file of the report is written.
 */
export async function checkPdfInputs(settings: ReportSettings): Promise<void> {
  if (settings.mspLogoPath !== null) await readLogo(settings.mspLogoPath);
  loadFontBytes();
}

function configurePdfmake(): void {
  // pdfmake's types lack its virtual file system, which its Node build has.
  pdfmake.setFonts(embeddedFonts((pdfmake as unknown as { virtualfs: FontFileSystem }).virtualfs));
  pdfmake.setUrlAccessPolicy(() => false);
  const fontFiles = fontFilePaths();
  pdfmake.setLocalAccessPolicy((path) => fontFiles.has(path));
}

/** Renders the PDF report of `model` into a Buffer. */
export async function renderPdfReport(model: ReportModel, settings: ReportSettings): Promise<Buffer> {
  const logo = settings.mspLogoPath === null ? null : await readLogo(settings.mspLogoPath);
  configurePdfmake();
  const document = pdfmake.createPdf(reportDocument(model, settings, logo));
  return document.getBuffer();
}

/** Writes the PDF report of `model` to `file` (not atomically: see `exportReports`). */
export async function writePdfReport(
  model: ReportModel,
  settings: ReportSettings,
  file: string,
  options: { signal?: AbortSignal } = {},
): Promise<void> {
  const logo = settings.mspLogoPath === null ? null : await readLogo(settings.mspLogoPath);
  options.signal?.throwIfAborted();
  configurePdfmake();
  const stream = (await pdfmake.createPdf(reportDocument(model, settings, logo)).getStream()) as unknown as NodeJS.ReadableStream & {
    end(): void;
  };
  const done = pipeline(stream, createWriteStream(file, { flags: 'wx' }), { signal: options.signal });
  // pdfkit writes the document into its stream when it is ended.
  stream.end();
  await done;
}
