// The Electron main process: thin glue. It opens the stores and the cache, wires the bridge
// services to IPC, and creates the one hardened window. Everything else lives in plain modules
// under electron/ that run and are tested under Node.

import { homedir } from 'node:os';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, safeStorage } from 'electron';

import type { AppInfo } from '../shared/contract.ts';
import { systemTimeZone } from '../shared/report/time.ts';
import { resolveServer } from './api/servers.ts';
import { createBridgeHandlers } from './bridge/handlers.ts';
import { createServices } from './bridge/services.ts';
import { CacheError, defaultCachePath, openCache, PRODUCT_NAME, type Cache } from './cache/cache.ts';
import { openCredentialStore } from './settings/credentials.ts';
import { openSettingsStore } from './settings/store.ts';
import { installCrashHandlers } from './shell/crash.ts';
import { createFileDialogs } from './shell/dialogs.ts';
import { isAppSender, registerBridge, sendEvent } from './shell/ipc.ts';
import { setUpLogging } from './shell/log.ts';
import { installMenu } from './shell/menu.ts';
import { registerAppScheme, serveRenderer } from './shell/protocol.ts';
import { installSecurityRules } from './shell/security.ts';
import { createAppWindow } from './shell/window.ts';

// Built layout: dist/electron/main.js, dist/electron/preload.cjs, dist/renderer/index.html.
const PRELOAD_FILE = join(import.meta.dirname, 'preload.cjs');
const RENDERER_FOLDER = join(import.meta.dirname, '..', 'renderer');

function platformOf(platform: NodeJS.Platform): AppInfo['platform'] {
  if (platform === 'win32' || platform === 'darwin') return platform;
  return 'linux';
}

function openCacheOrQuit(file: string, logging: ReturnType<typeof setUpLogging>): Cache | null {
  try {
    return openCache(file, { logger: logging.logger });
  } catch (error) {
    if (!(error instanceof CacheError)) throw error;
    logging.logger.error('Cache cannot be opened', { file, kind: error.kind, error: error.message });
    dialog.showErrorBox(PRODUCT_NAME, error.message);
    app.quit();
    return null;
  }
}

async function start(): Promise<void> {
  let secrets: () => readonly string[] = () => [];
  const logging = setUpLogging({ secrets: () => secrets(), debug: !app.isPackaged });
  const logger = logging.logger.child('main');
  let window: BrowserWindow | null = null;
  const appContents = () => (window === null || window.isDestroyed() ? null : window.webContents);

  installCrashHandlers({ logger: logging.logger, secrets: () => secrets(), window: () => window });
  logger.info('App started', { version: app.getVersion(), electron: process.versions.electron, platform: process.platform });

  const userData = app.getPath('userData');
  const settings = openSettingsStore({ file: join(userData, 'settings.json'), logger: logging.logger });
  const credentials = openCredentialStore({ file: join(userData, 'credentials.json'), safeStorage, logger: logging.logger });
  // The same file the command line uses, so a CLI sync and the app share one cache.
  const cacheFile = process.env['NSIGHT_CACHE'] || defaultCachePath(process.env, process.platform, homedir());
  const cache = openCacheOrQuit(cacheFile, logging);
  if (cache === null) return;

  installSecurityRules({
    logger: logging.logger.child('security'),
    // A white-label dashboard lives on the user's own API host.
    extraLinkHosts: () => {
      const server = credentials.status().server;
      if (server === null) return [];
      try {
        return [resolveServer(server).hostname];
      } catch {
        return [];
      }
    },
  });
  installMenu({ logsFolder: logging.logsFolder, logger });
  serveRenderer(RENDERER_FOLDER, logging.logger.child('protocol'));

  const services = createServices({
    cache,
    settings,
    credentials,
    dialogs: createFileDialogs(() => window, () => app.getPath('documents')),
    dataFolder: userData,
    appInfo: { version: app.getVersion(), systemTimeZone: systemTimeZone(), platform: platformOf(process.platform) },
    logger: logging.logger,
    emit: (event, payload) => sendEvent(appContents(), event, payload),
  });
  secrets = services.secrets;
  registerBridge(ipcMain, createBridgeHandlers({
    services: services.methods,
    isTrustedSender: (event) => isAppSender(event, appContents),
    logger: logging.logger,
    secrets: services.secrets,
  }));

  const openWindow = (): void => {
    window = createAppWindow({ preload: PRELOAD_FILE, settings, title: PRODUCT_NAME });
    window.on('closed', () => {
      window = null;
    });
  };
  openWindow();

  const startupProblems: string[] = [];
  if (settings.problem !== null) startupProblems.push(settings.problem.message);
  if (cache.movedAsideTo !== null) {
    startupProblems.push(`The cache file was damaged, so it was kept as ${cache.movedAsideTo} and a new cache was started. Sync again to fill it.`);
  }
  for (const message of startupProblems) {
    void dialog.showMessageBox({ type: 'warning', title: PRODUCT_NAME, message });
  }

  app.on('second-instance', () => {
    if (window === null) return openWindow();
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    cache.close();
    logger.info('App stopped');
  });
}

// The scheme must be registered before the app is ready.
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  // Another instance runs: it receives `second-instance` and shows its window.
  app.quit();
} else {
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      dialog.showErrorBox(PRODUCT_NAME, `The app could not start: ${(error as Error).message}`);
      app.quit();
    });
}
