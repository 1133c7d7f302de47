import { useCallback, useEffect, useRef, useState } from 'react';
import type { BridgeError, Result } from '../../../shared/contract.ts';

export interface Page<Row> {
  total: number;
  offset: number;
  rows: Row[];
}

export interface PagedRows<Row> {
  /** Rows over all pages, or null before the first page arrived. */
  total: number | null;
  getRow: (index: number) => Row | undefined;
  /** Loads the pages covering `[start, end]` that are not loaded or loading yet. */
  ensureRange: (start: number, end: number) => void;
  error: BridgeError | null;
  loading: boolean;
  /** Counter that changes whenever a page arrives, so a memoized table draws again. */
  version: number;
}

/**
 * Keeps pages of a long, server-sorted list and fetches only the pages in view. Changing `key`
 * (the filters and sort) drops every page and starts again from the first one.
 */
export function usePagedRows<Row>(
  fetchPage: (offset: number, limit: number) => Promise<Result<Page<Row>>>,
  key: string,
  pageSize: number,
): PagedRows<Row> {
  const pages = useRef(new Map<number, Row[]>());
  const requested = useRef(new Set<number>());
  const generation = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<BridgeError | null>(null);
  const [version, setVersion] = useState(0);
  const [pending, setPending] = useState(0);

  const loadPage = useCallback(
    (page: number) => {
      if (requested.current.has(page)) return;
      requested.current.add(page);
      const callGeneration = generation.current;
      setPending((count) => count + 1);
      fetchRef.current(page * pageSize, pageSize).then(
        (result) => {
          if (callGeneration !== generation.current) return;
          setPending((count) => count - 1);
          if (!result.ok) {
            requested.current.delete(page);
            setError(result.error);
            return;
          }
          pages.current.set(page, result.value.rows);
          setTotal(result.value.total);
          setError(null);
          setVersion((value) => value + 1);
        },
        (thrown: unknown) => {
          if (callGeneration !== generation.current) return;
          setPending((count) => count - 1);
          requested.current.delete(page);
          setError({ code: 'internal', message: thrown instanceof Error ? thrown.message : String(thrown) });
        },
      );
    },
    [pageSize],
  );

  useEffect(() => {
    generation.current += 1;
    pages.current = new Map();
    requested.current = new Set();
    setTotal(null);
    setError(null);
    setPending(0);
    setVersion((value) => value + 1);
    loadPage(0);
  }, [key, loadPage]);

  const getRow = useCallback(
    (index: number) => pages.current.get(Math.floor(index / pageSize))?.[index % pageSize],
    // `version` makes a new function whenever a page arrives.
    [pageSize, version],
  );

  const ensureRange = useCallback(
    (start: number, end: number) => {
      for (let page = Math.floor(start / pageSize); page <= Math.floor(end / pageSize); page++) loadPage(page);
    },
    [loadPage, pageSize],
  );

  return { total, getRow, ensureRange, error, loading: pending > 0, version };
}
