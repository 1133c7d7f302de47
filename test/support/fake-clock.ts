// A clock for tests that never waits: `sleep` moves the time forward and resolves on the next
// turn of the event loop, so schedulers and retries run at full speed while their timing stays checkable.

import type { SchedulerClock } from '../../electron/api/scheduler.ts';

export class FakeClock implements SchedulerClock {
  #now: number;
  /** Every duration passed to `sleep`, in call order. */
  readonly sleeps: number[] = [];

  constructor(start = Date.UTC(2026, 11, 1, 8, 0, 0)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Moves the time forward by `ms`. */
  advance(ms: number): void {
    this.#now += ms;
  }

  /**
   * Advances to the wake-up time and resolves. The time moves only after pending callbacks have
   * run (one `setImmediate` turn), and never back when sleepers overlap, so a sleeper may wake
   * later than it asked, never earlier.
   */
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    if (signal?.aborted) throw signal.reason;
    const wakeAt = this.#now + Math.max(0, ms);
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (signal?.aborted) throw signal.reason;
    this.#now = Math.max(this.#now, wakeAt);
  }
}
