import { useEffect, useState } from 'react';
import { useApp } from '../app/context.tsx';
import { formatAge } from '../lib/format.ts';
import { settle } from '../lib/use-call.ts';

/** Re-renders every minute, so relative ages stay true. */
export function useNow(intervalMs = 60_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

function useBrowserOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

/** Shows the connection state and the age of the newest cached data; the header keeps it always visible. */
export function StatusIndicator() {
  const { bridge, connection, dataVersion } = useApp();
  const now = useNow();
  const browserOnline = useBrowserOnline();
  const [lastSync, setLastSync] = useState<string | null>(null);

  useEffect(() => {
    if (!connection?.configured) return;
    void settle(bridge.listClients({})).then((result) => {
      if (!result.ok) return;
      const times = result.value.map((client) => client.lastSyncAt).filter((time): time is string => time !== null);
      setLastSync(times.length > 0 ? times.reduce((latest, time) => (time > latest ? time : latest)) : null);
    });
  }, [bridge, connection?.configured, connection?.server, dataVersion]);

  let state: 'online' | 'offline' | 'unknown' = 'unknown';
  let text = 'Not connected yet';
  if (connection?.demo) {
    state = 'online';
    text = 'Demo account';
  } else if (connection?.online === false || !browserOnline) {
    state = 'offline';
    text = 'Offline: showing cached data';
  } else if (connection?.online === true) {
    state = 'online';
    text = `Online: ${connection.server ?? ''}`;
  } else if (connection?.configured) {
    text = `Not checked yet: ${connection.server ?? ''}`;
  }

  return (
    <div className="status-indicator" role="status" aria-live="polite" data-state={state}>
      <span className={`status-dot ${state}`} aria-hidden="true" />
      <span data-testid="connection-state">{text}</span>
      {connection?.configured ? (
        <span className="muted" data-testid="data-age">
          · {lastSync === null ? 'No data synced yet' : `Data synced ${formatAge(lastSync, now)}`}
        </span>
      ) : null}
    </div>
  );
}
