import { createServer, type AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { BridgeError, EventName, EventPayloads, MethodArgs, MethodName, MethodResult, Result } from '../../shared/contract.ts';
import { schedulerFor } from '../../electron/api/scheduler.ts';
import { openCache, type Cache } from '../../electron/cache/cache.ts';
import { createBridgeHandlers } from '../../electron/bridge/handlers.ts';
import { createServices, type FileDialogs } from '../../electron/bridge/services.ts';
import { openCredentialStore, type SafeStorageLike } from '../../electron/settings/credentials.ts';
import { openSettingsStore } from '../../electron/settings/store.ts';
import { startNsightServer, TEST_API_KEY, type NsightTestServer } from '../support/nsight-server.ts';
import { makeClient } from '../cache/helpers.ts';
import { RecordingLogger } from '../support/recording-logger.ts';

/** Returns the error of a failed result, or undefined for a success. */
function errorOf(result: Result<unknown>): BridgeError | undefined {
  return result.ok ? undefined : result.error;
}

const NOW = new Date('2026-11-30T12:00:00Z');

const plainSafeStorage: SafeStorageLike = {
  isEncryptionAvailable: () => true,
  encryptString: (text) => Buffer.from(text, 'utf8').map((byte) => byte ^ 0x33),
  decryptString: (bytes) => Buffer.from(bytes.map((byte) => byte ^ 0x33)).toString('utf8'),
};

interface Setup {
  call<M extends MethodName>(method: M, args?: MethodArgs<M>): Promise<Result<MethodResult<M>>>;
  value<M extends MethodName>(method: M, args?: MethodArgs<M>): Promise<MethodResult<M>>;
  events: { event: EventName; payload: unknown }[];
  revealed: string[];
  exportFolder: string;
  logger: RecordingLogger;
  cache: Cache;
}

let folder: string;
let cache: Cache | undefined;
let server: NsightTestServer | undefined;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'services-'));
});

afterEach(async () => {
  cache?.close();
  cache = undefined;
  await server?.close();
  server = undefined;
  rmSync(folder, { recursive: true, force: true });
});

/** A keychain that no longer decrypts what it encrypted before, as after a system change. */
const changedSafeStorage: SafeStorageLike = {
  ...plainSafeStorage,
  decryptString: () => {
    throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
  },
};

interface SetUpOptions {
  logo?: string | null;
  root?: string;
  onEvent?: (event: EventName, payload: unknown) => void;
  safeStorage?: SafeStorageLike;
}

