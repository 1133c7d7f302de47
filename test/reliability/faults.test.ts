// Every fault the local N-sight server can inject, at each step of a sync (list_clients,
// list_devices_at_client, list_mob_sessions). Each case checks the message the user gets, the
// attempts the client made and the waits between them, and a cache that still contains the
// earlier data for whatever failed. A clean sync afterwards must bring the cache fully up to date.

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCache, type Cache } from '../../electron/cache/cache.ts';
import { runCli } from '../../electron/cli/run.ts';
import type { SimAccount } from '../../electron/demo/account.ts';
import { runSync } from '../../electron/sync/sync.ts';
import type { NsightFault } from '../support/nsight-server.ts';
import {
  backupDevices, captureIo, cloneAccount, countingApi, leftovers, NOW, smallAccount, snapshotCache, startSimServer, tempFolder,
  type CacheSnapshot, type SimServer,
} from './support.ts';

const API_KEY = 'faults-key-5f0c2a9e71d4';

let folder: ReturnType<typeof tempFolder>;
let sim: SimServer;
let host: string;
let before: SimAccount;
let after: SimAccount;
let baseline: CacheSnapshot;
let updated: CacheSnapshot;
/** The backup device whose sessions fail in the session-step cases. */
let targetDevice: string;
let caseNumber = 0;

/** Copies `account` with a renamed client, renamed devices, and changed and added sessions. */
function changedAccount(account: SimAccount): SimAccount {
  const next = cloneAccount(account);
  next.clients[0]!.name += ' Holdings';
  for (const device of next.devices) {
    device.name += '-R2';
    if (device.clientId === next.clients[0]!.id) device.clientName = next.clients[0]!.name;
  }
  for (const [deviceId, sessions] of next.sessions) {
    if (sessions.length === 0) continue;
    sessions[0] = { ...sessions[0]!, status: 'FAILED', errorCount: 12 };
    const last = sessions.at(-1)!;
    sessions.push({ ...last, id: `9${deviceId}01`, start: new Date(NOW.getTime() - 3_600_000), end: new Date(NOW.getTime() - 3_000_000) });
  }
  return next;
}

/** Opens a fresh cache in its own file. */
function freshCache(): { cache: Cache; accountId: number; file: string } {
  caseNumber++;
  const file = path.join(folder.dir, `case-${caseNumber}`, 'cache.sqlite');
  const cache = openCache(file);
  return { cache, accountId: cache.ensureAccount(host, API_KEY).id, file };
}

async function syncClean(cache: Cache, accountId: number): Promise<void> {
  sim.server.setFault(null);
  const result = await runSync({ api: countingApi(sim.server, API_KEY).api, cache, accountId });
  expect(result.outcome).toBe('ok');
}

beforeAll(async () => {
  folder = tempFolder();
  before = smallAccount();
  after = changedAccount(before);
  targetDevice = backupDevices(before)[1]!.id;
  sim = await startSimServer(before, API_KEY);
  host = new URL(sim.server.url).host;

  const first = freshCache();
  await syncClean(first.cache, first.accountId);
  baseline = snapshotCache(first.cache, first.accountId);
  sim.use(after);
  await syncClean(first.cache, first.accountId);
  updated = snapshotCache(first.cache, first.accountId);
  first.cache.close();
  sim.use(before);

  // The cases below can only prove "unchanged" if the changed account differs at every step.
  expect(updated.clients).not.toEqual(baseline.clients);
  expect(updated.devices).not.toEqual(baseline.devices);
  expect(updated.sessions.get(targetDevice)).not.toEqual(baseline.sessions.get(targetDevice));
});

afterAll(async () => {
  await sim.server.close();
  folder.remove();
});

type Step = 'clients' | 'devices' | 'sessions';

const SERVICE: Record<Step, string> = { clients: 'list_clients', devices: 'list_devices_at_client', sessions: 'list_mob_sessions' };

interface FaultCase {
  name: string;
  fault: Omit<NsightFault, 'service' | 'deviceId'> | 'fail-answer';
  kind: string;
  /** Whether the whole sync stops (the error would repeat on every request). */
  fatal: boolean;
  attempts: number;
  /** Waits between the attempts of one request. */
  waits: number[];
  /** The message the user reads, with HOST and SERVICE filled in. */
  message: string;
  /** Read timeout of the client, for the stalled response. */
  readMs?: number;
}

