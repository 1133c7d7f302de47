import { sessionOutcome } from '../../../shared/report/outcome.ts';

const OUTCOME_CLASSES = { success: 'success', warning: 'warning', failed: 'failed', unknown: 'failed' } as const;

/** Shows a session status as N-sight sent it, coloured by its outcome; unknown statuses look like failures. */
export function StatusBadge({ status }: { status: string | null }) {
  if (status === null) return <span className="muted">–</span>;
  return <span className={`badge ${OUTCOME_CLASSES[sessionOutcome(status)]}`}>{status}</span>;
}
