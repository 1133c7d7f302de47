import { useCallback, useEffect, useRef, useState } from 'react';
import type { BridgeError, Result } from '../../../shared/contract.ts';

export interface QueryState<T> {
  value: T | undefined;
  error: BridgeError | null;
  loading: boolean;
  reload: () => void;
}

/** Calls a bridge method when `deps` change and keeps its latest value or error; results of superseded calls are dropped. */
export function useBridgeQuery<T>(load: () => Promise<Result<T>>, deps: readonly unknown[]): QueryState<T> {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [error, setError] = useState<BridgeError | null>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    const call = ++latest.current;
    setLoading(true);
    load().then(
      (result) => {
        if (call !== latest.current) return;
        if (result.ok) {
          setValue(result.value);
          setError(null);
        } else {
          setError(result.error);
        }
        setLoading(false);
      },
      (thrown: unknown) => {
        if (call !== latest.current) return;
        setError({ code: 'internal', message: thrown instanceof Error ? thrown.message : String(thrown) });
        setLoading(false);
      },
    );
    // `load` is rebuilt on each render; `deps` name what it reads.
  }, [...deps, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { value, error, loading, reload };
}

/** Turns a rejected bridge promise into an `internal` error result, so callers only handle results. */
export async function settle<T>(promise: Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await promise;
  } catch (thrown) {
    return { ok: false, error: { code: 'internal', message: thrown instanceof Error ? thrown.message : String(thrown) } };
  }
}
