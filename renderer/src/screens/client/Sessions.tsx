import { useCallback, useId, useMemo, useState } from 'react';
import type { ClientSummary, SessionRow, SessionSortField } from '../../../../shared/contract.ts';
import { formatCount, formatDuration, formatSize, sizeHeader } from '../../../../shared/report/format.ts';
import { formatLocalDateTime } from '../../../../shared/report/time.ts';
import { useApp } from '../../app/context.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { VirtualTable, type Column, type SortState } from '../../components/VirtualTable.tsx';
import { useBridgeQuery } from '../../lib/use-call.ts';
import { usePagedRows } from '../../lib/paged.ts';
import { localDateRange } from '../../lib/dates.ts';
import { UnitSwitch } from '../../components/UnitSwitch.tsx';
import type { SizeUnit } from '../../../../shared/report/types.ts';

const PAGE_SIZE = 500;

/** Column keys that the cache can sort by, and the sort field of each. */
const SORT_FIELDS: Record<string, SessionSortField> = {
  device: 'device',
  site: 'site',
  plugin: 'plugin',
  type: 'type',
  status: 'status',
  start: 'start',
  end: 'end',
  duration: 'duration',
  selectionSize: 'selectionSize',
  processedSize: 'processedSize',
  transferredSize: 'transferredSize',
  errorCount: 'errorCount',
};

interface Filters {
  onlySelected: boolean;
  status: string;
  plugin: string;
  type: string;
  /** Local dates `YYYY-MM-DD` in the client's zone, or empty. */
  from: string;
  to: string;
}

const ANY = '';

function sessionKey(row: SessionRow): string {
  return row.id;
}

/** Shows the client's cached backup sessions with filters, sorting and the size unit, loading pages as the table scrolls. */
export function SessionsTab({ client }: { client: ClientSummary }) {
  const { bridge, dataVersion, selection, settings, zoneFor } = useApp();
  const zone = zoneFor(client.timeZone);
  const selected = selection(client.id);
  const [filters, setFilters] = useState<Filters>({
    onlySelected: selected.size > 0,
    status: ANY,
    plugin: ANY,
    type: ANY,
    from: '',
    to: '',
  });
  const [sort, setSort] = useState<SortState>({ key: 'start', direction: 'desc' });
  const [unit, setUnit] = useState<SizeUnit>(settings?.sizeUnit ?? 'GB');
  const ids = { status: useId(), plugin: useId(), type: useId(), from: useId(), to: useId() };

  const deviceIds = filters.onlySelected && selected.size > 0 ? [...selected].sort() : undefined;
  const facets = useBridgeQuery(
    () => bridge.getSessionFacets({ clientId: client.id, ...(deviceIds ? { deviceIds } : {}) }),
    [bridge, client.id, deviceIds?.join(','), dataVersion],
  );

  const range = localDateRange(filters.from, filters.to, zone);
  const request = {
    clientId: client.id,
    ...(deviceIds ? { deviceIds } : {}),
    ...(filters.status ? { statuses: [filters.status] } : {}),
    ...(filters.plugin ? { plugins: [filters.plugin] } : {}),
    ...(filters.type ? { types: [filters.type] } : {}),
    ...(range.from ? { from: range.from } : {}),
    ...(range.to ? { to: range.to } : {}),
    sort: { field: SORT_FIELDS[sort.key] ?? 'start', direction: sort.direction },
  };
  const requestKey = JSON.stringify(request) + `#${dataVersion}`;
  const fetchPage = useCallback(
    (offset: number, limit: number) => bridge.querySessions({ ...request, offset, limit }),
    // The request is fully described by its key.
    [bridge, requestKey],
  );
  const paged = usePagedRows(fetchPage, requestKey, PAGE_SIZE);

  const onSort = useCallback((key: string) => {
    setSort((current) =>
      current.key === key ? { key, direction: current.direction === 'asc' ? 'desc' : 'asc' } : { key, direction: key === 'start' || key === 'end' ? 'desc' : 'asc' },
    );
  }, []);

  const columns = useMemo(() => sessionColumns(zone, unit), [zone, unit]);
  const update = (patch: Partial<Filters>) => setFilters((current) => ({ ...current, ...patch }));
  const facetValues = facets.value;

  return (
    <>
      {facets.error ? <ErrorBanner error={facets.error} onRetry={facets.reload} /> : null}
      {paged.error ? <ErrorBanner error={paged.error} /> : null}
      <div className="toolbar" role="group" aria-label="Session filters">
        <label className="inline">
          <input
            type="checkbox"
            checked={filters.onlySelected && selected.size > 0}
            disabled={selected.size === 0}
            onChange={(event) => update({ onlySelected: event.target.checked })}
          />
          {selected.size === 0 ? 'Only selected devices (select them on the Devices tab)' : `Only the ${formatCount(selected.size)} selected devices`}
        </label>
        <FacetSelect id={ids.status} label="Status" value={filters.status} options={facetValues?.statuses} onChange={(status) => update({ status })} />
        <FacetSelect id={ids.plugin} label="Plugin" value={filters.plugin} options={facetValues?.plugins} onChange={(plugin) => update({ plugin })} />
        <FacetSelect id={ids.type} label="Type" value={filters.type} options={facetValues?.types} onChange={(type) => update({ type })} />
        <label htmlFor={ids.from}>
          From
          <input id={ids.from} type="date" value={filters.from} max={filters.to || undefined} onChange={(event) => update({ from: event.target.value })} />
        </label>
        <label htmlFor={ids.to}>
          To
          <input id={ids.to} type="date" value={filters.to} min={filters.from || undefined} onChange={(event) => update({ to: event.target.value })} />
        </label>
        <UnitSwitch value={unit} onChange={setUnit} />
      </div>
      <p className="muted" aria-live="polite" data-testid="session-count">
        {paged.total === null ? 'Loading…' : `${formatCount(paged.total)} sessions`} · times in {zone}
      </p>
      <VirtualTable
        label="Sessions"
        columns={columns}
        rowCount={paged.total ?? 0}
        getRow={paged.getRow}
        getRowKey={sessionKey}
        sort={sort}
        onSort={onSort}
        onVisibleRangeChange={paged.ensureRange}
        emptyText={paged.total === null ? 'Loading…' : 'No session matches these filters.'}
        version={paged.version}
        height="34rem"
      />
    </>
  );
}

