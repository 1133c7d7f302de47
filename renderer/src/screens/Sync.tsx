import { useApp, useSync } from '../app/context.tsx';
import { SyncPanel } from '../components/SyncPanel.tsx';

/** Syncs the client list or every client, with the progress and failures of the current or last sync. */
export function SyncScreen() {
  const { settings } = useApp();
  const { sync, startSync } = useSync();
  const budget = settings?.requestBudget;

  return (
    <section className="screen" aria-labelledby="sync-title">
      <h1 id="sync-title">Sync</h1>
      <p className="muted">
        A sync fetches clients, devices and backup sessions from N-sight into the local cache; reports and browsing
        then work offline.
        {budget ? ` Requests are limited to ${budget.callsPerMinute} per minute (change this in Settings).` : ''}
      </p>
      <div className="row-actions">
        <button type="button" onClick={() => void startSync({ kind: 'clients' })} disabled={sync.running}>
          Sync client list
        </button>
        <button type="button" onClick={() => void startSync({ kind: 'all' })} disabled={sync.running}>
          Sync every client
        </button>
      </div>
      <SyncPanel />
      {!sync.running && !sync.summary && !sync.error ? <p className="muted">No sync has run in this session.</p> : null}
    </section>
  );
}