const BACKOFF = [750, 1_500];

const FAULTS: FaultCase[] = [
  {
    name: 'firewall page with 403',
    fault: { kind: 'firewall' },
    kind: 'blocked',
    fatal: true,
    attempts: 1,
    waits: [],
    message: 'SERVICE on HOST returned an HTML page with HTTP 403, so a firewall or proxy answered instead of the N-sight API. Check the server address, and whether a proxy or firewall filters the connection.',
  },
  {
    name: '429 with Retry-After',
    fault: { kind: 'rate-limit', retryAfter: '7' },
    kind: 'rate-limited',
    fatal: false,
    attempts: 3,
    waits: [7_000, 7_000],
    message: 'HOST rejected SERVICE with HTTP 429 (too many requests) and asked to wait 7 s. Lower the request budget (calls per minute) or try again later. (gave up after 3 attempts)',
  },
  {
    name: '429 without Retry-After',
    fault: { kind: 'rate-limit' },
    kind: 'rate-limited',
    fatal: false,
    attempts: 3,
    waits: BACKOFF,
    message: 'HOST rejected SERVICE with HTTP 429 (too many requests). Lower the request budget (calls per minute) or try again later. (gave up after 3 attempts)',
  },
  {
    name: '500',
    fault: { kind: 'server-error' },
    kind: 'server',
    fatal: false,
    attempts: 3,
    waits: BACKOFF,
    message: 'HOST failed with HTTP 500 on SERVICE. The N-sight server has a problem: try again later. (gave up after 3 attempts)',
  },
  {
    name: 'truncated body',
    fault: { kind: 'truncate' },
    kind: 'malformed',
    fatal: false,
    attempts: 1,
    waits: [],
    message: 'SERVICE on HOST returned a response that is not usable N-sight XML: the XML ends before </result>, so the body was cut short (BYTES bytes arrived). Try again; if it persists, run the command-line "api" command with --raw to see the body.',
  },
  {
    name: 'stalled response',
    fault: { kind: 'stall' },
    kind: 'timeout',
    fatal: false,
    attempts: 3,
    waits: BACKOFF,
    message: 'SERVICE on HOST timed out: HOST sent no data for 500 ms (after BYTES bytes of the response). Check the network connection, or try again later. (gave up after 3 attempts)',
    readMs: 500,
  },
  {
    name: 'connection reset',
    fault: { kind: 'reset' },
    kind: 'network',
    fatal: false,
    attempts: 3,
    waits: BACKOFF,
    message: 'SERVICE on HOST failed: The connection to HOST failed (DETAIL) after 0 bytes of the response. Check the server address and the network connection. (gave up after 3 attempts)',
  },
];

const FAIL_ANSWER: FaultCase = {
  name: 'FAIL answer',
  fault: 'fail-answer',
  kind: 'invalid-parameter',
  fatal: false,
  attempts: 1,
  waits: [],
  message: 'SERVICE on HOST failed: "Invalid value for parameter: PARAM". Check that the id exists in this account.',
};

/** Turns a message template into a pattern: HOST, SERVICE and PARAM exact, BYTES and DETAIL free. */
function messagePattern(template: string, service: string, param: string): RegExp {
  const escaped = template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const filled = escaped
    .replaceAll('HOST', host.replace(/\./g, '\\.'))
    .replaceAll('SERVICE', service)
    .replaceAll('PARAM', param)
    .replaceAll('BYTES', '\\d+')
    .replaceAll('DETAIL', '[^)]+');
  return new RegExp(`^${filled}$`);
}

function applyFault(step: Step, fault: FaultCase['fault']): void {
  if (fault === 'fail-answer') {
    if (step === 'sessions') sim.failingDevices.add(targetDevice);
    else sim.failingClients.add(before.clients[0]!.id);
    return;
  }
  sim.server.setFault({ ...fault, service: SERVICE[step], ...(step === 'sessions' ? { deviceId: targetDevice } : {}) });
}

function clearFaults(): void {
  sim.server.setFault(null);
  sim.failingDevices.clear();
  sim.failingClients.clear();
}