function setUp(options: SetUpOptions = {}): Setup {
  const root = options.root ?? folder;
  const logger = new RecordingLogger();
  const opened = openCache(join(root, 'cache.sqlite'), { clock: () => NOW });
  if (options.root === undefined) {
    cache?.close();
    cache = opened;
  }
  const exportFolder = join(root, 'out');
  const events: Setup['events'] = [];
  const revealed: string[] = [];
  const dialogs: FileDialogs = {
    chooseReportFile: async (defaultName) => join(exportFolder, defaultName),
    chooseExportFolder: async () => exportFolder,
    chooseLogoFile: async () => options.logo ?? null,
    revealFile: (file) => revealed.push(file),
  };
  const services = createServices({
    cache: opened,
    settings: openSettingsStore({ file: join(root, 'settings.json'), logger }),
    credentials: openCredentialStore({ file: join(root, 'credentials.json'), safeStorage: options.safeStorage ?? plainSafeStorage, logger }),
    dialogs,
    dataFolder: root,
    appInfo: { version: '0.1.0', systemTimeZone: 'UTC', platform: 'linux' },
    logger,
    clock: () => NOW,
    emit: <E extends EventName>(event: E, payload: EventPayloads[E]) => {
      events.push({ event, payload });
      options.onEvent?.(event, payload);
    },
  });
  const handlers = createBridgeHandlers<string>({ services: services.methods, isTrustedSender: () => true, logger, secrets: services.secrets });
  const call = (async (method: MethodName, args?: unknown) => handlers.handle('app', method, args)) as Setup['call'];
  const value = (async (method: MethodName, args?: unknown) => {
    const result = await handlers.handle('app', method, args);
    if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`);
    return result.value;
  }) as Setup['value'];
  // The folder dialog returns only existing folders.
  mkdirSync(exportFolder, { recursive: true });
  return { call, value, events, revealed, exportFolder, logger, cache: opened };
}

describe('bridge services', () => {
  it('reports not-configured before setup', async () => {
    const app = setUp();

    const result = await app.call('listClients', {});

    expect(result.ok).toBe(false);
    expect(errorOf(result)?.code).toBe('not-configured');
  });

  it('lists the territories', async () => {
    const app = setUp();

    const territories = await app.value('listTerritories');

    expect(territories).toHaveLength(11);
    expect(territories).toContainEqual({ name: 'United Kingdom', host: 'www.systemmonitor.co.uk' });
  });

  it('tests a connection against N-sight', async () => {
    server = await startNsightServer();
    const app = setUp();

    const test = await app.value('testConnection', { server: server.url, apiKey: TEST_API_KEY });

    expect(test).toEqual({ host: new URL(server.url).host, clientCount: 3 });
    expect(server.requests.map((request) => request.service)).toEqual(['list_clients']);
  });

  it('reports a wrong key in plain words', async () => {
    server = await startNsightServer();
    const app = setUp();

    const result = await app.call('testConnection', { server: server.url, apiKey: 'wrong-key-000000' });

    expect(result.ok).toBe(false);
    expect(errorOf(result)?.code).toBe('auth-failed');
    expect(errorOf(result)?.message).toContain('check the API key and the region');
    expect(JSON.stringify(app.logger.lines)).not.toContain('wrong-key-000000');
  });

  it('rejects an http server that is not loopback', async () => {
    const app = setUp();

    const result = await app.call('saveConnection', { server: 'http://www.systemmonitor.us', apiKey: 'abcdefgh12345678', keep: 'encrypted' });

    expect(errorOf(result)?.code).toBe('invalid-server');
    expect(errorOf(result)?.message).toContain('uses plain http: use https');
  });

  it('rejects a server that is no host', async () => {
    server = await startNsightServer();
    const app = setUp();

    const tested = await app.call('testConnection', { server: 'Atlantis was here', apiKey: TEST_API_KEY });
    const saved = await app.call('saveConnection', { server: 'Atlantis was here', apiKey: TEST_API_KEY, keep: 'encrypted' });

    expect(errorOf(tested)?.code).toBe('invalid-server');
    expect(errorOf(tested)?.message).toContain('"Atlantis was here"');
    expect(errorOf(saved)).toEqual(errorOf(tested));
    expect((await app.value('getConnectionStatus')).configured).toBe(false);
  });

  it('names a test host that does not answer', async () => {
    // A port that was free a moment ago: the connection is refused.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const app = setUp();

    const result = await app.call('testConnection', { server: `http://127.0.0.1:${port}`, apiKey: TEST_API_KEY });

    expect(errorOf(result)).toEqual({
      code: 'unreachable',
      message: `The server at 127.0.0.1:${port} could not be reached: check the address and the network, then test again.`,
    });
    expect((await app.value('getConnectionStatus')).online).toBeNull();
  });

  it('saves a connection and shows only the last four', async () => {
    server = await startNsightServer();
    const app = setUp();

    const status = await app.value('saveConnection', { server: server.url, apiKey: TEST_API_KEY, keep: 'encrypted' });

    expect(status).toMatchObject({ configured: true, demo: false, server: new URL(server.url).host, keyLastFour: 'cdef', storage: 'encrypted' });
    expect(JSON.stringify(status)).not.toContain(TEST_API_KEY);
    expect(app.events.at(-1)?.event).toBe('connectionChanged');
  });

  it('syncs a live account and lists it', async () => {
    server = await startNsightServer();
    const app = setUp();
    await app.value('saveConnection', { server: server.url, apiKey: TEST_API_KEY, keep: 'session' });

    const summary = await app.value('startSync', { scope: { kind: 'all' } });
    const clients = await app.value('listClients', {});

    expect(summary.cancelled).toBe(false);
    expect(summary.clients).toBe(3);
    expect(clients.map((client) => client.id).sort()).toEqual(['40211', '40212', '40219']);
    expect(app.events.some((entry) => entry.event === 'syncProgress')).toBe(true);
    const status = await app.value('getConnectionStatus');
    expect(status.online).toBe(true);
  });

  it('rejects a second sync while one runs', async () => {
    const app = setUp();
    await app.value('useDemoAccount');

    const first = app.call('startSync', { scope: { kind: 'clients' } });
    const second = await app.call('startSync', { scope: { kind: 'clients' } });
    await first;

    expect(errorOf(second)?.code).toBe('busy');
  });

  it('returns the app info it was given', async () => {
    const app = setUp();

    expect(await app.value('getAppInfo')).toEqual({ version: '0.1.0', systemTimeZone: 'UTC', platform: 'linux' });
  });

  it('forgets a saved connection', async () => {
    const app = setUp();
    await app.value('saveConnection', { server: 'United Kingdom', apiKey: 'abcdefgh12345678', keep: 'encrypted' });

    const status = await app.value('forgetConnection');

    expect(status).toMatchObject({ configured: false, server: null, keyLastFour: null, storage: 'none' });
    expect(existsSync(join(folder, 'credentials.json'))).toBe(false);
  });

  it('cancels a running sync', async () => {
    let app: Setup | undefined;
    let progressDuringSync: unknown = undefined;
    let cancelling: Promise<unknown> | undefined;
    app = setUp({
      onEvent: (event, payload) => {
        // Cancel as soon as the first device's sessions are in, from inside the progress event.
        if (event !== 'syncProgress' || cancelling !== undefined) return;
        if ((payload as { phase: string; done: number }).phase !== 'sessions' || (payload as { done: number }).done < 1) return;
        cancelling = app!.value('getSyncProgress').then((progress) => {
          progressDuringSync = progress;
          return app!.value('cancelSync');
        });
      },
    });
    await app.value('useDemoAccount');

    const summary = await app.value('startSync', { scope: { kind: 'all' } });

    expect(await cancelling).toEqual({ cancelled: true });
    expect(progressDuringSync).toMatchObject({ phase: 'sessions', syncId: summary.syncId });
    expect(summary.cancelled).toBe(true);
    expect(await app.value('getSyncProgress')).toBeNull();
    expect(await app.value('cancelSync')).toEqual({ cancelled: false });
  });

  // One synced demo account serves every case below; each case only reads or adds files.
  describe('with the demo account', () => {
    let app: Setup;
    let clientId: string;
    let demoFolder: string;

    beforeAll(async () => {
      demoFolder = mkdtempSync(join(tmpdir(), 'services-demo-'));
      app = setUp({ root: demoFolder });
      await app.value('useDemoAccount');
      await app.value('startSync', { scope: { kind: 'all' } });
      const clients = await app.value('listClients', {});
      clientId = clients.find((client) => client.backupDeviceCount > 0)!.id;
    });

    afterAll(() => {
      app.cache.close();
      rmSync(demoFolder, { recursive: true, force: true });
    });

    it('reports the demo connection', async () => {
      const status = await app.value('getConnectionStatus');

      expect(status).toMatchObject({ configured: true, demo: true, server: 'demo.invalid', keyLastFour: null });
    });

    it('lists clients with device counts', async () => {
      const clients = await app.value('listClients', {});

      expect(clients.length).toBeGreaterThan(1);
      for (const client of clients) {
        expect(client.backupDeviceCount, client.name).toBeLessThanOrEqual(client.deviceCount);
        expect(client.atRiskCount, client.name).toBeLessThanOrEqual(client.backupDeviceCount);
      }
      expect(clients.some((client) => client.dataAsOf !== null)).toBe(true);
    });

    it('filters clients by name', async () => {
      const all = await app.value('listClients', {});
      const name = all[0]!.name;

      const found = await app.value('listClients', { search: name.slice(0, 5).toUpperCase() });

      expect(found.map((client) => client.name)).toContain(name);
      expect(found.every((client) => client.name.toLowerCase().includes(name.slice(0, 5).toLowerCase()))).toBe(true);
    });

    it('lists sites and devices with sync state', async () => {
      const sites = await app.value('listSites', { clientId });
      const devices = await app.value('listDevices', { clientId });

      expect(sites.reduce((sum, site) => sum + site.deviceCount, 0)).toBe(devices.length);
      const synced = devices.filter((device) => device.backupEnabled);
      expect(synced.length).toBeGreaterThan(0);
      for (const device of synced) {
        expect(device.sync.state, device.name).toBe('synced');
        expect(device.sync.syncedAt).toBe(NOW.toISOString());
      }
    });

    it('pages sessions with a total', async () => {
      const first = await app.value('querySessions', { clientId, offset: 0, limit: 5, sort: { field: 'start', direction: 'desc' } });
      const second = await app.value('querySessions', { clientId, offset: 5, limit: 5, sort: { field: 'start', direction: 'desc' } });

      expect(first.total).toBeGreaterThan(10);
      expect(first.rows).toHaveLength(5);
      expect(second.rows[0]!.start <= first.rows[4]!.start).toBe(true);
      expect(first.rows[0]!.deviceName).not.toBe(first.rows[0]!.deviceId);
    });

    it('sorts sessions by error count', async () => {
      const page = await app.value('querySessions', { clientId, offset: 0, limit: 20, sort: { field: 'errorCount', direction: 'desc' } });

      const counts = page.rows.map((row) => row.errorCount);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
    });

    it('filters sessions by status', async () => {
      const facets = await app.value('getSessionFacets', { clientId });
      const status = facets.statuses[0]!;

      const page = await app.value('querySessions', { clientId, statuses: [status], offset: 0, limit: 1000 });

      expect(page.rows.every((row) => row.status === status)).toBe(true);
      expect(page.total).toBe(page.rows.length);
    });

    it('previews a report', async () => {
      const model = await app.value('previewReport', { clientId, month: '2026-10', timeZone: 'Europe/London' });

      expect(model.client.id).toBe(clientId);
      expect(model.period).toMatchObject({ month: '2026-10', timeZone: 'Europe/London', days: 31, timeZoneSource: 'chosen' });
    });

    it('names the client zone as the source', async () => {
      const clients = await app.value('listClients', {});
      const berlin = clients.find((client) => client.name === 'Bäckerei Köhler GmbH')!;

      const model = await app.value('previewReport', { clientId: berlin.id, month: '2026-10' });

      expect(model.period.timeZone).toBe('Europe/Berlin');
      expect(model.period.timeZoneSource).toBe('client');
    });

    it('rejects an unknown time zone', async () => {
      const result = await app.call('previewReport', { clientId, month: '2026-10', timeZone: 'Mars/Olympus' });

      expect(errorOf(result)?.code).toBe('invalid-argument');
    });

    it('exports one report and reveals it by id', async () => {
      const outcome = await app.value('exportReport', { clientId, month: '2026-10', formats: ['json'] });

      expect(outcome.status).toBe('written');
      if (outcome.status !== 'written') return;
      const file = outcome.files[0]!;
      expect(file.fileName).toMatch(/ - Backup report - 2026-10\.json$/);
      await app.value('revealExport', { exportId: file.exportId });
      expect(app.revealed).toHaveLength(1);
      expect(JSON.parse(readFileSync(app.revealed[0]!, 'utf8')).client.id).toBe(clientId);
    });

    it('exports several formats into a folder', async () => {
      rmSync(app.exportFolder, { recursive: true, force: true });
      mkdirSync(app.exportFolder);

      const first = await app.value('exportReport', { clientId, month: '2026-10', formats: ['json', 'pdf'] });
      const again = await app.value('exportReport', { clientId, month: '2026-10', formats: ['json', 'pdf'] });

      expect(first.status === 'written' && first.files.map((file) => file.format)).toEqual(['json', 'pdf']);
      expect(readdirSync(app.exportFolder).sort()).toEqual(first.status === 'written' ? first.files.map((file) => file.fileName).sort() : []);
      expect(again.status === 'written' && again.files).toEqual([]);
      expect(again.status === 'written' && again.failures.map((failure) => failure.error.code)).toEqual(['file-exists', 'file-exists']);
    });

    it('rejects revealing an unknown export', async () => {
      const revealedBefore = app.revealed.length;

      const result = await app.call('revealExport', { exportId: 'not-an-export' });

      expect(errorOf(result)?.code).toBe('not-found');
      expect(app.revealed).toHaveLength(revealedBefore);
    });

    it('exports every client and keeps existing files', async () => {
      const clients = (await app.value('listClients', {})).filter((client) => client.backupDeviceCount > 0);
      rmSync(app.exportFolder, { recursive: true, force: true });
      mkdirSync(app.exportFolder);

      const first = await app.value('exportReports', { month: '2026-10', formats: ['json'] });
      const second = await app.value('exportReports', { month: '2026-10', formats: ['json'] });

      expect(first.status === 'written' && first.files.length).toBe(clients.length);
      expect(first.status === 'written' && first.failures).toEqual([]);
      expect(second.status === 'written' && second.failures.map((failure) => failure.error.code)).toEqual(clients.map(() => 'file-exists'));
      const progress = app.events.filter((entry) => entry.event === 'exportProgress');
      expect(progress.at(-1)?.payload).toMatchObject({ done: clients.length, total: clients.length });
    });
  });

  describe('batch export', () => {
    it('skips a client without backup', async () => {
      const app = setUp();
      await app.value('useDemoAccount');
      await app.value('startSync', { scope: { kind: 'all' } });
      const clients = await app.value('listClients', {});
      const cafe = clients.find((client) => client.name === 'Café Lumière SARL')!;
      const withBackup = clients.filter((client) => client.backupDeviceCount > 0);
      expect(cafe.backupDeviceCount).toBe(0);

      const outcome = await app.value('exportReports', { month: '2026-10', formats: ['json'] });

      expect(outcome.status === 'written' && outcome.skipped).toEqual([
        { clientId: cafe.id, clientName: 'Café Lumière SARL', reason: 'no device has Backup & Recovery in the cache, so there is nothing to report.' },
      ]);
      expect(outcome.status === 'written' && outcome.files.map((file) => file.clientId).sort()).toEqual(withBackup.map((client) => client.id).sort());
      expect(readdirSync(app.exportFolder).some((name) => name.includes('Caf'))).toBe(false);
      const progress = app.events.filter((entry) => entry.event === 'exportProgress');
      expect(progress.at(-1)?.payload).toMatchObject({ done: withBackup.length, total: withBackup.length });
    });

    it('names clients not synced yet', async () => {
      const app = setUp();
      await app.value('useDemoAccount');
      await app.value('startSync', { scope: { kind: 'clients' } });
      const listed = await app.value('listClients', {});
      const dental = listed.find((client) => client.name === 'Harbour View Dental')!;
      await app.value('startSync', { scope: { kind: 'client', clientId: dental.id } });

      const outcome = await app.value('exportReports', { month: '2026-10', formats: ['json'] });

      expect(outcome.status === 'written' && outcome.files.map((file) => file.clientId)).toEqual([dental.id]);
      // N-sight counts no device for Café Lumière, so its devices need no sync to be known.
      const reasons = Object.fromEntries((outcome.status === 'written' ? (outcome.skipped ?? []) : []).map((skip) => [skip.clientName, skip.reason]));
      expect(Object.keys(reasons)).toEqual(listed.filter((client) => client.id !== dental.id).map((client) => client.name));
      for (const [name, reason] of Object.entries(reasons)) {
        expect(reason, name).toBe(
          name === 'Café Lumière SARL'
            ? 'no device has Backup & Recovery in the cache, so there is nothing to report.'
            : 'its devices are not synced yet: sync the client, then export it.',
        );
      }
    });

    it('cancels a batch after the first client', async () => {
      let cancel: (() => Promise<unknown>) | undefined;
      const app = setUp({ onEvent: (event) => (event === 'exportProgress' && cancel ? void cancel() : undefined) });
      await app.value('useDemoAccount');
      await app.value('startSync', { scope: { kind: 'all' } });
      cancel = () => app.call('cancelExport');

      const result = await app.call('exportReports', { month: '2026-10', formats: ['json'] });

      expect(errorOf(result)?.code).toBe('cancelled');
      expect(errorOf(result)?.message).toBe('The export was cancelled after 1 of 6 files; the files written so far are kept.');
      expect(readdirSync(app.exportFolder)).toHaveLength(1);
      expect(await app.value('cancelExport')).toEqual({ cancelled: false });
    });

    it('rejects a batch of clients without backup', async () => {
      const app = setUp();
      await app.value('useDemoAccount');
      await app.value('startSync', { scope: { kind: 'clients' } });

      const result = await app.call('exportReports', { month: '2026-10', formats: ['json'] });

      expect(errorOf(result)).toEqual({
        code: 'not-found',
        message: 'No cached client has a device with Backup & Recovery, so there is nothing to report: sync every client, then export again.',
      });
      expect(readdirSync(app.exportFolder)).toEqual([]);
    });
  });

  it('counts the listed clients in a client-list sync', async () => {
    server = await startNsightServer();
    const app = setUp();
    await app.value('saveConnection', { server: server.url, apiKey: TEST_API_KEY, keep: 'encrypted' });

    const summary = await app.value('startSync', { scope: { kind: 'clients' } });

    const listed = server.requests.filter((request) => request.service === 'list_clients');
    expect(listed).toHaveLength(1);
    // The sample list_clients body lists three clients.
    expect(summary.clients).toBe(3);
    expect(await app.value('listClients', {})).toHaveLength(3);
    expect(summary.devicesSynced).toBe(0);
  });

  describe('without a readable key', () => {
    /** Syncs the fixture account with a saved key, then stops the server: the app is offline. */
    async function syncThenGoOffline(): Promise<void> {
      server = await startNsightServer();
      const app = setUp();
      await app.value('saveConnection', { server: server.url, apiKey: TEST_API_KEY, keep: 'encrypted' });
      await app.value('startSync', { scope: { kind: 'all' } });
      await server.close();
      server = undefined;
    }

    /** Adds a second account of `host` with its own key, synced an hour after the first. */
    function addLaterAccount(host: string): void {
      const later = openCache(join(folder, 'cache.sqlite'), { clock: () => new Date(NOW.getTime() + 3_600_000) });
      const other = later.ensureAccount(host, 'another-key-0000');
      later.saveClients(other.id, [makeClient('900', 'Other account client')]);
      const run = later.startSyncRun(other.id, { kind: 'clients' });
      later.finishSyncRun(run, { outcome: 'ok', clients: 1, devicesSynced: 0, devicesSkipped: 0, devicesFailed: 0, sessionsAdded: 0, sessionsRemoved: 0, requests: 1, error: null, failures: [] });
      later.close();
    }

    it('browses the cached account offline', async () => {
      await syncThenGoOffline();
      const app = setUp({ safeStorage: changedSafeStorage });

      const status = await app.value('getConnectionStatus');
      const clients = await app.value('listClients', {});
      const clientId = clients.find((client) => client.backupDeviceCount > 0)!.id;
      const devices = await app.value('listDevices', { clientId });
      const page = await app.value('querySessions', { clientId, offset: 0, limit: 10, sort: { field: 'duration', direction: 'desc' } });
      const sync = await app.call('startSync', { scope: { kind: 'all' } });

      expect(status.problem?.code).toBe('key-unreadable');
      expect(clients.map((client) => client.id).sort()).toEqual(['40211', '40212', '40219']);
      expect(devices.length).toBeGreaterThan(0);
      expect(page.rows.length).toBeGreaterThan(0);
      expect(errorOf(sync)?.code).toBe('key-unreadable');
    });

    it('reads the latest synced account of the host', async () => {
      await syncThenGoOffline();
      const host = setUp().cache.listAccounts()[0]!.host;
      addLaterAccount(host);

      const withKey = await setUp().value('listClients', {});
      const withoutKey = await setUp({ safeStorage: changedSafeStorage }).value('listClients', {});

      expect(withKey.map((client) => client.id).sort()).toEqual(['40211', '40212', '40219']);
      expect(withoutKey.map((client) => client.name)).toEqual(['Other account client']);
    });

    it('browses after the key is forgotten', async () => {
      await syncThenGoOffline();
      const app = setUp();
      await app.value('forgetConnection');

      const clients = await app.value('listClients', {});

      expect(clients.map((client) => client.id).sort()).toEqual(['40211', '40212', '40219']);
    });

    it('reports a missing key with nothing cached', async () => {
      const app = setUp({ safeStorage: changedSafeStorage });
      await app.value('saveConnection', { server: 'United Kingdom', apiKey: 'abcdefgh12345678', keep: 'session' });
      await app.value('forgetConnection');

      const result = await app.call('listClients', {});

      expect(errorOf(result)?.code).toBe('not-configured');
    });
  });

  it('stores settings and rejects a bad zone', async () => {
    const app = setUp();

    const saved = await app.value('setSettings', { patch: { mspName: 'Contoso IT', sizeUnit: 'MB' } });
    const rejected = await app.call('setSettings', { patch: { defaultTimeZone: 'Nowhere/Else' } });

    expect(saved).toMatchObject({ mspName: 'Contoso IT', sizeUnit: 'MB', logo: null });
    expect(errorOf(rejected)?.code).toBe('invalid-argument');
  });

  it('applies the request budget setting', async () => {
    server = await startNsightServer();
    const app = setUp();
    await app.value('saveConnection', { server: server.url, apiKey: TEST_API_KEY, keep: 'session' });

    await app.value('setSettings', { patch: { requestBudget: { callsPerMinute: 30, concurrency: 2 } } });

    expect(schedulerFor(new URL(server.url).host).limits).toEqual({ callsPerMinute: 30, concurrency: 2 });
  });

  it('keeps a chosen logo as a data URL', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const logo = join(folder, 'brand.png');
    writeFileSync(logo, png);
    const app = setUp({ logo });

    const outcome = await app.value('chooseLogo');

    expect(outcome.status).toBe('chosen');
    expect(outcome.status === 'chosen' && outcome.settings.logo).toEqual({ fileName: 'brand.png', dataUrl: `data:image/png;base64,${png.toString('base64')}` });
    expect(existsSync(join(folder, 'logo.png'))).toBe(true);
  });

  it('rejects a logo that is not an image', async () => {
    const logo = join(folder, 'notes.png');
    writeFileSync(logo, 'plain text');
    const app = setUp({ logo });

    const result = await app.call('chooseLogo');

    expect(errorOf(result)?.code).toBe('invalid-file');
    expect(errorOf(result)?.message).toBe('notes.png is not a PNG or JPEG image: choose a PNG or JPEG file for the logo.');
  });
});
