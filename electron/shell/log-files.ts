// Rotation of the log file: when it reaches its size limit, `main.log` becomes `main.1.log`,
// `main.1.log` becomes `main.2.log`, and the oldest beyond the limit is deleted. Nothing here
// imports Electron.

import { renameSync, rmSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

/** The log file's size limit in bytes before it is rotated. */
export const LOG_FILE_MAX_BYTES = 2 * 1024 * 1024;
/** Rotated files kept next to the current one. */
export const LOG_FILES_KEPT = 5;

export function rotatedLogPath(file: string, index: number): string {
  const extension = extname(file);
  return join(dirname(file), `${basename(file, extension)}.${index}${extension}`);
}

/** Shifts the rotated files by one and moves `file` to index 1, keeping `kept` of them. */
export function rotateLogFile(file: string, kept: number = LOG_FILES_KEPT): void {
  rmSync(rotatedLogPath(file, kept), { force: true });
  for (let index = kept - 1; index >= 1; index -= 1) {
    try {
      renameSync(rotatedLogPath(file, index), rotatedLogPath(file, index + 1));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  renameSync(file, rotatedLogPath(file, 1));
}