const CASES: { step: Step; fault: FaultCase }[] = [
  ...FAULTS.map((fault) => ({ step: 'clients' as const, fault })),
  ...FAULTS.map((fault) => ({ step: 'devices' as const, fault })),
  { step: 'devices', fault: FAIL_ANSWER },
  ...FAULTS.map((fault) => ({ step: 'sessions' as const, fault })),
  { step: 'sessions', fault: FAIL_ANSWER },
];

describe('sync faults', () => {
  it.each(CASES.map((entry) => ({ ...entry, label: `${entry.step}: ${entry.fault.name}` })))('$label', async ({ step, fault }) => {
    const { cache, accountId, file } = freshCache();
    await syncClean(cache, accountId);
    sim.use(after);
    const requestsBefore = sim.server.requests.length;
    applyFault(step, fault.fault);
    const { api, sleeps } = countingApi(sim.server, API_KEY, fault.readMs === undefined ? {} : { readMs: fault.readMs });
    let result;
    try {
      result = await runSync({ api, cache, accountId });
    } finally {
      clearFaults();
      sim.use(before);
    }

    // What the user reads: the run's error for a stopped sync, the failure list otherwise.
    const stopsSync = fault.fatal || step === 'clients';
    const param = step === 'sessions' ? 'deviceid' : 'clientid';
    const pattern = messagePattern(fault.message, SERVICE[step], param);
    if (stopsSync) {
      expect(result.outcome).toBe('failed');
      expect(result.errorKind).toBe(fault.kind);
      expect(result.error).toMatch(pattern);
    } else {
      expect(result.outcome).toBe('partial');
      expect(result.errorKind).toBeNull();
      expect(result.failures.length).toBeGreaterThan(0);
      for (const failure of result.failures) {
        expect(failure.kind).toBe(fault.kind);
        expect(failure.message).toMatch(pattern);
      }
    }
    expect(result.error ?? '').not.toContain(API_KEY);

    // Retries: every failing request was tried `attempts` times, with the expected waits.
    const faulted = sim.server.requests.slice(requestsBefore).filter((request) => request.service === SERVICE[step]);
    const failedRequests = step === 'devices' && !stopsSync ? result.failures.length : 1;
    if (step === 'devices' && !stopsSync) {
      // The FAIL response is for one client's two listings, and the injected faults hit all four.
      expect(failedRequests).toBe(fault.fault === 'fail-answer' ? 2 : before.clients.length * 2);
    }
    const targeted = step === 'sessions' ? faulted.filter((request) => request.params['deviceid'] === targetDevice) : faulted;
    if (fault.fault === 'fail-answer') {
      expect(targeted.filter((request) => step === 'sessions' || request.params['clientid'] === before.clients[0]!.id)).toHaveLength(failedRequests);
    } else if (stopsSync && step !== 'clients') {
      // A fatal fault stops the sync at the first faulted request.
      expect(targeted).toHaveLength(1);
    } else {
      expect(targeted).toHaveLength(failedRequests * fault.attempts);
    }
    expect(sleeps).toEqual(Array.from({ length: failedRequests }, () => fault.waits).flat());

    // Nothing lost: whatever failed keeps the cached data of the earlier sync.
    const now = snapshotCache(cache, accountId);
    if (step === 'clients') {
      expect(now).toEqual(baseline);
    } else if (step === 'devices') {
      expect(now.clients).toEqual(updated.clients);
      // A fatal fault stops the sync at its first listing, so no client's devices change.
      const failedClients = new Set(result.failures.map((failure) => failure.id));
      for (const device of now.devices) {
        const kept = stopsSync || failedClients.has(device.clientId);
        expect(device).toEqual((kept ? baseline : updated).devices.find((entry) => entry.id === device.id));
      }
      if (stopsSync) expect(now.sessions).toEqual(baseline.sessions);
    } else {
      expect(now.clients).toEqual(updated.clients);
      expect(now.devices).toEqual(updated.devices);
      expect(now.sessions.get(targetDevice)).toEqual(baseline.sessions.get(targetDevice));
      if (!stopsSync) {
        for (const [deviceId, sessions] of now.sessions) {
          if (deviceId !== targetDevice) expect(sessions).toEqual(updated.sessions.get(deviceId));
        }
        const state = cache.getDevice(accountId, targetDevice)!.sync;
        expect(state.lastErrorKind).toBe(fault.kind);
        expect(state.lastError).toMatch(pattern);
      }
    }
    expect(cache.checkIntegrity()).toEqual([]);
    expect(leftovers(path.dirname(file)).filter((name) => !name.includes('sqlite'))).toEqual([]);

    // The next clean sync takes every change.
    sim.use(after);
    try {
      await syncClean(cache, accountId);
    } finally {
      sim.use(before);
    }
    expect(snapshotCache(cache, accountId)).toEqual(updated);
    cache.close();
  });

  it('recovers when a retry succeeds', async () => {
    const { cache, accountId } = freshCache();
    sim.use(after);
    sim.server.setFault({ kind: 'server-error', service: 'list_mob_sessions', deviceId: targetDevice, times: 2 });
    const { api, sleeps } = countingApi(sim.server, API_KEY);
    try {
      const result = await runSync({ api, cache, accountId });
      expect(result.outcome).toBe('ok');
      expect(result.failures).toEqual([]);
    } finally {
      clearFaults();
      sim.use(before);
    }
    expect(sleeps).toEqual(BACKOFF);
    expect(snapshotCache(cache, accountId)).toEqual(updated);
    cache.close();
  });

  it('wrong key stops at list_clients', async () => {
    const { cache, accountId } = freshCache();
    await syncClean(cache, accountId);
    const requestsBefore = sim.server.requests.length;
    const { api, sleeps } = countingApi(sim.server, 'wrong-key-000000000000');

    const result = await runSync({ api, cache, accountId });

    expect(result.outcome).toBe('failed');
    expect(result.errorKind).toBe('auth');
    expect(result.error).toBe(
      `N-sight rejected the API key on ${host} (list_clients: "Login failed"): check the API key and the region, because a key only works on the server of its dashboard's territory.`,
    );
    expect(sim.server.requests.slice(requestsBefore).map((request) => request.service)).toEqual(['list_clients']);
    expect(sleeps).toEqual([]);
    expect(snapshotCache(cache, accountId)).toEqual(baseline);
    cache.close();
  });
});

