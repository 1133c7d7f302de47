import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RequestScheduler, schedulerFor } from '../../electron/api/scheduler.ts';
import { FakeClock } from '../support/fake-clock.ts';

const MINUTE = 60_000;

/** Returns the max number of `starts` inside any 60-second window [t, t + 60 s). */
function maxPerWindow(starts: number[]): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let max = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while (sorted[last]! - sorted[first]! >= MINUTE) first++;
    max = Math.max(max, last - first + 1);
  }
  return max;
}

interface RunRecord {
  starts: number[];
  maxActive: number;
}

async function runTasks(scheduler: RequestScheduler, clock: FakeClock, durations: number[]): Promise<RunRecord> {
  const record: RunRecord = { starts: [], maxActive: 0 };
  let active = 0;
  await Promise.all(
    durations.map((duration) =>
      scheduler.run(async () => {
        record.starts.push(clock.now());
        active++;
        record.maxActive = Math.max(record.maxActive, active);
        await clock.sleep(duration);
        active--;
      }),
    ),
  );
  return record;
}

describe('RequestScheduler', () => {
  it('keeps every 60 s window within the budget', async () => {
    const clock = new FakeClock();
    const scheduler = new RequestScheduler({ clock, limits: { callsPerMinute: 60, concurrency: 1 } });

    const record = await runTasks(scheduler, clock, Array.from({ length: 150 }, () => 10));

    expect(record.starts).toHaveLength(150);
    expect(maxPerWindow(record.starts)).toBe(60);
    // 150 calls at 60 per minute: the 121st cannot start before two full minutes have passed.
    expect(record.starts[120]! - record.starts[0]!).toBeGreaterThanOrEqual(2 * MINUTE);
  });

  it('holds the budget and concurrency for any limits', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.integer({ min: 0, max: 20_000 }), { minLength: 1, maxLength: 60 }),
        async (callsPerMinute, concurrency, durations) => {
          const clock = new FakeClock();
          const scheduler = new RequestScheduler({ clock, limits: { callsPerMinute, concurrency } });
          const record = await runTasks(scheduler, clock, durations);
          expect(record.starts).toHaveLength(durations.length);
          expect(maxPerWindow(record.starts)).toBeLessThanOrEqual(callsPerMinute);
          expect(record.maxActive).toBeLessThanOrEqual(concurrency);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('shares the budget between callers', async () => {
    const clock = new FakeClock();
    const scheduler = new RequestScheduler({ clock, limits: { callsPerMinute: 5, concurrency: 2 } });

    const [first, second] = await Promise.all([
      runTasks(scheduler, clock, [1, 1, 1, 1, 1, 1]),
      runTasks(scheduler, clock, [1, 1, 1, 1, 1, 1]),
    ]);

    expect(maxPerWindow([...first!.starts, ...second!.starts])).toBe(5);
  });

  it('starts tasks in arrival order', async () => {
    const clock = new FakeClock();
    const scheduler = new RequestScheduler({ clock, limits: { callsPerMinute: 2, concurrency: 1 } });
    const order: number[] = [];

    await Promise.all([0, 1, 2, 3, 4].map((index) => scheduler.run(async () => void order.push(index))));

    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('rejects a waiting task on abort', async () => {
    const clock = new FakeClock();
    const scheduler = new RequestScheduler({ clock, limits: { callsPerMinute: 1, concurrency: 1 } });
    await scheduler.run(async () => undefined);
    const controller = new AbortController();

    const waiting = scheduler.run(async () => 'ran', controller.signal);
    controller.abort(new Error('stopped by the test'));

    await expect(waiting).rejects.toThrow('stopped by the test');
    expect(await scheduler.run(async () => 'next')).toBe('next');
  });

  it('waits out a hold-off', async () => {
    const clock = new FakeClock();
    const scheduler = new RequestScheduler({ clock, limits: { callsPerMinute: 60, concurrency: 1 } });
    const started = clock.now();

    scheduler.holdOff(30_000);
    const startedAt = await scheduler.run(async () => clock.now());

    expect(startedAt - started).toBeGreaterThanOrEqual(30_000);
  });

  it('estimates the wait of the budget', async () => {
    const clock = new FakeClock();
    const scheduler = new RequestScheduler({ clock, limits: { callsPerMinute: 60, concurrency: 1 } });

    expect(scheduler.estimateMs(60)).toBe(0);
    expect(scheduler.estimateMs(61)).toBe(MINUTE);
    expect(scheduler.estimateMs(150)).toBe(2 * MINUTE);
    await runTasks(scheduler, clock, Array.from({ length: 60 }, () => 0));
    expect(scheduler.estimateMs(1)).toBe(MINUTE);
  });

  it('applies raised limits to waiting tasks', async () => {
    const clock = new FakeClock();
    const scheduler = new RequestScheduler({ clock, limits: { callsPerMinute: 1, concurrency: 1 } });
    await scheduler.run(async () => undefined);
    const before = clock.now();

    const waiting = scheduler.run(async () => clock.now());
    scheduler.setLimits({ callsPerMinute: 10 });

    expect((await waiting) - before).toBeLessThan(MINUTE);
    expect(scheduler.limits).toEqual({ callsPerMinute: 10, concurrency: 1 });
  });

  it('rejects limits below one', () => {
    expect(() => new RequestScheduler({ limits: { callsPerMinute: 0 } })).toThrow('callsPerMinute must be a whole number of at least 1, not 0.');
    expect(() => new RequestScheduler({ limits: { concurrency: 1.5 } })).toThrow('concurrency must be a whole number of at least 1, not 1.5.');
  });

  it('returns one scheduler per host', () => {
    expect(schedulerFor('WWW.Example.test')).toBe(schedulerFor('www.example.test'));
    expect(schedulerFor('a.example.test')).not.toBe(schedulerFor('b.example.test'));
  });
});
