// The running sync as the renderer follows it. A sync this window started is tracked through
// its startSync call. Progress events outside such a call are ignored, because the last events
// of a finished sync can arrive after its result. A sync found running after a reload is
// followed by polling getSyncProgress until it ends.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { BridgeError, NsightBridge, SyncProgress, SyncScope, SyncSummary } from '../../../shared/contract.ts';
import { settle } from '../lib/use-call.ts';

export interface SyncState {
  running: boolean;
  scope: SyncScope | null;
  progress: SyncProgress | null;
  summary: SyncSummary | null;
  error: BridgeError | null;
}

export interface SyncControl {
  sync: SyncState;
  /** Starts a sync and resolves with its summary, or null when it failed to run. */
  startSync: (scope: SyncScope) => Promise<SyncSummary | null>;
  cancelSync: () => Promise<void>;
}

const IDLE_SYNC: SyncState = { running: false, scope: null, progress: null, summary: null, error: null };

/** Milliseconds between checks of a sync that an earlier page load started. */
const ADOPTED_SYNC_POLL_MS = 1000;

/**
 * Holds the sync state. `onFinished` runs after every sync, and when a sync starts fetching
 * sessions (its device lists are cached by then), so screens can reload cached data.
 */
export function useSyncControl(bridge: NsightBridge, onFinished: () => void): SyncControl {
  const [sync, setSync] = useState<SyncState>(IDLE_SYNC);
  const following = useRef<'none' | 'own' | 'adopted'>('none');
  const finished = useRef(onFinished);
  finished.current = onFinished;

  useEffect(() => {
    let timer: number | undefined;
    const poll = async () => {
      const result = await settle(bridge.getSyncProgress());
      if (following.current !== 'adopted') return;
      if (result.ok && result.value !== null && result.value.phase !== 'done') {
        setSync((current) => ({ ...current, running: true, progress: result.value }));
        timer = window.setTimeout(() => void poll(), ADOPTED_SYNC_POLL_MS);
        return;
      }
      following.current = 'none';
      setSync((current) => ({ ...current, running: false }));
      finished.current();
    };

    void settle(bridge.getSyncProgress()).then((result) => {
      if (following.current !== 'none' || !result.ok || result.value === null || result.value.phase === 'done') return;
      following.current = 'adopted';
      setSync({ ...IDLE_SYNC, running: true, progress: result.value });
      timer = window.setTimeout(() => void poll(), ADOPTED_SYNC_POLL_MS);
    });

    let lastPhase: SyncProgress['phase'] | null = null;
    const offProgress = bridge.onSyncProgress((progress) => {
      if (following.current === 'none') return;
      // Device lists are cached once the sessions phase starts: reload so they show meanwhile.
      if (progress.phase === 'sessions' && lastPhase !== 'sessions') finished.current();
      lastPhase = progress.phase;
      setSync((current) => ({ ...current, progress }));
    });
    return () => {
      offProgress();
      window.clearTimeout(timer);
    };
  }, [bridge]);

  const startSync = useCallback(
    async (scope: SyncScope) => {
      if (following.current !== 'none') return null;
      following.current = 'own';
      setSync({ running: true, scope, progress: null, summary: null, error: null });
      const result = await settle(bridge.startSync({ scope }));
      following.current = 'none';
      setSync((current) =>
        result.ok
          ? { ...current, running: false, summary: result.value, error: null }
          : { ...current, running: false, error: result.error },
      );
      finished.current();
      return result.ok ? result.value : null;
    },
    [bridge],
  );

  const cancelSync = useCallback(async () => {
    await settle(bridge.cancelSync());
  }, [bridge]);

  return useMemo(() => ({ sync, startSync, cancelSync }), [sync, startSync, cancelSync]);
}
