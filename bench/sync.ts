// Sync benchmark: the real sync engine, API client and HTTP transport against the local
// N-sight server serving a generated account with a fixed latency per response. The ideal
// time follows from the request budget, the concurrency and the latency alone.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createNsightApi } from '../electron/api/client.ts';
import { createHttpTransport } from '../electron/api/http-transport.ts';
import { RequestScheduler } from '../electron/api/scheduler.ts';
import { openCache } from '../electron/cache/cache.ts';
import { runSync } from '../electron/sync/sync.ts';
import type { ScaleOptions } from '../electron/demo/generate.ts';
import { formatCount } from './data.ts';
import { summarize } from './measure.ts';
import type { SyncServerReady, SyncServerRequest } from './sync-server.ts';
import type { Benchmark, Figure } from './types.ts';

const API_KEY = 'bench-key-0123456789';
const LATENCY_MS = 50;
const CONCURRENCY = 4;
const WINDOW_MS = 60_000;

interface Limits {
  callsPerMinute: number;
  concurrency: number;
}

/**
 * Returns the shortest time `calls` requests can take. The scheduler lets at most
 * `callsPerMinute` calls start in any 60-second window, so the last call cannot start before
 * floor((calls - 1) / callsPerMinute) windows have passed. With `concurrency` calls in flight,
 * each taking the latency, the calls also need ceil(calls / concurrency) latencies.
 */
export function idealSyncMs(calls: number, limits: Limits, latencyMs: number): number {
  const budgetMs = Math.floor((calls - 1) / limits.callsPerMinute) * WINDOW_MS + latencyMs;
  const latencyBoundMs = Math.ceil(calls / limits.concurrency) * latencyMs;
  return Math.max(budgetMs, latencyBoundMs);
}

/** Starts bench/sync-server.ts in a child process and waits until it listens. */
async function startServerProcess(scale: ScaleOptions): Promise<{ child: ChildProcess; ready: SyncServerReady }> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sync-server.ts');
  const request: SyncServerRequest = { scale, apiKey: API_KEY, latencyMs: LATENCY_MS };
  const child = spawn(process.execPath, [script, JSON.stringify(request)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`The N-sight server process exited with code ${String(code)} before it listened; see its error above.`);
  });
  const firstLine = once(lines, 'line').then(([line]) => JSON.parse(line as string) as SyncServerReady);
  const ready = await Promise.race([firstLine, exited]);
  // From here on an exit is expected, when the benchmark closes the child's stdin.
  exited.catch(() => undefined);
  return { child, ready };
}

/** Causes of the sync's excess over the ideal, from the replay and sync figures above and the changes made after the first full run. */
const BOUNDS = [
  '',
  '**What bounds it.** The sync runs within a few percent of the replay of its own requests (sync / replay above), so what remains is mostly the floor of this machine: ' +
    'the local server process, the loopback connections and other processes add 3-18 % to the ideal on their own (replay / ideal, two runs on 2026-12-04), so the target is met or missed by the load of the moment. ' +
    'Since the first full run (2026-12-04, sync / ideal 1.35), `replaceSessions` (electron/cache/writes.ts) compares each session with the row read at the start of the device\'s transaction and writes only new or changed ones, ' +
    'inserts new sessions with a plain INSERT and computes the device summary from the rows it already holds instead of reading them back; ' +
    'and the HTTP transport (electron/api/http-transport.ts) keeps one keep-alive connection pool per host instead of opening a connection per call. ' +
    'Each round writes into a new cache file, so every session is new here: skipping unchanged sessions helps the later syncs of a real cache, not this figure. ' +
    'NOTE: on this 2-core machine the server process and other processes compete with the sync for the CPU, so the floor holds for this machine only.',
  '',
  '**Proposed fixes.** (1) Measure again on an idle machine with at least 4 cores: the sync\'s excess over the replay is within the spread of the replay itself. ' +
    '(2) If the target is still missed there, parse in a worker thread: fast-xml-parser and normalizing took about 35 % of the sync\'s CPU time in a profile of the first version.',
];

