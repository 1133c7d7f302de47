import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNsightApi } from '../../electron/api/client.ts';
import { createHttpTransport } from '../../electron/api/http-transport.ts';
import { RequestScheduler, type SchedulerClock } from '../../electron/api/scheduler.ts';
import { openCache, type Cache } from '../../electron/cache/cache.ts';
import { runSync, type SyncProgress } from '../../electron/sync/sync.ts';
import { tempFolder } from '../cache/helpers.ts';
import { API_KEY, NOW, startDemoServer, type DemoServer } from './support.ts';

let folder: ReturnType<typeof tempFolder>;
let demo: DemoServer;
let cache: Cache;

beforeEach(async () => {
  folder = tempFolder();
  demo = await startDemoServer({ scale: { clients: 2, devicesPerClient: 3, days: 10 } });
  cache = openCache(path.join(folder.dir, 'cache.sqlite'), { clock: () => NOW });
});
afterEach(async () => {
  cache.close();
  await demo.server.close();
  folder.remove();
});

/**
 * Creates a clock whose sleeps advance virtual time, so a minute of budget costs no real time. The
 * jump waits for `setImmediate`, after pending promise callbacks, so a call the scheduler
 * has just started reaches the transport before the time moves on.
 */
function virtualClock(): SchedulerClock & { time: number } {
  const clock = {
    time: 0,
    now: () => clock.time,
    sleep: (ms: number) =>
      new Promise<void>((resolve) =>
        setImmediate(() => {
          clock.time += ms;
          resolve();
        }),
      ),
  };
  return clock;
}

describe('request budget', () => {
  it('holds over the whole sync', async () => {
    const clock = virtualClock();
    const scheduler = new RequestScheduler({ limits: { callsPerMinute: 5, concurrency: 2 }, clock });
    const starts: number[] = [];
    const http = createHttpTransport();
    const api = createNsightApi({
      server: demo.server.url,
      apiKey: API_KEY,
      scheduler,
      retry: { attempts: 1 },
      transport: (request) => {
        starts.push(clock.now());
        return http(request);
      },
    });
    const events: SyncProgress[] = [];
    const accountId = cache.ensureAccount('127.0.0.1', API_KEY).id;

    const result = await runSync({ api, cache, accountId, scheduler, concurrency: 2, onProgress: (event) => events.push(event) });

    expect(result.outcome).toBe('ok');
    expect(starts).toHaveLength(11);
    for (const start of starts) {
      const inWindow = starts.filter((other) => other >= start && other < start + 60_000);
      expect(inWindow.length, `window from ${start} ms`).toBeLessThanOrEqual(5);
    }
    expect(clock.time).toBeGreaterThanOrEqual(120_000);
    // Five calls started at 0 ms; the six session calls still to make need the next two windows.
    const sessionsStart = events.find((event) => event.phase === 'sessions');
    expect(sessionsStart?.etaMs).toBeGreaterThanOrEqual(60_000);
  });
});
