// The settings methods: reading and changing the stored settings, choosing the MSP logo, and
// the report settings the exporters take. The logo is copied into the app's data folder, and
// the renderer receives it only as a data URL.

import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

import type { AppSettings, ParsedArgs } from '../../shared/contract.ts';
import { isValidTimeZone } from '../../shared/report/time.ts';
import type { ReportSettings } from '../../shared/report/types.ts';
import type { Logger } from '../logger.ts';
import { imageType } from '../report/pdf.ts';
import { writeAtomically } from '../report/files.ts';
import type { SettingsStore, StoredSettings } from '../settings/store.ts';
import { BridgeFailure } from './errors.ts';

/** Largest logo accepted, in bytes: plenty for a print logo, small enough for every PDF. */
export const MAX_LOGO_BYTES = 2 * 1024 * 1024;

export interface AppSettingsOptions {
  store: SettingsStore;
  /** Folder for the logo copy. */
  dataFolder: string;
  logger: Logger;
  /** Applies a new request budget to the API schedulers. */
  applyRequestBudget(budget: StoredSettings['requestBudget']): void;
}

export function reportSettingsOf(stored: StoredSettings): ReportSettings {
  return {
    mspName: stored.mspName,
    mspLogoPath: stored.logo?.path ?? null,
    sizeUnit: stored.sizeUnit,
    atRiskThresholdDays: stored.atRiskThresholdDays,
    completedWithErrorsCountsAsSuccess: stored.completedWithErrorsCountsAsSuccess,
    paperSize: stored.paperSize,
    pdfListsEverySession: stored.pdfListsEverySession,
    defaultTimeZone: stored.defaultTimeZone,
  };
}

export class AppSettingsService {
  private readonly options: AppSettingsOptions;
  private readonly logger: Logger;
  /** Data URL of the logo copy, read once per logo path. */
  private logoCache: { path: string; dataUrl: string | null } | null = null;

  constructor(options: AppSettingsOptions) {
    this.options = options;
    this.logger = options.logger.child('settings');
  }

  stored(): StoredSettings {
    return this.options.store.get();
  }

  async get(): Promise<AppSettings> {
    const { logo, window: _window, useDemoAccount: _demo, ...rest } = this.stored();
    const dataUrl = logo === null ? null : await this.logoDataUrl(logo.path);
    return { ...rest, logo: logo === null || dataUrl === null ? null : { fileName: logo.fileName, dataUrl } };
  }

  async set(args: ParsedArgs<'setSettings'>): Promise<AppSettings> {
    const patch = args.patch;
    if (patch.defaultTimeZone !== undefined && patch.defaultTimeZone !== null && !isValidTimeZone(patch.defaultTimeZone)) {
      throw new BridgeFailure('invalid-argument', `Invalid time zone "${patch.defaultTimeZone}": use an IANA zone name such as Europe/Berlin.`);
    }
    const changes: Partial<StoredSettings> = {};
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) (changes as Record<string, unknown>)[key] = value;
    }
    await this.options.store.update(changes);
    if (changes.requestBudget !== undefined) this.options.applyRequestBudget(changes.requestBudget);
    this.logger.info('Settings changed', { fields: Object.keys(changes) });
    return this.get();
  }

  /** Checks the image at `file` (chosen in main's open dialog) and keeps a copy as the logo. */
  async useLogo(file: string): Promise<AppSettings> {
    const size = (await stat(file)).size;
    if (size > MAX_LOGO_BYTES) {
      throw new BridgeFailure('invalid-file', `The logo ${basename(file)} is ${(size / 1_048_576).toFixed(1)} MB: choose an image of at most 2 MB.`);
    }
    const bytes = await readFile(file);
    const type = imageType(bytes);
    if (type === null) {
      throw new BridgeFailure('invalid-file', `${basename(file)} is not a PNG or JPEG image: choose a PNG or JPEG file for the logo.`);
    }

    const copy = join(this.options.dataFolder, `logo.${type === 'png' ? 'png' : 'jpg'}`);
    await writeAtomically(copy, (temp) => writeFile(temp, bytes, { flag: 'wx' }), { overwrite: true });
    this.logoCache = null;
    await this.options.store.update({ logo: { fileName: basename(file), path: copy } });
    this.logger.info('Logo chosen', { fileName: basename(file), bytes: size });
    return this.get();
  }

  private async logoDataUrl(path: string): Promise<string | null> {
    if (this.logoCache?.path === path) return this.logoCache.dataUrl;
    let dataUrl: string | null = null;
    try {
      const bytes = await readFile(path);
      const type = imageType(bytes);
      if (type !== null) dataUrl = `data:image/${type};base64,${bytes.toString('base64')}`;
      else this.logger.warn('Stored logo is not a PNG or JPEG image', { path });
    } catch (error) {
      this.logger.warn('Stored logo is unreadable', { path, error: (error as Error).message });
    }
    this.logoCache = { path, dataUrl };
    return dataUrl;
  }
}
