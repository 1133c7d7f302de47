import { describe, expect, it } from 'vitest';
import { summarize } from '../../bench/measure.ts';
import { idealSyncMs } from '../../bench/sync.ts';

describe('summarize', () => {
  it('takes the middle of an odd count', () => {
    const stats = summarize([3, 1, 2]);
    expect(stats.min).toBe(1);
    expect(stats.median).toBe(2);
    expect(stats.max).toBe(3);
  });

  it('averages the middle two of an even count', () => {
    expect(summarize([4, 1, 3, 2]).median).toBe(2.5);
  });

  it('keeps the samples in their order', () => {
    expect(summarize([4, 1, 3]).samples).toEqual([4, 1, 3]);
  });

  it('rejects an empty list', () => {
    expect(() => summarize([])).toThrow(/at least one sample/);
  });
});

describe('idealSyncMs', () => {
  const limits = (callsPerMinute: number) => ({ callsPerMinute, concurrency: 4 });

  it('is latency-bound below the budget', () => {
    // 535 calls, 4 at a time: 134 rounds of 50 ms.
    expect(idealSyncMs(535, limits(3_000), 50)).toBe(6_700);
  });

  it('is budget-bound above the budget', () => {
    // Calls 401 to 535 start once the first window of 60 s has passed.
    expect(idealSyncMs(535, limits(400), 50)).toBe(60_050);
  });

  it('fits exactly the budget in one window', () => {
    expect(idealSyncMs(400, limits(400), 50)).toBe(5_000);
    expect(idealSyncMs(401, limits(400), 50)).toBe(60_050);
  });

  it('takes one latency for one call', () => {
    expect(idealSyncMs(1, limits(60), 50)).toBe(50);
  });
});
