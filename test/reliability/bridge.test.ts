// The bridge under attack, against the real services: arguments of the wrong type, extra
// fields, oversized strings and arrays, prototype keys, unknown methods and calls from an
// unknown sender. Every such call is rejected with a plain message. None of them changes a
// file, the cache, the server's request log or the events sent to the renderer.

import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, METHOD_NAMES, type MethodName } from '../../shared/contract.ts';
import { createBridgeHandlers } from '../../electron/bridge/handlers.ts';
import { silentLogger } from '../../electron/logger.ts';
import { isHarnessSender, startHarnessServer, type HarnessServer } from '../../electron/web/http.ts';
import { startApp, type AppHarness } from './app.ts';
import { listFiles, readTree, smallAccount, snapshotCache, startSimServer, tempFolder, type SimServer } from './support.ts';

const API_KEY = 'bridge-key-6b1f0c9d2e';

let folder: ReturnType<typeof tempFolder>;
let sim: SimServer;
let app: AppHarness;
let clientId: string;

/** Everything a call could change, except the log, which records each rejection. */
function state() {
  const account = app.cache.listAccounts()[0]!;
  const files = readTree(app.dataFolder);
  for (const name of [...files.keys()]) {
    if (name.startsWith(`logs${path.sep}`) || name.startsWith('cache.sqlite')) files.delete(name);
  }
  return {
    files,
    exports: listFiles(app.exportFolder),
    cache: snapshotCache(app.cache, account.id),
    syncRuns: app.cache.listSyncRuns(account.id, 1000).length,
    requests: sim.server.requests.length,
    events: app.events.length,
  };
}

beforeAll(async () => {
  folder = tempFolder();
  const account = smallAccount(9);
  clientId = account.clients[0]!.id;
  sim = await startSimServer(account, API_KEY);
  app = startApp(path.join(folder.dir, 'app'));
  expect((await app.call('saveConnection', { server: sim.server.url, apiKey: API_KEY, keep: 'encrypted' })).ok).toBe(true);
  expect((await app.call('setSettings', { patch: { mspName: 'Acme IT' } })).ok).toBe(true);
  expect((await app.call('startSync', { scope: { kind: 'all' } })).ok).toBe(true);
  expect((await app.call('exportReport', { clientId, month: '2026-11', timeZone: 'UTC', formats: ['pdf'] })).ok).toBe(true);
}, 60_000);

afterAll(async () => {
  app?.close();
  await sim?.server.close();
  folder?.remove();
});

/** Calls that would change something if they were let through, each valid as written. */
const HARMFUL_CALLS: [MethodName, unknown][] = [
  ['saveConnection', { server: 'https://attacker.example', apiKey: 'stolen-key-12345678', keep: 'encrypted' }],
  ['forgetConnection', {}],
  ['useDemoAccount', {}],
  ['setSettings', { patch: { mspName: 'Hacked' } }],
  ['startSync', { scope: { kind: 'all' } }],
  ['exportReports', { month: '2026-11', formats: ['xlsx'] }],
  ['exportReport', { clientId: '60000', month: '2026-11', formats: ['pdf', 'json'], overwrite: true }],
  ['chooseLogo', {}],
  ['testConnection', { server: 'https://attacker.example', apiKey: 'stolen-key-12345678' }],
];

const INVALID_CALLS: [string, MethodName, unknown][] = [
  ['number as id', 'listSites', { clientId: 60000 }],
  ['object as id', 'listDevices', { clientId: { $gt: '' } }],
  ['extra field', 'forgetConnection', { confirm: true }],
  ['extra nested field', 'setSettings', { patch: { mspName: 'X', logoPath: '/etc/passwd' } }],
  ['logo path', 'setSettings', { patch: { logo: { fileName: 'x.png', path: '/etc/shadow' } } }],
  ['output path', 'exportReport', { clientId: '60000', month: '2026-11', formats: ['pdf'], file: '/tmp/evil.pdf' }],
  ['path in time zone', 'previewReport', { clientId: '60000', month: '2026-11', timeZone: '../../../etc/passwd' }],
  ['huge server', 'saveConnection', { server: `https://${'a'.repeat(5_000_000)}.example`, apiKey: 'abcdefgh1234', keep: 'encrypted' }],
  ['huge key', 'saveConnection', { server: 'Europe', apiKey: 'k'.repeat(100_000), keep: 'encrypted' }],
  ['huge name', 'setSettings', { patch: { mspName: 'x'.repeat(1_000_000) } }],
  ['huge id list', 'querySessions', { clientId: '60000', deviceIds: Array.from({ length: 20_001 }, (_, index) => String(index)), offset: 0, limit: 10 }],
  ['huge limit', 'querySessions', { clientId: '60000', offset: 0, limit: 10_000_000 }],
  ['negative offset', 'querySessions', { clientId: '60000', offset: -1, limit: 10 }],
  ['NaN budget', 'setSettings', { patch: { requestBudget: { callsPerMinute: Number.NaN, concurrency: 1 } } }],
  ['huge budget', 'setSettings', { patch: { requestBudget: { callsPerMinute: 1e9, concurrency: 1_000 } } }],
  ['unknown scope', 'startSync', { scope: { kind: 'everything' } }],
  ['skip window', 'startSync', { scope: { kind: 'all' }, skipFreshMinutes: -5 }],
  ['unknown format', 'exportReports', { month: '2026-11', formats: ['exe'] }],
  ['month 13', 'exportReports', { month: '2026-13', formats: ['pdf'] }],
  ['array argument', 'forgetConnection', []],
  ['string argument', 'saveConnection', 'server=Europe&apiKey=abcdefgh'],
  ['null argument', 'startSync', null],
  ['prototype key', 'listSites', JSON.parse('{"clientId":"60000","__proto__":{"polluted":true}}')],
  ['constructor key', 'forgetConnection', JSON.parse('{"constructor":{"prototype":{"polluted":true}}}')],
];

