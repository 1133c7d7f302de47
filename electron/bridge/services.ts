// Wires the main-process modules (API client, cache, sync, report, demo account, settings and
// credentials) into the implementation of every bridge method. Electron's main process and the
// web harness both call `createServices`; nothing here imports Electron.

import type { AppInfo, EventName, EventPayloads, Territory } from '../../shared/contract.ts';
import { createNsightApi } from '../api/client.ts';
import { schedulerFor } from '../api/scheduler.ts';
import { TERRITORIES } from '../api/servers.ts';
import type { Cache } from '../cache/cache.ts';
import { createDemoApi } from '../demo/demo.ts';
import type { Logger } from '../logger.ts';
import type { CredentialStore } from '../settings/credentials.ts';
import type { SettingsStore } from '../settings/store.ts';
import { AppSettingsService, reportSettingsOf } from './app-settings.ts';
import * as browse from './browse.ts';
import { Connection, type ApiFactories } from './connection.ts';
import type { BridgeServices } from './handlers.ts';
import { ReportService, type FileDialogs } from './reports.ts';
import { SyncRunner } from './sync-runner.ts';

export type { FileDialogs } from './reports.ts';

export interface ServiceDependencies {
  cache: Cache;
  settings: SettingsStore;
  credentials: CredentialStore;
  dialogs: FileDialogs;
  /** Folder for files the app keeps (the logo copy). */
  dataFolder: string;
  appInfo: AppInfo;
  logger: Logger;
  /** Sends an event to the renderer. */
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void;
  clock?: () => Date;
  /** Replaces how API clients are made; tests point the live one at a local server. */
  apis?: Partial<ApiFactories>;
}

export interface AppServices {
  methods: BridgeServices;
  /** Secrets to redact from logs: the API key in use, when there is one. */
  secrets(): string[];
}

/** Creates the bridge services over the given modules. */
export function createServices(deps: ServiceDependencies): AppServices {
  const { cache, settings, credentials, dialogs, logger } = deps;
  const clock = deps.clock ?? (() => new Date());

  const applyRequestBudget = (budget: { callsPerMinute: number; concurrency: number }, host?: string): void => {
    const target = host ?? safeActiveHost();
    if (target !== null) schedulerFor(target).setLimits(budget);
  };

  const apis: ApiFactories = {
    live:
      deps.apis?.live ??
      ((options) => {
        const api = createNsightApi(options);
        applyRequestBudget(settings.get().requestBudget, api.host);
        return api;
      }),
    demo: deps.apis?.demo ?? ((options) => createDemoApi({ now: clock(), logger: options.logger })),
  };

  const connection = new Connection({
    cache,
    credentials,
    apis,
    logger,
    startInDemo: settings.get().useDemoAccount,
    rememberDemo: async (demo) => {
      await settings.update({ useDemoAccount: demo });
    },
    onChange: (status) => deps.emit('connectionChanged', status),
  });

  function safeActiveHost(): string | null {
    try {
      const account = connection.account();
      return account.demo ? null : account.api.host;
    } catch {
      return null;
    }
  }

  const appSettings = new AppSettingsService({ store: settings, dataFolder: deps.dataFolder, logger, applyRequestBudget: (budget) => applyRequestBudget(budget) });
  const syncRunner = new SyncRunner({
    cache,
    connection,
    logger,
    clock,
    concurrency: () => settings.get().requestBudget.concurrency,
    onProgress: (progress) => deps.emit('syncProgress', progress),
  });
  const reports = new ReportService({
    cache,
    account: () => ({ accountId: connection.readAccountId() }),
    settings: () => reportSettingsOf(settings.get()),
    dialogs,
    logger,
    clock,
    onProgress: (progress) => deps.emit('exportProgress', progress),
  });

  const browseContext = (): browse.BrowseContext => {
    const stored = settings.get();
    return {
      cache,
      accountId: connection.readAccountId(),
      atRiskThresholdDays: stored.atRiskThresholdDays,
      completedWithErrorsCountsAsSuccess: stored.completedWithErrorsCountsAsSuccess,
      now: clock(),
    };
  };

  const territories: Territory[] = Object.entries(TERRITORIES).map(([name, host]) => ({ name, host }));

  const methods: BridgeServices = {
    getAppInfo: async () => deps.appInfo,
    listTerritories: async () => territories,
    getConnectionStatus: async () => connection.status(),
    saveConnection: (args) => connection.save(args.server, args.apiKey, args.keep),
    testConnection: (args) =>
      connection.test(args.server !== undefined && args.apiKey !== undefined ? { server: args.server, apiKey: args.apiKey } : undefined),
    forgetConnection: () => connection.forget(),
    useDemoAccount: () => connection.useDemo(),

    listClients: async (args) => browse.listClients(browseContext(), args),
    listSites: async (args) => browse.listSites(browseContext(), args),
    listDevices: async (args) => browse.listDevices(browseContext(), args),

    startSync: (args) => syncRunner.start(args),
    cancelSync: async () => syncRunner.cancel(),
    getSyncProgress: async () => syncRunner.progress(),

    querySessions: async (args) => browse.querySessions(browseContext(), args),
    getSessionFacets: async (args) => browse.getSessionFacets(browseContext(), args),

    previewReport: async (args) => reports.preview(args),
    exportReport: (args) => reports.exportOne(args),
    exportReports: (args) => reports.exportBatch(args),
    cancelExport: async () => reports.cancelBatch(),
    revealExport: async (args) => reports.reveal(args),

    getSettings: () => appSettings.get(),
    setSettings: (args) => appSettings.set(args),
    chooseLogo: async () => {
      const file = await dialogs.chooseLogoFile();
      if (file === null) return { status: 'cancelled' };
      return { status: 'chosen', settings: await appSettings.useLogo(file) };
    },
  };

  return {
    methods,
    secrets: () => {
      const key = credentials.current()?.apiKey;
      return key === undefined ? [] : [key];
    },
  };
}
