// Helpers shared by the commands that use the cache: the cache path (--cache, NSIGHT_CACHE or
// the user data folder), the API key and server, the stderr logger, account choice, argument
// parsing, tables and JSON output.

import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolveServer } from '../api/servers.ts';
import { CacheError, defaultCachePath, openCache, type Cache, type CacheAccount } from '../cache/cache.ts';
import { DEMO_HOST } from '../demo/demo.ts';
import type { LogContext, Logger } from '../logger.ts';
import { UsageError, type CliIo } from './io.ts';

/** Help lines of the options `cacheOptions` and `accountOptions` add. */
export const CACHE_OPTIONS_HELP = `  --cache <file>          Cache file (default: NSIGHT_CACHE, else cache.sqlite in the user data
                          folder "N-sight Backup Reports")`;
export const ACCOUNT_OPTIONS_HELP = `  --server <value>        Read the account of this server (territory, host or URL) when the
                          cache holds several (default: NSIGHT_SERVER, else the last synced)
  --demo                  Read the demo account`;

export const cacheOptions = { cache: { type: 'string' } } as const;
export const accountOptions = { server: { type: 'string' }, demo: { type: 'boolean', default: false } } as const;

/** Parses arguments with `node:util` parseArgs; a parse error becomes a UsageError with the usage text. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: false, strict: true });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
  }
}

/** Returns the cache file: `--cache`, else NSIGHT_CACHE, else the default in the user data folder. */
export function resolveCachePath(io: CliIo, option: string | undefined): string {
  const chosen = option ?? io.env['NSIGHT_CACHE'];
  if (chosen !== undefined && chosen.trim() !== '') return path.resolve(io.cwd, chosen);
  return defaultCachePath(io.env, process.platform, os.homedir());
}

/** Opens the cache for a command; reports a corrupt file moved aside on stderr. */
export function openCliCache(io: CliIo, file: string): Cache {
  let cache: Cache;
  try {
    cache = openCache(file);
  } catch (error) {
    if (error instanceof CacheError) throw new UsageError(error.message, 1);
    throw error;
  }
  if (cache.movedAsideTo !== null) {
    io.stderr.write(`Warning: the cache file ${file} was corrupt. It was moved to ${cache.movedAsideTo} and a new, empty cache was started.\n`);
  }
  return cache;
}

/** Reads the API key from `--api-key-file` or NSIGHT_API_KEY; never from an option value. */
export async function readApiKey(io: CliIo, keyFile: string | undefined): Promise<string> {
  if (keyFile !== undefined) {
    const file = path.resolve(io.cwd, keyFile);
    let content: string;
    try {
      content = await readFile(file, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
      throw new UsageError(`Cannot read the API key file ${file} (${reason}). Check the path given to --api-key-file.`);
    }
    const key = content.trim();
    if (key === '') throw new UsageError(`The API key file ${file} is empty. Paste the key from the N-sight dashboard into it.`);
    return key;
  }
  const key = io.env['NSIGHT_API_KEY']?.trim() ?? '';
  if (key === '') throw new UsageError('No API key: set the NSIGHT_API_KEY environment variable or pass --api-key-file FILE.');
  return key;
}

/** Returns the server from `--server` or NSIGHT_SERVER, or throws a UsageError naming both. */
export function requireServer(io: CliIo, option: string | undefined): string {
  const server = option ?? io.env['NSIGHT_SERVER'];
  if (server === undefined || server.trim() === '') {
    throw new UsageError('Name the server with --server (a territory such as "United Kingdom", a host or a URL) or set NSIGHT_SERVER.');
  }
  return server;
}

/** Creates a Logger that writes warnings and errors (and with `verbose` everything) to stderr. */
export function stderrLogger(io: CliIo, verbose: boolean, scope = 'cli'): Logger {
  const write = (level: string, message: string, context?: LogContext): void => {
    const details = context === undefined ? '' : ` ${JSON.stringify(context)}`;
    io.stderr.write(`[${level}] ${scope}: ${message}${details}\n`);
  };
  return {
    debug: (message, context) => (verbose ? write('debug', message, context) : undefined),
    info: (message, context) => (verbose ? write('info', message, context) : undefined),
    warn: (message, context) => write('warn', message, context),
    error: (message, context) => write('error', message, context),
    child: (child) => stderrLogger(io, verbose, child),
  };
}

/**
 * Picks the cached account a read command shows: the demo account with `demo`, else the
 * account of `--server` / NSIGHT_SERVER, else the one synced last.
 */
export function chooseAccount(io: CliIo, cache: Cache, options: { server?: string | undefined; demo?: boolean | undefined }): CacheAccount {
  let host: string | undefined;
  if (options.demo) host = DEMO_HOST;
  else {
    const server = options.server ?? io.env['NSIGHT_SERVER'];
    if (server !== undefined && server.trim() !== '') {
      try {
        host = resolveServer(server).host;
      } catch (error) {
        throw new UsageError(error instanceof Error ? error.message : String(error));
      }
    }
  }
  const accounts = cache.listAccounts(host);
  const first = accounts[0];
  if (first === undefined) {
    const which = host === undefined ? 'no account' : `no account of ${host}`;
    throw new UsageError(`The cache ${cache.file} contains ${which} yet: run the sync command first.`, 1);
  }
  return first;
}

export interface TableColumn {
  header: string;
  align?: 'left' | 'right';
}

/** Prints rows as a plain-text table with a header line, columns padded to their widest cell. */
export function printTable(io: CliIo, columns: readonly TableColumn[], rows: readonly (readonly string[])[]): void {
  const widths = columns.map((column, index) => Math.max(column.header.length, ...rows.map((row) => (row[index] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    columns
      .map((column, index) => {
        const cell = cells[index] ?? '';
        const width = widths[index] ?? 0;
        return column.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  io.stdout.write(`${line(columns.map((column) => column.header))}\n`);
  for (const row of rows) io.stdout.write(`${line(row)}\n`);
}

/** Prints `value` as indented JSON (Dates become ISO-8601 strings). */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Formats an instant as `YYYY-MM-DD HH:MM UTC`, or `-` for none. */
export function formatUtc(date: Date | null | undefined): string {
  if (!date) return '-';
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Formats a byte count in MB (1,048,576 bytes) or GB (1,073,741,824 bytes) with two decimals. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
  return `${(bytes / 1024 ** 2).toFixed(2)} MB`;
}

/** Parses a whole number option of at least `min`, or throws a UsageError naming the option. */
export function parseWholeNumber(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min) {
    throw new UsageError(`--${name} must be a whole number of at least ${min}, not "${value}".`);
  }
  return number;
}
