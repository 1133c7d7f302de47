// One sync at a time per cache file, across processes (the app and the command line may share a
// cache): a lock file next to the cache names the process that syncs. A lock left by a process
// that no longer runs on this computer, or older than a day, is stale and taken over.

import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** The process that holds the lock, as written into the lock file. */
export interface SyncLockOwner {
  pid: number;
  host: string;
  /** UTC ISO-8601. */
  startedAt: string;
}

export type SyncLockResult = { kind: 'acquired'; release(): void } | { kind: 'held'; owner: SyncLockOwner | null; file: string };

/** A lock this old is stale even when its process cannot be checked (another computer). */
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

export function syncLockPath(cacheFile: string): string {
  return `${cacheFile}.sync-lock`;
}

function readOwner(file: string): SyncLockOwner | null {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<SyncLockOwner>;
    if (typeof value.pid !== 'number' || typeof value.host !== 'string' || typeof value.startedAt !== 'string') return null;
    return { pid: value.pid, host: value.host, startedAt: value.startedAt };
  } catch {
    return null;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isStale(owner: SyncLockOwner | null, now: Date): boolean {
  // An unreadable lock file is one whose writer died between creating and filling it.
  if (owner === null) return true;
  const age = now.getTime() - Date.parse(owner.startedAt);
  if (!(age < STALE_AFTER_MS)) return true;
  return owner.host === hostname() && !isRunning(owner.pid);
}

/** Takes the sync lock of `cacheFile`, or returns who holds it. */
export function acquireSyncLock(cacheFile: string, now: Date): SyncLockResult {
  const file = syncLockPath(cacheFile);
  const mine: SyncLockOwner = { pid: process.pid, host: hostname(), startedAt: now.toISOString() };
  const text = JSON.stringify(mine);

  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, text, { flag: 'wx' });
      return {
        kind: 'acquired',
        release() {
          // Remove only our own lock: a stale-lock takeover may have replaced it.
          if (readOwner(file)?.startedAt === mine.startedAt && readOwner(file)?.pid === mine.pid) unlinkSync(file);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(file);
    if (!isStale(owner, now)) return { kind: 'held', owner, file };
    try {
      unlinkSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return { kind: 'held', owner: readOwner(file), file };
}

/** Describes a held lock for the user: who syncs, and what to do. */
export function heldLockMessage(owner: SyncLockOwner | null, file: string): string {
  const who = owner === null ? 'another process' : `process ${owner.pid} on ${owner.host}, started ${owner.startedAt.slice(0, 16).replace('T', ' ')} UTC`;
  return `Another sync of this cache is already running (${who}): wait for it to finish, or cancel it. If no sync runs, delete ${file}.`;
}
