// The helpers every cache command shares: empty tables, plurals, readable retry warnings and the
// demo cache path.

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNsightApi } from '../../electron/api/client.ts';
import { RequestScheduler } from '../../electron/api/scheduler.ts';
import { openCache } from '../../electron/cache/cache.ts';
import { runCli } from '../../electron/cli/run.ts';
import { chooseAccount, countOf, resolveCachePath, stderrLogger } from '../../electron/cli/shared-options.ts';
import { makeClient, makeDevice, tempFolder } from '../cache/helpers.ts';
import { captureIo } from '../sync/support.ts';
import { startNsightServer, TEST_API_KEY } from '../support/nsight-server.ts';

let folder: ReturnType<typeof tempFolder>;
let cacheFile: string;
let emptyAccountFile: string;

beforeAll(() => {
  folder = tempFolder();
  cacheFile = path.join(folder.dir, 'cache.sqlite');
  const cache = openCache(cacheFile);
  const accountId = cache.ensureAccount('rmm.example.test', 'key-1').id;
  cache.saveClients(accountId, [makeClient('10', 'Empty Client'), makeClient('11', 'Busy Client')]);
  cache.saveDevices(accountId, '11', 'server', [makeDevice('500', '11')]);
  cache.close();

  emptyAccountFile = path.join(folder.dir, 'no-clients.sqlite');
  const empty = openCache(emptyAccountFile);
  empty.ensureAccount('rmm.example.test', 'key-1');
  empty.close();
});
afterAll(() => folder.remove());

async function read(file: string, args: string[]): Promise<{ code: number; stdout: string }> {
  const run = captureIo({ NSIGHT_CACHE: file });
  const code = await runCli(args, run.io);
  return { code, stdout: run.stdout() };
}

describe('empty tables', () => {
  it('devices of a client without any', async () => {
    expect(await read(cacheFile, ['devices', '--client', 'Empty Client'])).toEqual({ code: 0, stdout: 'No devices cached for Empty Client.\n' });
  });

  it('sessions of a device without any', async () => {
    expect(await read(cacheFile, ['sessions', '--device', '500'])).toEqual({ code: 0, stdout: 'No sessions cached for device 500.\n' });
    expect(await read(cacheFile, ['sessions', '--device', '500', '--from', '2026-11-01'])).toEqual({
      code: 0,
      stdout: 'No sessions cached for device 500 from 2026-11-01.\n',
    });
  });

  it('clients of an account without any', async () => {
    expect(await read(emptyAccountFile, ['clients'])).toEqual({
      code: 0,
      stdout: 'No clients cached for rmm.example.test (add --removed to include clients N-sight no longer lists).\n',
    });
    const status = await read(emptyAccountFile, ['status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('\nNo clients cached for rmm.example.test.\n');
  });
});

describe('countOf', () => {
  it('uses the singular for one', () => {
    expect(countOf(1, 'request')).toBe('1 request');
    expect(countOf(0, 'request')).toBe('0 requests');
    expect(countOf(2, 'request')).toBe('2 requests');
  });
});

describe('resolveCachePath', () => {
  const env = { XDG_DATA_HOME: '/data', NSIGHT_CACHE: '/elsewhere/cache.sqlite' };
  const io = captureIo(env).io;

  it('puts the demo cache beside the default cache', () => {
    expect(resolveCachePath(io, undefined, { demo: true })).toBe('/data/N-sight Backup Reports/demo-cache.sqlite');
    expect(resolveCachePath(io, undefined)).toBe('/elsewhere/cache.sqlite');
  });

  it('prefers --cache over the demo cache', () => {
    expect(resolveCachePath(io, '/chosen.sqlite', { demo: true })).toBe('/chosen.sqlite');
  });
});

describe('chooseAccount', () => {
  it('names the demo cache to a command that read another', () => {
    const io = captureIo({ XDG_DATA_HOME: folder.dir }).io;
    const cache = openCache(cacheFile);
    try {
      const demoCache = path.join(folder.dir, 'N-sight Backup Reports', 'demo-cache.sqlite');
      expect(() => chooseAccount(io, cache, { demo: true })).toThrow(
        `The demo account is kept in ${demoCache}, but this command read ${cacheFile}: add --cache "${demoCache}".`,
      );
    } finally {
      cache.close();
    }
  });
});

describe('retry warning', () => {
  it('reads as one sentence without the key', async () => {
    const server = await startNsightServer();
    try {
      server.setFault({ kind: 'server-error', times: 1 });
      const run = captureIo({});
      const waits: number[] = [];
      const api = createNsightApi({
        server: server.url,
        apiKey: TEST_API_KEY,
        scheduler: new RequestScheduler({ limits: { callsPerMinute: 1_000_000, concurrency: 1 } }),
        logger: stderrLogger(run.io, false),
        retry: { random: () => 0 },
        sleep: async (ms) => {
          waits.push(ms);
        },
      });
      await api.listClients();
      const host = new URL(server.url).host;
      expect(waits).toEqual([500]);
      expect(run.stderr()).toBe(
        `[warn] api: Attempt 1 of 4 failed: ${host} failed with HTTP 500 on list_clients. The N-sight server has a problem: try again later. Retrying in 500 ms.\n`,
      );
      expect(run.stderr()).not.toContain('{');
      expect(run.stderr()).not.toContain(TEST_API_KEY);
    } finally {
      await server.close();
    }
  });

  it('counts seconds in words', () => {
    const run = captureIo({});
    stderrLogger(run.io, false).warn('Retrying request', { attempt: 2, maxAttempts: 4, delayMs: 1_000, error: 'list_sites on rmm.example.test timed out.' });
    expect(run.stderr()).toBe('[warn] cli: Attempt 2 of 4 failed: list_sites on rmm.example.test timed out. Retrying in 1 second.\n');
  });
});
