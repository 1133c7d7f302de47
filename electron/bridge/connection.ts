// The account the app works on: the saved server and key, or the demo account. It owns the API
// client and the cache account id, and remembers whether the last call reached N-sight.

import type { ConnectionStatus, ConnectionTest, Territory } from '../../shared/contract.ts';
import type { NsightApi } from '../api/client.ts';
import { NsightApiError } from '../api/errors.ts';
import { resolveServer, TERRITORIES } from '../api/servers.ts';
import type { Cache } from '../cache/cache.ts';
import { DEMO_API_KEY, DEMO_HOST } from '../demo/demo.ts';
import type { Logger } from '../logger.ts';
import type { CredentialStorage, CredentialStore } from '../settings/credentials.ts';
import { BridgeFailure } from './errors.ts';

export interface ApiFactories {
  /** Creates the client for a live account. */
  live(options: { server: string; apiKey: string; logger: Logger }): NsightApi;
  demo(options: { logger: Logger }): NsightApi;
}

export interface ActiveAccount {
  api: NsightApi;
  accountId: number;
  demo: boolean;
}

export interface ConnectionOptions {
  cache: Cache;
  credentials: CredentialStore;
  apis: ApiFactories;
  logger: Logger;
  /** Whether the demo account was in use when the app last quit. */
  startInDemo: boolean;
  /** Stores the demo choice, so the next start opens the same account. */
  rememberDemo(demo: boolean): Promise<void>;
  onChange(status: ConnectionStatus): void;
}

const NOT_CONFIGURED =
  'No N-sight account is set up yet: enter the server and API key in Connection, or try the demo account.';

const OFFLINE_KINDS = new Set(['network', 'timeout']);

function territoryOf(host: string): string | null {
  for (const [name, territoryHost] of Object.entries(TERRITORIES)) {
    if (territoryHost === host) return name;
  }
  return null;
}

/**
 * Resolves the server text to its host, or raises `invalid-server` with the resolver's message,
 * which names the value and says what a territory, host or URL looks like.
 */
export function hostOf(server: string): string {
  try {
    return resolveServer(server).host;
  } catch (error) {
    throw new BridgeFailure('invalid-server', (error as Error).message);
  }
}

export class Connection {
  private readonly options: ConnectionOptions;
  private readonly logger: Logger;
  private demo: boolean;
  private active: ActiveAccount | null = null;
  private online: boolean | null = null;

  constructor(options: ConnectionOptions) {
    this.options = options;
    this.logger = options.logger.child('connection');
    this.demo = options.startInDemo;
  }

  status(): ConnectionStatus {
    if (this.demo) {
      return {
        configured: true,
        demo: true,
        server: DEMO_HOST,
        territory: null,
        keyLastFour: null,
        storage: 'none',
        encryptionAvailable: this.options.credentials.status().encryptionAvailable,
        problem: null,
        online: true,
      };
    }
    const stored = this.options.credentials.status();
    const host = stored.server === null ? null : safeHost(stored.server);
    return {
      configured: stored.configured,
      demo: false,
      server: host,
      territory: host === null ? null : territoryOf(host),
      keyLastFour: stored.keyLastFour,
      storage: stored.storage,
      encryptionAvailable: stored.encryptionAvailable,
      problem: stored.problem,
      online: this.online,
    };
  }

  /** Returns the account in use, creating its API client on first use. */
  account(): ActiveAccount {
    if (this.active !== null) return this.active;
    const { cache, apis, credentials, logger } = this.options;

    if (this.demo) {
      const api = apis.demo({ logger });
      this.active = { api, accountId: cache.ensureAccount(DEMO_HOST, DEMO_API_KEY).id, demo: true };
      return this.active;
    }
    const stored = credentials.current();
    if (stored === null) {
      const problem = credentials.status().problem;
      throw new BridgeFailure(problem?.code ?? 'not-configured', problem?.message ?? NOT_CONFIGURED);
    }
    const api = apis.live({ server: stored.server, apiKey: stored.apiKey, logger });
    this.active = { api, accountId: cache.ensureAccount(api.host, stored.apiKey).id, demo: false };
    return this.active;
  }

