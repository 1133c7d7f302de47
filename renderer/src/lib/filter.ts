import { useDeferredValue, useMemo, useState } from 'react';

/** Lower-cased search text of each row, built once per row list so each keystroke only scans strings. */
export function buildSearchIndex<Row>(rows: readonly Row[], getText: (row: Row) => string): string[] {
  return rows.map((row) => getText(row).toLocaleLowerCase());
}

/**
 * Returns the rows whose search text contains every word of `query`, in their original order.
 * An empty query returns `rows` itself.
 */
export function filterByWords<Row>(rows: readonly Row[], index: readonly string[], query: string): readonly Row[] {
  const words = query.toLocaleLowerCase().split(/\s+/).filter((word) => word !== '');
  if (words.length === 0) return rows;

  const matches: Row[] = [];
  for (let position = 0; position < rows.length; position++) {
    const text = index[position]!;
    if (words.every((word) => text.includes(word))) matches.push(rows[position]!);
  }
  return matches;
}

/**
 * Holds a search query and the rows matching it. The filtering uses a deferred copy of the
 * query, so typing paints at once even while a long list is filtered.
 */
export function useTextFilter<Row>(rows: readonly Row[], getText: (row: Row) => string) {
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  // getText must be a stable module-level function: the index is rebuilt only when rows change.
  const index = useMemo(() => buildSearchIndex(rows, getText), [rows]);
  const filtered = useMemo(() => filterByWords(rows, index, deferredQuery), [rows, index, deferredQuery]);
  return { query, setQuery, filtered, pending: query !== deferredQuery };
}
