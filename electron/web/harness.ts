// The web harness: the real renderer and the real bridge services over HTTP, for development
// and browser tests. It keeps its cache, settings and credentials in its own data folder,
// writes exports into one folder it chooses, and never stores the API key on disk, because a
// browser tab has no keychain.

import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { AppInfo, EventName } from '../../shared/contract.ts';
import { createBridgeHandlers } from '../bridge/handlers.ts';
import { createServices, type FileDialogs } from '../bridge/services.ts';
import { openCache } from '../cache/cache.ts';
import { createDemoApi } from '../demo/demo.ts';
import { generateDemoAccount, type ScaleOptions } from '../demo/generate.ts';
import type { Logger } from '../logger.ts';
import { openCredentialStore, type SafeStorageLike } from '../settings/credentials.ts';
import { openSettingsStore } from '../settings/store.ts';
import { DEFAULT_RENDERER_DIR, PROJECT_ROOT, ensureRendererBuilt } from './build.ts';
import { isHarnessSender, startHarnessServer, type HarnessSender } from './http.ts';
import { createConsoleLogger } from './log.ts';

export interface WebHarnessOptions {
  /** 0, the default, picks a free port. */
  port?: number;
  /** Folder for the cache, settings and logo copy; a new temporary folder when absent. */
  dataDir?: string;
  /** Folder that every export is written to; `<dataDir>/exports` when absent. */
  exportDir?: string;
  /** Built renderer to serve; the project's dist/renderer when absent. */
  staticDir?: string;
  /** `if-stale` (the default) builds when sources are newer than the build. */
  build?: 'if-stale' | 'always' | 'never';
  /** A live account to start with: `server` as a territory, host or URL, and its API key. */
  account?: { server: string; apiKey: string };
  /** Starts in the demo account instead of the first-run screen. */
  demo?: boolean;
  /** Generates a large demo account of this size instead of the demo MSP. */
  demoScale?: ScaleOptions;
  clock?: () => Date;
  logger?: Logger;
}

export interface WebHarness {
  /** The page to open, with the run's token. */
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  exportDir: string;
  /** Files that "Show in folder" was asked to reveal, in order. */
  revealed: string[];
  close(): Promise<void>;
}

/** Encryption is never available in the harness, so a key is kept for the run only. */
const NO_KEYCHAIN: SafeStorageLike = {
  isEncryptionAvailable: () => false,
  encryptString: () => {
    throw new Error('The web harness has no keychain: keep the key for this session only.');
  },
  decryptString: () => {
    throw new Error('The web harness has no keychain, so it cannot read stored keys.');
  },
};

async function readAppVersion(): Promise<string> {
  const text = await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

/** Dialogs of the harness: every export goes into `exportDir`, and revealing a file records it. */
function harnessDialogs(exportDir: string, revealed: string[], logger: Logger): FileDialogs {
  return {
    chooseReportFile: async (defaultName) => path.join(exportDir, defaultName),
    chooseExportFolder: async () => exportDir,
    chooseLogoFile: async () => process.env.NSIGHT_WEB_LOGO ?? null,
    revealFile(file) {
      revealed.push(file);
      logger.info('Show in folder', { file });
    },
  };
}

/** Starts the web harness: builds the renderer if needed, opens the stores and serves both on 127.0.0.1. */
export async function startWebHarness(options: WebHarnessOptions = {}): Promise<WebHarness> {
  const logger = options.logger ?? createConsoleLogger();
  const clock = options.clock ?? (() => new Date());
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'nsight-web-')));
  const exportDir = options.exportDir ?? path.join(dataDir, 'exports');
  await mkdir(exportDir, { recursive: true });

  const staticDir = options.staticDir ?? DEFAULT_RENDERER_DIR;
  const build = options.build ?? 'if-stale';
  if (build !== 'never' && (await ensureRendererBuilt(staticDir, build === 'always'))) {
    logger.info('Built the renderer', { folder: staticDir });
  }

  const cache = openCache(path.join(dataDir, 'cache.sqlite'), { logger });
  const settings = openSettingsStore({ file: path.join(dataDir, 'settings.json'), logger });
  const credentials = openCredentialStore({ file: path.join(dataDir, 'credentials.json'), safeStorage: NO_KEYCHAIN, logger });
  const revealed: string[] = [];
  const appInfo: AppInfo = {
    version: await readAppVersion(),
    systemTimeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    platform: 'web',
  };

  const demoAccount = options.demoScale ? generateDemoAccount({ now: clock(), scale: options.demoScale }) : undefined;
  // Events go nowhere until the server is up; nothing is running before then.
  let publish: (event: EventName, payload: unknown) => void = () => {};
  const services = createServices({
    cache,
    settings,
    credentials,
    dialogs: harnessDialogs(exportDir, revealed, logger),
    dataFolder: dataDir,
    appInfo,
    logger,
    emit: (event, payload) => publish(event, payload),
    clock,
    apis: {
      demo: (apiOptions) => createDemoApi({ now: clock(), logger: apiOptions.logger, ...(demoAccount ? { account: demoAccount } : {}) }),
    },
  });

  const token = randomBytes(24).toString('base64url');
  let port = 0;
  const handlers = createBridgeHandlers<HarnessSender>({
    services: services.methods,
    isTrustedSender: (sender) => isHarnessSender(sender, token, port),
    logger,
    secrets: services.secrets,
  });
  const server = await startHarnessServer({
    handle: (sender, method, args) => handlers.handle(sender, method, args),
    staticDir,
    token,
    port: options.port ?? 0,
    logger,
  });
  port = Number(new URL(server.origin).port);
  publish = (event, payload) => server.publish(event, payload);

  if (options.account) {
    await services.methods.saveConnection({ server: options.account.server, apiKey: options.account.apiKey, keep: 'session' });
  } else if (options.demo) {
    await services.methods.useDemoAccount({});
  }

  return {
    url: server.url,
    origin: server.origin,
    token,
    dataDir,
    exportDir,
    revealed,
    async close() {
      await server.close();
      cache.close();
    },
  };
}
