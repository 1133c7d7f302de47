// Helpers shared by the commands that use the cache: the cache path (--cache, NSIGHT_CACHE or
// the user data folder), the API key and server, the stderr logger, account choice, argument
// parsing, tables and JSON output.

import { existsSync } from 'node:fs';
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
                          folder "N-sight Backup Reports"; with --demo, demo-cache.sqlite there)`;
export const ACCOUNT_OPTIONS_HELP = `  --server <value>        Read the account of this server (territory, host or URL) when the
                          cache holds several (default: NSIGHT_SERVER, else the last synced)
  --demo                  Read the demo account from the demo cache that \`npm run demo\` fills`;

/** File name of the demo cache, kept beside the regular cache so demo data never mixes in. */
export const DEMO_CACHE_FILE_NAME = 'demo-cache.sqlite';

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

/**
 * Returns the cache file: `--cache`, else with `demo` demo-cache.sqlite beside the default
 * cache in the user data folder, else NSIGHT_CACHE, else the default in the user data folder.
 * NSIGHT_CACHE names the cache of the real account, so it does not move the demo cache.
 */
export function resolveCachePath(io: CliIo, option: string | undefined, options: { demo?: boolean | undefined } = {}): string {
  const chosen = option ?? (options.demo ? undefined : io.env['NSIGHT_CACHE']);
  if (chosen !== undefined && chosen.trim() !== '') return path.resolve(io.cwd, chosen);
  const regular = defaultCachePath(io.env, process.platform, os.homedir());
  return options.demo ? path.join(path.dirname(regular), DEMO_CACHE_FILE_NAME) : regular;
}

/** Account details a command has, used to name the exact sync command in messages. */
export interface SyncHintOptions {
  demo?: boolean | undefined;
  server?: string | undefined;
  /** The `--cache` value as given, repeated in the suggested command. */
  cache?: string | undefined;
}

/** Quotes `value` for a shell command line when it contains anything but safe characters. */
function quoteArgument(value: string): string {
  if (/^[\w@%+=:,./-]+$/.test(value)) return value;
  return `"${value.replace(/(["\\$`])/g, '\\$1')}"`;
}

/**
 * Returns the command line, in backticks, that syncs the account a read command asked for.
 * Throws a UsageError when the server given is not a valid one, so no message suggests it.
 */
export function syncCommandHint(io: CliIo, options: SyncHintOptions): string {
  const cacheArgument = options.cache === undefined ? '' : ` --cache ${quoteArgument(options.cache)}`;
  if (options.demo) {
    const demoCache = cacheArgument === '' ? '' : ` --${cacheArgument}`;
    return `\`npm run demo${demoCache}\` or \`npm run cli -- sync --demo${cacheArgument}\``;
  }
  const server = options.server ?? io.env['NSIGHT_SERVER'];
  if (server === undefined || server.trim() === '') {
    return `\`npm run cli -- sync --server SERVER${cacheArgument}\`, where SERVER is your territory (such as "United Kingdom"), host or URL. For the demo account, run \`npm run demo\``;
  }
  try {
    resolveServer(server);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  return `\`npm run cli -- sync --server ${quoteArgument(server.trim())}${cacheArgument}\``;
}

/**
 * Opens the cache for a command; reports a corrupt file moved aside on stderr. Unless `create`
 * is set (the commands that sync), a missing file is an error that names the sync command, so a
 * read command never leaves an empty cache behind.
 */
export function openCliCache(io: CliIo, file: string, options: SyncHintOptions & { create?: boolean } = {}): Cache {
  if (!options.create && !existsSync(file)) {
    const cacheKind = options.demo ? 'demo cache' : 'cache';
    throw new UsageError(`There is no ${cacheKind} at ${file} yet. To create it, run ${syncCommandHint(io, options)}.`, 1);
  }
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

/** Formats a wait in milliseconds as whole seconds ("1 second", "30 seconds"), or ms below 1 s. */
function formatWait(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  return countOf(Math.round(ms / 1_000), 'second');
}

/**
 * Returns the retry warning of the API client as one sentence, or undefined for other lines.
 * The error text arrives with the API key already removed.
 */
function describeRetry(message: string, context: LogContext | undefined): string | undefined {
  if (message !== 'Retrying request' || context === undefined) return undefined;
  const { attempt, maxAttempts, delayMs, error } = context;
  if (typeof attempt !== 'number' || typeof delayMs !== 'number' || typeof error !== 'string') return undefined;
  const of = typeof maxAttempts === 'number' ? ` of ${maxAttempts}` : '';
  const reason = /[.!?]$/.test(error) ? error : `${error}.`;
  return `Attempt ${attempt}${of} failed: ${reason} Retrying in ${formatWait(delayMs)}.`;
}

/**
 * Creates a Logger that writes warnings and errors (and with `verbose` everything) to stderr.
 * API retries become one sentence; other context is appended as JSON.
 */
export function stderrLogger(io: CliIo, verbose: boolean, scope = 'cli'): Logger {
  const write = (level: string, message: string, context?: LogContext): void => {
    const retry = describeRetry(message, context);
    if (retry !== undefined) {
      io.stderr.write(`[${level}] ${scope}: ${retry}\n`);
      return;
    }
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

/** Names an account in messages: "the demo account", or its server host. */
export function describeAccount(account: CacheAccount): string {
  return account.host === DEMO_HOST ? 'the demo account' : account.host;
}

/**
 * Picks the cached account a read command shows: the demo account with `demo`, else the
 * account of `--server` / NSIGHT_SERVER, else the one synced last.
 */
export function chooseAccount(io: CliIo, cache: Cache, options: SyncHintOptions): CacheAccount {
  const server = options.demo ? undefined : (options.server ?? io.env['NSIGHT_SERVER'])?.trim();
  let host: string | undefined;
  if (options.demo) host = DEMO_HOST;
  else if (server !== undefined && server !== '') {
    try {
      host = resolveServer(server).host;
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
  }
  const first = cache.listAccounts(host)[0];
  if (first !== undefined) return first;

  const hint = syncCommandHint(io, options);
  const demoCache = resolveCachePath(io, undefined, { demo: true });
  if (options.demo && options.cache === undefined && path.resolve(cache.file) !== demoCache) {
    // A command that opened its cache without passing `demo` to resolveCachePath.
    throw new UsageError(`The demo account is kept in ${demoCache}, but this command read ${cache.file}: add --cache ${quoteArgument(demoCache)}.`, 1);
  }
  if (options.demo) throw new UsageError(`The demo account has not been synced into ${cache.file} yet: run ${hint}.`, 1);
  if (host === undefined) throw new UsageError(`The cache ${cache.file} contains no account yet: run ${hint}.`, 1);
  const named = server === host ? host : `"${server}" (${host})`;
  throw new UsageError(`The cache ${cache.file} contains no account of the server ${named} yet: run ${hint}.`, 1);
}

export interface TableColumn {
  header: string;
  align?: 'left' | 'right';
}

/**
 * Prints rows as a plain-text table with a header line, columns padded to their widest cell,
 * or only the sentence `emptyMessage` when there are no rows.
 */
export function printTable(io: CliIo, columns: readonly TableColumn[], rows: readonly (readonly string[])[], emptyMessage: string): void {
  if (rows.length === 0) {
    io.stdout.write(`${emptyMessage}\n`);
    return;
  }
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

/** Returns the count with the noun, plural unless the count is 1: "1 request", "2 requests". */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
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
