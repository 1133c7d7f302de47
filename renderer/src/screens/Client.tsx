import type { ClientSummary } from '../../../shared/contract.ts';
import { useApp } from '../app/context.tsx';
import { routeHash } from '../app/router.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { useBridgeQuery } from '../lib/use-call.ts';
import { DevicesTab } from './client/Devices.tsx';
import { ReportTab } from './client/Report.tsx';
import { SessionsTab } from './client/Sessions.tsx';

const TABS = [
  { tab: 'devices', label: 'Devices' },
  { tab: 'sessions', label: 'Sessions' },
  { tab: 'report', label: 'Report' },
] as const;

export type ClientTab = (typeof TABS)[number]['tab'];

/** Shows one client in three tabs: its devices, its sessions and its monthly report. */
export function ClientScreen({ clientId, tab }: { clientId: string; tab: ClientTab }) {
  const { bridge, dataVersion } = useApp();
  const clients = useBridgeQuery(() => bridge.listClients({}), [bridge, dataVersion]);
  const client: ClientSummary | undefined = clients.value?.find((item) => item.id === clientId);

  if (clients.error) return <ErrorBanner error={clients.error} onRetry={clients.reload} />;
  if (!clients.value) return <p className="muted">Loading…</p>;
  if (!client) {
    return (
      <ErrorBanner error={{ code: 'not-found', message: `No client with id ${clientId} is in the cache.` }} />
    );
  }

  return (
    <section className="screen fill" aria-labelledby="client-title">
      <div className="breadcrumb">
        <a href={routeHash({ name: 'clients' })}>Clients</a> / {client.name}
      </div>
      <h1 id="client-title">{client.name}</h1>
      <nav aria-label="Client views" className="row-actions tabs">
        {TABS.map((item) => (
          <a
            key={item.tab}
            className="tab"
            href={routeHash({ name: 'client', clientId, tab: item.tab })}
            aria-current={tab === item.tab ? 'page' : undefined}
          >
            {item.label}
          </a>
        ))}
      </nav>
      {tab === 'devices' ? <DevicesTab client={client} /> : null}
      {tab === 'sessions' ? <SessionsTab client={client} /> : null}
      {tab === 'report' ? <ReportTab client={client} /> : null}
    </section>
  );
}