describe('sync command output on faults', () => {
  async function runSyncCommand(cacheFile: string, key = API_KEY) {
    const run = captureIo({ NSIGHT_API_KEY: key, NSIGHT_SERVER: sim.server.url, NSIGHT_CACHE: cacheFile });
    const code = await runCli(['sync', '--max-rate', '6000'], run.io);
    return { code, stdout: run.stdout(), stderr: run.stderr() };
  }

  it('firewall page exits 1 with the reason', async () => {
    const { cache, file } = freshCache();
    cache.close();
    sim.server.setFault({ kind: 'firewall', service: 'list_clients' });
    let output;
    try {
      output = await runSyncCommand(file);
    } finally {
      clearFaults();
    }
    expect(output.code).toBe(1);
    expect(output.stdout).toContain(`Error: list_clients on ${host} returned an HTML page with HTTP 403, so a firewall or proxy answered instead of the N-sight API.`);
    expect(output.stdout + output.stderr).not.toContain(API_KEY);
  });

  it('FAIL for one device exits 3 and names it', async () => {
    const { cache, file } = freshCache();
    cache.close();
    const device = backupDevices(before).find((entry) => entry.id === targetDevice)!;
    sim.failingDevices.add(targetDevice);
    let output;
    try {
      output = await runSyncCommand(file);
    } finally {
      clearFaults();
    }
    const synced = backupDevices(before).length - 1;
    expect(output.code).toBe(3);
    expect(output.stdout).toContain(`(${synced} synced, 0 skipped as fresh, 1 failed)`);
    expect(output.stdout).toContain(
      `  ${device.name} (${device.id}) at ${device.clientName}: list_mob_sessions on ${host} failed: "Invalid value for parameter: deviceid". Check that the id exists in this account.`,
    );
    expect(output.stdout).toContain('Run the sync again with --skip-fresh 60 to fetch only what is missing.');
  });

  it('wrong key exits 1 and keeps the key secret', async () => {
    const { cache, file } = freshCache();
    cache.close();
    const wrongKey = 'wrong-key-7c1d0e55aa42';
    const output = await runSyncCommand(file, wrongKey);
    expect(output.code).toBe(1);
    expect(output.stdout).toContain(`Error: N-sight rejected the API key on ${host} (list_clients: "Login failed")`);
    expect(output.stdout + output.stderr).not.toContain(wrongKey);
  });
});
