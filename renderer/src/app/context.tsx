// App-wide state: the bridge, the connection status, settings, the running sync and the
// device selection of each client. Screens read it through `useApp()`.

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type {
  AppInfo,
  AppSettings,
  BridgeError,
  ConnectionStatus,
  NsightBridge,
  SyncProgress,
  SyncScope,
  SyncSummary,
} from '../../../shared/contract.ts';
import { settle } from '../lib/use-call.ts';

export interface SyncState {
  running: boolean;
  scope: SyncScope | null;
  progress: SyncProgress | null;
  summary: SyncSummary | null;
  error: BridgeError | null;
}

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

export interface SyncControl {
  sync: SyncState;
  /** Starts a sync and resolves with its summary, or null when it failed to run. */
  startSync: (scope: SyncScope) => Promise<SyncSummary | null>;
  cancelSync: () => Promise<void>;
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

const IDLE_SYNC: SyncState = { running: false, scope: null, progress: null, summary: null, error: null };

export function AppProvider({ bridge, children }: { bridge: NsightBridge; children: ReactNode }) {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [connection, setConnection] = useState<ConnectionStatus | null>(null);
  const [settings, setSettings] = useState<AppSettings | null>(null);
  const [sync, setSync] = useState<SyncState>(IDLE_SYNC);
  const [dataVersion, setDataVersion] = useState(0);
  const [selections, setSelections] = useState<Map<string, ReadonlySet<string>>>(new Map());
  const syncRunning = useRef(false);

  useEffect(() => {
    void settle(bridge.getAppInfo()).then((result) => result.ok && setInfo(result.value));
    void settle(bridge.getConnectionStatus()).then((result) => result.ok && setConnection(result.value));
    void settle(bridge.getSettings()).then((result) => result.ok && setSettings(result.value));
    void settle(bridge.getSyncProgress()).then((result) => {
      if (result.ok && result.value && result.value.phase !== 'done') {
        syncRunning.current = true;
        setSync({ ...IDLE_SYNC, running: true, progress: result.value });
      }
    });

    const offConnection = bridge.onConnectionChanged((status) => setConnection(status));
    const offProgress = bridge.onSyncProgress((progress) =>
      setSync((current) => ({ ...current, running: progress.phase !== 'done' || current.running, progress })),
    );
    return () => {
      offConnection();
      offProgress();
    };
  }, [bridge]);

  const startSync = useCallback(
    async (scope: SyncScope) => {
      if (syncRunning.current) return null;
      syncRunning.current = true;
      setSync({ running: true, scope, progress: null, summary: null, error: null });
      const result = await settle(bridge.startSync({ scope }));
      syncRunning.current = false;
      setDataVersion((version) => version + 1);
      if (result.ok) {
        setSync((current) => ({ ...current, running: false, summary: result.value, error: null }));
        return result.value;
      }
      setSync((current) => ({ ...current, running: false, error: result.error }));
      return null;
    },
    [bridge],
  );

  const cancelSync = useCallback(async () => {
    await settle(bridge.cancelSync());
  }, [bridge]);

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
  const syncControl = useMemo<SyncControl>(() => ({ sync, startSync, cancelSync }), [sync, startSync, cancelSync]);
  return (
    <AppContext.Provider value={value}>
      <SyncContext.Provider value={syncControl}>{children}</SyncContext.Provider>
    </AppContext.Provider>
  );
}

const EMPTY_SET: ReadonlySet<string> = new Set();
