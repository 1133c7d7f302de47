// Report file names that are valid on Windows, macOS and Linux, and atomic file writes. The
// content goes to a temporary file in the target folder, is flushed to disk, then renamed into
// place, so a reader never sees half a report.

import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, open, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import sanitizeFilename from 'sanitize-filename';

/** Names Windows reserves for devices, with or without an extension (`CON`, `nul.txt`, `COM1`). */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])\s*(\.|$)/iu;

/** Bidirectional overrides and isolates, which can make a name display differently from its bytes. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/gu;

/** DEL, the one control character that sanitize-filename keeps. */
const DELETE_CHARACTER = /\u007f/gu;

/**
 * Maximum UTF-8 bytes kept of the client name. File systems allow 255 bytes per name, and the
 * rest of the name needs about 30. Windows paths also get long quickly.
 */
const MAX_CLIENT_NAME_BYTES = 100;

const FALLBACK_CLIENT_NAME = 'Unnamed client';

/** Truncates `text` to at most `maxBytes` UTF-8 bytes without splitting a grapheme. */
function truncateUtf8(text: string, maxBytes: number): string {
  const encoder = new TextEncoder();
  let result = '';
  let bytes = 0;
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) {
    const size = encoder.encode(segment).length;
    if (bytes + size > maxBytes) break;
    result += segment;
    bytes += size;
  }
  return result;
}

/** Makes a client name usable as the first part of a file name. */
function safeClientPart(clientName: string): string {
  let name = clientName.normalize('NFC').replace(BIDI_CONTROLS, '').replace(DELETE_CHARACTER, '_').replace(/\s+/gu, ' ').trim();
  // A leading dot hides the file on macOS and Linux.
  name = name.replace(/^[.\s]+/u, '');
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  // The sentinel keeps sanitize-filename from treating trailing dots ("Sp. z o.o.") as the end
  // of the file name, which they are not.
  name = sanitizeFilename(`${truncateUtf8(name, MAX_CLIENT_NAME_BYTES)}x`, { replacement: '_' }).slice(0, -1).trim();
  return name === '' ? FALLBACK_CLIENT_NAME : name;
}

/**
 * Builds `<client name> - Backup report - <YYYY-MM>.<ext>`, with characters that Windows,
 * macOS or Linux reject replaced by `_`, reserved device names avoided and the client name cut
 * to 100 UTF-8 bytes. `suffix` (for example the client id) distinguishes clients whose
 * names are the same.
 */
export function reportFileName(
  clientName: string,
  month: string,
  ext: string,
  options: { suffix?: string } = {},
): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/u.test(month)) {
    throw new Error(`Invalid month "${month}": expected YYYY-MM, for example 2026-11.`);
  }
  if (!/^[a-z0-9]{1,10}$/u.test(ext)) {
    throw new Error(`Invalid file extension "${ext}": expected letters and digits only, for example pdf.`);
  }
  let client = safeClientPart(clientName);
  if (options.suffix !== undefined && options.suffix !== '') {
    client += ` (${sanitizeFilename(options.suffix, { replacement: '_' })})`;
  }
  return `${client} - Backup report - ${month}.${ext}`;
}

/** Raised when the target file exists and overwriting was not requested. */
export class FileExistsError extends Error {
  readonly file: string;

  constructor(file: string) {
    super(`${file} already exists and was left unchanged; allow overwriting to replace it.`);
    this.name = 'FileExistsError';
    this.file = file;
  }
}

export interface AtomicWriteOptions {
  /** Replace an existing file. Without it, an existing file raises `FileExistsError`. */
  overwrite?: boolean;
  signal?: AbortSignal;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

async function fsyncPath(path: string, flags: number): Promise<void> {
  const handle = await open(path, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes the folder entry of a rename. Windows cannot open folders, so there it is skipped. */
async function fsyncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  await fsyncPath(folder, constants.O_RDONLY);
}

/** Moves `temp` to `file` without replacing an existing file. */
async function renameNoReplace(temp: string, file: string): Promise<void> {
  try {
    // link() fails with EEXIST when `file` exists, so no other writer can slip in between.
    await link(temp, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new FileExistsError(file);
    // Some file systems (FAT, exFAT, many network shares) have no hard links.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV' && code !== 'ENOSYS') {
      throw error;
    }
    if (await exists(file)) throw new FileExistsError(file);
    await rename(temp, file);
    return;
  }
  await unlink(temp);
}

/** Returns the path of a fresh temporary file next to `file`, hidden on macOS and Linux. */
export function temporaryPathFor(file: string): string {
  const stem = truncateUtf8(basename(file), 60);
  return join(dirname(file), `.${stem}.${randomBytes(6).toString('hex')}.tmp`);
}

/** A complete file written next to its target, waiting to be moved into place or discarded. */
export interface PreparedFile {
  file: string;
  temporaryPath: string;
}

/**
 * First half of an atomic write: `produce` writes the content to a temporary path next to
 * `file`, which is then flushed. On any error, including an abort, the temporary file is removed.
 */
export async function prepareFile(
  file: string,
  produce: (temporaryPath: string) => Promise<void>,
  options: AtomicWriteOptions = {},
): Promise<PreparedFile> {
  options.signal?.throwIfAborted();
  if (!(options.overwrite ?? false) && (await exists(file))) throw new FileExistsError(file);
  const temp = temporaryPathFor(file);
  try {
    await produce(temp);
    options.signal?.throwIfAborted();
    await fsyncPath(temp, constants.O_RDWR);
  } catch (error) {
    await discardFile({ file, temporaryPath: temp });
    throw namingTarget(error, file, temp);
  }
  return { file, temporaryPath: temp };
}

/** Second half of an atomic write: renames the prepared file to its target. */
export async function placeFile(prepared: PreparedFile, options: { overwrite?: boolean } = {}): Promise<void> {
  const { file, temporaryPath: temp } = prepared;
  try {
    if (options.overwrite ?? false) {
      await rename(temp, file);
    } else {
      await renameNoReplace(temp, file);
    }
  } catch (error) {
    await discardFile(prepared);
    throw namingTarget(error, file, temp);
  }
  // The file is complete and in place, so a failed folder flush only weakens crash durability.
  await fsyncFolder(dirname(file)).catch(() => {});
}

/** Removes the temporary file of a prepared file that will not be placed. */
export async function discardFile(prepared: PreparedFile): Promise<void> {
  await unlink(prepared.temporaryPath).catch(() => {});
}

/** A failed write (ENOSPC, EIO) carries no path, or the temporary one: name the report instead. */
function namingTarget(error: unknown, file: string, temp: string): unknown {
  const failure = error as NodeJS.ErrnoException;
  if (typeof failure?.code === 'string' && (failure.path === undefined || failure.path === temp)) failure.path = file;
  return error;
}

/**
 * Writes a file atomically: `produce` writes the content to the temporary path it receives,
 * then the file is flushed and renamed to `file`. On any error, including an abort, the
 * temporary file is removed and `file` is left as it was.
 */
export async function writeAtomically(
  file: string,
  produce: (temporaryPath: string) => Promise<void>,
  options: AtomicWriteOptions = {},
): Promise<void> {
  await placeFile(await prepareFile(file, produce, options), options);
}

/** Writes `data` to `file` atomically (see `writeAtomically`). */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  await writeAtomically(file, (temp) => writeFile(temp, data, { flag: 'wx' }), options);
}
