import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCache } from '../../electron/cache/cache.ts';
import { runCli } from '../../electron/cli/run.ts';
import { tempFolder } from '../cache/helpers.ts';
import { API_KEY, backupDeviceIds, captureIo, startDemoServer, type DemoServer } from '../sync/support.ts';

let folder: ReturnType<typeof tempFolder>;
let demo: DemoServer;
let cacheFile: string;

beforeEach(async () => {
  folder = tempFolder();
  demo = await startDemoServer({ scale: { clients: 2, devicesPerClient: 3, days: 20 } });
  cacheFile = path.join(folder.dir, 'cache.sqlite');
});
afterEach(async () => {
  await demo.server.close();
  folder.remove();
});

function env(extra: Record<string, string> = {}): Record<string, string> {
  return { NSIGHT_API_KEY: API_KEY, NSIGHT_SERVER: demo.server.url, NSIGHT_CACHE: cacheFile, ...extra };
}

describe('sync command', () => {
  it('syncs and prints a summary', async () => {
    const run = captureIo(env());
    const code = await runCli(['sync', '--max-rate', '6000'], run.io);
    expect(code).toBe(0);
    expect(run.stdout()).toMatch(/^Sync finished: 2 clients, 6 devices with Backup & Recovery \(6 synced, 0 skipped as fresh, 0 failed\)/);
    expect(run.stderr()).toContain('Fetching sessions 6/6');
    expect(run.stderr()).not.toContain(API_KEY);

    const cache = openCache(cacheFile);
    expect(cache.listAccounts()[0]?.host).toBe(new URL(demo.server.url).host);
    cache.close();
  });

  it('draws a bar on a terminal', async () => {
    const run = captureIo(env());
    Object.assign(run.io.stderr, { isTTY: true, columns: 120 });
    expect(await runCli(['sync', '--max-rate', '6000'], run.io)).toBe(0);
    expect(run.stderr()).toContain('\r\x1b[2K[########################] Fetching sessions 6/6');
    expect(run.stderr()).not.toMatch(/\n/);
  });

  it('exits 3 and names failed devices', async () => {
    const failing = backupDeviceIds(demo.account)[0]!;
    const name = demo.account.devices.find((device) => device.id === failing)!.name;
    demo.failingDevices.add(failing);
    const run = captureIo(env());
    expect(await runCli(['sync', '--max-rate', '6000'], run.io)).toBe(3);
    expect(run.stdout()).toContain('finished with failures');
    expect(run.stdout()).toContain(`${name} (${failing})`);
    expect(run.stdout()).toContain('Invalid value for parameter: deviceid');
  });

  it('exits 1 on a wrong key', async () => {
    const keyFile = path.join(folder.dir, 'key.txt');
    writeFileSync(keyFile, 'wrong-key\n');
    const run = captureIo(env({ NSIGHT_API_KEY: '' }));
    expect(await runCli(['sync', '--api-key-file', keyFile], run.io)).toBe(1);
    expect(run.stdout()).toContain('check the API key and the region');
  });

  it('exits 1 without a key', async () => {
    const run = captureIo(env({ NSIGHT_API_KEY: '' }));
    expect(await runCli(['sync'], run.io)).toBe(1);
    expect(run.stderr()).toContain('No API key');
  });

  it('rejects --client with --device', async () => {
    const run = captureIo(env());
    expect(await runCli(['sync', '--client', 'A', '--device', '1'], run.io)).toBe(2);
    expect(run.stderr()).toContain('Choose one of --all, --client and --device');
  });

  it('prints JSON with --json', async () => {
    const run = captureIo(env());
    expect(await runCli(['sync', '--json', '--max-rate', '6000', '--concurrency', '2'], run.io)).toBe(0);
    const result = JSON.parse(run.stdout()) as { outcome: string; devicesSynced: number; requests: number };
    expect(result.outcome).toBe('ok');
    expect(result.devicesSynced).toBe(6);
    expect(result.requests).toBe(11);
  });

  it('counts one of each in the singular', async () => {
    const deviceId = backupDeviceIds(demo.account)[0]!;
    const run = captureIo(env());
    expect(await runCli(['sync', '--device', deviceId, '--max-rate', '6000'], run.io)).toBe(0);
    expect(run.stdout()).toMatch(/, 1 device with Backup & Recovery \(1 synced, 0 skipped as fresh, 0 failed\), \d+ sessions? added, 0 no longer listed, \d+ requests? in /);
    expect(run.stdout()).not.toMatch(/\b1 (device|request|session)s\b/);
  });

  it('syncs the demo account into the demo cache', async () => {
    const dataHome = path.dirname(cacheFile);
    const run = captureIo({ NSIGHT_CACHE: cacheFile, XDG_DATA_HOME: dataHome });
    expect(await runCli(['sync', '--demo', '--json'], run.io)).toBe(0);
    const result = JSON.parse(run.stdout()) as { outcome: string; clients: number };
    expect(result.outcome).toBe('ok');
    expect(result.clients).toBe(7);
    expect(existsSync(cacheFile)).toBe(false);
    const cache = openCache(path.join(dataHome, 'N-sight Backup Reports', 'demo-cache.sqlite'));
    expect(cache.listAccounts().map((account) => account.host)).toEqual(['demo.invalid']);
    cache.close();
  });

  it('syncs the demo account into --cache', async () => {
    const run = captureIo({});
    expect(await runCli(['sync', '--demo', '--json', '--cache', cacheFile], run.io)).toBe(0);
    const cache = openCache(cacheFile);
    expect(cache.listAccounts().map((account) => account.host)).toEqual(['demo.invalid']);
    cache.close();
  });
});
