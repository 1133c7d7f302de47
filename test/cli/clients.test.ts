// The read commands against a cache filled by a sync, with the server stopped and no API key.

import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCache } from '../../electron/cache/cache.ts';
import { runCli } from '../../electron/cli/run.ts';
import type { SimAccount } from '../../electron/demo/account.ts';
import { runSync } from '../../electron/sync/sync.ts';
import { tempFolder } from '../cache/helpers.ts';
import { API_KEY, NOW, backupDeviceIds, captureIo, startDemoServer, testApi } from '../sync/support.ts';

let folder: ReturnType<typeof tempFolder>;
let cacheFile: string;
let account: SimAccount;

beforeAll(async () => {
  folder = tempFolder();
  cacheFile = path.join(folder.dir, 'cache.sqlite');
  const demo = await startDemoServer({ scale: { clients: 2, devicesPerClient: 3, days: 20 } });
  account = demo.account;
  const cache = openCache(cacheFile, { clock: () => NOW });
  const accountId = cache.ensureAccount(new URL(demo.server.url).host, API_KEY).id;
  expect((await runSync({ api: testApi(demo.server), cache, accountId, clock: () => NOW })).outcome).toBe('ok');
  cache.close();
  await demo.server.close();
});
afterAll(() => folder.remove());

