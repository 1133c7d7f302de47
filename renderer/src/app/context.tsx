// App-wide state: the bridge, the connection status, settings, the running sync and the
// device selection of each client. Screens read it through `useApp()`.

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AppInfo, AppSettings, ConnectionStatus, NsightBridge } from '../../../shared/contract.ts';
import { settle } from '../lib/use-call.ts';
import { useSyncControl, type SyncControl } from './sync-control.ts';

export type { SyncControl, SyncState } from './sync-control.ts';

export interface AppState {
  bridge: NsightBridge;
  info: AppInfo | null;
  connection: ConnectionStatus | null;
  setConnection: (status: ConnectionStatus) => void;
  settings: AppSettings | null;
  setSettings: (settings: AppSettings) => void;
  /** Bumped after every sync, so screens reload what they show from the cache. */
  dataVersion: number;
  selection: (clientId: string) => ReadonlySet<string>;
  setSelection: (clientId: string, deviceIds: ReadonlySet<string>) => void;
  /** The zone to show a client's times in: its own, then the default setting, then the computer's. */
  zoneFor: (clientTimeZone: string | null) => string;
}

const AppContext = createContext<AppState | null>(null);
// Sync progress changes often, so it has its own context: only the screens showing it re-render.
const SyncContext = createContext<SyncControl | null>(null);

export function useApp(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error('useApp must be used inside <AppProvider>');
  return state;
}

export function useSync(): SyncControl {
  const control = useContext(SyncContext);
  if (!control) throw new Error('useSync must be used inside <AppProvider>');
  return control;
}

export function AppProvider({ bridge, children }: { bridge: NsightBridge; children: ReactNode }) {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [connection, setConnection] = useState<ConnectionStatus | null>(null);
  const [settings, setSettings] = useState<AppSettings | null>(null);
  const [dataVersion, setDataVersion] = useState(0);
  const [selections, setSelections] = useState<Map<string, ReadonlySet<string>>>(new Map());
  const bumpDataVersion = useCallback(() => setDataVersion((version) => version + 1), []);
  const syncControl = useSyncControl(bridge, bumpDataVersion);

  useEffect(() => {
    void settle(bridge.getAppInfo()).then((result) => result.ok && setInfo(result.value));
    void settle(bridge.getConnectionStatus()).then((result) => result.ok && setConnection(result.value));
    void settle(bridge.getSettings()).then((result) => result.ok && setSettings(result.value));
    // Another account or a change of reachability: reload what the screens show.
    return bridge.onConnectionChanged((status) => {
      setConnection(status);
      bumpDataVersion();
    });
  }, [bridge, bumpDataVersion]);

  const selection = useCallback((clientId: string) => selections.get(clientId) ?? EMPTY_SET, [selections]);
  const setSelection = useCallback((clientId: string, deviceIds: ReadonlySet<string>) => {
    setSelections((current) => new Map(current).set(clientId, deviceIds));
  }, []);

  const zoneFor = useCallback(
    (clientTimeZone: string | null) =>
      clientTimeZone ?? settings?.defaultTimeZone ?? info?.systemTimeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    [settings, info],
  );

  const value = useMemo<AppState>(
    () => ({
      bridge,
      info,
      connection,
      setConnection,
      settings,
      setSettings,
      dataVersion,
      selection,
      setSelection,
      zoneFor,
    }),
    [bridge, info, connection, settings, dataVersion, selection, setSelection, zoneFor],
  );
  return (
    <AppContext.Provider value={value}>
      <SyncContext.Provider value={syncControl}>{children}</SyncContext.Provider>
    </AppContext.Provider>
  );
}

const EMPTY_SET: ReadonlySet<string> = new Set();
