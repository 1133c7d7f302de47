import { useEffect, type ReactNode } from 'react';
import { StatusIndicator } from '../components/StatusIndicator.tsx';
import { BatchExportScreen } from '../screens/BatchExport.tsx';
import { ClientScreen } from '../screens/Client.tsx';
import { ClientsScreen } from '../screens/Clients.tsx';
import { FirstRunScreen } from '../screens/FirstRun.tsx';
import { SettingsScreen } from '../screens/Settings.tsx';
import { SyncScreen } from '../screens/Sync.tsx';
import { useApp, useSync } from './context.tsx';
import { routeHash, useRoute, type Route } from './router.ts';

const NAV_ITEMS: { route: Route; label: string; matches: Route['name'][] }[] = [
  { route: { name: 'clients' }, label: 'Clients', matches: ['clients', 'client'] },
  { route: { name: 'sync' }, label: 'Sync', matches: ['sync'] },
  { route: { name: 'batch' }, label: 'Batch export', matches: ['batch'] },
  { route: { name: 'settings' }, label: 'Settings', matches: ['settings'] },
  { route: { name: 'welcome' }, label: 'Connection', matches: ['welcome'] },
];

/** Renders the frame: the header with the connection state, the navigation, and the current screen. */
export function App() {
  const { connection } = useApp();
  const route = useRoute();
  const configured = connection?.configured ?? false;
  // Without an account only the first-run and settings screens make sense.
  const screenRoute: Route = connection && !configured && route.name !== 'settings' ? { name: 'welcome' } : route;

  useEffect(() => {
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [screenRoute.name]);

  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={(event) => { event.preventDefault(); document.getElementById('main')?.focus(); }}>
        Skip to content
      </a>
      <header className="app-header">
        <span className="app-title">N-sight Backup Reports</span>
        <SyncBadge />
        <StatusIndicator />
      </header>
      <nav className="app-nav" aria-label="Main">
        <ul>
          {NAV_ITEMS.map((item) => (
            <li key={item.label}>
              <a href={routeHash(item.route)} aria-current={item.matches.includes(screenRoute.name) ? 'page' : undefined}>
                {item.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="app-main" tabIndex={-1}>
        {connection === null ? <p className="muted">Loading…</p> : <Screen route={screenRoute} />}
      </main>
    </div>
  );
}

function Screen({ route }: { route: Route }): ReactNode {
  switch (route.name) {
    case 'welcome':
      return <FirstRunScreen />;
    case 'clients':
      return <ClientsScreen />;
    case 'client':
      return <ClientScreen key={route.clientId} clientId={route.clientId} tab={route.tab} />;
    case 'sync':
      return <SyncScreen />;
    case 'batch':
      return <BatchExportScreen />;
    case 'settings':
      return <SettingsScreen />;
  }
}

/** Shows a small link to the sync screen on every screen while a sync runs. */
function SyncBadge() {
  const { sync } = useSync();
  if (!sync.running) return null;
  const progress = sync.progress;
  const text = progress && progress.total > 0 ? `Syncing ${progress.done} of ${progress.total}` : 'Syncing…';
  return (
    <a href={routeHash({ name: 'sync' })} className="badge warning">
      {text}
    </a>
  );
}
