// The PDF export: renders `reportDocument` with pdfmake on Node, with the Roboto fonts that
// pdfmake ships embedded (they cover Latin with accents, Greek and Cyrillic) and the MSP logo
// read from disk. pdfmake may read only the font files and no URL.

import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pipeline } from 'node:stream/promises';
import pdfmake from 'pdfmake';
import type { ReportModel, ReportSettings } from '../../shared/report/types.ts';
import { reportDocument } from './pdf-content.ts';

const require = createRequire(import.meta.url);

/**
 * pdfmake's own Roboto build; pdfmake uses Medium as the bold face.
 * NOTE: Roboto has no CJK, Arabic, Hebrew or Thai letters, which print as blanks.
 */
const ROBOTO = {
  normal: require.resolve('pdfmake/fonts/Roboto/Roboto-Regular.ttf'),
  bold: require.resolve('pdfmake/fonts/Roboto/Roboto-Medium.ttf'),
  italics: require.resolve('pdfmake/fonts/Roboto/Roboto-Italic.ttf'),
  bolditalics: require.resolve('pdfmake/fonts/Roboto/Roboto-MediumItalic.ttf'),
};
const FONT_FILES = new Set(Object.values(ROBOTO));

/** Raised when the MSP logo is missing, unreadable, or not a PNG or JPEG image. */
export class LogoError extends Error {
  readonly file: string;

  constructor(file: string, reason: string) {
    super(`Cannot use the MSP logo ${file}: ${reason}. Choose a PNG or JPEG image in the report settings.`);
    this.name = 'LogoError';
    this.file = file;
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

function configurePdfmake(): void {
  pdfmake.setFonts({ Roboto: ROBOTO });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => FONT_FILES.has(path));
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
