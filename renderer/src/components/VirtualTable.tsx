import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface Column<Row> {
  key: string;
  header: string;
  /** Width in rem; with `grow`, the minimum width of a column that takes a share of the spare room. */
  width: number;
  grow?: number;
  numeric?: boolean;
  sortable?: boolean;
  render: (row: Row) => ReactNode;
}

export interface SortState {
  key: string;
  direction: 'asc' | 'desc';
}

export interface VirtualTableProps<Row> {
  label: string;
  columns: Column<Row>[];
  rowCount: number;
  /** Returns the row at `index`, or undefined while it is still loading. */
  getRow: (index: number) => Row | undefined;
  getRowKey: (row: Row, index: number) => string;
  rowHeight?: number;
  sort?: SortState;
  onSort?: (key: string) => void;
  /** Called with the first and last visible indexes, so a paged source can load them. */
  onVisibleRangeChange?: (start: number, end: number) => void;
  onRowActivate?: (row: Row, index: number) => void;
  isRowSelected?: (row: Row) => boolean;
  onRowToggle?: (row: Row) => void;
  emptyText?: string;
  height?: string;
  /** Changes whenever the rows change, so memoized rows render again. */
  version?: unknown;
}

/**
 * Renders a large table by drawing only the rows in view. Arrow keys move the active row,
 * Enter activates it, and Space toggles its selection.
 */
export function VirtualTable<Row>(props: VirtualTableProps<Row>) {
  const { columns, rowCount, rowHeight = 32 } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [activeIndex, setActiveIndex] = useState(-1);
  // Every row is its own grid, so the tracks must not depend on content: fixed minimums and a
  // row width that is the same for all rows keep the columns aligned.
  const template = columns.map((column) => (column.grow ? `minmax(${column.width}rem, ${column.grow}fr)` : `${column.width}rem`)).join(' ');
  const minWidth = `${columns.reduce((sum, column) => sum + column.width, 0)}rem`;

  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;

  const { onVisibleRangeChange } = props;
  useEffect(() => {
    if (last >= first) onVisibleRangeChange?.(first, last);
  }, [first, last, onVisibleRangeChange]);

  useEffect(() => {
    if (activeIndex >= rowCount) setActiveIndex(rowCount - 1);
  }, [activeIndex, rowCount]);

  function moveTo(index: number) {
    const next = Math.max(0, Math.min(rowCount - 1, index));
    setActiveIndex(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (rowCount === 0) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight * 10) / rowHeight) - 1);
    const keyMoves: Record<string, number> = {
      ArrowDown: activeIndex + 1,
      ArrowUp: activeIndex - 1,
      PageDown: activeIndex + page,
      PageUp: activeIndex - page,
      Home: 0,
      End: rowCount - 1,
    };
    const target = keyMoves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      moveTo(target);
      return;
    }
    const row = activeIndex >= 0 ? props.getRow(activeIndex) : undefined;
    if (row === undefined) return;
    if (event.key === 'Enter' && props.onRowActivate) {
      event.preventDefault();
      props.onRowActivate(row, activeIndex);
    } else if (event.key === ' ' && props.onRowToggle) {
      event.preventDefault();
      props.onRowToggle(row);
    }
  }

  const activeId = activeIndex >= 0 ? `${props.label.replace(/\W+/g, '-')}-row-${activeIndex}` : undefined;

  return (
    <div className="vtable" style={{ height: props.height ?? '100%' }}>
      <div
        ref={scrollRef}
        className="vtable-scroll"
        role="grid"
        aria-label={props.label}
        aria-rowcount={rowCount + 1}
        aria-colcount={columns.length}
        aria-multiselectable={props.onRowToggle ? true : undefined}
        aria-activedescendant={activeId}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <div className="vtable-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template, minWidth }}>
          {columns.map((column) => (
            <HeaderCell key={column.key} column={column} sort={props.sort} onSort={props.onSort} />
          ))}
        </div>
        {rowCount === 0 ? (
          <div className="vtable-empty" role="row">
            <span role="gridcell">{props.emptyText ?? 'Nothing to show.'}</span>
          </div>
        ) : (
          <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth }}>
            {items.map((item) => {
              const row = props.getRow(item.index);
              return (
                <TableRow
                  key={row === undefined ? `loading-${item.index}` : props.getRowKey(row, item.index)}
                  id={activeIndex === item.index ? activeId : undefined}
                  row={row}
                  index={item.index}
                  start={item.start}
                  height={rowHeight}
                  template={template}
                  columns={columns}
                  active={activeIndex === item.index}
                  selected={row !== undefined && props.isRowSelected ? props.isRowSelected(row) : undefined}
                  onActivate={props.onRowActivate}
                  onFocusRow={setActiveIndex}
                  version={props.version}
                />
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}

const SORT_NAMES = {
  asc: { aria: 'ascending', arrow: ' ▲' },
  desc: { aria: 'descending', arrow: ' ▼' },
} as const;

function HeaderCell<Row>(props: { column: Column<Row>; sort?: SortState; onSort?: (key: string) => void }) {
  const { column, sort, onSort } = props;
  const sorted = sort?.key === column.key ? sort.direction : undefined;
  const ariaSort = sorted === undefined ? 'none' : SORT_NAMES[sorted].aria;
  const className = column.numeric ? 'vtable-cell num' : 'vtable-cell';

  if (!column.sortable || !onSort) {
    return (
      <div className={className} role="columnheader">
        {column.header}
      </div>
    );
  }
  return (
    <div className={className} role="columnheader" aria-sort={ariaSort}>
      <button type="button" className="sort" onClick={() => onSort(column.key)}>
        {column.header}
        {sorted === undefined ? '' : SORT_NAMES[sorted].arrow}
      </button>
    </div>
  );
}

interface TableRowProps<Row> {
  id: string | undefined;
  row: Row | undefined;
  index: number;
  start: number;
  height: number;
  template: string;
  columns: Column<Row>[];
  active: boolean;
  selected: boolean | undefined;
  onActivate: ((row: Row, index: number) => void) | undefined;
  onFocusRow: (index: number) => void;
  version: unknown;
}

function TableRowInner<Row>(props: TableRowProps<Row>) {
  const { row, index, columns } = props;
  const className = `vtable-row${props.onActivate ? ' clickable' : ''}${props.active ? ' active' : ''}`;
  return (
    <div
      id={props.id}
      className={className}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={props.selected}
      data-active={props.active || undefined}
      style={{
        gridTemplateColumns: props.template,
        height: props.height,
        transform: `translateY(${props.start}px)`,
      }}
      onClick={() => {
        props.onFocusRow(index);
        if (row !== undefined) props.onActivate?.(row, index);
      }}
    >
      {columns.map((column) => (
        <div key={column.key} className={column.numeric ? 'vtable-cell num' : 'vtable-cell'} role="gridcell">
          {row === undefined ? <span className="muted">…</span> : column.render(row)}
        </div>
      ))}
    </div>
  );
}

const TableRow = memo(TableRowInner) as typeof TableRowInner;
