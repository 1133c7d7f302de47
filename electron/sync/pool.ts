// A small worker pool: runs `worker` over items with at most `width` in flight, stopping
// early once `signal` aborts or a worker throws.

/** Runs `worker` for each item, `width` at a time; rejects with the first error a worker throws. */
export async function runPool<T>(
  items: readonly T[],
  width: number,
  worker: (item: T) => Promise<void>,
  signal: AbortSignal,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;

  async function lane(): Promise<void> {
    while (failure === null && !signal.aborted && next < items.length) {
      const item = items[next++] as T;
      try {
        await worker(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  }

  const lanes = Array.from({ length: Math.max(1, Math.min(width, items.length)) }, lane);
  await Promise.all(lanes);
  if (failure !== null) throw (failure as { error: unknown }).error;
}