describe('bridge rejects', () => {
  it.each(HARMFUL_CALLS)('%s from an unknown sender', async (method, args) => {
    const before = state();

    for (const sender of ['https://attacker.example', 'file:///tmp/page.html', '', 'devtools://devtools']) {
      const result = await app.call(method, args, sender);
      expect(result).toEqual({ ok: false, error: { code: 'forbidden-sender', message: 'This request did not come from the app window, so it was rejected.' } });
    }

    expect(state()).toEqual(before);
  });

  it.each(INVALID_CALLS)('%s', async (_label, method, args) => {
    const before = state();

    const result = await app.call(method, args);

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid-argument');
    expect(result.error.message).toMatch(new RegExp(`^Invalid argument for ${method}: `));
    expect(result.error.message.length).toBeLessThan(1_000);
    expect(state()).toEqual(before);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it.each(['runSql', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf', 'then', 'require', 'ipcRenderer', 'x'.repeat(10_000)])(
    'unknown method %s',
    async (method) => {
      const before = state();

      const result = await app.call(method, {});

      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('unknown-method');
      expect(result.error.message.length).toBeLessThan(300);
      expect(state()).toEqual(before);
    },
  );

  it('random arguments change nothing', async () => {
    const before = state();
    const invalid = fc
      .tuple(fc.constantFrom(...METHOD_NAMES), fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true }))
      .filter(([method, args]) => !contract[method].args.safeParse(args === undefined ? {} : args).success);

    await fc.assert(
      fc.asyncProperty(invalid, async ([method, args]) => {
        const result = await app.call(method, args);
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.error.code).toBe('invalid-argument');
      }),
      { seed: 424242, numRuns: 300 },
    );

    expect(state()).toEqual(before);
  });

  it('the app still works afterwards', async () => {
    const status = await app.call('getConnectionStatus');
    expect(status).toMatchObject({ ok: true, value: { configured: true, keyLastFour: API_KEY.slice(-4) } });
    const clients = await app.call('listClients', {});
    expect(clients.ok).toBe(true);
    if (clients.ok) expect(clients.value as unknown[]).toHaveLength(2);
  });
});

/** Sends one raw HTTP request to the harness, with any Host and Origin headers. */
function send(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path, headers: options.headers ?? {} }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    request.end(options.body);
  });
}

describe('web harness rejects', () => {
  const token = 'run-token-3f9a1c7e5b2d4f60';
  let harness: HarnessServer;
  let port: number;

  beforeAll(async () => {
    const staticDir = path.join(folder.dir, 'static');
    mkdirSync(staticDir, { recursive: true });
    writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(path.join(folder.dir, 'secret.txt'), 'outside the static folder');
    const handlers = createBridgeHandlers({
      services: app.services.methods,
      isTrustedSender: (sender: Parameters<typeof isHarnessSender>[0]) => isHarnessSender(sender, token, port),
      logger: silentLogger,
      secrets: app.services.secrets,
    });
    harness = await startHarnessServer({ handle: handlers.handle, staticDir, token, port: 0, logger: silentLogger });
    port = Number(new URL(harness.origin).port);
  });

  afterAll(async () => {
    await harness?.close();
  });

  const json = { 'content-type': 'application/json' };
  const cases: [string, Record<string, string>][] = [
    ['no token', { ...json }],
    ['wrong token', { ...json, 'x-nsight-token': 'run-token-0000000000000000' }],
    ['foreign Host (DNS rebinding)', { ...json, 'x-nsight-token': token, host: 'attacker.example' }],
    ['foreign Origin', { ...json, 'x-nsight-token': token, origin: 'http://attacker.example' }],
    ['other port Origin', { ...json, 'x-nsight-token': token, origin: 'http://127.0.0.1:1' }],
  ];

  it.each(cases)('%s', async (_label, headers) => {
    const before = state();

    for (const [method, args] of HARMFUL_CALLS) {
      const response = await send(port, { path: `/api/${method}`, headers, body: JSON.stringify(args) });
      expect(response.status).toBe(403);
      expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    }

    expect(state()).toEqual(before);
  });

  it('token in the page works', async () => {
    const response = await send(port, { path: '/api/getConnectionStatus', headers: { ...json, 'x-nsight-token': token }, body: '{}' });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ ok: true, value: { configured: true } });
  });

  it('oversized body is rejected', async () => {
    const before = state();
    const body = JSON.stringify({ patch: { mspName: 'x'.repeat(3 * 1024 * 1024) } });

    const response = await send(port, { path: '/api/setSettings', headers: { ...json, 'x-nsight-token': token }, body }).catch(() => ({ status: 0, body: '' }));

    expect(response.status === 400 || response.status === 0).toBe(true);
    expect(state()).toEqual(before);
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%2fsecret.txt', '/static/../../secret.txt'])('static path %s stays inside', async (target) => {
    const response = await send(port, { method: 'GET', path: target });
    expect(response.body).not.toContain('outside the static folder');
    expect(response.status).toBe(404);
  });

  it('event stream needs the token', async () => {
    const response = await send(port, { method: 'GET', path: '/events?token=wrong' });
    expect(response.status).toBe(403);
  });
});
