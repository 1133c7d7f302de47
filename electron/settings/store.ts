// The settings file: one JSON object, read once at start-up, validated field by field and
// written atomically on every change. A file that is not JSON is moved aside (never deleted)
// and the defaults apply, with a problem the app shows once.

import { readFileSync, renameSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

import { EXPORT_FORMATS, SIZE_UNITS, type AppSettings, type BridgeError } from '../../shared/contract.ts';
import { DEFAULT_REPORT_SETTINGS } from '../../shared/report/types.ts';
import type { Logger } from '../logger.ts';
import { writeAtomically } from '../report/files.ts';

export const SETTINGS_VERSION = 1;

/** Window position and size, restored at the next start. */
export interface WindowBounds {
  x: number;
  y: number;
  width: number;
  height: number;
  maximized: boolean;
}

/** File content: the app settings with the logo as a path, and the window bounds. */
export interface StoredSettings extends Omit<AppSettings, 'logo'> {
  /** A copy of the chosen logo in the app's data folder. */
  logo: { fileName: string; path: string } | null;
  window: WindowBounds | null;
  /** The demo account was in use when the app last quit. */
  useDemoAccount: boolean;
}

export const DEFAULT_SETTINGS: StoredSettings = {
  mspName: DEFAULT_REPORT_SETTINGS.mspName,
  sizeUnit: DEFAULT_REPORT_SETTINGS.sizeUnit,
  atRiskThresholdDays: DEFAULT_REPORT_SETTINGS.atRiskThresholdDays,
  completedWithErrorsCountsAsSuccess: DEFAULT_REPORT_SETTINGS.completedWithErrorsCountsAsSuccess,
  paperSize: DEFAULT_REPORT_SETTINGS.paperSize,
  pdfListsEverySession: DEFAULT_REPORT_SETTINGS.pdfListsEverySession,
  defaultTimeZone: DEFAULT_REPORT_SETTINGS.defaultTimeZone,
  logo: null,
  defaultFormats: ['xlsx', 'pdf'],
  requestBudget: { callsPerMinute: 60, concurrency: 1 },
  window: null,
  useDemoAccount: false,
};

// Each field falls back to its default on its own, so one bad value does not reset the rest.
const fileSchema = z.object({
  mspName: z.string().max(120).catch(DEFAULT_SETTINGS.mspName),
  sizeUnit: z.enum(SIZE_UNITS).catch(DEFAULT_SETTINGS.sizeUnit),
  atRiskThresholdDays: z.int().min(1).max(365).catch(DEFAULT_SETTINGS.atRiskThresholdDays),
  completedWithErrorsCountsAsSuccess: z.boolean().catch(DEFAULT_SETTINGS.completedWithErrorsCountsAsSuccess),
  paperSize: z.enum(['A4', 'Letter']).catch(DEFAULT_SETTINGS.paperSize),
  pdfListsEverySession: z.boolean().catch(DEFAULT_SETTINGS.pdfListsEverySession),
  defaultTimeZone: z.string().min(1).max(64).nullable().catch(DEFAULT_SETTINGS.defaultTimeZone),
  logo: z.object({ fileName: z.string().max(255), path: z.string().max(4096) }).nullable().catch(null),
  defaultFormats: z.array(z.enum(EXPORT_FORMATS)).min(1).max(3).catch(DEFAULT_SETTINGS.defaultFormats),
  requestBudget: z
    .object({ callsPerMinute: z.int().min(1).max(600), concurrency: z.int().min(1).max(8) })
    .catch(DEFAULT_SETTINGS.requestBudget),
  window: z
    .object({ x: z.int(), y: z.int(), width: z.int().min(200), height: z.int().min(150), maximized: z.boolean() })
    .nullable()
    .catch(null),
  useDemoAccount: z.boolean().catch(false),
});

export interface SettingsStore {
  readonly file: string;
  /** Set when the file could not be read at start-up; the defaults apply meanwhile. */
  readonly problem: BridgeError | null;
  get(): StoredSettings;
  /** Applies `patch` and writes the file; concurrent updates are written in call order. */
  update(patch: Partial<StoredSettings>): Promise<StoredSettings>;
}

interface LoadedSettings {
  settings: StoredSettings;
  problem: BridgeError | null;
}

function readSettingsFile(file: string, logger: Logger, now: () => number): LoadedSettings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { settings: { ...DEFAULT_SETTINGS }, problem: null };
    const message = `Could not read the settings file ${file}: ${(error as Error).message}. The default settings apply until it is readable.`;
    logger.error('Settings file is unreadable', { file, error: (error as Error).message });
    return { settings: { ...DEFAULT_SETTINGS }, problem: { code: 'invalid-file', message } };
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const movedTo = `${file}.invalid-${now()}`;
    renameSync(file, movedTo);
    logger.warn('Settings file is not JSON: moved it aside and applied the defaults', { file, movedTo, error: (error as Error).message });
    const message = `The settings file was not valid JSON, so it was kept as ${movedTo} and the default settings apply. Set them again in Settings.`;
    return { settings: { ...DEFAULT_SETTINGS }, problem: { code: 'invalid-file', message } };
  }

  const object = typeof json === 'object' && json !== null && !Array.isArray(json) ? json : {};
  const parsed = fileSchema.parse(object);
  return { settings: parsed, problem: null };
}

/** Opens the settings file `file` (it need not exist yet). */
export function openSettingsStore(options: { file: string; logger: Logger; now?: () => number }): SettingsStore {
  const { file } = options;
  const logger = options.logger.child('settings');
  const loaded = readSettingsFile(file, logger, options.now ?? Date.now);
  let current = loaded.settings;
  let writing: Promise<unknown> = Promise.resolve();

  async function write(settings: StoredSettings): Promise<void> {
    const text = `${JSON.stringify({ version: SETTINGS_VERSION, ...settings }, null, 2)}\n`;
    await mkdir(dirname(file), { recursive: true });
    await writeAtomically(file, (temp) => writeFile(temp, text, { flag: 'wx', mode: 0o600 }), { overwrite: true });
  }

  return {
    file,
    problem: loaded.problem,
    get: () => current,
    update(patch) {
      current = fileSchema.parse({ ...current, ...patch });
      const snapshot = current;
      const done = writing.then(() => write(snapshot));
      writing = done.catch(() => {});
      return done.then(() => snapshot);
    },
  };
}
