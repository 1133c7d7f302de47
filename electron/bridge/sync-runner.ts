// One sync at a time for the app: starts `runSync` on the account in use, forwards its
// progress as bridge events, and turns its result into a `SyncSummary`.

import { randomUUID } from 'node:crypto';

import type { ParsedArgs, SyncFailure, SyncProgress, SyncScope, SyncSummary } from '../../shared/contract.ts';
import { schedulerFor } from '../api/scheduler.ts';
import type { Cache } from '../cache/cache.ts';
import type { Logger } from '../logger.ts';
import { runSync, type SyncProgress as EngineProgress, type SyncResult, type SyncScope as EngineScope } from '../sync/sync.ts';
import type { Connection } from './connection.ts';
import { toBridgeErrorOf } from './convert.ts';
import { BridgeFailure, codeOfKind } from './errors.ts';

export interface SyncRunnerOptions {
  cache: Cache;
  connection: Connection;
  logger: Logger;
  clock: () => Date;
  /** Requests in flight per host, from the settings. */
  concurrency: () => number;
  onProgress(progress: SyncProgress): void;
}

/** Maps the bridge's scope to the engine's. */
export function engineScope(scope: SyncScope): EngineScope {
  if (scope.kind === 'all') return { kind: 'all' };
  // The engine lists the clients first in every run, so a scope of no clients refreshes just that list.
  if (scope.kind === 'clients') return { kind: 'clients', clients: [] };
  if (scope.deviceIds !== undefined) return { kind: 'devices', deviceIds: scope.deviceIds };
  return { kind: 'clients', clients: [scope.clientId] };
}

function toFailure(failure: SyncResult['failures'][number]): SyncFailure {
  return {
    clientId: failure.clientId,
    deviceId: failure.target === 'device' ? failure.id : null,
    name: failure.name,
    error: toBridgeErrorOf(failure.kind, failure.message),
  };
}

export class SyncRunner {
  private readonly options: SyncRunnerOptions;
  private running: { syncId: string; controller: AbortController; progress: SyncProgress } | null = null;

  constructor(options: SyncRunnerOptions) {
    this.options = options;
  }

  progress(): SyncProgress | null {
    return this.running?.progress ?? null;
  }

  cancel(): { cancelled: boolean } {
    if (this.running === null) return { cancelled: false };
    this.running.controller.abort(new DOMException('The sync was cancelled.', 'AbortError'));
    return { cancelled: true };
  }

  async start(args: ParsedArgs<'startSync'>): Promise<SyncSummary> {
    if (this.running !== null) {
      throw new BridgeFailure('busy', 'A sync is already running: wait for it to finish, or cancel it first.');
    }
    const { connection, cache, clock } = this.options;
    const account = connection.account();
    const syncId = randomUUID();
    const controller = new AbortController();
    const initial: SyncProgress = { syncId, phase: 'clients', done: 0, total: 1, remainingMs: null, current: null, failed: 0 };
    this.running = { syncId, controller, progress: initial };
    this.options.onProgress(initial);

    try {
      const result = await runSync({
        api: account.api,
        cache,
        accountId: account.accountId,
        scope: engineScope(args.scope),
        ...(args.skipFreshMinutes === undefined ? {} : { skipFreshMinutes: args.skipFreshMinutes }),
        concurrency: this.options.concurrency(),
        ...(account.demo ? {} : { scheduler: schedulerFor(account.api.host) }),
        signal: controller.signal,
        onProgress: (progress) => this.forward(syncId, progress),
        logger: this.options.logger,
        clock,
      });
      connection.noteOutcome(result.errorKind);
      const summary = this.summarize(syncId, result);
      // The engine counts only clients whose devices it synced, so a client-list sync counts 0.
      // The summary counts the clients N-sight listed instead.
      if (args.scope.kind === 'clients' && result.outcome === 'ok') summary.clients = cache.listClients(account.accountId).length;
      return summary;
    } finally {
      this.running = null;
    }
  }

  private forward(syncId: string, progress: EngineProgress): void {
    if (this.running?.syncId !== syncId) return;
    const current = progress.current?.kind === 'device' ? { deviceId: progress.current.id, deviceName: progress.current.name } : null;
    const mapped: SyncProgress = {
      syncId,
      phase: progress.phase,
      done: progress.done,
      total: progress.total,
      remainingMs: progress.etaMs,
      current,
      failed: progress.errors,
    };
    this.running.progress = mapped;
    this.options.onProgress(mapped);
  }

  private summarize(syncId: string, result: SyncResult): SyncSummary {
    if (result.outcome === 'failed') {
      const message = result.error ?? 'The sync failed.';
      if (result.errorKind === 'internal') throw new Error(`Sync ${result.runId} failed: ${message}`);
      throw new BridgeFailure(codeOfKind(result.errorKind), message);
    }
    return {
      syncId,
      startedAt: result.startedAt.toISOString(),
      finishedAt: result.endedAt.toISOString(),
      cancelled: result.outcome === 'cancelled',
      clients: result.clients,
      devicesSynced: result.devicesSynced,
      devicesSkipped: result.devicesSkipped,
      sessionsAdded: result.sessionsAdded,
      failures: result.failures.map(toFailure),
    };
  }
}