  /**
   * Returns the cache account that screens and reports read. With a readable key it is the
   * account of that host and key, as for syncs. Without one (the saved key no longer decrypts,
   * or it was forgotten) it is the most recently synced account of the configured server, or of
   * any live server when none is configured. So cached data stays browsable offline, read-only,
   * because syncs still go through `account()`, which needs the key.
   */
  readAccountId(): number {
    if (this.demo || this.options.credentials.current() !== null) return this.account().accountId;
    const server = this.options.credentials.status().server;
    const host = server === null ? null : safeHost(server);
    const cached = this.options.cache
      .listAccounts(host ?? undefined)
      .find((account) => account.host !== DEMO_HOST && account.lastSyncAt !== null);
    if (cached === undefined) return this.account().accountId;
    return cached.id;
  }

  /** Runs `work` with the account's API client and records whether N-sight was reachable. */
  async withApi<T>(work: (account: ActiveAccount) => Promise<T>): Promise<T> {
    const account = this.account();
    try {
      const result = await work(account);
      this.setOnline(true);
      return result;
    } catch (error) {
      this.noteFailure(error);
      throw error;
    }
  }

  /** Records the outcome of a call made elsewhere (a sync): offline for network errors. */
  noteOutcome(errorKind: string | null): void {
    if (errorKind === null) this.setOnline(true);
    else if (OFFLINE_KINDS.has(errorKind)) this.setOnline(false);
  }

  async save(server: string, apiKey: string, keep: CredentialStorage): Promise<ConnectionStatus> {
    hostOf(server);
    await this.options.credentials.save({ server: storableServer(server), apiKey: apiKey.trim() }, keep);
    await this.switchTo(false);
    return this.status();
  }

  async forget(): Promise<ConnectionStatus> {
    await this.options.credentials.forget();
    await this.switchTo(false);
    return this.status();
  }

  async useDemo(): Promise<ConnectionStatus> {
    await this.switchTo(true);
    return this.status();
  }

  /** Calls list_clients with the given credentials, or with the account in use. */
  async test(credentials?: { server: string; apiKey: string }): Promise<ConnectionTest> {
    if (credentials === undefined) {
      return this.withApi(async ({ api }) => ({ host: api.host, clientCount: (await api.listClients()).length }));
    }
    hostOf(credentials.server);
    const api = this.options.apis.live({ server: credentials.server.trim(), apiKey: credentials.apiKey.trim(), logger: this.options.logger });
    try {
      const clients = await api.listClients();
      this.logger.info('Connection test passed', { host: api.host, clients: clients.length });
      return { host: api.host, clientCount: clients.length };
    } catch (error) {
      if (!(error instanceof NsightApiError)) throw error;
      this.logger.info('Connection test failed', { host: api.host, kind: error.kind });
      // The host was just typed in, so a failed connection more likely means a wrong address
      // than a lost network, and nothing cached stands in for it.
      if (error.kind === 'network') {
        throw new BridgeFailure('unreachable', `The server at ${api.host} could not be reached: check the address and the network, then test again.`, { cause: error });
      }
      throw error;
    }
  }

  private async switchTo(demo: boolean): Promise<void> {
    this.active = null;
    this.online = null;
    if (demo !== this.demo) {
      this.demo = demo;
      await this.options.rememberDemo(demo);
    }
    this.logger.info('Switched account', { demo });
    this.options.onChange(this.status());
  }

  private noteFailure(error: unknown): void {
    if (error instanceof NsightApiError) this.noteOutcome(error.kind);
  }

  private setOnline(online: boolean): void {
    if (this.online === online) return;
    this.online = online;
    this.options.onChange(this.status());
  }
}

/**
 * Returns the server text to store. A pasted API URL can carry `apikey=` in its query, and the
 * server is stored and logged in plain text, so a URL with a query or fragment is stored as the
 * resolved base URL without them.
 */
function storableServer(server: string): string {
  const trimmed = server.trim();
  return /[?#]/.test(trimmed) ? resolveServer(trimmed).toString() : trimmed;
}

function safeHost(server: string): string | null {
  try {
    return resolveServer(server).host;
  } catch {
    return server;
  }
}
