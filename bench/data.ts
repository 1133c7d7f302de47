// Generated data shared by the benchmarks: demo accounts at benchmark scale, and the same
// `now` for every benchmark so that runs on different days measure the same months.

import { countSessions, type SimAccount } from '../electron/demo/account.ts';
import { generateDemoAccount, type ScaleOptions } from '../electron/demo/generate.ts';
import type { BackupSession } from '../shared/nsight.ts';

/** The present of every generated account: early in December, so November is a complete month. */
export const BENCH_NOW = new Date('2026-12-04T06:00:00Z');

/** The last complete month before `BENCH_NOW`. */
export const BENCH_MONTH = '2026-11';

/** Generates a demo account at benchmark scale, logging its size. */
export function generateAccount(scale: ScaleOptions, log: (message: string) => void): SimAccount {
  const started = performance.now();
  const account = generateDemoAccount({ now: BENCH_NOW, scale });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  log(`generated ${account.clients.length} clients, ${account.devices.length} devices, ${countSessions(account)} sessions in ${seconds} s`);
  return account;
}

/** Returns the first `count` sessions of an account, device after device; throws when it has fewer. */
export function takeSessions(account: SimAccount, count: number): BackupSession[] {
  const taken: BackupSession[] = [];
  for (const list of account.sessions.values()) {
    for (const session of list) {
      if (taken.length === count) return taken;
      taken.push(session);
    }
  }
  if (taken.length < count) throw new Error(`The generated account has ${taken.length} sessions, fewer than the ${count} the benchmark needs: raise its scale.`);
  return taken;
}

/** Formats a number with thousands separators, as the notes print counts. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