async function read(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = captureIo({ NSIGHT_CACHE: cacheFile });
  const code = await runCli(args, run.io);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

describe('clients command', () => {
  it('prints a table offline', async () => {
    const { code, stdout } = await read(['clients']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+Name\s+Time zone\s+Devices\s+Backup\s+Failed\s+Data as of$/);
    expect(lines).toHaveLength(1 + account.clients.length);
    for (const client of account.clients) expect(stdout).toContain(client.name);
    expect(stdout).toContain('2026-12-01 08:00 UTC');
  });

  it('prints JSON', async () => {
    const { stdout } = await read(['clients', '--json']);
    const clients = JSON.parse(stdout) as { id: string; backupDeviceCount: number; dataAsOf: string }[];
    expect(clients.map((client) => client.id).sort()).toEqual(account.clients.map((client) => client.id).sort());
    expect(clients.every((client) => client.dataAsOf === '2026-12-01T08:00:00.000Z')).toBe(true);
  });

  it('rejects a cache from a newer version', async () => {
    const file = path.join(folder.dir, 'newer.sqlite');
    openCache(file).close();
    const db = new DatabaseSync(file);
    db.exec('PRAGMA user_version = 999');
    db.close();
    const run = captureIo({ NSIGHT_CACHE: file });
    expect(await runCli(['clients'], run.io)).toBe(1);
    expect(run.stderr()).toContain('was written by a newer version of N-sight Backup Reports');
  });

  it('warns about a corrupt cache', async () => {
    const file = path.join(folder.dir, 'corrupt.sqlite');
    writeFileSync(file, 'not a database '.repeat(100));
    const run = captureIo({ NSIGHT_CACHE: file });
    expect(await runCli(['clients'], run.io)).toBe(1);
    expect(run.stderr()).toContain(`Warning: the cache file ${file} was corrupt. It was moved to ${file}.corrupt-`);
    expect(run.stderr()).toContain(`Error: The cache ${file} contains no account yet: run \`npm run cli -- sync --server SERVER\``);
  });

  it('reports a missing cache without creating it', async () => {
    const file = path.join(folder.dir, 'missing.sqlite');
    const run = captureIo({ NSIGHT_CACHE: file });
    expect(await runCli(['clients'], run.io)).toBe(1);
    expect(run.stderr()).toBe(
      `Error: There is no cache at ${file} yet. To create it, run \`npm run cli -- sync --server SERVER\`, ` +
        'where SERVER is your territory (such as "United Kingdom"), host or URL. For the demo account, run `npm run demo`.\n',
    );
    expect(existsSync(file)).toBe(false);
  });

  it('checks the server before suggesting it', async () => {
    const file = path.join(folder.dir, 'missing.sqlite');
    const run = captureIo({ NSIGHT_CACHE: file });
    expect(await runCli(['status', '--server', 'Atlantis'], run.io)).toBe(2);
    expect(run.stderr()).toContain('"Atlantis" is not an N-sight territory');
    expect(existsSync(file)).toBe(false);
  });

  it('names the server and its sync command', async () => {
    const file = path.join(folder.dir, 'empty.sqlite');
    openCache(file).close();
    const run = captureIo({ NSIGHT_CACHE: file });
    expect(await runCli(['clients', '--server', 'united kingdom'], run.io)).toBe(1);
    expect(run.stderr()).toBe(
      `Error: The cache ${file} contains no account of the server "united kingdom" (www.systemmonitor.co.uk) yet: ` +
        'run `npm run cli -- sync --server "united kingdom"`.\n',
    );
  });

  it('names the demo sync commands', async () => {
    const file = path.join(folder.dir, 'empty.sqlite');
    openCache(file).close();
    const run = captureIo({});
    expect(await runCli(['clients', '--demo', '--cache', file], run.io)).toBe(1);
    expect(run.stderr()).toBe(
      `Error: The demo account has not been synced into ${file} yet: ` +
        `run \`npm run demo -- --cache ${file}\` or \`npm run cli -- sync --demo --cache ${file}\`.\n`,
    );
    expect(run.stderr()).not.toContain('demo.invalid');
  });

  it('rejects a misspelt territory', async () => {
    const { code, stderr } = await read(['clients', '--server', 'United Kingdon']);
    expect(code).toBe(2);
    expect(stderr).toContain('Did you mean "United Kingdom"?');
  });
});

describe('devices command', () => {
  it('lists devices of a client by name', async () => {
    const client = account.clients[0]!;
    const { code, stdout } = await read(['devices', '--client', client.name]);
    expect(code).toBe(0);
    const expected = account.devices.filter((device) => device.clientId === client.id);
    expect(stdout.trimEnd().split('\n')).toHaveLength(1 + expected.length);
    for (const device of expected) expect(stdout).toContain(device.id);
  });

  it('prints sessions counts as JSON', async () => {
    const client = account.clients[1]!;
    const { stdout } = await read(['devices', '--client', client.id, '--json']);
    const devices = JSON.parse(stdout) as { id: string; sessionCount: number }[];
    for (const device of devices) {
      expect(device.sessionCount, `device ${device.id}`).toBe(account.sessions.get(device.id)?.length ?? 0);
    }
  });

  it('rejects an unknown client', async () => {
    const { code, stderr } = await read(['devices', '--client', 'Nobody']);
    expect(code).toBe(1);
    expect(stderr).toContain('No client "Nobody"');
  });
});

describe('sessions command', () => {
  it('filters by UTC dates', async () => {
    const deviceId = backupDeviceIds(account)[0]!;
    const { code, stdout } = await read(['sessions', '--device', deviceId, '--from', '2026-11-25', '--to', '2026-11-26', '--json']);
    expect(code).toBe(0);
    const expected = (account.sessions.get(deviceId) ?? [])
      .filter((session) => session.start >= new Date('2026-11-25T00:00:00Z') && session.start < new Date('2026-11-27T00:00:00Z'))
      .map((session) => session.id)
      .reverse();
    expect(expected.length).toBeGreaterThan(0);
    expect((JSON.parse(stdout) as { id: string }[]).map((session) => session.id)).toEqual(expected);
  });

  it('prints a table', async () => {
    const deviceId = backupDeviceIds(account)[0]!;
    const { stdout } = await read(['sessions', '--device', deviceId, '--limit', '3']);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Start\s+End\s+Plugin\s+Type\s+Status\s+Selection\s+Transferred\s+Errors\s+ID$/);
    expect(lines).toHaveLength(4);
  });

  it('rejects an invalid date', async () => {
    const { code, stderr } = await read(['sessions', '--device', '1', '--from', 'yesterday']);
    expect(code).toBe(2);
    expect(stderr).toContain('--from "yesterday" is not a date');
  });
});

describe('status command', () => {
  it('shows data as of per client', async () => {
    const { code, stdout } = await read(['status', '--json']);
    expect(code).toBe(0);
    const status = JSON.parse(stdout) as { lastRun: { outcome: string }; clients: { dataAsOf: string }[] };
    expect(status.lastRun.outcome).toBe('ok');
    expect(status.clients).toHaveLength(account.clients.length);
    expect(status.clients.every((client) => client.dataAsOf === '2026-12-01T08:00:00.000Z')).toBe(true);
  });

  it('prints text', async () => {
    const { stdout } = await read(['status']);
    expect(stdout).toContain(`Cache: ${cacheFile}`);
    expect(stdout).toContain('Last sync: ');
    expect(stdout).toContain('ok, 6 devices synced, 0 failed');
  });
});
