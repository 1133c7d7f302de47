// A sync process killed with SIGKILL part-way: the cache must open, hold every device either
// untouched or whole, and the next sync must complete.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCache } from '../../electron/cache/cache.ts';
import { runSync } from '../../electron/sync/sync.ts';
import { tempFolder } from '../cache/helpers.ts';
import { API_KEY, backupDeviceIds, startDemoServer, testApi, type DemoServer } from './support.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const NODE = path.join(ROOT, 'node_modules', '.bin', 'node');

let folder: ReturnType<typeof tempFolder>;
let demo: DemoServer;

beforeEach(async () => {
  folder = tempFolder();
  demo = await startDemoServer({ latencyMs: 40 });
});
afterEach(async () => {
  await demo.server.close();
  folder.remove();
});

/** Starts `sync` in a child process and kills it with SIGKILL once `devices` devices are done. */
function syncAndKill(cacheFile: string, devices: number): Promise<{ signal: NodeJS.Signals | null; output: string }> {
  const child = spawn(NODE, [path.join(ROOT, 'electron/cli/main.ts'), 'sync', '--max-rate', '100000'], {
    cwd: ROOT,
    env: { ...process.env, NSIGHT_API_KEY: API_KEY, NSIGHT_SERVER: demo.server.url, NSIGHT_CACHE: cacheFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const marker = new RegExp(`^Fetching sessions ${devices}/`, 'm');
  return new Promise((resolve, reject) => {
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      output += chunk;
      if (marker.test(output) && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ signal, output }));
  });
}

describe('sync killed with SIGKILL', () => {
  it('leaves whole devices and recovers', async () => {
    const cacheFile = path.join(folder.dir, 'cache.sqlite');
    const { signal, output } = await syncAndKill(cacheFile, 4);
    expect(signal, output).toBe('SIGKILL');

    const backupIds = backupDeviceIds(demo.account);
    const cache = openCache(cacheFile);
    expect(cache.movedAsideTo).toBeNull();
    expect(cache.checkIntegrity()).toEqual([]);
    const accountId = cache.listAccounts()[0]!.id;
    let whole = 0;
    for (const id of backupIds) {
      const cached = cache.listSessions(accountId, { deviceIds: [id], sort: 'start', order: 'asc' }).map((session) => session.id);
      const served = (demo.account.sessions.get(id) ?? []).map((session) => session.id);
      if (cached.length > 0) {
        expect(cached, `device ${id}`).toEqual(served);
        whole++;
      }
    }
    expect(whole).toBeGreaterThanOrEqual(4);
    expect(whole).toBeLessThan(backupIds.length);
    expect(cache.listSyncRuns(accountId)[0]?.outcome).toBeNull();

    const result = await runSync({ api: testApi(demo.server), cache, accountId, skipFreshMinutes: 60 });
    expect(result.outcome).toBe('ok');
    expect(result.devicesSkipped).toBeGreaterThanOrEqual(4);
    for (const id of backupIds) {
      expect(cache.countSessions(accountId, { deviceIds: [id] }), `device ${id}`).toBe(demo.account.sessions.get(id)?.length ?? 0);
    }
    cache.close();
  });
});
