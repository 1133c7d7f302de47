// The request budget and concurrency limit of one N-sight host, shared by every caller in the
// process. N-able requests that automated calls stay rare, and may contact accounts that overload it.

export interface SchedulerClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds, or rejects with the signal's reason once it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface SchedulerLimits {
  /** Calls that may start in any 60-second window. */
  callsPerMinute: number;
  /** Calls that may be in flight at once. */
  concurrency: number;
}

export const DEFAULT_LIMITS: SchedulerLimits = { callsPerMinute: 60, concurrency: 1 };

const WINDOW_MS = 60_000;

/** Sleeps on real timers, and rejects with the signal's reason once it aborts. */
export function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const systemClock: SchedulerClock = { now: () => Date.now(), sleep: realSleep };

interface Waiter {
  resolve(): void;
  reject(reason: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

function validateLimits(limits: SchedulerLimits): void {
  if (!Number.isInteger(limits.callsPerMinute) || limits.callsPerMinute < 1) {
    throw new RangeError(`callsPerMinute must be a whole number of at least 1, not ${limits.callsPerMinute}.`);
  }
  if (!Number.isInteger(limits.concurrency) || limits.concurrency < 1) {
    throw new RangeError(`concurrency must be a whole number of at least 1, not ${limits.concurrency}.`);
  }
}

/**
 * Runs tasks so that no 60-second window contains more task starts than `callsPerMinute` and no
 * more than `concurrency` run at once. Waiting tasks start in the order they arrived.
 */
export class RequestScheduler {
  #limits: SchedulerLimits;
  readonly #clock: SchedulerClock;
  /** Start times inside the current window, oldest first. */
  #starts: number[] = [];
  #active = 0;
  #queue: Waiter[] = [];
  #holdUntil = 0;
  #pumping = false;
  /** Aborted to cut the pump's sleep short when the limits change. */
  #wake = new AbortController();

  constructor(options: { limits?: Partial<SchedulerLimits>; clock?: SchedulerClock } = {}) {
    this.#limits = { ...DEFAULT_LIMITS, ...options.limits };
    validateLimits(this.#limits);
    this.#clock = options.clock ?? systemClock;
  }

  get limits(): SchedulerLimits {
    return { ...this.#limits };
  }

  setLimits(limits: Partial<SchedulerLimits>): void {
    const next = { ...this.#limits, ...limits };
    validateLimits(next);
    this.#limits = next;
    this.#wakePump();
  }

  /** Keeps every waiting and future task from starting for `ms` (a server's `Retry-After`). */
  holdOff(ms: number): void {
    this.#holdUntil = Math.max(this.#holdUntil, this.#clock.now() + ms);
  }

  /** Runs `task` once the budget and the concurrency limit allow it. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.#acquire(signal);
    try {
      return await task();
    } finally {
      this.#active--;
      void this.#pump();
    }
  }

  /** Estimates the milliseconds the budget alone adds before `calls` more calls have started. */
  estimateMs(calls: number): number {
    const now = this.#clock.now();
    const limit = this.#limits.callsPerMinute;
    const starts = this.#starts.filter((start) => start > now - WINDOW_MS);
    let last = Math.max(now, this.#holdUntil);
    for (let call = 0; call < calls; call++) {
      const blocking = starts.length >= limit ? starts[starts.length - limit]! + WINDOW_MS : now;
      last = Math.max(last, blocking);
      starts.push(last);
    }
    return calls === 0 ? 0 : last - now;
  }

  #acquire(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      if (signal !== undefined) {
        waiter.onAbort = () => {
          const index = this.#queue.indexOf(waiter);
          if (index >= 0) this.#queue.splice(index, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.#queue.push(waiter);
      void this.#pump();
    });
  }

  /** Milliseconds until the budget allows one more start, 0 when it allows one now. */
  #budgetWaitMs(now: number): number {
    while (this.#starts.length > 0 && this.#starts[0]! <= now - WINDOW_MS) this.#starts.shift();
    const limit = this.#limits.callsPerMinute;
    let wait = Math.max(0, this.#holdUntil - now);
    if (this.#starts.length >= limit) {
      wait = Math.max(wait, this.#starts[this.#starts.length - limit]! + WINDOW_MS - now);
    }
    return wait;
  }

  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (this.#queue.length > 0 && this.#active < this.#limits.concurrency) {
        const wait = this.#budgetWaitMs(this.#clock.now());
        if (wait > 0) {
          await this.#clock.sleep(wait, this.#wake.signal).catch(() => undefined);
          continue;
        }
        const waiter = this.#queue.shift()!;
        if (waiter.onAbort !== undefined) waiter.signal?.removeEventListener('abort', waiter.onAbort);
        this.#starts.push(this.#clock.now());
        this.#active++;
        waiter.resolve();
      }
    } finally {
      this.#pumping = false;
    }
  }

  #wakePump(): void {
    this.#wake.abort();
    this.#wake = new AbortController();
    void this.#pump();
  }
}

const schedulers = new Map<string, RequestScheduler>();

/** Returns the process-wide scheduler of `host` (case-insensitive), creating it on first use. */
export function schedulerFor(host: string): RequestScheduler {
  const key = host.toLowerCase();
  let scheduler = schedulers.get(key);
  if (scheduler === undefined) {
    scheduler = new RequestScheduler();
    schedulers.set(key, scheduler);
  }
  return scheduler;
}
