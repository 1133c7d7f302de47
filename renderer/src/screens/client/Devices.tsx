import { useCallback, useMemo } from 'react';
import type { ClientSummary, DeviceSummary, SiteSummary } from '../../../../shared/contract.ts';
import { formatCount } from '../../../../shared/report/format.ts';
import { formatLocalDateTime } from '../../../../shared/report/time.ts';
import { useApp, useSync } from '../../app/context.tsx';
import { routeHash } from '../../app/router.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { SearchBox } from '../../components/SearchBox.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useNow } from '../../components/StatusIndicator.tsx';
import { SyncPanel } from '../../components/SyncPanel.tsx';
import { VirtualTable, type Column } from '../../components/VirtualTable.tsx';
import { explainError } from '../../lib/errors.ts';
import { useTextFilter } from '../../lib/filter.ts';
import { formatAge } from '../../lib/format.ts';
import { useBridgeQuery } from '../../lib/use-call.ts';
import { SitePicker } from './SitePicker.tsx';

function deviceSearchText(device: DeviceSummary): string {
  return `${device.name} ${device.siteName} ${device.type} ${device.lastStatus ?? ''}`;
}

function deviceKey(device: DeviceSummary): string {
  return device.id;
}

/** Shows the client's devices with their backup and sync state; they can be selected singly, per site, or all with backup. */
export function DevicesTab({ client }: { client: ClientSummary }) {
  const { bridge, dataVersion, selection, setSelection, zoneFor } = useApp();
  const { sync, startSync } = useSync();
  const now = useNow();
  const zone = zoneFor(client.timeZone);
  const sites = useBridgeQuery(() => bridge.listSites({ clientId: client.id }), [bridge, client.id, dataVersion]);
  const devices = useBridgeQuery(() => bridge.listDevices({ clientId: client.id }), [bridge, client.id, dataVersion]);
  const allDevices = devices.value ?? EMPTY_DEVICES;
  const { query, setQuery, filtered } = useTextFilter(allDevices, deviceSearchText);
  const selected = selection(client.id);

  const toggle = useCallback(
    (device: DeviceSummary) => {
      const next = new Set(selection(client.id));
      if (next.has(device.id)) next.delete(device.id);
      else next.add(device.id);
      setSelection(client.id, next);
    },
    [client.id, selection, setSelection],
  );
  const isSelected = useCallback((device: DeviceSummary) => selected.has(device.id), [selected]);
  const getRow = useCallback((index: number) => filtered[index], [filtered]);
  const backupDevices = useMemo(() => allDevices.filter((device) => device.backupEnabled), [allDevices]);

  // The minimum widths add up to 73rem, which fits the main area of a 1280-pixel window;
  // narrower windows scroll the table sideways. Long headers wrap instead of widening a column.
  const columns = useMemo<Column<DeviceSummary>[]>(
    () => [
      {
        key: 'select',
        header: 'Select',
        width: 5,
        render: (device) => (
          <input
            type="checkbox"
            aria-label={`Select ${device.name}`}
            checked={selected.has(device.id)}
            onChange={() => toggle(device)}
            onClick={(event) => event.stopPropagation()}
            tabIndex={-1}
          />
        ),
      },
      { key: 'name', header: 'Device', width: 10, grow: 2, render: (device) => device.name },
      { key: 'site', header: 'Site', width: 10.5, grow: 1.3, render: (device) => device.siteName },
      { key: 'type', header: 'Type', width: 7.5, render: (device) => (device.type === 'server' ? 'Server' : 'Workstation') },
      {
        key: 'backup',
        header: 'Backup & Recovery',
        width: 8,
        render: (device) => (device.backupEnabled ? 'Enabled' : <span className="muted">Off</span>),
      },
      {
        key: 'lastSuccess',
        header: 'Last success',
        width: 11,
        render: (device) => (
          <span className={device.atRisk ? 'badge failed' : undefined} title={device.atRisk ? 'At risk' : undefined}>
            {device.lastSuccessAt === null ? 'none' : formatLocalDateTime(device.lastSuccessAt, zone)}
            {device.atRisk ? <span className="sr-only"> (at risk)</span> : null}
          </span>
        ),
      },
      { key: 'lastStatus', header: 'Last status', width: 12, render: (device) => <StatusBadge status={device.lastStatus} /> },
      {
        key: 'sync',
        header: 'Sync',
        width: 9, grow: 1.2,
        render: (device) => <SyncCell device={device} now={now} />,
      },
    ],
    [selected, toggle, zone, now],
  );

  function selectAllWithBackup() {
    setSelection(client.id, new Set(backupDevices.map((device) => device.id)));
  }

  function syncSelected() {
    void startSync({ kind: 'client', clientId: client.id, deviceIds: [...selected] });
  }

  const error = sites.error ?? devices.error;
  return (
    <>
      {error ? <ErrorBanner error={error} onRetry={() => { sites.reload(); devices.reload(); }} /> : null}
      <div className="toolbar">
        <SearchBox label="Search devices" value={query} onChange={setQuery} placeholder="Name, site, status" />
        <button type="button" onClick={selectAllWithBackup} disabled={backupDevices.length === 0}>
          Select all with Backup &amp; Recovery ({formatCount(backupDevices.length)})
        </button>
        <button type="button" onClick={() => setSelection(client.id, new Set())} disabled={selected.size === 0}>
          Clear selection
        </button>
        <span className="spacer" />
        <button type="button" className="primary" onClick={syncSelected} disabled={sync.running || selected.size === 0}>
          Sync selected devices ({formatCount(selected.size)})
        </button>
        <button type="button" onClick={() => void startSync({ kind: 'client', clientId: client.id })} disabled={sync.running}>
          Sync whole client
        </button>
      </div>
      <SitePicker
        sites={sites.value ?? EMPTY_SITES}
        devices={allDevices}
        selected={selected}
        onChange={(next) => setSelection(client.id, next)}
      />
      <SyncPanel clientId={client.id} />
      {!devices.loading && allDevices.length === 0 && !sync.running ? (
        <div className="card row-actions">
          <span>No devices of {client.name} are cached yet: sync the client to fetch its sites, devices and sessions.</span>
          <button type="button" className="primary" onClick={() => void startSync({ kind: 'client', clientId: client.id })}>
            Sync this client now
          </button>
        </div>
      ) : null}
      <p className="muted" aria-live="polite" data-testid="device-count">
        {formatCount(filtered.length)} of {formatCount(allDevices.length)} devices, {formatCount(selected.size)} selected ·
        times in {zone}
        {selected.size > 0 ? (
          <>
            {' · '}
            <a href={routeHash({ name: 'client', clientId: client.id, tab: 'sessions' })}>Sessions of the selected devices</a>
          </>
        ) : null}
      </p>
      <VirtualTable
        label="Devices"
        columns={columns}
        rowCount={filtered.length}
        getRow={getRow}
        getRowKey={deviceKey}
        isRowSelected={isSelected}
        onRowToggle={toggle}
        onRowActivate={toggle}
        emptyText={emptyDevicesText(devices.loading, allDevices.length)}
        version={columns}
        height="32rem"
      />
    </>
  );
}

function emptyDevicesText(loading: boolean, cached: number): string {
  if (loading) return 'Loading…';
  if (cached === 0) return 'No devices are cached for this client: sync it.';
  return 'No device matches the search.';
}

function SyncCell({ device, now }: { device: DeviceSummary; now: Date }) {
  const state = device.sync;
  if (state.state === 'never') return <span className="muted">never synced</span>;
  if (state.state === 'failed' && state.error) {
    const explained = explainError(state.error);
    return (
      <span title={explained.detail}>
        <span className="badge failed">failed</span> {explained.sentence}
      </span>
    );
  }
  return <span>{formatAge(state.syncedAt, now)}</span>;
}

const EMPTY_DEVICES: DeviceSummary[] = [];
const EMPTY_SITES: SiteSummary[] = [];