export const benchmark: Benchmark = {
  name: 'sync',
  description:
    `\`runSync\` of the whole account through the real API client and HTTP transport against the local N-sight server (test/support/nsight-server.ts) serving a generated account with ${LATENCY_MS} ms latency per response, ` +
    `concurrency ${CONCURRENCY} in the scheduler and in the sync, into a new cache file each round. ` +
    'Ideal time: max(floor((calls - 1) / budget) minutes + latency, ceil(calls / concurrency) x latency). ' +
    "The scheduler's budget is a sliding 60-second window that lets up to the budget start at once, so a budget above the call count does not bound the run: " +
    'the first case is bound by latency and concurrency, the second (full run only) by the budget.',

  async run({ quick, tmpDir, log }) {
    // 88 % of the generated devices have Backup & Recovery on: 11 clients of 52 give about 500.
    const scale = quick ? { clients: 2, devicesPerClient: 25, days: 30 } : { clients: 11, devicesPerClient: 52, days: 30 };
    const { child, ready } = await startServerProcess(scale);
    const backupDevices = ready.backupDevices;
    const transport = createHttpTransport();
    let calls = 0;
    let recording = false;
    const recorded: URL[] = [];

    let round = 0;
    /** Syncs into a new cache file with the sync's pool `width` (the scheduler's concurrency unless given). */
    async function syncOnce(limits: Limits, width = limits.concurrency): Promise<{ ms: number; calls: number; ideal: number; busy: number }> {
      round++;
      const cache = openCache(path.join(tmpDir, `round-${round}.sqlite`));
      try {
        const scheduler = new RequestScheduler({ limits });
        const api = createNsightApi({
          server: ready.url,
          apiKey: API_KEY,
          scheduler,
          transport: (request) => {
            calls++;
            if (recording) recorded.push(request.url);
            return transport(request);
          },
        });
        const accountId = cache.ensureAccount(api.host, API_KEY).id;
        const before = calls;
        const started = performance.now();
        const loopBefore = performance.eventLoopUtilization();
        const result = await runSync({ api, cache, accountId, concurrency: width, scheduler });
        const busy = performance.eventLoopUtilization(loopBefore).utilization;
        const ms = performance.now() - started;
        if (result.outcome !== 'ok') throw new Error(`The sync ended with outcome ${result.outcome}: ${result.error ?? 'no error text'}`);
        if (result.devicesSynced !== backupDevices) throw new Error(`The sync fetched ${result.devicesSynced} devices, expected ${backupDevices}.`);
        const callsMade = calls - before;
        const ideal = idealSyncMs(callsMade, limits, LATENCY_MS);
        log(`round ${round}: ${callsMade} calls at ${limits.callsPerMinute}/min, pool width ${width}, in ${(ms / 1000).toFixed(2)} s, ideal ${(ideal / 1000).toFixed(2)} s, event loop busy ${(busy * 100).toFixed(0)} %`);
        return { ms, calls: callsMade, ideal, busy };
      } finally {
        cache.close();
      }
    }

    /** Sends the recorded requests again with `CONCURRENCY` in flight and only reads the bodies: the floor the server and the machine set. */
    async function replayOnce(): Promise<number> {
      let next = 0;
      const started = performance.now();
      const lane = async (): Promise<void> => {
        while (next < recorded.length) {
          const response = await transport({ url: recorded[next++]!, headers: {}, connectTimeoutMs: 5_000, readTimeoutMs: 30_000 });
          if (response.status !== 200) throw new Error(`The replayed request returned HTTP ${response.status}.`);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, lane));
      return performance.now() - started;
    }

    const figures: Figure[] = [];
    const notes: string[] = [];
    try {
      const latencyBound = { callsPerMinute: 3_000, concurrency: CONCURRENCY };
      // The first sync is a warm-up that also records the requests the replay sends.
      recording = true;
      const warmUp = await syncOnce(latencyBound);
      recording = false;
      const runs = [];
      const wideRuns = [];
      const replays: number[] = [];
      for (let i = 0; i < (quick ? 1 : 3); i++) {
        replays.push(await replayOnce());
        runs.push(await syncOnce(latencyBound));
        wideRuns.push(await syncOnce(latencyBound, 2 * CONCURRENCY));
      }
      const ideal = warmUp.ideal;
      const ratio = summarize(runs.map((run) => run.ms / ideal));
      const floorRatio = summarize(replays.map((ms) => ms / ideal));
      const overRatio = summarize(runs.map((run, index) => run.ms / replays[index]!));
      figures.push(
        { what: `sync / ideal, ${latencyBound.callsPerMinute} calls/min`, unit: 'ratio', stats: ratio, target: 'at most 1.1', met: ratio.median <= 1.1 },
        { what: 'replay of the same requests / ideal', unit: 'ratio', stats: floorRatio },
        { what: 'sync / replay of the same requests', unit: 'ratio', stats: overRatio },
        { what: `sync with pool width ${2 * CONCURRENCY} / ideal`, unit: 'ratio', stats: summarize(wideRuns.map((run) => run.ms / ideal)) },
        { what: 'event loop busy during the sync', unit: '%', stats: summarize(runs.map((run) => run.busy * 100)) },
        { what: `sync, ${latencyBound.callsPerMinute} calls/min`, unit: 'ms', stats: summarize(runs.map((run) => run.ms)) },
      );
      notes.push(
        `${formatCount(backupDevices)} devices with Backup & Recovery on (${formatCount(ready.devices)} devices, ${ready.clients} clients): ` +
          `${warmUp.calls} calls, ideal ${(ideal / 1000).toFixed(2)} s at ${latencyBound.callsPerMinute} calls/min. ` +
          `The replay sends the sync's requests again through the same HTTP transport, ${CONCURRENCY} at a time, and only reads the bodies; ` +
          'its ratio to the ideal is what the local server, the loopback connections and the machine add on their own. ' +
          `The pool-width figure runs the sync with ${2 * CONCURRENCY} lanes over the same scheduler (still ${CONCURRENCY} calls in flight), so a request waits for each free slot.`,
      );

      if (!quick) {
        // A budget below the call count: the calls past the budget wait for the window to move on.
        const budgetBound = { callsPerMinute: 400, concurrency: CONCURRENCY };
        const run = await syncOnce(budgetBound);
        figures.push({ what: `sync / ideal, ${budgetBound.callsPerMinute} calls/min`, unit: 'ratio', stats: summarize([run.ms / run.ideal]), target: 'at most 1.1', met: run.ms / run.ideal <= 1.1 });
        notes.push(`At ${budgetBound.callsPerMinute} calls/min the ideal is ${(run.ideal / 1000).toFixed(2)} s (one round).`, ...BOUNDS);
      }
    } finally {
      child.stdin!.end();
      await once(child, 'exit');
    }
    return { figures, notes };
  },
};
