import type { SyncProgress, SyncScope, SyncSummary } from '../../../shared/contract.ts';
import { formatCount } from '../../../shared/report/format.ts';
import { useSync } from '../app/context.tsx';
import { explainError } from '../lib/errors.ts';
import { formatTimeLeft } from '../lib/format.ts';
import { retryScopes } from '../lib/sync.ts';
import { ErrorBanner } from './ErrorBanner.tsx';
import { ProgressBar } from './ProgressBar.tsx';

const PHASE_LABELS: Record<SyncProgress['phase'], string> = {
  clients: 'Client list',
  devices: 'Device lists',
  sessions: 'Backup sessions',
  done: 'Finishing',
};

/** Says what a finished sync did, in the words of its scope. */
function summaryText(summary: SyncSummary, scope: SyncScope | null): string {
  const verb = summary.cancelled ? 'Sync cancelled' : 'Sync finished';
  const failed = summary.failures.length > 0 ? `, ${formatCount(summary.failures.length)} failed` : '';
  if (scope?.kind === 'clients') return `${verb}: the client list is up to date${failed}.`;
  const devices = `${formatCount(summary.devicesSynced)} ${summary.devicesSynced === 1 ? 'device' : 'devices'} synced`;
  const sessions = `${formatCount(summary.sessionsAdded)} new ${summary.sessionsAdded === 1 ? 'session' : 'sessions'}`;
  return `${verb}: ${devices}, ${formatCount(summary.devicesSkipped)} skipped as fresh, ${sessions}${failed}.`;
}

/**
 * Shows the progress of the running sync with Cancel, or the outcome of the last one with its
 * failures and Retry. With `clientId`, an outcome is shown only for a sync of that client.
 */
export function SyncPanel({ clientId }: { clientId?: string }) {
  const { sync, startSync, cancelSync } = useSync();

  async function retry(scopes: SyncScope[]) {
    for (const scope of scopes) {
      const summary = await startSync(scope);
      if (summary === null || summary.cancelled) break;
    }
  }

  if (sync.running) {
    const progress = sync.progress;
    return (
      <section className="card screen" aria-label="Sync progress" data-testid="sync-running">
        {progress && progress.total > 0 ? (
          <ProgressBar
            label={PHASE_LABELS[progress.phase]}
            done={progress.done}
            total={progress.total}
            detail={formatTimeLeft(progress.remainingMs)}
          />
        ) : (
          <ProgressBar label="Starting" done={0} total={0} />
        )}
        <div className="row-actions">
          <span className="muted">
            {progress?.current ? `Now: ${progress.current.deviceName}` : 'Waiting for N-sight…'}
            {progress && progress.failed > 0 ? ` · ${formatCount(progress.failed)} failed so far` : ''}
          </span>
          <span className="spacer" />
          <button type="button" onClick={() => void cancelSync()}>
            Cancel sync
          </button>
        </div>
      </section>
    );
  }

  const scope = sync.scope;
  if (clientId !== undefined && (scope?.kind !== 'client' || scope.clientId !== clientId)) return null;

  if (sync.error) {
    return <ErrorBanner error={sync.error} onRetry={scope ? () => void retry([scope]) : undefined} />;
  }

  const summary = sync.summary;
  if (!summary) return null;
  const failures = summary.failures;
  return (
    <section className="card screen" aria-label="Last sync" data-testid="sync-summary">
      <p className={`banner ${failures.length > 0 ? 'warning' : summary.cancelled ? 'info' : 'success'}`} role="status">
        {summaryText(summary, sync.scope)}
      </p>
      {failures.length > 0 ? (
        <>
          <h2>Failed</h2>
          <ul className="failures" aria-label="Sync failures">
            {failures.map((failure, index) => {
              const explained = explainError(failure.error);
              return (
                <li key={index}>
                  <strong>{failure.name}</strong>: {explained.sentence}{' '}
                  <span className="muted">({explained.detail})</span>
                </li>
              );
            })}
          </ul>
          <div className="row-actions">
            <button type="button" className="primary" onClick={() => void retry(retryScopes(failures))}>
              Retry the failed ones
            </button>
          </div>
        </>
      ) : null}
    </section>
  );
}
