import { useCallback } from 'react';
import type { ClientSummary } from '../../../shared/contract.ts';
import { useApp, useSync } from '../app/context.tsx';
import { navigate } from '../app/router.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { SearchBox } from '../components/SearchBox.tsx';
import { useNow } from '../components/StatusIndicator.tsx';
import { VirtualTable, type Column } from '../components/VirtualTable.tsx';
import { useTextFilter } from '../lib/filter.ts';
import { formatCount } from '../../../shared/report/format.ts';
import { formatAge } from '../lib/format.ts';
import { useBridgeQuery } from '../lib/use-call.ts';

function clientSearchText(client: ClientSummary): string {
  return `${client.name} ${client.id}`;
}

/**
 * The cached devices, as the client's devices tab lists them; before they are synced, N-sight's
 * own count (its servers plus workstations), marked as such.
 */
function deviceCountCell(client: ClientSummary) {
  if (client.cachedDeviceCount !== null) return formatCount(client.cachedDeviceCount);
  return (
    <span className="muted" title="N-sight's count: sync the client to list its devices">
      {formatCount(client.deviceCount)} in N-sight
    </span>
  );
}

function clientKey(client: ClientSummary): string {
  return client.id;
}

/** Shows the searchable client list with device counts, devices at risk and the age of each client's data. */
export function ClientsScreen() {
  const { bridge, dataVersion } = useApp();
  const { sync, startSync } = useSync();
  const now = useNow();
  const clients = useBridgeQuery(() => bridge.listClients({}), [bridge, dataVersion]);
  const rows = clients.value ?? EMPTY;
  const { query, setQuery, filtered } = useTextFilter(rows, clientSearchText);

  const columns: Column<ClientSummary>[] = [
    { key: 'name', header: 'Client', width: 14, grow: 3, render: (client) => client.name },
    { key: 'devices', header: 'Devices', width: 9, numeric: true, render: deviceCountCell },
    {
      key: 'backup',
      header: 'With backup',
      width: 8.5,
      numeric: true,
      render: (client) => (client.cachedDeviceCount === null ? <span className="muted">not synced</span> : formatCount(client.backupDeviceCount)),
    },
    {
      key: 'risk',
      header: 'At risk',
      width: 6,
      numeric: true,
      render: (client) =>
        client.atRiskCount > 0 ? <span className="badge failed">{formatCount(client.atRiskCount)}</span> : '0',
    },
    {
      key: 'dataAsOf',
      header: 'Data as of',
      width: 8, grow: 1,
      render: (client) => (client.dataAsOf === null ? 'not synced' : formatAge(client.dataAsOf, now)),
    },
    {
      key: 'lastSync',
      header: 'Last sync',
      width: 8, grow: 1,
      render: (client) => formatAge(client.lastSyncAt, now),
    },
  ];

  const openClient = useCallback((client: ClientSummary) => navigate({ name: 'client', clientId: client.id, tab: 'devices' }), []);
  const getRow = useCallback((index: number) => filtered[index], [filtered]);

  async function syncClientList() {
    navigate({ name: 'sync' });
    await startSync({ kind: 'clients' });
  }

  async function syncEveryClient() {
    navigate({ name: 'sync' });
    await startSync({ kind: 'all' });
  }

  return (
    <section className="screen fill" aria-labelledby="clients-title">
      <h1 id="clients-title">Clients</h1>
      {clients.error ? <ErrorBanner error={clients.error} onRetry={clients.reload} /> : null}
      <div className="toolbar">
        <SearchBox label="Search clients" value={query} onChange={setQuery} placeholder="Name or id" />
        <span className="muted" aria-live="polite" data-testid="client-count">
          {clients.loading && clients.value === undefined
            ? 'Loading…'
            : `${formatCount(filtered.length)} of ${formatCount(rows.length)} clients`}
        </span>
        <span className="spacer" />
        <button type="button" onClick={syncClientList} disabled={sync.running}>
          Sync client list
        </button>
        <button type="button" onClick={syncEveryClient} disabled={sync.running}>
          Sync every client
        </button>
      </div>
      {!clients.loading && rows.length === 0 && !clients.error ? (
        <div className="card">
          <p>No clients are cached yet. Sync the client list to fetch them from N-sight.</p>
          <button type="button" className="primary" onClick={syncClientList} disabled={sync.running}>
            Sync client list now
          </button>
        </div>
      ) : (
        <VirtualTable
          label="Clients"
          columns={columns}
          rowCount={filtered.length}
          getRow={getRow}
          getRowKey={clientKey}
          onRowActivate={openClient}
          emptyText="No client matches the search."
          version={now}
        />
      )}
    </section>
  );
}

const EMPTY: ClientSummary[] = [];
