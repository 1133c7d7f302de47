// Cache benchmark: a million sessions written through `Cache.replaceSessions`, the write the
// sync engine makes for each device, and then the month's report input of one client.

import path from 'node:path';
import { openCache, type Cache } from '../electron/cache/cache.ts';
import type { SimAccount } from '../electron/demo/account.ts';
import { BENCH_API_KEY, BENCH_HOST, saveListings } from './cached-account.ts';
import { BENCH_MONTH, formatCount, generateAccount } from './data.ts';
import { collectGarbage, repeat, summarize, type Stats } from './measure.ts';
import type { Benchmark } from './types.ts';

/** Inserts every session of the account, one device per transaction; returns the milliseconds. */
function insertSessions(cache: Cache, accountId: number, account: SimAccount): number {
  collectGarbage();
  const started = performance.now();
  for (const [deviceId, sessions] of account.sessions) cache.replaceSessions(accountId, deviceId, sessions);
  return performance.now() - started;
}

export const benchmark: Benchmark = {
  name: 'cache',
  description:
    'A generated account (200 clients of 50 devices) written into a new SQLite cache file through `Cache.replaceSessions`, one transaction per device as the sync engine writes it. ' +
    'Then `getReportInput` for one 50-device client and one complete month, the read behind every report. ' +
    'Each round uses a new file; the month query is timed on the last one.',

  async run({ quick, tmpDir, log }) {
    const rounds = quick ? 1 : 3;
    const scale = quick ? { clients: 4, devicesPerClient: 50, sessions: 20_000 } : { clients: 200, devicesPerClient: 50, sessions: 1_000_000 };
    const account = generateAccount(scale, log);
    let sessionCount = 0;
    for (const list of account.sessions.values()) sessionCount += list.length;

    const insertTimes: number[] = [];
    let cache: Cache | undefined;
    let accountId = 0;
    for (let round = 0; round < rounds; round++) {
      cache?.close();
      cache = openCache(path.join(tmpDir, `round-${round}.sqlite`));
      accountId = cache.ensureAccount(BENCH_HOST, BENCH_API_KEY).id;
      saveListings(cache, accountId, account);
      const ms = insertTimes[insertTimes.push(insertSessions(cache, accountId, account)) - 1]!;
      log(`round ${round + 1}: inserted ${formatCount(sessionCount)} sessions in ${(ms / 1000).toFixed(1)} s`);
    }
    const insert = summarize(insertTimes);

    const client = account.clients[0]!;
    let monthSessions = 0;
    const query: Stats = await repeat(quick ? 5 : 20, () => {
      const input = cache!.getReportInput(accountId, client.id, { month: BENCH_MONTH });
      if (input === null) throw new Error(`getReportInput found no client ${client.id} in the cache.`);
      monthSessions = input.sessions.length;
    });
    cache!.close();

    const share = summarize(query.samples.map((ms) => (100 * ms) / insert.median));
    return {
      figures: [
        { what: 'insert', unit: 'sessions/s', stats: summarize(insertTimes.map((ms) => sessionCount / (ms / 1000))) },
        { what: 'insert', unit: 'ms', stats: insert },
        { what: `month query (${formatCount(monthSessions)} sessions of 50 devices)`, unit: 'ms', stats: query },
        { what: 'month query / median insert', unit: '%', stats: share, target: 'under 1', met: share.median < 1 },
      ],
      notes: [`Inserted ${formatCount(sessionCount)} sessions of ${formatCount(account.sessions.size)} devices per round, ${rounds} rounds.`],
    };
  },
};
