import { useEffect, useState } from 'react';
import {
  EXPORT_FORMATS,
  type BridgeError,
  type ExportFormat,
  type ExportOutcome,
  type ExportProgress,
  type Result,
} from '../../../shared/contract.ts';
import { useApp } from '../app/context.tsx';
import { explainError } from '../lib/errors.ts';
import { settle } from '../lib/use-call.ts';
import { ErrorBanner } from './ErrorBanner.tsx';
import { ProgressBar } from './ProgressBar.tsx';

const FORMAT_LABELS: Record<ExportFormat, string> = { xlsx: 'Excel (.xlsx)', pdf: 'PDF', json: 'JSON' };

/** Checkboxes for the export formats; at least one stays checked. */
export function FormatPicker({ value, onChange }: { value: ExportFormat[]; onChange: (formats: ExportFormat[]) => void }) {
  return (
    <fieldset>
      <legend>Formats</legend>
      <div className="row-actions">
        {EXPORT_FORMATS.map((format) => (
          <label key={format} className="inline">
            <input
              type="checkbox"
              checked={value.includes(format)}
              disabled={value.length === 1 && value.includes(format)}
              onChange={(event) =>
                onChange(event.target.checked ? EXPORT_FORMATS.filter((item) => item === format || value.includes(item)) : value.filter((item) => item !== format))
              }
            />
            {FORMAT_LABELS[format]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export interface ExportRun {
  running: boolean;
  progress: ExportProgress | null;
  outcome: ExportOutcome | null;
  error: BridgeError | null;
}

/** Runs one export call at a time and follows its progress events. */
export function useExportRun() {
  const { bridge } = useApp();
  const [run, setRun] = useState<ExportRun>({ running: false, progress: null, outcome: null, error: null });

  useEffect(() => bridge.onExportProgress((progress) => setRun((current) => (current.running ? { ...current, progress } : current))), [bridge]);

  async function start(call: () => Promise<Result<ExportOutcome>>) {
    setRun({ running: true, progress: null, outcome: null, error: null });
    const result = await settle(call());
    setRun({ running: false, progress: null, outcome: result.ok ? result.value : null, error: result.ok ? null : result.error });
    return result;
  }

  return { run, start, cancel: () => void settle(bridge.cancelExport()) };
}

/** Progress of a running export with Cancel, or what the last one wrote with "Show in folder" per file. */
export function ExportStatus({ run, onCancel, onOverwrite }: { run: ExportRun; onCancel: () => void; onOverwrite?: () => void }) {
  const { bridge } = useApp();
  const [revealError, setRevealError] = useState<BridgeError | null>(null);

  async function reveal(exportId: string) {
    const result = await settle(bridge.revealExport({ exportId }));
    setRevealError(result.ok ? null : result.error);
  }

  if (run.running) {
    const progress = run.progress;
    return (
      <div className="card screen" data-testid="export-running">
        <ProgressBar
          label="Writing reports"
          done={progress?.done ?? 0}
          total={progress?.total ?? 0}
          detail={progress ? `${progress.clientName} (${progress.format})` : 'Waiting for the save dialog…'}
        />
        <div className="row-actions">
          <button type="button" onClick={onCancel}>
            Cancel export
          </button>
        </div>
      </div>
    );
  }
  if (run.error) {
    return (
      <>
        <ErrorBanner error={run.error} />
        {run.error.code === 'file-exists' && onOverwrite ? (
          <button type="button" onClick={onOverwrite}>
            Replace the existing files
          </button>
        ) : null}
      </>
    );
  }
  const outcome = run.outcome;
  if (!outcome) return null;
  if (outcome.status === 'cancelled') return <p className="banner info" role="status">Export cancelled: nothing was written.</p>;

  const skipped = outcome.skipped ?? [];
  return (
    <div className="card screen" data-testid="export-result">
      <p className={`banner ${outcome.failures.length > 0 ? 'warning' : 'success'}`} role="status">
        Wrote {outcome.files.length} {outcome.files.length === 1 ? 'file' : 'files'}
        {outcome.failures.length > 0 ? `; ${outcome.failures.length} failed` : ''}
        {skipped.length > 0 ? `; skipped ${skipped.length} ${skipped.length === 1 ? 'client' : 'clients'}` : ''}.
      </p>
      {revealError ? <ErrorBanner error={revealError} onDismiss={() => setRevealError(null)} /> : null}
      <ul className="failures" aria-label="Written files">
        {outcome.files.map((file) => (
          <li key={file.exportId} className="row-actions">
            <span>{file.fileName}</span>
            <button type="button" className="link" onClick={() => void reveal(file.exportId)} aria-label={`Show ${file.fileName} in folder`}>
              Show in folder
            </button>
          </li>
        ))}
      </ul>
      {outcome.failures.some((failure) => failure.error.code === 'file-exists') && onOverwrite ? (
        <div className="row-actions">
          <button type="button" onClick={onOverwrite}>
            Replace the existing files
          </button>
        </div>
      ) : null}
      {skipped.length > 0 ? (
        <ul className="failures" aria-label="Skipped clients" data-testid="export-skipped">
          {skipped.map((skip) => (
            <li key={skip.clientId}>
              <strong>{skip.clientName}</strong>: skipped, {skip.reason}
            </li>
          ))}
        </ul>
      ) : null}
      {outcome.failures.length > 0 ? (
        <ul className="failures" aria-label="Export failures">
          {outcome.failures.map((failure) => (
            <li key={failure.clientId}>
              <strong>{failure.clientName}</strong>: {explainError(failure.error).sentence}{' '}
              <span className="muted">({failure.error.message})</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