function FacetSelect(props: {
  id: string;
  label: string;
  value: string;
  options: string[] | undefined;
  onChange: (value: string) => void;
}) {
  return (
    <label htmlFor={props.id}>
      {props.label}
      <select id={props.id} value={props.value} onChange={(event) => props.onChange(event.target.value)}>
        <option value={ANY}>All</option>
        {(props.options ?? []).map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </label>
  );
}

function sessionColumns(zone: string, unit: SizeUnit): Column<SessionRow>[] {
  const size = (label: string, key: string, pick: (row: SessionRow) => number, sortable = true): Column<SessionRow> => ({
    key,
    header: sizeHeader(label, unit),
    width: 9.5,
    numeric: true,
    sortable,
    render: (row) => formatSize(pick(row), unit),
  });
  const count = (label: string, key: string, pick: (row: SessionRow) => number, sortable = false): Column<SessionRow> => ({
    key,
    header: label,
    width: 6.5,
    numeric: true,
    sortable,
    render: (row) => formatCount(pick(row)),
  });

  return [
    { key: 'device', header: 'Device', width: 10, grow: 1.5, sortable: true, render: (row) => row.deviceName },
    { key: 'site', header: 'Site', width: 10, grow: 1, sortable: true, render: (row) => row.siteName },
    { key: 'plugin', header: 'Plugin', width: 9, sortable: true, render: (row) => row.plugin },
    { key: 'type', header: 'Type', width: 6, sortable: true, render: (row) => row.type },
    { key: 'status', header: 'Status', width: 15, sortable: true, render: (row) => <StatusBadge status={row.status} /> },
    { key: 'start', header: 'Start', width: 10.5, sortable: true, render: (row) => formatLocalDateTime(row.start, zone) },
    { key: 'end', header: 'End', width: 10.5, sortable: true, render: (row) => (row.end === null ? '–' : formatLocalDateTime(row.end, zone)) },
    {
      key: 'duration',
      header: 'Duration',
      width: 6.5,
      numeric: true,
      sortable: true,
      render: (row) => formatDuration(row.durationMs === null ? null : row.durationMs / 1000),
    },
    size('Selection', 'selectionSize', (row) => row.selectionSize),
    size('Change', 'sizeChange', (row) => row.sizeChange, false),
    size('Processed', 'processedSize', (row) => row.processedSize),
    size('Transferred', 'transferredSize', (row) => row.transferredSize),
    count('Items', 'selectionItemCount', (row) => row.selectionItemCount),
    count('Changed items', 'itemCountChange', (row) => row.itemCountChange),
    count('Removed items', 'removedItemCount', (row) => row.removedItemCount),
    count('Processed items', 'processedItemCount', (row) => row.processedItemCount),
    count('Errors', 'errorCount', (row) => row.errorCount, true),
  ];
}
