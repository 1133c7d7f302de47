// Progress of a sync run and its estimate of the time left. The estimate takes the larger of
// two bounds: the wait the request budget imposes on the calls still to make, and those calls
// at the average request duration so far, spread over the concurrency.

import type { SyncRunTotals } from '../cache/cache.ts';

export type SyncPhase = 'clients' | 'devices' | 'sessions' | 'done';

/** One progress event; `done` and `total` count the requests of the current phase. */
export interface SyncProgress {
  phase: SyncPhase;
  done: number;
  total: number;
  /** The client or device whose request just finished, or null. */
  current: { kind: 'client' | 'device'; id: string; name: string } | null;
  /** Failures so far (client listings and devices). */
  errors: number;
  /** Estimated milliseconds left, or null before anything can be estimated. */
  etaMs: number | null;
  devicesSynced: number;
  devicesFailed: number;
  devicesSkipped: number;
  sessionsAdded: number;
  requests: number;
}

export class ProgressTracker {
  private phase: SyncPhase = 'clients';
  private done = 0;
  private total = 0;
  private expectedSessionCalls = 0;
  private requestMs = 0;
  private requestCount = 0;
  private readonly totals: SyncRunTotals;
  private readonly width: number;
  private readonly scheduler: { estimateMs(calls: number): number } | undefined;
  private readonly listener: ((progress: SyncProgress) => void) | undefined;

  constructor(
    totals: SyncRunTotals,
    width: number,
    scheduler: { estimateMs(calls: number): number } | undefined,
    listener: ((progress: SyncProgress) => void) | undefined,
  ) {
    this.totals = totals;
    this.width = width;
    this.scheduler = scheduler;
    this.listener = listener;
  }

  /** Starts a phase of `total` requests and reports it. */
  start(phase: SyncPhase, total: number, current: SyncProgress['current']): void {
    this.phase = phase;
    this.done = 0;
    this.total = total;
    this.emit(current);
  }

  /** Sets how many session requests the device phase is expected to lead to. */
  expectSessionCalls(calls: number): void {
    this.expectedSessionCalls = calls;
  }

  recordRequest(ms: number): void {
    this.requestMs += ms;
    this.requestCount++;
  }

  /** Counts one finished request of the phase and reports it. */
  step(current: SyncProgress['current']): void {
    this.done++;
    this.emit(current);
  }

  finish(): void {
    this.phase = 'done';
    this.done = this.total;
    this.emit(null);
  }

  private remainingCalls(): number | null {
    const left = this.total - this.done;
    if (this.phase === 'clients') return null;
    if (this.phase === 'devices') return left + this.expectedSessionCalls;
    return this.phase === 'sessions' ? left : 0;
  }

  private estimateMs(): number | null {
    const calls = this.remainingCalls();
    if (calls === null) return null;
    if (calls === 0) return 0;
    const budgetMs = this.scheduler?.estimateMs(calls) ?? 0;
    if (this.requestCount === 0) return this.scheduler ? budgetMs : null;
    const durationMs = ((this.requestMs / this.requestCount) * calls) / this.width;
    return Math.round(Math.max(budgetMs, durationMs));
  }

  private emit(current: SyncProgress['current']): void {
    if (!this.listener) return;
    this.listener({
      phase: this.phase,
      done: this.done,
      total: this.total,
      current,
      errors: this.totals.failures.length,
      etaMs: this.estimateMs(),
      devicesSynced: this.totals.devicesSynced,
      devicesFailed: this.totals.devicesFailed,
      devicesSkipped: this.totals.devicesSkipped,
      sessionsAdded: this.totals.sessionsAdded,
      requests: this.totals.requests,
    });
  }
}
