// The app's main process without Electron: the real bridge services and handler table over a
// real cache, settings file and credentials file in a temporary data folder. The keychain is a
// fake with real AES-GCM encryption, the save dialogs return paths in an export folder, and
// the log is a file written the way the app's logger writes it (every line redacted first).

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { EventName, EventPayloads, Result } from '../../shared/contract.ts';
import { createNsightApi } from '../../electron/api/client.ts';
import { RequestScheduler } from '../../electron/api/scheduler.ts';
import { createBridgeHandlers } from '../../electron/bridge/handlers.ts';
import { redactValue } from '../../electron/bridge/redact.ts';
import { createServices, type AppServices } from '../../electron/bridge/services.ts';
import { openCache, type Cache } from '../../electron/cache/cache.ts';
import type { LogContext, Logger, LogLevel } from '../../electron/logger.ts';
import { openCredentialStore, type SafeStorageLike } from '../../electron/settings/credentials.ts';
import { openSettingsStore } from '../../electron/settings/store.ts';
import { NOW } from './support.ts';

/** Returns a keychain stand-in that really encrypts, so the credentials file contains no readable key. */
export function fakeSafeStorage(available = true): SafeStorageLike {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => available,
    encryptString(plainText) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(encrypted) {
      const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, 12));
      decipher.setAuthTag(encrypted.subarray(12, 28));
      return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8');
    },
    getSelectedStorageBackend: () => 'gnome_libsecret',
  };
}

export interface RawLogLine {
  level: LogLevel;
  scope: string;
  message: string;
  context: LogContext | undefined;
}

/**
 * A logger that appends each line to `file` after redacting it with `secrets`, as the app's
 * electron-log hook does, and also keeps every line unredacted in `raw`.
 */
function fileLogger(file: string, secrets: () => readonly string[], raw: RawLogLine[], scope = ''): Logger {
  const write = (level: LogLevel) => (message: string, context?: LogContext) => {
    raw.push({ level, scope, message, context });
    const data = [message, ...(context === undefined ? [] : [context])].map((item) => redactValue(item, secrets()));
    appendFileSync(file, `[${NOW.toISOString()}] [${level}]${scope === '' ? '' : ` (${scope})`} ${data.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(' ')}\n`);
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (name) => fileLogger(file, secrets, raw, scope === '' ? name : `${scope}.${name}`),
  };
}

export interface AppHarness {
  dataFolder: string;
  exportFolder: string;
  logFile: string;
  cache: Cache;
  services: AppServices;
  /** Calls a bridge method as the app window (or as `sender`). */
  call(method: string, args?: unknown, sender?: string): Promise<Result<unknown>>;
  events: { event: EventName; payload: unknown }[];
  rawLog: RawLogLine[];
  close(): void;
}

/** Starts the main-process services in `root`, with live API clients made for the local server. */
export function startApp(root: string, options: { safeStorage?: SafeStorageLike; logoFile?: string | null } = {}): AppHarness {
  const dataFolder = path.join(root, 'data');
  const exportFolder = path.join(root, 'exports');
  mkdirSync(dataFolder, { recursive: true });
  mkdirSync(exportFolder, { recursive: true });
  const logFile = path.join(dataFolder, 'logs', 'main.log');
  mkdirSync(path.dirname(logFile), { recursive: true });

  const rawLog: RawLogLine[] = [];
  let secrets: () => readonly string[] = () => [];
  const logger = fileLogger(logFile, () => secrets(), rawLog);
  const cache = openCache(path.join(dataFolder, 'cache.sqlite'), { logger });
  const events: AppHarness['events'] = [];

  const services = createServices({
    cache,
    settings: openSettingsStore({ file: path.join(dataFolder, 'settings.json'), logger }),
    credentials: openCredentialStore({ file: path.join(dataFolder, 'credentials.json'), safeStorage: options.safeStorage ?? fakeSafeStorage(), logger }),
    dialogs: {
      chooseReportFile: async (defaultName) => path.join(exportFolder, defaultName),
      chooseExportFolder: async () => exportFolder,
      chooseLogoFile: async () => options.logoFile ?? null,
      revealFile: () => {},
    },
    dataFolder,
    appInfo: { version: '0.1.0', systemTimeZone: 'UTC', platform: 'linux' },
    logger,
    emit<E extends EventName>(event: E, payload: EventPayloads[E]) {
      events.push({ event, payload });
    },
    clock: () => NOW,
    apis: {
      live: (apiOptions) =>
        createNsightApi({
          ...apiOptions,
          scheduler: new RequestScheduler({ limits: { callsPerMinute: 1_000_000, concurrency: 1 } }),
          retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1_000, random: () => 0.5 },
          timeouts: { connectMs: 2_000, readMs: 2_000 },
          sleep: async () => {},
        }),
    },
  });
  secrets = services.secrets;

  const handlers = createBridgeHandlers<string>({
    services: services.methods,
    isTrustedSender: (sender) => sender === 'app-window',
    logger,
    secrets: services.secrets,
  });

  return {
    dataFolder,
    exportFolder,
    logFile,
    cache,
    services,
    call: (method, args = {}, sender = 'app-window') => handlers.handle(sender, method, args),
    events,
    rawLog,
    close: () => cache.close(),
  };
}
